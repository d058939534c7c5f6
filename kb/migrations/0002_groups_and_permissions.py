"""The site's groups, their model permissions, and RAG's private document collection.

Page permissions on subtrees (a network's pages, the RAG section) are granted when those pages
are created (kb/signal_handlers.py), since the pages do not exist yet when this runs.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITORS = "Redaktører"
NETWORK_HOSTS = "Nettverksverter"
RAG = "RAG"
PARTNERS = "Partnere (Akan)"
LEADERS = "Ledergruppen (K7)"
RAG_COLLECTION = "RAG"
SHARED_COLLECTION = "Felles"

MEDIA = ("add", "change", "delete", "choose")


def ensure_permissions(apps):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None


def perm(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def forwards(apps, schema_editor):
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    Page = apps.get_model("wagtailcore", "Page")

    # Wagtail's stock groups are replaced by the roles below; drop them while nobody uses them.
    Group.objects.filter(name__in=["Moderators", "Editors"], user__isnull=True).delete()

    admin_access = perm(apps, "wagtailadmin", "access_admin")
    groups = {}
    for name in (EDITORS, NETWORK_HOSTS, RAG, PARTNERS, LEADERS):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(admin_access)
        groups[name] = group

    editors = groups[EDITORS]
    for model in ("topic", "organisation", "person"):
        for action in ("add", "change", "delete"):
            editors.permissions.add(perm(apps, "kb", f"{action}_{model}"))
    editors.permissions.add(perm(apps, "wagtailsearchpromotions", "add_query"))
    editors.permissions.add(perm(apps, "wagtailsearchpromotions", "change_query"))

    # Wagtail checks document and image rights against its own models (wagtaildocs.Document,
    # wagtailimages.Image), whichever custom model stores them.
    def media_perms(actions):
        return [perm(apps, "wagtaildocs", f"{a}_document") for a in actions] + [
            perm(apps, "wagtailimages", f"{a}_image") for a in actions
        ]

    def grant_collection(group, collection, actions):
        for permission in media_perms(actions):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=permission
            )

    root_collection = Collection.objects.get(depth=1)
    shared = child_collection(Collection, root_collection, SHARED_COLLECTION)
    rag_collection = child_collection(Collection, root_collection, RAG_COLLECTION)

    # Editors (RAG members and the digital lead) keep every collection; network hosts work in
    # the shared collection, which does not reach into RAG's private one.
    grant_collection(editors, root_collection, MEDIA)
    grant_collection(groups[NETWORK_HOSTS], shared, ("add", "change", "choose"))

    # Editors work on the whole site.
    root_page = Page.objects.get(depth=1)
    for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
        GroupPagePermission.objects.get_or_create(
            group=editors, page=root_page, permission=perm(apps, "wagtailcore", codename)
        )

    # RAG's private collection: signed agreements, minutes, mandates.
    restriction, _ = CollectionViewRestriction.objects.get_or_create(
        collection=rag_collection, restriction_type="groups"
    )
    restriction.groups.add(groups[RAG])
    grant_collection(groups[RAG], rag_collection, MEDIA)


def child_collection(Collection, root, name):
    """A collection directly under the root (treebeard's path arithmetic, done by hand)."""
    existing = Collection.objects.filter(name=name, depth=2).first()
    if existing:
        return existing
    last = Collection.objects.filter(depth=2).order_by("-path").first()
    next_step = int(last.path[-4:], 36) + 1 if last else 1
    collection = Collection.objects.create(
        name=name, path=root.path + format_step(next_step), depth=2, numchild=0
    )
    root.numchild = Collection.objects.filter(depth=2).count()
    root.save(update_fields=["numchild"])
    return collection


def format_step(number: int) -> str:
    """A treebeard path step: four base-36 digits, upper case."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(4):
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out


def backwards(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=[EDITORS, NETWORK_HOSTS, RAG, PARTNERS, LEADERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("kb", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailsearchpromotions", "0008_query_verbose_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailimages", "0027_image_description"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
