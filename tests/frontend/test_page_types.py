"""Every page type renders for a visitor with the content they came for."""

import datetime

import pytest
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from wagtail.models import Collection
from wagtail.rich_text import RichText

from kb.models import ArticleDocument
from tests.factories import (
    ActivityPlanPageFactory,
    AgreementPageFactory,
    AlorDocumentFactory,
    ArticlePageFactory,
    GatheringPageFactory,
    MandatePageFactory,
    MinutesPageFactory,
    NetworkPageFactory,
    OrganisationFactory,
)

pytestmark = pytest.mark.django_db


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def alor_norge(site_tree, person, locale_nb):
    stavanger = OrganisationFactory(name="KORUS Stavanger", locale=locale_nb)
    gathering = GatheringPageFactory(
        parent=site_tree.national,
        title="Alor Norge 2026",
        start_date=datetime.date(2026, 6, 10),
        end_date=datetime.date(2026, 6, 11),
        venue="Hummeren hotell, Tananger",
        host_organisation=stavanger,
        registration_deadline=datetime.date(2026, 5, 1),
        evaluation_notes="<p>Deltakerne ønsket mer tid til erfaringsdeling.</p>",
    )
    slides = AlorDocumentFactory(
        title="Sykefravær og rus", kind="presentation", gathering=gathering
    )
    gathering.programme = [
        (
            "day",
            {
                "title": "Dag 1",
                "date": datetime.date(2026, 6, 10),
                "theme": "Arbeidsliv og rus",
                "sessions": [
                    {
                        "start": datetime.time(10, 30),
                        "end": datetime.time(11, 0),
                        "title": "Registrering og kaffe",
                        "responsible": "KORUS Stavanger",
                        "speakers": [],
                    },
                    {
                        "start": datetime.time(11, 0),
                        "end": datetime.time(11, 45),
                        "title": "Rus i arbeidslivet",
                        "speakers": [person],
                        "presentation": slides,
                        "note": "Med spørsmål fra salen",
                    },
                ],
            },
        )
    ]
    gathering.save_revision().publish()
    gathering.slides = slides
    return gathering


def test_home_page_shows_coming_gatherings_articles_and_networks(client, site_tree):
    future = timezone.localdate() + datetime.timedelta(days=30)
    GatheringPageFactory(parent=site_tree.national, title="Alor Norge neste år", start_date=future)
    ArticlePageFactory(parent=site_tree.knowledge, title="Når kollegaen drikker")
    NetworkPageFactory(parent=site_tree.networks, city="Bodø")

    page = html(client.get("/"))

    assert "Kommende samlinger" in page
    assert "Alor Norge neste år" in page
    assert "Når kollegaen drikker" in page
    assert "Alor Bodø" in page


def test_home_page_shows_the_latest_gathering_when_none_is_planned(client, site_tree):
    GatheringPageFactory(
        parent=site_tree.national, title="Alor Norge 2017", start_date=datetime.date(2017, 6, 1)
    )

    page = html(client.get("/"))

    assert "Siste samling" in page
    assert "Alor Norge 2017" in page
    assert "Kommende samlinger" not in page


def test_article_page_shows_date_author_body_topics_and_documents(client, site_tree, person, topic):
    document = AlorDocumentFactory(title="Evalueringsrapport 2017", kind="report")
    article = ArticlePageFactory(
        parent=site_tree.knowledge,
        title="Evaluering av alor",
        date=datetime.date(2026, 6, 10),
        intro="Hva deltakerne mener om nettverkene.",
        author=person,
        organisation=person.organisation,
        topics=[topic],
        related_documents=[ArticleDocument(document=document)],
        body=[
            ("heading", {"text": "Bakgrunn", "level": "h2"}),
            ("paragraph", RichText("<p>Proba samfunnsanalyse evaluerte nettverkene.</p>")),
            ("quote", {"text": "Erfaringsdeling er viktigst.", "source": "Proba"}),
        ],
    )

    page = html(client.get(article.url))

    assert "<h1>Evaluering av alor</h1>" in page
    assert "10. juni 2026" in page
    assert "Kari Nordmann" in page
    assert "KORUS Stavanger" in page
    assert "Hva deltakerne mener om nettverkene." in page
    assert '<h2 id="bakgrunn">Bakgrunn</h2>' in page
    assert "Proba samfunnsanalyse evaluerte nettverkene." in page
    assert "Erfaringsdeling er viktigst." in page
    assert "?tema=sykefraver" in page or "?tema=sykefravaer" in page
    assert document.get_absolute_url() in page
    assert "Evalueringsrapport 2017" in page


