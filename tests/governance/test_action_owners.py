"""Follow-up with owners: an action's responsible is a person, reminders reach that person's
user (or the minute-taker, saying so) and never all of RAG; «Mine oppfølgingspunkter»."""

import datetime
import importlib
import io
import uuid

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from kb.governance import actions as action_service
from kb.models import Action, MinutesPage, SentReminder
from tests.factories import MinutesPageFactory, PersonFactory

pytestmark = pytest.mark.django_db

MY_URL = "/admin/mine-oppfolgingspunkter/"


def _item(*actions, number="4"):
    return {
        "type": "item",
        "value": {
            "number": number,
            "title": "Domene alor.no",
            "decision": "Einar følger opp.",
            "actions": [
                {"type": "item", "id": str(uuid.uuid4()), "value": value} for value in actions
            ],
        },
    }


def _action(what, responsible, days=3, person=None, status="open"):
    due = timezone.localdate() + datetime.timedelta(days=days)
    return {
        "what": what,
        "responsible": responsible,
        "person": person,
        "due_date": due.isoformat(),
        "status": status,
    }


def _user(django_user_model, username, **extra):
    return django_user_model.objects.create_user(
        username, email=f"{username}@example.org", password="x", **extra
    )


@pytest.fixture
def people(django_user_model):
    """Einar and Nina Ste with users, Silje without; and two called Nina."""

    class People:
        einar_user = _user(django_user_model, "einar")
        einar = PersonFactory(name="Einar", user=einar_user)
        silje = PersonFactory(name="Silje")
        nina_user = _user(django_user_model, "ninaste")
        nina_ste = PersonFactory(name="Nina Ste", user=nina_user)
        nina_a = PersonFactory(name="Nina")
        nina_b = PersonFactory(name="nina ")

    return People


def test_a_name_links_only_when_it_is_one_persons_whole_name(people):
    names = action_service.people_by_name()
    assert action_service.person_named(" einar ", names) == people.einar.pk
    assert action_service.person_named("Silje", names) == people.silje.pk
    for text in ("RAG", "Silje (KORUS Stavanger)", "Einar og Silje", "Nina", ""):
        assert action_service.person_named(text, names) is None, text


def test_published_minutes_link_the_chosen_person_or_the_one_named(tree, people):
    minutes = MinutesPageFactory(
        parent=tree.meetings,
        items=[
            _item(
                _action("Sende utkast", "Einar"),
                _action("Følge opp Akan", "Stavanger v/ Silje", person=people.silje.pk),
                _action("Sende ut programmet", "RAG"),
                _action("Invitere til Teams-kanal", "Nina"),
            )
        ],
        publish=True,
    )
    linked = dict(Action.objects.filter(minutes=minutes).values_list("what", "person"))
    assert linked == {
        "Sende utkast": people.einar.pk,
        "Følge opp Akan": people.silje.pk,
        "Sende ut programmet": None,
        "Invitere til Teams-kanal": None,
    }
    # The minutes' own text stays as written.
    assert Action.objects.get(what="Følge opp Akan").responsible == "Stavanger v/ Silje"


def _minutes(tree, *actions, minute_taker="Nina Ste", minute_taker_person=None):
    return MinutesPageFactory(
        parent=tree.meetings,
        minute_taker=minute_taker,
        minute_taker_person=minute_taker_person,
        items=[_item(*actions)],
        publish=True,
    )


def test_reminders_reach_the_owner_else_the_minute_taker_never_all_of_rag(
    tree, people, rag_user, superuser
):
    _minutes(
        tree,
        _action("Sende utkast til avtale", "Einar"),
        _action("Følge opp og oppdatere RAG", "Silje"),  # a person with no user
        _action("Sende ut programmet", "RAG", days=-2),  # nobody by that name
    )
    mail.outbox.clear()
    call_command("send_reminders", stdout=io.StringIO())
    by_subject = {m.subject: m for m in mail.outbox}
    assert len(mail.outbox) == 3
    assert by_subject["Frist nærmer seg: Sende utkast til avtale"].to == ["einar@example.org"]
    assert "referent" not in by_subject["Frist nærmer seg: Sende utkast til avtale"].body

    to_taker = by_subject["Frist nærmer seg: Følge opp og oppdatere RAG"]
    assert to_taker.to == ["ninaste@example.org"]
    assert "som referent for møtet" in to_taker.body
    assert "(Silje) har ingen bruker" in to_taker.body
    assert by_subject["Forfalt oppfølging: Sende ut programmet"].to == ["ninaste@example.org"]

    everyone = {address for m in mail.outbox for address in m.to}
    assert rag_user.email not in everyone
    assert superuser.email not in everyone

    call_command("send_reminders", stdout=io.StringIO())
    assert len(mail.outbox) == 3  # once each


def test_without_owner_or_minute_taker_no_one_is_reminded(tree, people, rag_user):
    _minutes(tree, _action("Sende ut programmet", "RAG"), minute_taker="")
    mail.outbox.clear()
    out = io.StringIO()
    call_command("send_reminders", stdout=out)
    assert mail.outbox == []
    assert not SentReminder.objects.exists()  # reminded once someone can receive it


def test_an_inactive_owner_falls_back_to_the_chosen_minute_taker(tree, people, django_user_model):
    people.einar_user.is_active = False
    people.einar_user.save()
    taker_user = _user(django_user_model, "referent")
    taker = PersonFactory(name="Ola Referent", user=taker_user)
    _minutes(
        tree,
        _action("Sende utkast til avtale", "Einar"),
        minute_taker="Ola",
        minute_taker_person=taker,
    )
    mail.outbox.clear()
    call_command("send_reminders", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["referent@example.org"]]


