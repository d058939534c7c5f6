"""The calendar feed's address is personal and can be ended: by a new password, by leaving RAG
(for good) and by the member asking for a new one."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from kb import groups
from kb.governance.ics import feed_token

pytestmark = pytest.mark.django_db

FEED = "/rag/moter.ics"


def works(token) -> bool:
    response = Client().get(FEED, {"token": token})  # a calendar app: no session
    return response.status_code == 200 and b"BEGIN:VCALENDAR" in response.content


def test_the_address_works_until_the_password_changes(rag_user):
    token = feed_token(rag_user)
    assert works(token)
    assert feed_token(rag_user) == token  # the same address each time the page is shown
    rag_user.set_password("et helt nytt passord 2026")
    rag_user.save()
    assert not works(token)
    assert works(feed_token(rag_user))


@pytest.mark.parametrize("side", ["user", "group"])
def test_leaving_rag_ends_the_address_for_good(rag_user, side):
    rag = Group.objects.get(name=groups.RAG)
    token = feed_token(rag_user)
    assert works(token)
    if side == "user":
        rag_user.groups.remove(rag)
    else:
        rag.user_set.remove(rag_user)
    assert not works(token)
    rag_user.groups.add(rag)  # back in RAG: the old address stays dead
    assert not works(token)
    assert works(feed_token(rag_user))


def test_leaving_another_group_keeps_the_address(rag_user):
    other = Group.objects.get(name=groups.EDITORS)
    rag_user.groups.add(other)
    token = feed_token(rag_user)
    rag_user.groups.remove(other)
    assert works(token)


def test_a_member_makes_a_new_address_and_the_old_one_stops(client, tree, rag_user):
    old = feed_token(rag_user)
    client.force_login(rag_user)
    page = client.get(tree.meetings.url).content.decode()
    assert "Lag ny kalenderlenke" in page
    assert reverse("kb_governance_new_feed_link") in page
    response = client.post(reverse("kb_governance_new_feed_link"), follow=True)
    assert response.redirect_chain[-1][0] == tree.meetings.url
    content = response.content.decode()
    assert "Du har fått en ny lenke til møtekalenderen" in content
    assert not works(old)
    new = feed_token(rag_user)
    assert new != old and f"token={new}" in content
    assert works(new)


def test_only_rag_may_make_a_new_address_and_only_by_post_with_csrf(rag_user, member):
    url = reverse("kb_governance_new_feed_link")
    client = Client(enforce_csrf_checks=True)
    client.force_login(rag_user)
    token = feed_token(rag_user)
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 403  # no CSRF token: nothing changes
    assert works(token)
    client.force_login(member)
    assert Client().post(url).status_code == 404  # not logged in
    assert client.post(url).status_code in (403, 404)


def test_forged_and_malformed_tokens_fail(rag_user):
    token = feed_token(rag_user)
    user_id, digest = token.split("-", 1)
    for forged in ("", "forged", f"{user_id}-", f"{user_id}-{'0' * len(digest)}", f"x-{digest}"):
        assert not works(forged)
    # Digits int() refuses («²») or that are no user id of ours: refused, never a 500.
    for odd in (f"²-{digest}", f"{'9' * 5000}-{digest}"):
        assert not works(odd)
