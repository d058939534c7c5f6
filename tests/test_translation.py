"""Articles and snippets translate to English with wagtail-localize and are served under /en/."""

import pytest
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from kb.models import ArticlePage, Topic


@pytest.fixture
def locale_en(db):
    locale, _ = Locale.objects.get_or_create(language_code="en")
    return locale


def translate(source, locale, translations):
    """Store English strings for the source's Norwegian strings, then build the translation."""
    for segment in StringSegment.objects.filter(source=source).select_related("string"):
        english = translations.get(segment.string.data)
        if english:
            StringTranslation.objects.update_or_create(
                translation_of=segment.string,
                locale=locale,
                context=segment.context,
                defaults={"data": english},
            )
    return source.create_or_update_translation(locale, copy_parent_pages=True, fallback=True)


@pytest.mark.django_db
def test_article_is_translated_and_served_in_english(
    client, tree, locale_en, django_capture_on_commit_callbacks
):
    article = tree.knowledge.add_child(
        instance=ArticlePage(
            title="Virksomme nettverk innen arbeidsliv og rus",
            slug="virksomme-nettverk",
            intro="Evalueringen gir et svært positivt bilde av alor-nettverkene.",
        )
    )
    source, _ = TranslationSource.get_or_create_from_instance(article)
    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        english, _ = translate(
            source,
            locale_en,
            {
                "Virksomme nettverk innen arbeidsliv og rus": "Effective networks on work",
                "Evalueringen gir et svært positivt bilde av alor-nettverkene.": (
                    "The evaluation gives a very positive picture of the alor networks."
                ),
            },
        )
    english = ArticlePage.objects.get(pk=english.pk)
    assert english.locale == locale_en
    assert english.translation_key == article.translation_key
    assert english.live
    assert english.url.startswith("/en/")

    response = client.get(english.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Effective networks on work" in html
    assert "very positive picture" in html
    assert client.get(article.url).status_code == 200
    assert "Virksomme nettverk" in client.get(article.url).content.decode()


@pytest.mark.django_db
def test_topics_are_translatable_snippets(locale_nb, locale_en):
    topic = Topic.objects.create(name="Pårørende", slug="parorende", locale=locale_nb)
    source, _ = TranslationSource.get_or_create_from_instance(topic)
    english, _ = translate(source, locale_en, {"Pårørende": "Next of kin"})
    assert english.name == "Next of kin"
    assert english.get_translation(locale_nb) == topic
