"""The English demo site: translations made through wagtail-localize, so they sync later.

The demo is loaded once for the module inside a transaction rolled back at the end (as in
tests/test_demo.py).
"""

import io
import re

import pytest
from django.core.management import call_command
from django.db import transaction
from wagtail.models import Locale, Page
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from home.models import HomePage
from kb.demo import content as c
from kb.models import (
    ArticlePage,
    GatheringPage,
    KnowledgeIndexPage,
    NationalGatheringIndexPage,
    NetworkIndexPage,
    NetworkPage,
    Organisation,
    Person,
    Topic,
)

# Words of bokmål that English text of the demo never holds.
BOKMAL_WORDS = {"og", "er", "til", "av", "på", "nettverkene", "samling", "rus", "arbeidsliv"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        out = io.StringIO()
        call_command("load_demo", "--no-progress", stdout=out)
        yield out.getvalue()
        transaction.set_rollback(True)


@pytest.fixture
def english(demo, db):
    return Locale.objects.get(language_code="en")


def _english_of(instance, english):
    translated = instance.get_translation(english)
    return translated.specific if isinstance(translated, Page) else translated


def _words(text):
    """The words of a text, leaving out what it quotes in bokmål («arbeidsliv og rus»)."""
    text = re.sub(r"«[^»]*»", "", text)
    return {word.strip(".,:;()?!").lower() for word in text.split()}


def test_the_english_pages_are_live_translations_of_the_bokmal_ones(english):
    nb_home = HomePage.objects.get(locale__language_code="nb")
    expected = {
        nb_home: "alor – working life and substance use",
        KnowledgeIndexPage.objects.get(locale__language_code="nb"): "Knowledge",
        NetworkIndexPage.objects.get(locale__language_code="nb"): "Networks",
        NationalGatheringIndexPage.objects.get(locale__language_code="nb"): "Alor Norge",
        GatheringPage.objects.get(
            slug="alor-norge-2026", locale__language_code="nb"
        ): "Alor Norge 2026",
        ArticlePage.objects.get(slug=c.ARTICLES[0]["slug"]): (
            "Effective networks on working life and substance use"
        ),
        ArticlePage.objects.get(slug="hva-er-et-alor-nettverk"): "What is an alor network?",
    }
    networks = NetworkPage.objects.filter(locale__language_code="nb")
    assert networks.count() == 11
    expected.update({network: network.title for network in networks})  # «alor Bergen»
    for page, title in expected.items():
        translated = _english_of(page, english)
        assert translated.title == title
        assert translated.live and translated.alias_of_id is None
        assert translated.url.startswith("/en/")
        source = TranslationSource.objects.get_for_instance(page)
        assert Translation.objects.filter(source=source, target_locale=english).exists()


def test_every_string_of_the_translated_content_has_its_english(english):
    sources = TranslationSource.objects.filter(translations__target_locale=english)
    assert sources.count() >= 12 + 16 + 11 + 4 + 11 + 1 + 2
    missing = [
        (str(source.get_source_instance()), segment.string.data[:60])
        for source in sources
        for segment in StringSegment.objects.filter(source=source)
        .annotate_translation(english)
        .select_related("string")
        if segment.translation is None
    ]
    assert missing == []


def test_the_english_text_is_english(english, client):
    article = _english_of(ArticlePage.objects.get(slug=c.ARTICLES[0]["slug"]), english)
    assert article.intro.startswith("Proba samfunnsanalyse, in cooperation with")
    texts = [article.intro] + [block.render_as_block() for block in article.body]
    gathering = _english_of(
        GatheringPage.objects.get(slug="alor-norge-2026", locale__language_code="nb"), english
    )
    texts.append(gathering.intro)
    for day in gathering.programme:
        texts += [day.value["title"], day.value["theme"]]
        texts += [session["title"] for session in day.value["sessions"]]
    for text in texts:
        assert not (_words(str(text)) & BOKMAL_WORDS), text
    assert [day.value["title"] for day in gathering.programme] == ["Day 1", "Day 2"]
    html = client.get(gathering.url).content.decode()
    assert 'lang="en"' in html and "Registration" in html and "Registrering" not in html


def test_the_snippets_are_translated_and_the_pages_point_to_the_english_ones(english):
    for model in (Topic, Organisation, Person):
        nb = model.objects.filter(locale__language_code="nb")
        assert model.objects.filter(locale=english).count() == nb.count()
    assert Topic.objects.get(locale=english, slug="sick-leave").name == "sick leave"
    article = _english_of(ArticlePage.objects.get(slug=c.ARTICLES[0]["slug"]), english)
    assert {t.locale_id for t in article.topics.all()} == {english.pk}
    assert article.topics.count() == len(c.ARTICLES[0]["topics"])
    assert article.author.locale == english and article.author.role == "Article author"
    stavanger = _english_of(
        NetworkPage.objects.get(slug="stavanger", locale__language_code="nb"), english
    )
    assert stavanger.host_centre.locale == english
    assert stavanger.meeting_rhythm == "two gatherings a year"


def test_the_private_section_is_not_copied_to_english(english):
    assert not Page.objects.filter(locale=english, url_path__contains="/rag/").exists()
    assert not Page.objects.filter(locale=english, alias_of__isnull=False).exists()


def test_a_second_load_translates_nothing_again(english):
    before = Page.objects.filter(locale=english).count()
    out = io.StringIO()
    call_command("load_demo", "--no-progress", stdout=out)
    assert Page.objects.filter(locale=english).count() == before
    assert "oversettelse : 0 opprettet, 57 uendret" in " ".join(out.getvalue().split())
