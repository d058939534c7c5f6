"""Bring the governance demo pages to the states the demo shows.

States the sources do not give are set for demonstration, and the pages say so («Eksempel»):

- the mandate: its first version waits for the leaders' approval (step 2 of the workflow);
  the minutes say it was sent to the leader in sør, who takes it up in K7;
- the cooperation agreement KORUS/Akan: «Til innspill», with an example comment from Akan;
- «Eksempel: Signert avtale»: approved as version 1 and signed, its signed copy in the
  private RAG collection. The web-operation agreement stays Einar's draft, as the minutes say;
- the actions of the minutes of 15 December 2025: tracked, as the minutes give them.

Idempotent: a page already in a workflow or with an approved version is left as it is.
"""

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.log_actions import log
from wagtail.models import Collection, Comment

from kb import groups
from kb.demo.files import pdf_bytes
from kb.documents.ingest import Stored, ingest
from kb.governance import workflow
from kb.governance.actions import sync_actions
from kb.models import Action, AgreementPage, AlorDocument, MandatePage, MinutesPage

# The minutes say Akan has given feedback, not what it is: the comment is an example.
AKAN_FEEDBACK = (
    "Eksempel: Akan ønsker at avtalen sier tydeligere hvordan Akan deltar i planleggingen av "
    "Alor Norge."
)


def _member(group_name):
    User = get_user_model()
    return (
        User.objects.filter(groups__name=group_name, is_active=True).order_by("pk").first()
        or User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    )


def _say(stdout, message):
    if stdout is not None:
        stdout.write(message)


def _start(page, user):
    wf = workflow.governance_workflow()
    if wf is None or page.workflow_in_progress:
        return None
    page.save_revision(user=user, log_action=True)
    return wf.start(page, user)


def _approve(page, user, comment="", **decision):
    state = page.current_workflow_state
    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, user, "approve", comment=comment, **decision)


def _signed_copy(page):
    collection = Collection.objects.filter(name=groups.RAG_COLLECTION, depth=2).first()
    title = _("Signert avtale: %(title)s") % {"title": page.title}
    existing = AlorDocument.objects.filter(title=title).first()
    if existing is not None or collection is None:
        return existing
    data = pdf_bytes(title, [(page.title, [_("Eksempel: ikke en ekte avtale.")])])
    result = ingest(
        ContentFile(data, name="eksempel-signert-avtale.pdf"),
        collection=collection,
        metadata={"title": title},
        user=None,
    )
    if not isinstance(result, Stored):
        raise RuntimeError(f"Demo document {title!r} not stored: {result}")
    return result.document


def _comment(page, user, text):
    if Comment.objects.filter(page=page, text=text).exists():
        return
    revision = page.get_latest_revision()
    comment = Comment.objects.create(
        page=page, user=user, text=text, contentpath="body", revision_created=revision
    )
    log(
        instance=page,
        action="wagtail.comments.create",
        user=user,
        data={"comment": {"id": comment.pk, "contentpath": "body", "text": text}},
    )


@transaction.atomic
def apply(stdout=None):
    """Bring the governance demo pages to their demo states (workflow, versions, actions)."""
    rag = _member(groups.RAG)
    partner = _member(groups.PARTNERS)
    leader = _member(groups.LEADERS)

    mandate = MandatePage.objects.filter(slug="mandat-rag").first()
    if mandate is not None and not mandate.versions().exists() and _start(mandate, rag) is not None:
        mandate.refresh_from_db()
        _approve(mandate, partner)
        _say(stdout, _("Mandatet venter på ledergruppens godkjenning."))

    korus_akan = AgreementPage.objects.filter(slug="samarbeidsavtale-korus-akan").first()
    if korus_akan is not None and not korus_akan.versions().exists():
        if _start(korus_akan, rag) is not None:
            _say(stdout, _("Samarbeidsavtalen KORUS/Akan er sendt til innspill."))
        if partner is not None:
            _comment(korus_akan, partner, AKAN_FEEDBACK)

    example = AgreementPage.objects.filter(slug="eksempel-signert-avtale").first()
    if (
        example is not None
        and not example.versions().exists()
        and not example.workflow_in_progress
        and _start(example, rag) is not None
    ):
        example.refresh_from_db()
        _approve(example, partner)
        example.refresh_from_db()
        today = timezone.localdate()
        # The decision is invented too, and says so.
        _approve(
            example,
            leader,
            _("Eksempel: godkjent for å vise versjoner og signering."),
            decision_body=_("ledermøtet"),
            decision_date=today,
            decision_reference=_("Eksempel: ikke et ekte vedtak"),
        )
        version = example.versions().last()
        document = _signed_copy(example)
        if version is not None and document is not None:
            workflow.sign_version(version, document, today, rag)
        _say(stdout, _("Eksempelavtalen er godkjent (versjon 1) og signert."))

    minutes = MinutesPage.objects.filter(slug="2025-12-15").first()
    if minutes is not None and minutes.live:
        # The actions as the minutes give them; none is marked done beyond what they say.
        sync_actions(minutes)
        total = Action.objects.filter(minutes=minutes).count()
        open_count = Action.objects.filter(minutes=minutes, status__in=Action.OPEN_STATUSES).count()
        _say(
            stdout,
            _("Oppfølging fra 15.12.2025: %(total)s punkter, %(open)s åpne.")
            % {"total": total, "open": open_count},
        )
