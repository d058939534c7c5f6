"""Who may do what in the governance section: Django permissions, which the RAG group holds.

The group is granted them by a data migration (kb/migrations/0008_rag_permissions.py); the
checks ask for the permission, never for the group's name, so a renamed group keeps its
rights and a user given a permission directly gets in.
"""

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
