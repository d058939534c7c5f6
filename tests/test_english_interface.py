"""The interface speaks English under /en/ and bokmål elsewhere, from locale/en's catalog."""

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from wagtail.models import Locale

from kb.models import ArticlePage

CATALOG = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
COMPILED = CATALOG.with_suffix(".mo")
TEMPLATES = Path(settings.BASE_DIR) / "templates"

# The same piece of the interface in each language: (bokmål, English).
HEADER_AND_FOOTER = [
    ('<a class="skip-link" href="#main">{}</a>', "Hopp til innholdet", "Skip to content"),
    (
        '<label for="search-q" class="visually-hidden">{}</label>',
        "Søk i kunnskapsbasen",
        "Search the knowledge base",
    ),
    ('placeholder="{}"', "Søk …", "Search …"),
    ('<h2 class="visually-hidden">{}</h2>', "Språk", "Language"),
    ('<a class="site-name" href="HOME">{}</a>', "alor kunnskapsbase", "alor knowledge base"),
    (
        "<p><strong>{}</strong> – {}</p>",
        ("alor kunnskapsbase", "de regionale nettverkene for arbeidsliv og rus"),
        ("alor knowledge base", "the regional networks on working life and substance use"),
    ),
    ('<a href="/admin/">{}</a>', "Innlogging for redaktører", "Editor login"),
]