def test_knowledge_index_filters_by_topic(client, site_tree, topic):
    ArticlePageFactory(parent=site_tree.knowledge, title="Om sykefravær", topics=[topic])
    ArticlePageFactory(parent=site_tree.knowledge, title="Om spill")

    everything = html(client.get(site_tree.knowledge.url))
    filtered = html(client.get(site_tree.knowledge.url, {"tema": "sykefravaer"}))
    unknown = html(client.get(site_tree.knowledge.url, {"tema": "finnes-ikke"}))

    assert "Om sykefravær" in everything and "Om spill" in everything
    assert "Om sykefravær" in filtered and "Om spill" not in filtered
    assert 'aria-current="true">Sykefravær' in filtered
    assert "Om sykefravær" not in unknown and "Ingen artikler om dette temaet." in unknown


def test_knowledge_index_paginates_thirteen_articles(client, site_tree, topic):
    for n in range(13):
        ArticlePageFactory(
            parent=site_tree.knowledge,
            title=f"Sak nummer {n:02d}",
            date=datetime.date(2026, 1, n + 1),
        )

    first = html(client.get(site_tree.knowledge.url))
    second = html(client.get(site_tree.knowledge.url, {"page": "2"}))
    bad = client.get(site_tree.knowledge.url, {"page": "abc"})
    beyond = html(client.get(site_tree.knowledge.url, {"page": "99"}))

    assert first.count('class="card article-card"') == 12
    assert 'href="?page=2"' in first and 'rel="next"' in first
    assert "Sak nummer 00" not in first  # the oldest is on page 2
    assert second.count('class="card article-card"') == 1
    assert "Sak nummer 00" in second and 'href="?page=1"' in second
    assert bad.status_code == 200
    assert "Sak nummer 00" in beyond


def test_a_page_number_that_is_no_number_gives_the_first_page(client, site_tree, topic):
    for n in range(13):
        ArticlePageFactory(
            parent=site_tree.knowledge,
            title=f"Sak nummer {n:02d}",
            date=datetime.date(2026, 1, n + 1),
        )

    # «²» passes str.isdigit() but not int(); 5,000 nines are past int()'s digit limit.
    for odd in ("²", "9" * 5000, "1.5", ""):
        response = client.get(site_tree.knowledge.url, {"page": odd})
        assert response.status_code == 200
        page = html(response)
        assert page.count('class="card article-card"') == 12
        assert "Sak nummer 12" in page and "Sak nummer 00" not in page


def test_pagination_keeps_the_topic_filter(client, site_tree, topic):
    for n in range(13):
        ArticlePageFactory(parent=site_tree.knowledge, title=f"Tema {n}", topics=[topic])

    page = html(client.get(site_tree.knowledge.url, {"tema": "sykefravaer"}))

    assert "?tema=sykefravaer&amp;page=2" in page


def test_network_index_and_network_page(client, site_tree, person, locale_nb):
    centre = OrganisationFactory(name="KORUS Nord", locale=locale_nb)
    network = NetworkPageFactory(
        parent=site_tree.networks,
        city="Tromsø",
        region="nord",
        host_centre=centre,
        main_host=person,
        meeting_rhythm="To samlinger i året",
        intro="<p>Nettverket i Troms.</p>",
    )
    GatheringPageFactory(
        parent=network, title="Vårsamling Tromsø", start_date=datetime.date(2025, 4, 3)
    )

    index = html(client.get(site_tree.networks.url))
    detail = html(client.get(network.url))

    assert "Alor Tromsø" in index and "Nord" in index and "KORUS Nord" in index
    for text in (
        "Tromsø",
        "Nord",
        "KORUS Nord",
        "Kari Nordmann",
        "To samlinger i året",
        "Nettverket i Troms.",
        "Vårsamling Tromsø",
        "3. april 2025",
    ):
        assert text in detail, text


def test_national_gathering_index_lists_gatherings(client, site_tree):
    GatheringPageFactory(
        parent=site_tree.national,
        title="Alor Norge 2026",
        start_date=datetime.date(2026, 6, 10),
        end_date=datetime.date(2026, 6, 11),
        venue="Hummeren hotell",
    )

    page = html(client.get(site_tree.national.url))

    assert "Alor Norge 2026" in page
    assert "10.–11. juni 2026</time>" in page
    assert "Hummeren hotell" in page


