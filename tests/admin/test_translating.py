"""Editors translate in the admin with wagtail-localize: submit, translate the strings in the
translation editor, publish, and the English page is live at its /en/ address."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation, TranslationSource

from kb.models import ArticlePage, MinutesPage, Topic


@pytest.fixture
def english(db):
    return Locale.objects.get_or_create(language_code="en")[0]


@pytest.fixture
def article(tree):
    page = tree.knowledge.add_child(
        instance=ArticlePage(
            title="Rus og arbeid", slug="rus-og-arbeid", intro="Om rus på arbeidsplassen."
        )
    )
    page.save_revision().publish()
    return page


def _submit(client, url, locale):
    response = client.get(url)
    assert response.status_code == 200
    return client.post(url, {"locales": [locale.pk]})


def _put_strings(client, translation, strings):
    """What the translation editor sends for each string it is given: PUT the English."""
    segments = StringSegment.objects.filter(source=translation.source).select_related("string")
    for segment in segments:
        url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
        body = urlencode({"value": strings[segment.string.data]})
        response = client.generic(
            "PUT", url, body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code in (200, 201), response.content
    return len(segments)


@pytest.mark.django_db
def test_an_editor_translates_a_page_and_publishes_it_in_english(
    client, article, english, editor, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    # The page's header offers «Translate this page» to an editor.
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[article.pk])).content.decode()
    submit_url = reverse("wagtail_localize:submit_page_translation", args=[article.pk])
    assert submit_url in edit

    response = _submit(client, submit_url, english)
    target = ArticlePage.objects.get(translation_key=article.translation_key, locale=english)
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_pages:edit", args=[target.pk])
    assert not target.live

    # The edit view of the English page is wagtail-localize's translation editor.
    editor_page = client.get(response["Location"])
    assert editor_page.status_code == 200
    assert b"wagtail-localize" in editor_page.content.lower()

    translation = Translation.objects.get(
        source=TranslationSource.objects.get_for_instance(article), target_locale=english
    )
    count = _put_strings(
        client,
        translation,
        {
            "Rus og arbeid": "Substance use and work",
            "rus-og-arbeid": "substance-use-and-work",
            "Om rus på arbeidsplassen.": "On substance use at the workplace.",
        },
    )
    assert count == 3

    with django_capture_on_commit_callbacks(execute=True):  # wagtail-localize publishes on commit
        response = client.post(
            reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"}
        )
    assert response.status_code == 302

    target.refresh_from_db()
    assert target.live
    assert target.title == "Substance use and work"
    assert target.url.startswith("/en/") and target.url.endswith("/substance-use-and-work/")
    client.logout()
    page = client.get(target.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "On substance use at the workplace." in html
    assert 'lang="en"' in html


@pytest.mark.django_db
def test_an_editor_translates_a_topic(client, english, editor, locale_nb):
    topic = Topic.objects.create(
        name="spill", slug="spill", description="Pengespill.", locale=locale_nb
    )
    client.force_login(editor)
    url = reverse("wagtail_localize:submit_snippet_translation", args=["kb", "topic", topic.pk])
    response = _submit(client, url, english)
    assert response.status_code == 302
    target = Topic.objects.get(translation_key=topic.translation_key, locale=english)
    translation = Translation.objects.get(
        source=TranslationSource.objects.get_for_instance(topic), target_locale=english
    )
    _put_strings(
        client,
        translation,
        {"spill": "gambling", "Pengespill.": "Gambling for money."},
    )
    response = client.post(
        reverse("wagtailsnippets_kb_topic:edit", args=[target.pk]), {"action": "publish"}
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.name, target.description) == ("gambling", "Gambling for money.")


@pytest.mark.django_db
def test_rag_translates_in_its_own_section(client, tree, english, rag_user):
    minutes = tree.meetings.add_child(
        instance=MinutesPage(title="Møte i RAG", slug="mote", meeting_date="2026-01-27")
    )
    client.force_login(rag_user)
    url = reverse("wagtail_localize:submit_page_translation", args=[minutes.pk])
    response = _submit(client, url, english)
    assert response.status_code == 302
    target = MinutesPage.objects.get(translation_key=minutes.translation_key, locale=english)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[target.pk])).status_code == 200


@pytest.mark.django_db
def test_who_does_not_edit_a_page_does_not_translate_it(
    client, tree, article, english, rag_user, network_host
):
    url = reverse("wagtail_localize:submit_page_translation", args=[article.pk])
    for user in (network_host, rag_user):
        client.force_login(user)
        # Refused: the admin sends them back to the dashboard.
        assert client.get(url).status_code in (302, 403)
        response = client.post(url, {"locales": [english.pk]})
        assert response.status_code in (302, 403)
        assert response.get("Location", "/admin/") == "/admin/"
    assert not ArticlePage.objects.filter(locale=english).exists()


@pytest.mark.django_db
def test_a_translated_page_lists_the_translated_topics(
    client, article, english, editor, locale_nb, django_capture_on_commit_callbacks
):
    """wagtail-localize copies many-to-many fields as they are; the English article lists the
    English topic, where the topic is translated."""
    topic = Topic.objects.create(name="spill", slug="spill", locale=locale_nb)
    untranslated = Topic.objects.create(name="alkohol", slug="alkohol", locale=locale_nb)
    article.topics.set([topic, untranslated])
    article.save_revision().publish()
    english_topic = topic.copy_for_translation(english)
    english_topic.name = "gambling"
    english_topic.save()
    client.force_login(editor)
    _submit(client, reverse("wagtail_localize:submit_page_translation", args=[article.pk]), english)
    target = ArticlePage.objects.get(translation_key=article.translation_key, locale=english)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("wagtailadmin_pages:edit", args=[target.pk]), {"action": "publish"})
    target = ArticlePage.objects.get(pk=target.pk)
    assert target.live
    assert set(target.topics.all()) == {english_topic, untranslated}


@pytest.mark.django_db
def test_who_does_not_edit_topics_does_not_translate_them(client, english, rag_user, locale_nb):
    topic = Topic.objects.create(name="spill", slug="spill", locale=locale_nb)
    client.force_login(rag_user)
    url = reverse("wagtail_localize:submit_snippet_translation", args=["kb", "topic", topic.pk])
    response = client.post(url, {"locales": [english.pk]})
    assert response.status_code in (302, 403)
    assert response.get("Location", "/admin/") == "/admin/"
    assert not Topic.objects.filter(locale=english).exists()
