"""Every signal receiver of the kb app, connected once by KbConfig.ready().

Sections get their privacy and their roles' permissions when their pages are created; the
governance section follows its workflow (statuses, the follow-up actions of published minutes,
calendar addresses of members who leave RAG). A background task that failed is logged as a
`task_failed` event.
"""

import logging
from collections import defaultdict
from functools import reduce
from operator import or_

from django.apps import apps as django_apps
from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from django.db.models.signals import m2m_changed, post_save
from django.dispatch import receiver
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from wagtail.models import GroupPagePermission, Page, PageViewRestriction
from wagtail.signals import (
    copy_for_translation_done,
    page_published,
    task_submitted,
    workflow_cancelled,
    workflow_rejected,
)

from alor.logs import log_event
from kb import groups
from kb.enums import GovernanceStatus
from kb.governance.actions import sync_actions
from kb.governance.ics import forget_feed_keys
from kb.governance.permissions import SUBSCRIBE_MEETINGS
from kb.governance.workflow import assign_workflow, is_governance_document, set_status
from kb.models import (
    AlorDocument,
    GatheringPage,
    GovernanceIndexPage,
    MeetingIndexPage,
    MinutesPage,
    NetworkPage,
    Person,
    Topic,
)
from kb.models.workflow import step_status
from kb.privacy import Visibility

tasks_logger = logging.getLogger("alor.tasks")