def test_gathering_page_shows_the_programme_as_a_schedule(client, alor_norge):
    page = html(client.get(alor_norge.url))

    for text in (
        "10. juni 2026",
        "11. juni 2026",
        "Hummeren hotell, Tananger",
        "KORUS Stavanger",
        "1. mai 2026",  # registration deadline
        "Dag 1",
        "Arbeidsliv og rus",
        "<time>10:30</time>",
        "<time>11:00</time>",
        "<time>11:45</time>",
        "Registrering og kaffe",
        "Rus i arbeidslivet",
        "Kari Nordmann, rådgiver",
        "Med spørsmål fra salen",
        "Deltakerne ønsket mer tid til erfaringsdeling.",
    ):
        assert text in page, text
    # the sessions come in order, each with its time first
    assert (
        page.index("10:30") < page.index("Registrering og kaffe") < page.index("Rus i arbeidslivet")
    )


def test_gathering_page_links_presentations_for_download(client, alor_norge):
    page = html(client.get(alor_norge.url))

    # The document's page, in the programme and in the list.
    assert page.count(f'href="{alor_norge.slides.get_absolute_url()}"') == 2
    assert "Presentasjoner og dokumenter" in page
    assert "PDF" in page and "Presentasjon" in page
    assert filesizeformat(alor_norge.slides.file_size) in page  # «1,4\xa0KB»


def test_gathering_page_hides_private_documents_from_visitors(client, alor_norge, rag_user):
    rag = Collection.objects.get(name="RAG")
    AlorDocumentFactory(title="Internt notat RAG", collection=rag, gathering=alor_norge)

    anonymous = html(client.get(alor_norge.url))
    client.force_login(rag_user)
    member_of_rag = html(client.get(alor_norge.url))

    assert "Internt notat RAG" not in anonymous
    assert "Internt notat RAG" in member_of_rag


def test_governance_pages_render_for_rag(client, site_tree, rag_user):
    meeting = MinutesPageFactory(
        parent=site_tree.meetings,
        title="RAG-møte 15. desember 2025",
        meeting_date=datetime.date(2025, 12, 15),
        start_time=datetime.time(9, 0),
        end_time=datetime.time(11, 0),
        is_online=True,
        minute_taker="Ola",
        agenda__0__point__title="Godkjenning av innkalling",
        agenda__0__point__start=datetime.time(9, 0),
        items__0__item__number="1/25",
        items__0__item__title="Nettsiden",
        items__0__item__decision="Digital sør drifter nettsiden.",
        items__0__item__actions__0__what="Sende avtalen på høring",
        items__0__item__actions__0__due_date=datetime.date(2020, 1, 31),
        items__0__item__actions__1__what="Oppdatere mandatet",
        items__0__item__actions__1__responsible="Ola",
        items__0__item__actions__1__status="done",
    )
    mandate = MandatePageFactory(
        parent=site_tree.governance,
        title="Mandat for RAG",
        body__0__section__heading="Målsetting",
        body__0__section__body="<p>RAG løser oppgaver.</p>",
    )
    agreement = AgreementPageFactory(
        parent=site_tree.governance,
        title="Samarbeidsavtale",
        termination_terms="<p>Domenet tilbakeføres til KORUS.</p>",
    )
    plan = ActivityPlanPageFactory(parent=site_tree.governance, year=2026)
    client.force_login(rag_user)

    minutes = html(client.get(meeting.url))
    assert "Sak 1/25" in minutes and "Digital sør drifter nettsiden." in minutes
    assert "badge--open" in minutes and "Åpen" in minutes and "Utført" in minutes
    assert "31. januar 2020" in minutes and "Forfalt" in minutes
    assert "Godkjenning av innkalling" in minutes and "Teams" in minutes
    assert "Målsetting" in html(client.get(mandate.url))
    assert "Domenet tilbakeføres til KORUS." in html(client.get(agreement.url))
    assert "Aktivitetsplan for 2026" in html(client.get(plan.url))
    assert "RAG-møte 15. desember 2025" in html(client.get(site_tree.meetings.url))
    assert "Mandat for RAG" in html(client.get(site_tree.governance.url))


def test_unknown_address_gives_the_sites_404_page(client, site_tree):
    response = client.get("/finnes-ikke/")

    assert response.status_code == 404
    assert "Fant ikke siden" in response.content.decode()
    assert 'id="search-q"' in response.content.decode()
