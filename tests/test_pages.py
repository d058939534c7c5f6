"""The content model: where each page type may stand, what it requires, who may see it."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from wagtail.models import Page, PageViewRestriction
from wagtail.test.utils import WagtailPageTestCase

from home.models import HomePage
from kb import groups
from kb.models import (
    ActivityPlanPage,
    AgreementPage,
    ArticlePage,
    GatheringPage,
    KnowledgeIndexPage,
    MandatePage,
    MinutesPage,
    NetworkPage,
)
from tests.factories import PARENTS

# The site's structure, written once (the page-type smoke test checks it for every model).
ALLOWED_PARENTS = {child: parents for child, parents in PARENTS.items() if child is not HomePage}
ALL_PARENTS = set().union(*ALLOWED_PARENTS.values())


class TestWhereEachPageMayStand(WagtailPageTestCase):
    def test_parent_child_rules(self):
        for child, parents in ALLOWED_PARENTS.items():
            for parent in ALL_PARENTS:
                with self.subTest(child=child.__name__, parent=parent.__name__):
                    if parent in parents:
                        self.assertCanCreateAt(parent, child)
                    else:
                        self.assertCanNotCreateAt(parent, child)

    def test_home_page_only_under_the_root(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertCanNotCreateAt(KnowledgeIndexPage, HomePage)

    def test_articles_gatherings_and_minutes_have_no_children(self):
        for page_class in (ArticlePage, GatheringPage, MinutesPage, MandatePage, AgreementPage):
            with self.subTest(page=page_class.__name__):
                self.assertEqual(page_class.allowed_subpage_models(), [])


@pytest.mark.django_db
class TestRequiredFields:
    def test_network_needs_city_and_region(self, tree):
        page = NetworkPage(title="Alor Molde", slug="molde")
        with pytest.raises(ValidationError) as error:
            tree.networks.add_child(instance=page)
        assert {"city", "region"} <= set(error.value.message_dict)

    def test_gathering_needs_start_date(self, tree):
        with pytest.raises(ValidationError) as error:
            tree.national.add_child(instance=GatheringPage(title="Alor Norge", slug="an"))
        assert "start_date" in error.value.message_dict

    def test_gathering_cannot_end_before_it_starts(self, tree):
        page = GatheringPage(
            title="Alor Norge 2026",
            slug="alor-norge-2026",
            start_date=datetime.date(2026, 6, 11),
            end_date=datetime.date(2026, 6, 10),
        )
        with pytest.raises(ValidationError) as error:
            tree.national.add_child(instance=page)
        assert "end_date" in error.value.message_dict

    def test_minutes_need_a_date(self, tree):
        with pytest.raises(ValidationError) as error:
            tree.meetings.add_child(instance=MinutesPage(title="Møte", slug="mote"))
        assert "meeting_date" in error.value.message_dict

    def test_activity_plan_needs_a_year(self, tree):
        with pytest.raises(ValidationError) as error:
            tree.governance.add_child(instance=ActivityPlanPage(title="Plan", slug="plan"))
        assert "year" in error.value.message_dict


@pytest.mark.django_db
class TestGovernanceIsPrivate:
    @pytest.fixture
    def minutes(self, tree):
        return tree.meetings.add_child(
            instance=MinutesPage(
                title="Referat RAG 15. desember 2025",
                slug="referat-2025-12-15",
                meeting_date=datetime.date(2025, 12, 15),
                place="Teams",
            )
        )

    def test_section_gets_a_rag_only_restriction(self, tree):
        restriction = PageViewRestriction.objects.get(page=tree.governance)
        assert restriction.restriction_type == PageViewRestriction.GROUPS
        assert list(restriction.groups.values_list("name", flat=True)) == [groups.RAG]

    def test_anonymous_visitor_gets_not_found_with_a_login_link(self, client, minutes):
        # As for an address that leads nowhere, so the URL does not tell that the meeting exists.
        response = client.get(minutes.url)
        assert response.status_code == 404
        assert "/_util/login/?next=" in response.content.decode()
        assert "Referat RAG" not in response.content.decode()

    def test_member_outside_rag_does_not_see_minutes(self, client, member, minutes):
        client.force_login(member)
        response = client.get(minutes.url)
        assert response.status_code in (302, 403, 404)
        assert "Referat RAG" not in response.content.decode()

    @pytest.mark.parametrize("fixture", ["editor", "network_host", "partner", "leader"])
    def test_other_roles_do_not_see_the_section_page(self, client, request, fixture, tree):
        client.force_login(request.getfixturevalue(fixture))
        response = client.get(tree.governance.url)
        assert response.status_code in (302, 403, 404)

    def test_rag_member_reads_minutes(self, client, rag_user, minutes):
        client.force_login(rag_user)
        response = client.get(minutes.url)
        assert response.status_code == 200
        assert "Referat RAG 15. desember 2025" in response.content.decode()

    def test_restriction_comes_back_if_removed(self, tree):
        PageViewRestriction.objects.filter(page=tree.governance).delete()
        tree.governance.save_revision().publish()
        assert PageViewRestriction.objects.filter(page=tree.governance).exists()


@pytest.mark.django_db
class TestGroups:
    def test_roles_exist_and_reach_the_admin(self):
        for name in groups.ALL:
            group = Group.objects.get(name=name)
            assert group.permissions.filter(codename="access_admin").exists(), name

    def test_wagtail_stock_groups_are_replaced(self):
        assert not Group.objects.filter(name__in=["Moderators", "Editors"]).exists()

    def test_rag_collection_is_private_to_rag(self):
        from wagtail.models import Collection, CollectionViewRestriction

        collection = Collection.objects.get(name=groups.RAG_COLLECTION)
        restriction = CollectionViewRestriction.objects.get(collection=collection)
        assert list(restriction.groups.values_list("name", flat=True)) == [groups.RAG]

    def test_network_host_group_edits_only_its_network(self, tree, django_user_model):
        stavanger = tree.networks.add_child(
            instance=NetworkPage(title="Alor Rogaland", slug="stavanger", city="Stavanger",
                                 region="vest")
        )  # fmt: skip
        bergen = tree.networks.add_child(
            instance=NetworkPage(title="Alor Bergen", slug="bergen", city="Bergen", region="vest")
        )
        host = django_user_model.objects.create_user(username="host", password="pw")
        host.groups.add(Group.objects.get(name=groups.NETWORK_HOSTS))
        host.groups.add(Group.objects.get(name=groups.network_host_group_name("Stavanger")))
        assert stavanger.permissions_for_user(host).can_edit()
        assert stavanger.permissions_for_user(host).can_publish()
        assert not bergen.permissions_for_user(host).can_edit()
        assert not tree.knowledge.permissions_for_user(host).can_edit()

    def test_rag_edits_governance_but_cannot_publish_directly(self, tree, rag_user):
        perms = tree.governance.permissions_for_user(rag_user)
        assert perms.can_edit()
        assert perms.can_add_subpage()
        assert not perms.can_publish()
        assert not tree.knowledge.permissions_for_user(rag_user).can_edit()

    def test_editors_work_on_the_whole_site(self, tree, editor):
        for page in (tree.home, tree.knowledge, tree.networks, tree.governance):
            assert page.permissions_for_user(editor).can_edit()


@pytest.mark.django_db
class TestDocumentRights:
    """Roles reach documents through Wagtail's own permission checks."""

    def collections(self, user, action):
        from wagtail.documents import get_permission_policy

        return set(
            get_permission_policy()
            .collections_user_has_permission_for(user, action)
            .values_list("name", flat=True)
        )

    def test_network_host_uploads_to_the_shared_collection_only(self, network_host):
        assert self.collections(network_host, "add") == {groups.SHARED_COLLECTION}
        assert groups.RAG_COLLECTION not in self.collections(network_host, "choose")

    def test_rag_uploads_to_its_private_collection(self, rag_user):
        assert groups.RAG_COLLECTION in self.collections(rag_user, "add")

    def test_editor_uploads_anywhere(self, editor):
        assert {"Root", groups.SHARED_COLLECTION, groups.RAG_COLLECTION} <= self.collections(
            editor, "add"
        )

    def test_member_without_role_uploads_nothing(self, member):
        assert self.collections(member, "add") == set()

    def test_network_host_reaches_the_upload_form(self, client, network_host):
        client.force_login(network_host)
        assert client.get("/admin/documents/multiple/add/").status_code == 200
