"""The Norwegian admin is Norwegian: the screens of the approval journey show no English.

Wagtail's own bokmål catalog lacks many of the strings these screens show («Request
changes», «Approve with comment», «LIVE + IN MODERATION», the workflow history, the audit
log); the project's locale/nb catalog supplies them. Each test logs in as one of the people
on the journey (the RAG member who submits, Akan at the first step, the leaders at the
second, an editor), opens the screens they use and looks for English phrases known to
have been there, in what a person reads: the text, and the labels and titles of controls.
"""

import json
import re
from html.parser import HTMLParser

import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import ArticlePageFactory
from tests.governance.conftest import (
    approve,
    mandate,  # noqa: F401  (the fixture)
    reject,
    submit,
)

pytestmark = pytest.mark.django_db

# Each was on one of the screens below (or in an e-mail) in English before the project's
# catalog; «in moderation» is the status «LIVE + IN MODERATION».
ENGLISH = [
    "Request changes",
    "Approve with comment",
    "in moderation",
    "In Moderation",
    "Awaiting my review",
    "Workflow history",
    "Workflow progress",
    "Workflow started",
    "Workflow: start",
    "Workflow: approve task",
    "Workflow: reject task",
    "Approved at",
    "Rejected at",
    "Next step",
    "Changes requested",
    "Requested by",
    "Sent to",
    "Needs changes",
    "Not started",
    "In progress",
    "Edit / Review",
    "Locked by workflow",
    "Comment",
    "Add comment",
    "Site history",
    "Workflow tasks",
    "Task states",
    "Skip to main content",
    "Privacy and access",
    "Set schedule",
    "View history",
    "Started at",
    "Completed at",
    "has been submitted",
    "has been approved",
    "has been rejected",
]
# Read as words: «Comment» is not found in «Comments».
PATTERN = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, ENGLISH)) + r")(?![\w-])")

READ_ATTRIBUTES = {
    "aria-label",
    "title",
    "placeholder",
    "alt",
    "value",
    "data-w-tooltip-content-value",
}


class _Readable(HTMLParser):
    """The text of a page and the labels of its controls, without scripts and styles."""

    def __init__(self):
        super().__init__()
        self.parts = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        for name, value in attrs:
            if name in READ_ATTRIBUTES and value and not value.startswith(("{", "[")):
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def readable(html):
    parser = _Readable()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def english_on(client, user, urls):
    """{url: [English phrases found]} for each screen that shows any."""
    client.force_login(user)
    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, (user.username, url, response.status_code)
        if response.headers.get("Content-Type", "").startswith("application/json"):
            html = response.json().get("html", "")
        else:
            html = response.content.decode()
        phrases = sorted(set(PATTERN.findall(readable(html))))
        if phrases:
            found[url] = phrases
    return found


def page_screens(page, *, history=True):
    """The dashboard, the editor, the workflow history; the page's history and its section's
    listing for those who may read them (the reviewers see only what their step needs)."""
    urls = ["/admin/", f"/admin/pages/{page.pk}/edit/", f"/admin/pages/{page.pk}/workflow_history/"]
    if history:
        urls += [f"/admin/pages/{page.pk}/history/", f"/admin/pages/{page.get_parent().pk}/"]
    state = page.current_workflow_state or page.workflow_states.order_by("-pk").first()
    if state is not None:
        urls.append(f"/admin/pages/{page.pk}/workflow_history/detail/{state.pk}/")
    return urls


def action_modals(page):
    task_state = page.current_workflow_state.current_task_state
    return [
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
        for action in ("approve", "reject")
    ]


REPORTS = [
    "/admin/reports/workflow/",
    "/admin/reports/workflow_tasks/",
    "/admin/reports/site-history/",
]


def test_the_reviewers_screens_are_norwegian(client, mandate, rag_user, partner, leader):  # noqa: F811
    submit(mandate, rag_user)
    mandate.refresh_from_db()
    found = english_on(client, rag_user, page_screens(mandate) + REPORTS)
    found |= {
        f"akan {url}": phrases
        for url, phrases in english_on(
            client, partner, page_screens(mandate, history=False) + action_modals(mandate)
        ).items()
    }
    approve(mandate, partner, "Fint, ingen innspill")
    mandate.refresh_from_db()
    found |= {
        f"leder {url}": phrases
        for url, phrases in english_on(
            client, leader, page_screens(mandate, history=False) + action_modals(mandate)
        ).items()
    }
    assert found == {}


def test_the_history_after_changes_were_requested_is_norwegian(
    client,
    mandate,  # noqa: F811
    rag_user,
    partner,
    leader,
):
    submit(mandate, rag_user)
    mandate.refresh_from_db()
    approve(mandate, partner)
    mandate.refresh_from_db()
    reject(mandate, leader, "Se på økonomien")
    mandate.refresh_from_db()
    found = english_on(client, rag_user, page_screens(mandate) + REPORTS)
    submit(mandate, rag_user)  # «Send inn på nytt»
    mandate.refresh_from_db()
    found |= {
        f"leder {url}": phrases
        for url, phrases in english_on(
            client, leader, page_screens(mandate, history=False) + action_modals(mandate)
        ).items()
    }
    mandate.refresh_from_db()
    approve(mandate, leader, "Vedtatt i ledermøtet K7 10.02.2026")
    mandate.refresh_from_db()
    found |= {
        f"approved {url}": phrases
        for url, phrases in english_on(client, rag_user, page_screens(mandate) + REPORTS).items()
    }
    assert found == {}


def test_an_editors_screens_are_norwegian(client, tree, editor):
    article = ArticlePageFactory(parent=tree.knowledge, title="Om spill", live=False)
    article.save_revision(user=editor)
    assert english_on(client, editor, page_screens(article) + REPORTS) == {}


def test_the_moderation_emails_are_norwegian(mandate, rag_user, partner, leader):  # noqa: F811
    mail.outbox.clear()
    submit(mandate, rag_user)
    mandate.refresh_from_db()
    approve(mandate, partner)
    mandate.refresh_from_db()
    reject(mandate, leader, "Se på økonomien")
    mandate.refresh_from_db()
    submit(mandate, rag_user)
    mandate.refresh_from_db()
    approve(mandate, leader)
    assert len(mail.outbox) >= 4
    found = {}
    for message in mail.outbox:
        texts = [message.subject, message.body]
        texts += [readable(content) for content, _type in getattr(message, "alternatives", [])]
        phrases = sorted(set(PATTERN.findall(" ".join(texts))))
        if phrases:
            found[message.subject] = phrases
    assert found == {}
    subjects = {message.subject for message in mail.outbox}
    assert "Siden «Mandat for RAG» er sendt til godkjenning i steget «Innspill fra partner»" in (
        subjects
    )


def test_the_admin_scripts_speak_bokmal_too(client, editor):
    """The editor's comments and block picker read their words from the script catalog."""
    client.force_login(editor)
    catalog = client.get("/admin/jsi18n/").content.decode()
    for english, bokmal in [
        ("Add a comment", "Legg til en kommentar"),
        ("Reply", "Svar"),
        ("Resolve", "Løs"),
        ("Insert a block", "Sett inn en blokk"),
    ]:
        assert f"{json.dumps(english)}: {json.dumps(bokmal)}" in catalog
