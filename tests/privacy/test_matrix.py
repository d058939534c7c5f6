"""One privacy rule, tested as a matrix: every role × every kind of hidden content × every channel.

Each channel is fetched as each role; every marker word of a kind the role may not see counts
as a leak wherever it turns up (body, file name, redirect target). A file channel (a document,
its thumbnail, an old version) also counts a leak when it serves the file of a hidden kind at
all. The total must be 0; positive controls check that what a role may see does appear, so the
matrix cannot pass by showing nothing.

Who may see what (kb/privacy.py, the groups and permissions of kb/migrations/0002 and
kb/signal_handlers.py):

- on the site nobody sees a draft or a live page's unpublished title; a login-restricted page
  is for anyone signed in; a page restricted to Ledergruppen for its members; the RAG section
  and the RAG collection (with its sub-collections, and every version of their documents) for
  RAG; superusers pass every restriction but a password, which only the superuser's search
  and listings pass (the page itself asks everyone for the password);
- in the admin a role also sees what it may edit: Redaktører edit every page and every
  collection, so they see drafts, draft titles, restricted pages and the RAG documents; RAG
  edits its section and its collection.
"""

import re
from collections import Counter

import pytest
from django.test import Client

from kb.governance.ics import feed_token
from kb.models import Action

from .conftest import MARKERS, PUBLIC_DOCUMENT, PUBLIC_PAGE

ROLES = [
    "anonymous",
    "member",
    "network_host",
    "partner",
    "leader",
    "editor",
    "rag_user",
    "superuser",
]
KINDS = list(MARKERS)
SIGNED_IN = set(ROLES) - {"anonymous"}
RAG = {"rag_user", "superuser"}

SITE_ALLOWED = {
    "draft": set(),
    "draft_title": set(),
    "login_page": SIGNED_IN,
    "password_page": {"superuser"},
    "group_page": {"leader", "superuser"},
    "rag_page": RAG,
    "private_document": RAG,
    "subprivate_document": RAG,
    "old_version": RAG,
}
ADMIN_ALLOWED = {
    "draft": {"editor", "superuser"},
    "draft_title": {"editor", "superuser"},
    "login_page": SIGNED_IN,
    "password_page": {"editor", "superuser"},
    "group_page": {"leader", "editor", "superuser"},
    "rag_page": RAG | {"editor"},
    "private_document": RAG | {"editor"},
    "subprivate_document": RAG | {"editor"},
    "old_version": RAG | {"editor"},
}


# -- channels: each yields (url, kind served) — the kind whose file a 200 would hand out --------


def page_urls(w):
    for page in (w.draft, w.draft_title, w.login_page, w.password_page, w.group_page, w.rag_page):
        yield page.url, None
    yield "/kunnskap/kladd/", None  # the draft's would-be URL


def parent_listings(w):
    yield "/kunnskap/", None
    yield "/kunnskap/?tema=temaord", None
    yield "/rag/", None
    yield "/rag/moter/", None


def menus(w):
    yield "/", None
    yield "/en/", None
    yield w.public.url, None  # its menu, breadcrumbs, related documents


def topic_and_network_pages(w):
    yield "/nettverk/", None
    yield w.network.url, None
    yield w.gathering.url, None
    yield "/alor-norge/", None


SEARCH_WORDS = [*MARKERS.values(), "temaord", "tekst", "Kari"]


def search_page(w):
    for word in SEARCH_WORDS:
        yield f"/search/?q={word}", None
    yield "/search/?q=tekst&type=document", None


def search_api(w):
    for word in SEARCH_WORDS:
        yield f"/api/search/?q={word}", None
    yield f"/api/search/?q=tekst&network={w.network.slug}", None


def autocomplete(w):
    for word in MARKERS.values():
        yield f"/api/search/autocomplete/?q={word}", None
        yield f"/api/search/autocomplete/?q={word[:5]}", None


def _documents(w):
    return [
        (w.private_document, "private_document"),
        (w.subprivate_document, "subprivate_document"),
        (w.versioned_document, "old_version"),
    ]


def document_files(w):
    for document, kind in _documents(w):
        yield document.url, kind


def document_permalinks(w):
    for document, kind in _documents(w):
        yield document.permalink, kind


def document_thumbnails(w):
    for document, kind in _documents(w):
        yield document.thumbnail_url, kind


def document_versions(w):
    yield w.old_version.url, "old_version"


def ics_feed(w):
    yield "/rag/moter.ics", None


def admin_page_chooser(w):
    yield "/admin/choose-page/", None
    for page in (w.tree.home, w.tree.knowledge, w.tree.governance, w.tree.meetings):
        yield f"/admin/choose-page/{page.pk}/", None
    for word in MARKERS.values():
        yield f"/admin/choose-page/search/?q={word}", None


def admin_document_chooser(w):
    yield "/admin/documents/chooser/", None
    yield "/admin/documents/chooser/results/", None
    for word in MARKERS.values():
        yield f"/admin/documents/chooser/results/?q={word}", None