def grant_page_permissions(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


# ------------------------------------------------------------------- sections and their roles


@receiver(post_save, sender=GovernanceIndexPage, dispatch_uid="kb_governance_section_workflow")
def on_governance_section_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        assign_workflow(instance)


@receiver(post_save, sender=GovernanceIndexPage, dispatch_uid="kb_governance_section_private")
def restrict_governance_section(sender, instance, created, raw=False, **kwargs):
    """The RAG section is visible only to the RAG group (and superusers), and RAG edits it.

    RAG may draft and submit; publishing a mandate or an agreement goes through the approval
    workflow.
    """
    if raw:
        return
    rag, _ = Group.objects.get_or_create(name=groups.RAG)
    if not PageViewRestriction.objects.filter(page=instance).exists():
        restriction = PageViewRestriction.objects.create(
            page=instance, restriction_type=PageViewRestriction.GROUPS
        )
        restriction.groups.add(rag)
    if created:
        grant_page_permissions(rag, instance, ["add_page", "change_page"])


@receiver(post_save, sender=MeetingIndexPage, dispatch_uid="kb_governance_meetings_publish")
def on_meeting_index_saved(sender, instance, created, raw=False, **kwargs):
    """RAG publishes its own minutes; only mandates and agreements need the leaders."""
    if created and not raw:
        rag, _ = Group.objects.get_or_create(name=groups.RAG)
        grant_page_permissions(rag, instance, ["add_page", "change_page", "publish_page"])


@receiver(post_save, sender=NetworkPage, dispatch_uid="kb_network_host_group")
def network_host_group(sender, instance, created, raw=False, **kwargs):
    """Each network gets a host group that edits and publishes the network's own subtree."""
    if raw or not created or not instance.city:
        return
    group, _ = Group.objects.get_or_create(name=groups.network_host_group_name(instance.city))
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    grant_page_permissions(group, instance, ["add_page", "change_page", "publish_page"])
    groups.ensure_network_collection(django_apps, instance.city)


# ------------------------------------------------------------------------- translations


@receiver(copy_for_translation_done, dispatch_uid="kb_translated_topics")
def translate_topics(sender, source_obj, target_obj, **kwargs):
    """A page copied into another language lists the topics of that language.

    wagtail-localize (and Wagtail's copy) carry many-to-many fields over as they are, so an
    English article would list, and be filtered by, the bokmål topics; each becomes its
    translation in the page's locale where it has one. Aliases follow their original.
    """
    if not isinstance(target_obj, Page) or target_obj.alias_of_id is not None:
        return
    if not hasattr(target_obj, "topics"):
        return
    topics = list(target_obj.topics.all())
    if all(topic.locale_id == target_obj.locale_id for topic in topics):
        return
    translated = {
        topic.translation_key: topic
        for topic in Topic.objects.filter(
            translation_key__in=[topic.translation_key for topic in topics],
            locale_id=target_obj.locale_id,
        )
    }
    target_obj.topics.set([translated.get(t.translation_key, t) for t in topics])
    target_obj.save(clean=False)


# ------------------------------------------------------------------ the governance workflow


@receiver(page_published, dispatch_uid="kb_governance_page_published")
def on_page_published(sender, instance, **kwargs):
    if isinstance(instance, MinutesPage):
        sync_actions(instance)


# ------------------------------------------------------- programmes and their presentations


@receiver(page_published, dispatch_uid="kb_programme_speakers")
def on_gathering_published(sender, instance, **kwargs):
    if isinstance(instance, GatheringPage):
        sync_programme_speakers(instance)


def _raw_items(raw):
    """The values of a ListBlock's raw data, in either of Wagtail's formats (a list of
    values, or of {"type": "item", "value": …})."""
    for item in raw or ():
        yield item.get("value") if isinstance(item, dict) and "type" in item else item


def programme_links(gathering) -> dict[int, set[int]]:
    """{document id: the Person ids of its sessions} over the sessions of a gathering's
    programme that link a presentation, read from the programme's raw data (no query)."""
    links: dict[int, set[int]] = defaultdict(set)
    for day in gathering.programme.raw_data:
        if day.get("type") != "day":
            continue
        for session in _raw_items((day.get("value") or {}).get("sessions")):
            document = (session or {}).get("presentation")
            if isinstance(document, int):
                links[document] |= {
                    pk for pk in _raw_items(session.get("speakers")) if isinstance(pk, int)
                }
    return links


def _linking(document_ids):
    """Q: gatherings whose programme may link one of the documents (checked by parsing)."""
    return reduce(or_, (Q(programme__icontains=f'"presentation": {pk}') for pk in document_ids))


def sync_programme_speakers(gathering):
    """Keep the speakers of the documents a published programme links in step with it.

    The programme is the one source where a session links a document: such a document's
    speakers become the union of the speakers named by every session that links it, across
    the published gatherings the public may see, in the site's source language (a
    translation's sessions name the translated people, the same speakers again). This
    replaces speakers an editor set by hand on that document. Left alone: a document no
    session links, or whose linking sessions name no one (its speakers are the editor's),
    and a document a session stops linking (it keeps the speakers it had). A gathering
    behind a view restriction names no one here, so a private programme never shows its
    speakers on a public document.
    """
    public = Visibility()
    if not public.can_view_page(gathering) or not gathering.locale.is_default:
        return
    linked = programme_links(gathering)
    if not linked:
        return
    others = (
        public.pages(GatheringPage.objects.filter(locale=gathering.locale))
        .exclude(pk=gathering.pk)
        .filter(_linking(linked))
    )
    for other in others:
        for document_id, people in programme_links(other).items():
            if document_id in linked:
                linked[document_id] |= people
    known = set(
        Person.objects.filter(pk__in=set().union(*linked.values())).values_list("pk", flat=True)
    )
    for document in AlorDocument.objects.filter(pk__in=linked).prefetch_related("speakers"):
        wanted = linked[document.pk] & known
        if wanted and wanted != {person.pk for person in document.speakers.all()}:
            document.speakers.set(wanted)


@receiver(task_submitted, dispatch_uid="kb_governance_task_submitted")
def on_task_submitted(sender, instance, **kwargs):
    """A version enters a step: its status follows (Til innspill / Til godkjenning)."""
    page = instance.workflow_state.content_object
    page = getattr(page, "specific", page)
    if is_governance_document(page):
        # The step entered is this task state's task: the workflow state still points at the
        # step before while the signal is sent.
        set_status(page, step_status(instance.task))


@receiver(workflow_rejected, dispatch_uid="kb_governance_rejected")
@receiver(workflow_cancelled, dispatch_uid="kb_governance_cancelled")
def on_workflow_ended(sender, instance, **kwargs):
    """Sent back or cancelled: the text is a draft again (the approved version stays)."""
    page = getattr(instance.content_object, "specific", instance.content_object)
    if not is_governance_document(page):
        return
    if page.status in (GovernanceStatus.FEEDBACK, GovernanceStatus.APPROVAL):
        status = GovernanceStatus.APPROVED if page.version_number else GovernanceStatus.DRAFT
        set_status(page, status)


@receiver(m2m_changed, sender="auth.User_groups", dispatch_uid="kb_governance_rag_membership")
def on_group_membership_changed(sender, instance, action, reverse, pk_set, **kwargs):
    """A member leaves RAG (a group that gives the meetings feed, whatever its name): their
    calendar feed addresses stop working, for good."""
    if action not in ("pre_remove", "pre_clear"):
        return
    app_label, codename = SUBSCRIBE_MEETINGS.split(".")
    feed_groups = Group.objects.filter(
        permissions__content_type__app_label=app_label, permissions__codename=codename
    )
    if not reverse:  # user.groups.remove(...) / .clear() / .set(...)
        leaving = instance.groups.filter(pk__in=feed_groups.values("pk"))
        if action == "pre_remove":
            leaving = leaving.filter(pk__in=pk_set)
        if leaving.exists():
            forget_feed_keys([instance.pk])
    elif feed_groups.filter(pk=instance.pk).exists():  # group.user_set.remove(...) / .clear()
        forget_feed_keys(
            pk_set if action == "pre_remove" else instance.user_set.values_list("pk", flat=True)
        )


@receiver(task_finished, dispatch_uid="kb_task_failed_event")
def on_task_finished(sender, task_result, **kwargs):
    """A task that raised (in the worker, or at once in development): one `task_failed` event
    with the task, its id, the error's class and the attempt, for alerts to count."""
    if task_result.status != TaskResultStatus.FAILED:
        return
    error = task_result.errors[-1] if task_result.errors else None
    log_event(
        tasks_logger,
        logging.ERROR,
        "task_failed",
        "task %s (%s) failed: %s",
        task_result.task.module_path,
        task_result.id,
        error.exception_class_path if error else "unknown error",
        task=task_result.task.module_path,
        task_id=str(task_result.id),
        error=error.exception_class_path if error else None,
        attempts=len(task_result.errors),
        backend=task_result.backend,
    )