def test_the_data_migration_links_the_names_and_keeps_the_text(tree, people):
    minutes = _minutes(tree, _action("Sende utkast", "Einar"), _action("Markedsføring", "RAG"))
    Action.objects.update(person=None)
    MinutesPage.objects.filter(pk=minutes.pk).update(minute_taker_person=None)
    migration = importlib.import_module("kb.migrations.0011_action_owners")
    migration.link_people(django_apps, None)
    assert dict(Action.objects.values_list("responsible", "person")) == {
        "Einar": people.einar.pk,
        "RAG": None,
    }
    assert MinutesPage.objects.get(pk=minutes.pk).minute_taker_person_id == people.nina_ste.pk


# -- «Mine oppfølgingspunkter» ------------------------------------------------------------------


def _login(client, user):
    from django.contrib.auth.models import Group

    user.groups.add(Group.objects.get(name="RAG"))
    client.force_login(user)


def test_my_actions_lists_the_open_actions_of_the_logged_in_member(client, tree, people):
    _minutes(
        tree,
        _action("Sende utkast til avtale", "Einar", days=-1),
        _action("Kontakte Helse Øst IKT", "Einar", status="done"),
        _action("Følge opp og oppdatere RAG", "Silje"),
        _action("Sende ut programmet", "RAG"),
    )
    _login(client, people.einar_user)
    response = client.get(MY_URL)
    assert response.status_code == 200
    assert [a.what for a in response.context["own"]] == ["Sende utkast til avtale"]
    assert response.context["as_minute_taker"] == []
    assert "Forfalt" in response.content.decode()

    # The minute-taker sees the actions whose responsible has no user: they get the reminders.
    _login(client, people.nina_user)
    response = client.get(MY_URL)
    assert response.context["own"] == []
    assert sorted(a.what for a in response.context["as_minute_taker"]) == [
        "Følge opp og oppdatere RAG",
        "Sende ut programmet",
    ]


def test_my_actions_is_for_rag_and_hides_minutes_they_may_not_see(
    client, tree, people, editor, partner
):
    _minutes(tree, _action("Sende utkast til avtale", "Einar"))
    for user in (editor, partner):
        client.force_login(user)
        assert client.get(MY_URL).status_code in (302, 403)
    client.logout()
    assert client.get(MY_URL).status_code == 302  # to the login

    # Unpublished minutes are not listed.
    MinutesPage.objects.update(live=False)
    _login(client, people.einar_user)
    assert client.get(MY_URL).context["own"] == []


def test_my_actions_runs_the_same_queries_for_5_and_50_actions(client, tree, people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries():
        client.get(MY_URL)  # warm up the admin's menus
        with CaptureQueriesContext(connection) as captured:
            response = client.get(MY_URL)
        return len(response.context["own"]), len(captured)

    _login(client, people.einar_user)
    _minutes(tree, *[_action(f"Punkt {i}", "Einar") for i in range(5)])
    listed, five = queries()
    assert listed == 5
    for n in range(9):
        _minutes(tree, *[_action(f"Punkt {n}-{i}", "Einar") for i in range(5)])
    listed, fifty = queries()
    assert listed == 50
    assert fifty == five


@pytest.mark.slow
def test_the_demo_links_the_people_the_minutes_name_and_no_one_else(db):
    """Einar, Silje and Hasle are people of the demo; «Nina» (two are called Nina), «RAG»
    and «KORUS Stavanger (vertskap)» stay text. The minute-taker, Nina Ste, is a person."""
    from kb.models import Person

    call_command("load_demo", "--no-progress", stdout=io.StringIO())
    minutes = MinutesPage.objects.get(slug="2025-12-15")
    linked = {
        (responsible, name)
        for responsible, name in Action.objects.filter(minutes=minutes).values_list(
            "responsible", "person__name"
        )
    }
    assert linked == {
        ("Silje", "Silje"),
        ("Einar", "Einar"),
        ("Hasle", "Hasle"),
        ("Nina", None),
        ("KORUS Stavanger (vertskap)", None),
        ("RAG", None),
    }
    taker = action_service.minute_taker_of(minutes)
    assert taker == Person.objects.get(name="Nina Ste", locale__language_code="nb")
    assert taker.user is None  # the demo links no person to a user: that is for RAG to do


def test_only_those_who_manage_users_link_a_person_to_one(client, people, editor, superuser):
    from django.contrib.auth.models import Permission

    url = f"/admin/snippets/kb/person/edit/{people.silje.pk}/"
    client.force_login(superuser)
    response = client.get(url)
    assert response.status_code == 200
    assert 'name="user"' in response.content.decode()

    editor.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="kb", codename__endswith="_person")
    )
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert 'name="user"' not in content
    assert "einar@example.org" not in content and ">einar<" not in content


def test_the_follow_up_list_says_whose_reminder_goes_to_the_minute_taker(
    client, tree, people, rag_user
):
    _minutes(
        tree,
        _action("Sende utkast til avtale", "Einar"),
        _action("Følge opp og oppdatere RAG", "Silje"),
        _action("Sende ut programmet", "RAG"),
    )
    client.force_login(rag_user)
    content = client.get("/admin/oppfolging/").content.decode()
    assert content.count("ingen person: påminnelsen går til referenten") == 1  # RAG
    assert content.count("uten bruker: påminnelsen går til referenten") == 1  # Silje
