"""Who may do what in the governance section: Django permissions, which the RAG group holds.

The group is granted them by `grant_to_rag`, which the data migration
kb/migrations/0008_rag_permissions.py runs (and the tests' database set-up); the checks ask for
the permission, never for the group's name, so a renamed group keeps its rights and a user
given a permission directly gets in.

The reviewers of a workflow step hold none of them: they read the text they review, while it
waits in their step, by `reviews` below.
"""

from kb import groups

# The follow-up of the minutes' actions («Oppfølging»): see them, change their status.
VIEW_ACTIONS = "kb.view_action"
CHANGE_ACTIONS = "kb.change_action"
# The approved versions of mandates and agreements: history, comparison, PDF.
VIEW_VERSIONS = "kb.view_governanceversion"
# Registering a signed copy of an agreement, and its termination.
SIGN_AGREEMENTS = "kb.sign_governanceversion"
# The personal calendar feed of RAG's meetings.
SUBSCRIBE_MEETINGS = "kb.subscribe_meetings_feed"

RAG_PERMISSIONS = [VIEW_ACTIONS, CHANGE_ACTIONS, VIEW_VERSIONS, SIGN_AGREEMENTS, SUBSCRIBE_MEETINGS]


def _rag_permissions(apps):
    groups.ensure_permissions(apps, app_labels={"kb"})
    Permission = apps.get_model("auth", "Permission")
    found = []
    for name in RAG_PERMISSIONS:
        app_label, codename = name.split(".")
        found.append(Permission.objects.get(content_type__app_label=app_label, codename=codename))
    return found


def grant_to_rag(apps):
    """Give the RAG group these permissions (`apps`: a migration's registry, or Django's)."""
    rag, _ = apps.get_model("auth", "Group").objects.get_or_create(name=groups.RAG)
    rag.permissions.add(*_rag_permissions(apps))


def revoke_from_rag(apps):
    rag = apps.get_model("auth", "Group").objects.filter(name=groups.RAG).first()
    if rag is not None:
        rag.permissions.remove(*_rag_permissions(apps))


def has(user, permission: str) -> bool:
    """`user` holds `permission` (superusers hold every one; inactive users none)."""
    return user is not None and user.is_authenticated and user.has_perm(permission)


def can_follow_up_actions(user) -> bool:
    return has(user, VIEW_ACTIONS)


def can_view_versions(user) -> bool:
    return has(user, VIEW_VERSIONS)


def can_sign(user) -> bool:
    return has(user, SIGN_AGREEMENTS)


def can_subscribe_to_meetings(user) -> bool:
    return has(user, SUBSCRIBE_MEETINGS)


def reviews(user, page) -> bool:
    """`user` is a reviewer of the workflow step `page` waits in now (Partnere in «Innspill fra
    partner», Ledergruppen in «Godkjenning i ledermøtet»): the step offers them its actions.

    The one rule by which a reviewer reads what they review — the page, its versions, the
    comparison with the version in force, the PDFs — and nothing else of RAG's section: a page
    that waits in another step, or has left theirs (approved, sent back, withdrawn), is closed
    to them again.
    """
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    state = page.current_workflow_state
    if state is None or state.status != state.STATUS_IN_PROGRESS:
        return False
    task_state = state.current_task_state
    if task_state is None or task_state.status != task_state.STATUS_IN_PROGRESS:
        return False
    return bool(task_state.task.specific.get_actions(page, user))


def can_read_versions_of(user, page) -> bool:
    """`user` may read the versions of `page`: RAG's right, or the page waits in their step."""
    return can_view_versions(user) or reviews(user, page)
