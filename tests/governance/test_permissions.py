"""RAG's rights are Django permissions: they follow the permission, not the group's name."""

import io

import pytest
from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from kb import groups
from kb.governance.ics import feed_token
from kb.governance.permissions import RAG_PERMISSIONS
from kb.models import AgreementPage
from tests.factories import AgreementPageFactory

from .conftest import run_approval

pytestmark = pytest.mark.django_db

ACTIONS = "/admin/oppfolging/"
FEED = "/rag/moter.ics"


def permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def feed_works(user) -> bool:
    response = Client().get(FEED, {"token": feed_token(user)})
    return response.status_code == 200 and b"BEGIN:VCALENDAR" in response.content


def test_the_migration_grants_rags_permissions_to_the_group():
    rag = Group.objects.get(name=groups.RAG)
    held = {f"{p.content_type.app_label}.{p.codename}" for p in rag.permissions.all()}
    assert set(RAG_PERMISSIONS) <= held


def test_a_user_outside_rag_with_the_permissions_gets_in(client, minutes, mandate, member):
    """Not in the group, but given the rights one by one: the screens and the feed open."""
    assert not member.groups.exists()
    client.force_login(member)
    assert client.get(ACTIONS).status_code in (302, 403)
    assert client.get(f"/admin/styring/{mandate.pk}/versjoner/").status_code in (302, 403)
    assert not feed_works(member)

    member.user_permissions.add(
        permission("wagtailadmin.access_admin"), *map(permission, RAG_PERMISSIONS)
    )
    response = client.get(ACTIONS)
    assert response.status_code == 200
    assert "Avklare domenet" in response.content.decode()
    assert client.get(f"/admin/styring/{mandate.pk}/versjoner/").status_code == 200
    assert feed_works(member)


def test_a_renamed_rag_group_keeps_working(client, minutes, mandate, rag_user, partner, leader):
    Group.objects.filter(name=groups.RAG).update(name="Rådgivende arbeidsgruppe")
    client.force_login(rag_user)
    response = client.get(ACTIONS)
    assert response.status_code == 200
    assert "Avklare domenet" in response.content.decode()
    assert client.get(f"/admin/styring/{mandate.pk}/versjoner/").status_code == 200
    assert feed_works(rag_user)
    # The reminders to RAG (an agreement's renewal) still reach the group's members.
    AgreementPageFactory(
        parent=mandate.get_parent(), effective_to=timezone.localdate(), revision=True
    )
    page = AgreementPage.objects.latest("pk")
    run_approval(page, rag_user, partner, leader)
    mail.outbox.clear()
    call_command("send_reminders", stdout=io.StringIO())
    assert mail.outbox and all(m.to == ["rag@example.org"] for m in mail.outbox)
    # And leaving the renamed group still ends the feed address for good.
    token = feed_token(rag_user)
    renamed = Group.objects.get(name="Rådgivende arbeidsgruppe")
    rag_user.groups.remove(renamed)
    rag_user.groups.add(renamed)
    assert Client().get(FEED, {"token": token}).status_code == 404


def test_another_group_given_no_rights_stays_out(client, minutes, editor):
    """Being in a group is not what counts: the editors hold none of RAG's permissions."""
    client.force_login(editor)
    assert client.get(ACTIONS).status_code in (302, 403)
    assert not feed_works(editor)


def test_the_group_editor_offers_rags_permissions(client, superuser):
    """A superuser grants them from Wagtail's group editor; nothing there that does nothing."""
    rag = Group.objects.get(name=groups.RAG)
    client.force_login(superuser)
    content = client.get(f"/admin/groups/edit/{rag.pk}/").content.decode()
    for dotted in RAG_PERMISSIONS:
        assert f'value="{permission(dotted).pk}"' in content, dotted
    assert f'value="{permission("kb.delete_action").pk}"' not in content
    assert f'value="{permission("kb.add_action").pk}"' not in content
