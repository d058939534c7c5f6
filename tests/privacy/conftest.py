"""One world with every kind of hidden content, each carrying its own marker word.

The marker is in the title and in the text (body, place, extracted text, file content), so a
channel that shows any of it is caught. Who may see which kind is defined in test_matrix.py.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from wagtail.models import Collection, CollectionViewRestriction, PageViewRestriction

from kb import groups
from kb.documents.ingest import Stored, ingest
from kb.models import AlorDocument, ArticleDocument
from tests.factories import (
    ArticlePageFactory,
    GatheringPageFactory,
    MinutesPageFactory,
    NetworkPageFactory,
    PersonFactory,
    TopicFactory,
)

# kind -> marker word. Unique, unlike any Norwegian word, never a substring of another.
MARKERS = {
    "draft": "qxkladd",
    "draft_title": "qxutkast",
    "login_page": "qxinnlogg",
    "password_page": "qxpassord",
    "group_page": "qxledergruppe",
    "rag_page": "qxragside",
    "private_document": "qxragdok",
    "subprivate_document": "qxunderdok",
    "old_version": "qxgammel",
}
# What everyone may see: the positive controls.
PUBLIC_PAGE = "qxoffentlig"
PUBLIC_DOCUMENT = "qxfellesdok"
PASSWORD = "hemmelig-passord"
# The RAG meeting's date in its slug: the existence oracle's «forbidden» URL.
MEETING_SLUG = "2026-01-27"


def _document(title, text, collection, **extra):
    # The file name carries no marker: a URL a visitor typed is theirs, not a leak.
    result = ingest(
        ContentFile(text.encode(), name="dokument.txt"),
        collection=collection,
        metadata={"title": title, **extra},
        user=None,
    )
    assert isinstance(result, Stored), result
    document = result.document
    document.refresh_from_db()
    return document


def _article(parent, title, slug, text, topic, person, *, publish=True):
    """A published article, or (publish=False) a draft never published, with one revision."""
    page = ArticlePageFactory(
        parent=parent,
        title=title,
        slug=slug,
        intro=f"Ingress om {text}.",
        author=person,
        topics=[topic],
        live=publish,
        publish=publish,
        revision=not publish,
    )
    page.refresh_from_db()
    return page


def _restrict(page, kind, *, groups_=(), password=""):
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=kind, password=password
    )
    restriction.groups.set(groups_)
    return restriction


@pytest.fixture
def world(tree, clean_media, locale_nb):
    """The site with one item of each hidden kind, public controls beside them."""

    class World:
        pass

    w = World()
    w.tree = tree
    w.topic = TopicFactory(name="Temaord", slug="temaord", locale=locale_nb)
    w.person = PersonFactory(name="Kari Nordmann", role="", organisation=None)
    knowledge = tree.knowledge
    w.public = _article(
        knowledge, f"Artikkel {PUBLIC_PAGE}", "offentlig", PUBLIC_PAGE, w.topic, w.person
    )
    w.draft = _article(
        knowledge, f"Kladd {MARKERS['draft']}", "kladd", MARKERS["draft"], w.topic, w.person,
        publish=False,
    )  # fmt: skip
    # A live page whose newest revision, not yet published, has a new title and text.
    w.draft_title = _article(knowledge, "Publisert artikkel", "publisert", "ingenting", w.topic,
                             w.person)  # fmt: skip
    w.draft_title.title = f"Ny tittel {MARKERS['draft_title']}"
    w.draft_title.intro = f"Ny ingress {MARKERS['draft_title']}"
    w.draft_title.save_revision()
    w.login_page = _article(
        knowledge, f"Innlogget {MARKERS['login_page']}", "innlogget", MARKERS["login_page"],
        w.topic, w.person,
    )  # fmt: skip
    _restrict(w.login_page, PageViewRestriction.LOGIN)
    w.password_page = _article(
        knowledge, f"Passord {MARKERS['password_page']}", "passord", MARKERS["password_page"],
        w.topic, w.person,
    )  # fmt: skip
    _restrict(w.password_page, PageViewRestriction.PASSWORD, password=PASSWORD)
    w.group_page = _article(
        knowledge, f"Ledere {MARKERS['group_page']}", "ledere", MARKERS["group_page"],
        w.topic, w.person,
    )  # fmt: skip
    _restrict(
        w.group_page, PageViewRestriction.GROUPS, groups_=[Group.objects.get(name=groups.LEADERS)]
    )
    today = datetime.date.today()
    w.rag_page = MinutesPageFactory(
        parent=tree.meetings,
        title=f"RAG-møte {MARKERS['rag_page']}",
        slug=MEETING_SLUG,
        meeting_date=today + datetime.timedelta(days=10),
        place=f"Rom {MARKERS['rag_page']}",
        present=MARKERS["rag_page"],
        publish=True,
    )

    w.network = NetworkPageFactory(
        parent=tree.networks, title="alor Bergen", slug="bergen", city="Bergen", region="vest"
    )
    w.gathering = GatheringPageFactory(
        parent=w.network,
        title="Samling i Bergen",
        slug="samling",
        start_date=today,
        topics=[w.topic],
        publish=True,
    )

    root = Collection.get_first_root_node()
    rag = Collection.objects.get(name=groups.RAG_COLLECTION)
    w.rag_collection = rag
    w.sub_collection = rag.add_child(name=f"Arkiv {MARKERS['subprivate_document']}")
    w.public_document = _document(
        f"Felles {PUBLIC_DOCUMENT}", f"Tekst {PUBLIC_DOCUMENT}", root, gathering=w.gathering,
        network=w.network, year=today.year,
    )  # fmt: skip
    w.private_document = _document(
        f"Signert {MARKERS['private_document']}", f"Tekst {MARKERS['private_document']}", rag,
        gathering=w.gathering, network=w.network, year=today.year,
    )  # fmt: skip
    w.subprivate_document = _document(
        f"Arkivert {MARKERS['subprivate_document']}", f"Tekst {MARKERS['subprivate_document']}",
        w.sub_collection, gathering=w.gathering, network=w.network, year=today.year,
    )  # fmt: skip
    # A private document whose earlier file (not its current one) carries the marker.
    w.versioned_document = _document(
        "Versjonert avtale", f"Gammel tekst {MARKERS['old_version']}", rag
    )
    AlorDocument.objects.filter(pk=w.versioned_document.pk).update(
        extracted_text=f"Gammel tekst {MARKERS['old_version']}"
    )
    w.versioned_document.refresh_from_db()
    replaced = ingest(
        ContentFile(b"Ny tekst uten merke", name="ny.txt"),
        collection=None,
        metadata={},
        user=None,
        replacing=w.versioned_document,
    )
    assert isinstance(replaced, Stored), replaced
    w.versioned_document.refresh_from_db()
    w.old_version = w.versioned_document.versions.get()
    # The public article links every document; the page must show only the visible ones.
    for position, document in enumerate(
        [w.public_document, w.private_document, w.subprivate_document, w.versioned_document]
    ):
        ArticleDocument.objects.create(page=w.public, document=document, sort_order=position)
    w.public.save_revision().publish()
    w.public.refresh_from_db()
    # The draft is the article edited last, so reports of «last edited» pages name it.
    w.draft.save_revision()
    assert CollectionViewRestriction.objects.filter(collection=rag).exists()
    return w
