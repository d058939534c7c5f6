"""A programme session that links a presentation and names speakers keeps the document's
speakers in step when the gathering is published: one source, the programme."""

import datetime

import pytest
from wagtail.models import Locale, PageViewRestriction

from kb.models import DocumentKind, GatheringPage, NetworkPage, Person
from search import service
from search.params import SearchParams
from tests.search.conftest import make_document


def session(document=None, *speakers, title="Innlegg"):
    return {
        "type": "item",
        "value": {
            "start": "10:00",
            "end": None,
            "title": title,
            "description": "",
            "responsible": "",
            "speakers": [{"type": "item", "value": person.pk} for person in speakers],
            "presentation": document.pk if document else None,
            "note": "",
        },
    }


def programme(*sessions):
    return [
        {
            "type": "day",
            "value": {"title": "Dag 1", "date": None, "theme": "", "sessions": list(sessions)},
        }
    ]


@pytest.fixture
def people(db):
    locale = Locale.get_default()
    return [
        Person.objects.create(name=name, locale=locale)
        for name in ("Kari Nordmann", "Per Hansen", "Eli Berg")
    ]


@pytest.fixture
def network(tree):
    return tree.networks.add_child(
        instance=NetworkPage(title="alor Bergen", slug="bergen", city="Bergen", region="vest")
    )


def gathering(parent, slug, sessions, *, publish=True):
    page = parent.add_child(
        instance=GatheringPage(
            title=f"Samling {slug}",
            slug=slug,
            start_date=datetime.date(2025, 5, 1),
            programme=programme(*sessions),
            live=False,
        )
    )
    if publish:
        page.save_revision().publish()
    return page


def speakers(document):
    return sorted(document.speakers.values_list("name", flat=True))


def test_publishing_a_programme_gives_its_presentation_the_sessions_speakers(network, people):
    kari, per, _eli = people
    talk = make_document("Rus og ledelse", "Lysark.", kind=DocumentKind.PRESENTATION)
    page = gathering(network, "var-2025", [session(talk, kari), session(None, per)])
    assert speakers(talk) == ["Kari Nordmann"]
    # The name finds it, with no reindex by hand.
    found = service.search(SearchParams(q="Nordmann"))
    assert [hit.title for hit in found.results] == ["Rus og ledelse"]

    page.programme = programme(session(talk, kari, per))
    page.save_revision().publish()
    assert speakers(talk) == ["Kari Nordmann", "Per Hansen"]


def test_a_document_linked_from_several_gatherings_has_every_sessions_speakers(
    network, people, tree
):
    kari, per, eli = people
    talk = make_document("Felles innlegg", "Lysark.", kind=DocumentKind.PRESENTATION)
    gathering(network, "var-2025", [session(talk, kari)])
    gathering(tree.national, "alor-norge-2025", [session(talk, per)])
    assert speakers(talk) == ["Kari Nordmann", "Per Hansen"]
    # A draft gathering names no one yet.
    gathering(network, "host-2025", [session(talk, eli)], publish=False)
    gathering(network, "vinter-2025", [session(talk, kari)])
    assert speakers(talk) == ["Kari Nordmann", "Per Hansen"]


def test_the_programme_replaces_hand_set_speakers_only_where_it_names_someone(network, people):
    kari, per, eli = people
    linked = make_document("Lenket", "Lysark.")
    linked.speakers.add(eli)  # by hand, before the programme names Kari
    unnamed = make_document("Uten innledere i programmet", "Lysark.")
    unnamed.speakers.add(per)
    elsewhere = make_document("Ikke i programmet", "Lysark.")
    elsewhere.speakers.add(per)
    gathering(network, "var-2025", [session(linked, kari), session(unnamed)])
    assert speakers(linked) == ["Kari Nordmann"]
    assert speakers(unnamed) == ["Per Hansen"]  # the programme names no one: left alone
    assert speakers(elsewhere) == ["Per Hansen"]


def test_a_private_programme_names_no_one_on_a_public_document(network, people):
    kari, *_rest = people
    PageViewRestriction.objects.create(page=network, restriction_type=PageViewRestriction.LOGIN)
    talk = make_document("Offentlig innlegg", "Lysark.")
    gathering(network, "lukket-2025", [session(talk, kari)])
    assert speakers(talk) == []


def test_a_programme_without_presentations_changes_nothing(network, people):
    kari, *_rest = people
    page = gathering(network, "var-2025", [session(None, kari)], publish=False)
    revision = page.save_revision()
    revision.publish()
    assert not Person.objects.get(pk=kari.pk).documents.exists()