@pytest.fixture(autouse=True)
def _default_language_afterwards():
    """A test client request leaves its language active; hand the next test bokmål again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def article(tree):
    """A Norwegian article with a published English translation."""
    norwegian = tree.knowledge.add_child(
        instance=ArticlePage(title="Om spill", slug="om-spill", intro="Om pengespill.")
    )
    english_locale, _ = Locale.objects.get_or_create(language_code="en")
    english = norwegian.copy_for_translation(english_locale, copy_parents=True)
    english.title = "About gambling"
    english.save_revision().publish()
    english.refresh_from_db()
    return norwegian, english


def _html(response, status=200):
    assert response.status_code == status, response.status_code
    return response.content.decode()


def _words(text):
    return text if isinstance(text, tuple) else (text,)


def _expected(snippet, text, home_url):
    return snippet.replace("HOME", home_url).format(*_words(text))


@pytest.mark.django_db
def test_english_page_has_an_english_interface(client, article):
    _, english = article

    page = _html(client.get(english.url))

    assert english.url.startswith("/en/")
    assert '<html lang="en">' in page
    assert "About gambling" in page
    for snippet, bokmal, in_english in HEADER_AND_FOOTER:
        assert _expected(snippet, in_english, "/en/") in page, in_english
        for word in _words(bokmal):
            assert word not in page, word
    assert re.search(
        r'<a href="/en/">Home</a>.*<span aria-current="page">About gambling', page, re.S
    )
    assert "<title>About gambling – alor knowledge base</title>" in page


@pytest.mark.django_db
def test_norwegian_page_keeps_its_bokmal_interface(client, article):
    norwegian, _ = article

    page = _html(client.get(norwegian.url))

    assert not norwegian.url.startswith("/en/")
    assert '<html lang="nb">' in page
    for snippet, bokmal, in_english in HEADER_AND_FOOTER:
        assert _expected(snippet, bokmal, "/") in page, bokmal
        for word in _words(in_english):
            assert word not in page, word
    assert re.search(r'<a href="/">Forside</a>.*<span aria-current="page">Om spill', page, re.S)
    assert "<title>Om spill – alor kunnskapsbase</title>" in page


@pytest.mark.django_db
def test_page_outside_the_tree_follows_the_url_language(client, home):
    english = _html(client.get("/en/finnes-ikke/"), status=404)
    norwegian = _html(client.get("/finnes-ikke/"), status=404)

    assert "<h1>Page not found</h1>" in english
    assert "Try the search, or go to the home page." in english
    assert "Skip to content" in english and "Hopp til innholdet" not in english
    assert "<h1>Fant ikke siden</h1>" in norwegian
    assert "Hopp til innholdet" in norwegian and "Skip to content" not in norwegian


@pytest.mark.django_db
def test_article_count_uses_the_right_plural_form(client, tree):
    english_locale, _ = Locale.objects.get_or_create(language_code="en")
    seen = []
    for n in (1, 2):
        article = tree.knowledge.add_child(
            instance=ArticlePage(title=f"Artikkel {n}", slug=f"artikkel-{n}")
        )
        translated = article.copy_for_translation(english_locale, copy_parents=True)
        translated.save_revision().publish()
        english_index = tree.knowledge.get_translation(english_locale)  # an alias, live
        seen.append((_html(client.get(english_index.url)), _html(client.get(tree.knowledge.url))))

    (english_one, norwegian_one), (english_two, norwegian_two) = seen
    assert "1 article<" in english_one and "1 artikkel<" in norwegian_one
    assert "2 articles<" in english_two and "2 artikler<" in norwegian_two


def _catalog():
    assert CATALOG.exists(), f"{CATALOG} is missing: run manage.py makemessages -l en"
    return polib.pofile(str(CATALOG))


def test_every_catalog_entry_is_translated_and_not_fuzzy():
    catalog = _catalog()
    entries = [entry for entry in catalog if not entry.obsolete]

    assert not catalog.metadata_is_fuzzy
    assert catalog.metadata.get("Language") == "en"
    assert len(entries) > 400
    untranslated = [entry.msgid for entry in entries if not entry.translated()]
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    assert not untranslated, f"untranslated in {CATALOG.name}: {untranslated}"
    assert not fuzzy, f"fuzzy in {CATALOG.name}: {fuzzy}"


PLACEHOLDER = re.compile(r"%\(\w+\)[sdi]|\{\w*\}|</?[a-z][^>]*>")


def test_translations_keep_placeholders_and_markup():
    broken = []
    for entry in _catalog():
        if entry.obsolete:
            continue
        if entry.msgid_plural:
            pairs = [
                (entry.msgid, entry.msgstr_plural[0]),
                (entry.msgid_plural, entry.msgstr_plural[1]),
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, target in pairs:
            if sorted(PLACEHOLDER.findall(source)) != sorted(PLACEHOLDER.findall(target)):
                broken.append((source, target))
    assert not broken


def _as_dict(catalog):
    result = {}
    for entry in catalog:
        if entry.obsolete or not entry.msgid:
            continue
        key = (entry.msgctxt, entry.msgid)
        if entry.msgid_plural:
            result[key] = tuple(entry.msgstr_plural[i] for i in sorted(entry.msgstr_plural))
        else:
            result[key] = entry.msgstr
    return result


def test_compiled_catalog_matches_the_po_file():
    """The .mo is kept in the repository; it must be compiled from the current .po."""
    assert COMPILED.exists(), f"{COMPILED} is missing: run manage.py compilemessages"
    assert _as_dict(polib.mofile(str(COMPILED))) == _as_dict(_catalog()), (
        "django.mo is out of date: run manage.py compilemessages --ignore=.venv"
    )


TRANSLATE_TAG = re.compile(r"""{%\s*translate\s+(["'])(.+?)\1(?:\s+[^%]*)?%}""")


def test_every_template_string_is_in_the_catalog():
    """A {% translate "…" %} added to a template without re-running makemessages shows up here."""
    msgids = {entry.msgid for entry in _catalog() if not entry.obsolete}
    missing = []
    for template in sorted(TEMPLATES.rglob("*.html")):
        for _quote, text in TRANSLATE_TAG.findall(template.read_text(encoding="utf-8")):
            if text not in msgids:
                missing.append(f"{template.relative_to(TEMPLATES)}: {text}")
    assert not missing, (
        "not in locale/en/LC_MESSAGES/django.po; run makemessages -l en, translate, "
        f"compilemessages: {missing}"
    )


@pytest.mark.parametrize(
    "language, expected",
    [("nb", "onsdag 10. juni 2026"), ("en", "Wednesday 10 June 2026")],
)
def test_programme_day_dates_follow_the_language(language, expected):
    import datetime

    from kb.blocks import ProgrammeDayBlock

    block = ProgrammeDayBlock()
    value = block.to_python(
        {"title": "Dag 1", "date": datetime.date(2026, 6, 10).isoformat(), "sessions": []}
    )
    with translation.override(language):
        html = block.render(value)
    assert expected in html
