"""Who may do what in the governance section."""

from kb import groups


def is_rag(user) -> bool:
    """RAG members (and superusers) follow up actions, see version history and sign."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=groups.RAG).exists()