def admin_snippet_chooser(w):
    yield "/admin/snippets/choose/kb/person/", None
    yield "/admin/snippets/choose/kb/topic/", None


def admin_search(w):
    for word in MARKERS.values():
        yield f"/admin/pages/search/?q={word}", None
        yield f"/admin/documents/?q={word}", None
    yield "/admin/pages/search/?q=qx", None


def admin_bulk_actions(w):
    pages = (w.draft, w.draft_title, w.login_page, w.password_page, w.group_page, w.rag_page)
    for action in ("delete", "move", "publish", "unpublish"):
        ids = "&".join(f"id={p.pk}" for p in pages)
        yield f"/admin/bulk/wagtailcore/page/{action}/?{ids}", None
    documents = [d for d, _ in _documents(w)]
    for action in ("delete", "add_to_collection", "add_tags"):
        ids = "&".join(f"id={d.pk}" for d in documents)
        yield f"/admin/bulk/kb/alordocument/{action}/?{ids}", None


def admin_reports(w):
    yield "/admin/reports/page-types-usage/", None
    yield "/admin/reports/site-history/", None
    yield "/admin/reports/aging-pages/", None
    yield "/admin/reports/locked/", None
    yield "/admin/reports/workflow/", None


def admin_search_log(w):
    yield "/admin/search-log/", None
    yield "/admin/search-log/?days=365", None
    yield "/admin/search-log/?export=csv&days=365", None


def admin_actions(w):
    """«Oppfølging»: an action of the RAG meeting, in the list, its search and its export."""
    action, _ = Action.objects.get_or_create(
        minutes=w.rag_page,
        block_id="matrix",
        defaults={"what": f"Følge opp {MARKERS['rag_page']}", "responsible": "RAG"},
    )
    yield "/admin/oppfolging/?status=all", None
    yield f"/admin/oppfolging/?q={MARKERS['rag_page']}", None
    yield "/admin/oppfolging/?export=csv&status=all", None
    yield f"/admin/oppfolging/inspect/{action.pk}/", None
    yield f"/admin/oppfolging/history/{action.pk}/", None


def admin_listings_and_usage(w):
    yield "/admin/", None
    yield f"/admin/pages/{w.tree.knowledge.pk}/", None
    yield "/admin/documents/", None
    yield f"/admin/snippets/kb/person/usage/{w.person.pk}/", None
    yield f"/admin/snippets/kb/topic/usage/{w.topic.pk}/", None
    yield f"/admin/documents/usage/{w.public_document.pk}/", None
    yield f"/admin/documents/usage/{w.private_document.pk}/", None


SITE_CHANNELS = {
    "page_url": page_urls,
    "parent_listing": parent_listings,
    "menus": menus,
    "topic_and_network_pages": topic_and_network_pages,
    "search_page": search_page,
    "search_api": search_api,
    "autocomplete": autocomplete,
    "document_file": document_files,
    "document_permalink": document_permalinks,
    "document_thumbnail": document_thumbnails,
    "document_version": document_versions,
    "ics_feed": ics_feed,
}
ADMIN_CHANNELS = {
    "admin_page_chooser": admin_page_chooser,
    "admin_document_chooser": admin_document_chooser,
    "admin_snippet_chooser": admin_snippet_chooser,
    "admin_search": admin_search,
    "admin_bulk_actions": admin_bulk_actions,
    "admin_reports": admin_reports,
    "admin_search_log": admin_search_log,
    "admin_actions": admin_actions,
    "admin_listings_and_usage": admin_listings_and_usage,
}


# Positive controls: (channel, role, kind or a public marker) that must show up at least once.
POSITIVE = [
    *[("search_api", role, PUBLIC_PAGE) for role in ROLES],
    *[("search_page", role, PUBLIC_DOCUMENT) for role in ROLES],
    *[("topic_and_network_pages", role, PUBLIC_DOCUMENT) for role in ROLES],
    *[("page_url", role, "login_page") for role in SIGNED_IN],
    *[("search_api", role, "login_page") for role in SIGNED_IN],
    ("search_api", "superuser", "password_page"),
    ("page_url", "leader", "group_page"),
    ("parent_listing", "rag_user", "rag_page"),
    # A listing shows what the role may open (request.visibility), not only what is public.
    *[("parent_listing", role, "login_page") for role in SIGNED_IN],
    ("parent_listing", "leader", "group_page"),
    ("parent_listing", "superuser", "password_page"),
    ("page_url", "rag_user", "rag_page"),
    ("ics_feed", "rag_user", "rag_page"),
    ("search_page", "rag_user", "private_document"),
    ("search_api", "superuser", "subprivate_document"),
    ("topic_and_network_pages", "rag_user", "private_document"),
    ("document_file", "rag_user", "private_document"),
    ("document_file", "superuser", "subprivate_document"),
    ("document_permalink", "rag_user", "subprivate_document"),
    ("document_thumbnail", "rag_user", "private_document"),
    ("document_version", "rag_user", "old_version"),
    ("document_version", "superuser", "old_version"),
    ("admin_search", "editor", "draft"),
    ("admin_actions", "rag_user", "rag_page"),
    ("admin_page_chooser", "editor", "draft_title"),
    ("admin_document_chooser", "rag_user", "private_document"),
    ("admin_document_chooser", "editor", "subprivate_document"),
]
ALL_MARKERS = {**MARKERS, PUBLIC_PAGE: PUBLIC_PAGE, PUBLIC_DOCUMENT: PUBLIC_DOCUMENT}


