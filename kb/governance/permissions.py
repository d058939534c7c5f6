"""Who may do what in the governance section."""

from wagtail.models import PagePermissionTester

from kb import groups


def is_rag(user) -> bool:
    """RAG members (and superusers) follow up actions, see version history and sign."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name=groups.RAG).exists()


class GovernancePermissionTester(PagePermissionTester):
    """Mandates and agreements are published only by approval at the end of the workflow.

    Nobody but a superuser may publish one directly (editors hold publish on the whole site);
    the workflow's finish action publishes without this check.
    """

    def can_publish(self):
        return self.user.is_active and self.user.is_superuser and not self.page_is_root
