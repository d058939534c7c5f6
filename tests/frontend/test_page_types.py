"""Every page type renders for a visitor with the content they came for."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Collection
from wagtail.rich_text import RichText

from kb.models import (
    ActivityPlanPage,
    AgreementPage,
    ArticleDocument,
    MandatePage,
    MinutesPage,
    Organisation,
)

from .conftest import add_article, add_document, add_gathering, add_network

pytestmark = pytest.mark.django_db


def html(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


@pytest.fixture
def alor_norge(site_tree, person, locale_nb):
    stavanger = Organisation.objects.create(name="KORUS Stavanger", locale=locale_nb)
    gathering = add_gathering(
        site_tree.national,
        title="Alor Norge 2026",
        start=datetime.date(2026, 6, 10),
        end_date=datetime.date(2026, 6, 11),
        venue="Hummeren hotell, Tananger",
        host_organisation=stavanger,
        registration_deadline=datetime.date(2026, 5, 1),
        evaluation_notes="<p>Deltakerne ønsket mer tid til erfaringsdeling.</p>",
    )
    slides = add_document("Sykefravær og rus", kind="presentation", gathering=gathering)
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
    add_gathering(site_tree.national, title="Alor Norge neste år", start=future)
    add_article(site_tree.knowledge, title="Når kollegaen drikker")
    add_network(site_tree.networks, city="Bodø")

    page = html(client.get("/"))

    assert "Kommende samlinger" in page
    assert "Alor Norge neste år" in page
    assert "Når kollegaen drikker" in page
    assert "Alor Bodø" in page


def test_home_page_shows_the_latest_gathering_when_none_is_planned(client, site_tree):
    add_gathering(site_tree.national, title="Alor Norge 2017", start=datetime.date(2017, 6, 1))

    page = html(client.get("/"))

    assert "Siste samling" in page
    assert "Alor Norge 2017" in page
    assert "Kommende samlinger" not in page


def test_article_page_shows_date_author_body_topics_and_documents(client, site_tree, person, topic):
    document = add_document("Evalueringsrapport 2017", kind="report")
    article = add_article(
        site_tree.knowledge,
        title="Evaluering av alor",
        date=datetime.date(2026, 6, 10),
        intro="Hva deltakerne mener om nettverkene.",
        author=person,
        organisation=person.organisation,
        body=[
            ("heading", {"text": "Bakgrunn", "level": "h2"}),
            ("paragraph", RichText("<p>Proba samfunnsanalyse evaluerte nettverkene.</p>")),
            ("quote", {"text": "Erfaringsdeling er viktigst.", "source": "Proba"}),
        ],
    )
    article.topics.add(topic)
    ArticleDocument.objects.create(page=article, document=document)
    article.save_revision().publish()

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
    assert document.url in page
    assert "Evalueringsrapport 2017" in page


def test_knowledge_index_filters_by_topic(client, site_tree, topic):
    tagged = add_article(site_tree.knowledge, title="Om sykefravær")
    tagged.topics.add(topic)
    tagged.save_revision().publish()
    add_article(site_tree.knowledge, title="Om spill")

    everything = html(client.get(site_tree.knowledge.url))
    filtered = html(client.get(site_tree.knowledge.url, {"tema": "sykefravaer"}))
    unknown = html(client.get(site_tree.knowledge.url, {"tema": "finnes-ikke"}))

    assert "Om sykefravær" in everything and "Om spill" in everything
    assert "Om sykefravær" in filtered and "Om spill" not in filtered
    assert 'aria-current="true">Sykefravær' in filtered
    assert "Om sykefravær" not in unknown and "Ingen artikler om dette temaet." in unknown


def test_knowledge_index_paginates_thirteen_articles(client, site_tree, topic):
    for n in range(13):
        add_article(
            site_tree.knowledge, title=f"Sak nummer {n:02d}", date=datetime.date(2026, 1, n + 1)
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
        add_article(
            site_tree.knowledge, title=f"Sak nummer {n:02d}", date=datetime.date(2026, 1, n + 1)
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
        article = add_article(site_tree.knowledge, title=f"Tema {n}")
        article.topics.add(topic)
        article.save_revision().publish()

    page = html(client.get(site_tree.knowledge.url, {"tema": "sykefravaer"}))

    assert "?tema=sykefravaer&amp;page=2" in page


def test_network_index_and_network_page(client, site_tree, person, locale_nb):
    centre = Organisation.objects.create(name="KORUS Nord", locale=locale_nb)
    network = add_network(
        site_tree.networks,
        city="Tromsø",
        region="nord",
        host_centre=centre,
        main_host=person,
        meeting_rhythm="To samlinger i året",
        intro="<p>Nettverket i Troms.</p>",
    )
    add_gathering(network, title="Vårsamling Tromsø", start=datetime.date(2025, 4, 3))

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
    add_gathering(
        site_tree.national,
        title="Alor Norge 2026",
        start=datetime.date(2026, 6, 10),
        end_date=datetime.date(2026, 6, 11),
        venue="Hummeren hotell",
    )

    page = html(client.get(site_tree.national.url))

    assert "Alor Norge 2026" in page
    assert "10. juni 2026</time> – <time" in page and "11. juni 2026" in page
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

    assert page.count(f'href="{alor_norge.slides.url}"') == 2  # in the programme and the list
    assert "Presentasjoner og dokumenter" in page
    assert "PDF" in page and "Presentasjon" in page
    assert f"{alor_norge.slides.file_size}\xa0byte" in page  # the size, as Django formats it


def test_gathering_page_hides_private_documents_from_visitors(client, alor_norge, rag_user):
    rag = Collection.objects.get(name="RAG")
    add_document("Internt notat RAG", collection=rag, gathering=alor_norge)

    anonymous = html(client.get(alor_norge.url))
    client.force_login(rag_user)
    member_of_rag = html(client.get(alor_norge.url))

    assert "Internt notat RAG" not in anonymous
    assert "Internt notat RAG" in member_of_rag


def test_governance_pages_render_for_rag(client, site_tree, rag_user):
    meeting = site_tree.meetings.add_child(
        instance=MinutesPage(
            title="RAG-møte 15. desember 2025",
            slug="2025-12-15",
            meeting_date=datetime.date(2025, 12, 15),
            start_time=datetime.time(9, 0),
            end_time=datetime.time(11, 0),
            is_online=True,
            minute_taker="Ola",
            agenda=[
                ("point", {"title": "Godkjenning av innkalling", "start": datetime.time(9, 0)})
            ],
            items=[
                (
                    "item",
                    {
                        "number": "1/25",
                        "title": "Nettsiden",
                        "decision": "Digital sør drifter nettsiden.",
                        "actions": [
                            {
                                "what": "Sende avtalen på høring",
                                "responsible": "Kari",
                                "due_date": datetime.date(2020, 1, 31),
                                "status": "open",
                            },
                            {"what": "Oppdatere mandatet", "responsible": "Ola", "status": "done"},
                        ],
                    },
                )
            ],
        )
    )
    mandate = site_tree.governance.add_child(
        instance=MandatePage(
            title="Mandat for RAG",
            slug="mandat",
            body=[
                (
                    "section",
                    {"heading": "Målsetting", "body": RichText("<p>RAG løser oppgaver.</p>")},
                )
            ],
        )
    )
    agreement = site_tree.governance.add_child(
        instance=AgreementPage(
            title="Samarbeidsavtale",
            slug="avtale",
            termination_terms="<p>Domenet tilbakeføres til KORUS.</p>",
        )
    )
    plan = site_tree.governance.add_child(
        instance=ActivityPlanPage(
            title="Aktivitetsplan 2026",
            slug="plan-2026",
            year=2026,
        )
    )
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