def _text(response) -> str:
    """Everything of a response a user could read: body, file name, redirect target."""
    if getattr(response, "streaming", False):
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    parts = [
        response.get("Location", ""),
        response.get("Content-Disposition", ""),
        body.decode("utf-8", "replace"),
    ]
    return "\n".join(parts)


def _client_for(request, role):
    client = Client()
    user = None
    if role != "anonymous":
        user = request.getfixturevalue(role)
        client.force_login(user)
    return client, user


def _fetch(client, url):
    response = client.get(url)
    # A permanent link redirects to the file: follow it, as a browser does.
    hops = 0
    while response.status_code in (301, 302) and hops < 3:
        location = response["Location"]
        if "/login/" in location or location.startswith("http"):
            break
        response = client.get(location)
        hops += 1
    return response


NONCE = "qxzqzqzq"


def _echoes(client, url):
    """How often a response repeats the words of its own URL (a search box, «treff for …», a
    login link's next=): the same URL with an unknown word instead of the marker tells."""
    lowered = url.lower()
    if not any(marker.lower() in lowered for marker in ALL_MARKERS.values()):
        return 0
    for marker in ALL_MARKERS.values():
        lowered = lowered.replace(marker.lower(), NONCE)
    return _text(_fetch(client, lowered)).lower().count(NONCE)


def probe(request, world, name, channel, allowed):
    """Fetch the channel as every role; the count of each marker per (role, kind)."""
    cells = {}
    for role in ROLES:
        client, user = _client_for(request, role)
        seen = Counter()
        urls = list(channel(world))
        if name == "ics_feed" and user is not None:
            urls.append((f"/rag/moter.ics?token={feed_token(user)}", None))
        for url, served_kind in urls:
            response = _fetch(client, url)
            assert response.status_code < 500, (role, url, response.status_code)
            text = _text(response).lower()
            echoed = _echoes(client, url)
            for kind, marker in ALL_MARKERS.items():
                found = len(re.findall(re.escape(marker.lower()), text))
                if marker.lower() in url.lower():
                    found = max(0, found - echoed)
                seen[kind] += found
            if served_kind is not None and response.status_code == 200:
                seen[served_kind] += 1
        cells[role] = seen
    leaks = {
        (role, kind): cells[role][kind]
        for role in ROLES
        for kind in KINDS
        if role not in allowed[kind] and cells[role][kind]
    }
    return cells, leaks


def report(name, cells, leaks):
    lines = [f"{name}: {len(ROLES) * len(KINDS)} probes, {sum(leaks.values())} leaks"]
    for (role, kind), count in sorted(leaks.items()):
        lines.append(f"  leak {role} × {kind} × {name}: {count}")
    print("\n".join(lines))


def _check_positive(name, cells):
    missing = [
        (role, kind)
        for channel, role, kind in POSITIVE
        if channel == name and not cells[role][kind]
    ]
    assert not missing, f"{name}: expected to see {missing}"


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(SITE_CHANNELS))
def test_site_channel_leaks_nothing(request, world, name):
    cells, leaks = probe(request, world, name, SITE_CHANNELS[name], SITE_ALLOWED)
    report(name, cells, leaks)
    assert sum(leaks.values()) == 0, leaks
    _check_positive(name, cells)


@pytest.mark.django_db
@pytest.mark.parametrize("name", list(ADMIN_CHANNELS))
def test_admin_channel_leaks_nothing(request, world, name):
    # Searches first, so the search log has something to show.
    for role in ROLES:
        client, _ = _client_for(request, role)
        for word in MARKERS.values():
            client.get("/search/", {"q": word})
    cells, leaks = probe(request, world, name, ADMIN_CHANNELS[name], ADMIN_ALLOWED)
    report(name, cells, leaks)
    _check_positive(name, cells)
    assert sum(leaks.values()) == 0, leaks


def test_matrix_size():
    """The number of (role, kind, channel) probes, printed with -s or -rA."""
    channels = len(SITE_CHANNELS) + len(ADMIN_CHANNELS)
    size = len(ROLES) * len(KINDS) * channels
    print(f"privacy matrix: {len(ROLES)} roles × {len(KINDS)} kinds × {channels} channels = "
          f"{size} probes, {len(POSITIVE)} positive controls")  # fmt: skip
    assert size == 8 * 9 * 21
