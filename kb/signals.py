"""Keep sections private and give each role its permissions when its pages are created."""

from django.contrib.auth.models import Group, Permission
from django.db.models.signals import post_save
from django.dispatch import receiver
from wagtail.models import GroupPagePermission, PageViewRestriction

from kb import groups
from kb.models import GovernanceIndexPage, NetworkPage


def grant_page_permissions(group, page, codenames):
    for codename in codenames:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=page,
            permission=Permission.objects.get(
                content_type__app_label="wagtailcore", codename=codename
            ),
        )


@receiver(post_save, sender=GovernanceIndexPage)
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


@receiver(post_save, sender=NetworkPage)
def network_host_group(sender, instance, created, raw=False, **kwargs):
    """Each network gets a host group that edits and publishes the network's own subtree."""
    if raw or not created or not instance.city:
        return
    group, _ = Group.objects.get_or_create(name=groups.network_host_group_name(instance.city))
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    grant_page_permissions(group, instance, ["add_page", "change_page", "publish_page"])
