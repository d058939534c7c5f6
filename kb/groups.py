"""The user groups of the site, by role, and the set-up that creates them with their rights."""

from django.contrib.auth.management import create_permissions

EDITORS = "Redaktører"
NETWORK_HOSTS = "Nettverksverter"
RAG = "RAG"
PARTNERS = "Partnere (Akan)"
LEADERS = "Ledergruppen (K7)"

ALL = [EDITORS, NETWORK_HOSTS, RAG, PARTNERS, LEADERS]

# The private collection for RAG's documents (signed agreements, minutes, mandates).
RAG_COLLECTION = "RAG"
# The shared collection where network hosts upload programmes and presentations.
SHARED_COLLECTION = "Felles"
# The networks' own collections («Nettverkene» › <city>): each network's host group adds,
# changes and chooses documents in its own; every host may choose from all of them.
NETWORKS_COLLECTION = "Nettverkene"


def network_host_group_name(city: str) -> str:
    """The group that hosts one network and edits its subtree."""
    return f"{NETWORK_HOSTS} – {city}"


# The set-up below is run by the data migrations (kb/migrations/0002 and 0008) and, on a test
# database built without migrations, by the tests' set-up: one definition, so the two agree.
# `apps` is the migration's app registry, or django.apps.apps.

MEDIA = ("add", "change", "delete", "choose")


def ensure_permissions(apps, app_labels=None):
    """Create the model permissions now (Django creates them only after the whole migrate)."""
    for app_config in apps.get_app_configs():
        if app_labels is not None and app_config.label not in app_labels:
            continue
        models_module = getattr(app_config, "models_module", None)
        app_config.models_module = True
        try:
            create_permissions(app_config, apps=apps, verbosity=0)
        finally:
            app_config.models_module = models_module


def permission(apps, app_label, codename):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def ensure_groups(apps):
    """The role groups with their model, collection and page permissions, and RAG's private
    collection. Safe to run again: what exists is kept."""
    ensure_permissions(apps)
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    CollectionViewRestriction = apps.get_model("wagtailcore", "CollectionViewRestriction")
    Page = apps.get_model("wagtailcore", "Page")

    # Wagtail's stock groups are replaced by the roles below; drop them while nobody uses them.
    Group.objects.filter(name__in=["Moderators", "Editors"], user__isnull=True).delete()

    admin_access = permission(apps, "wagtailadmin", "access_admin")
    groups = {}
    for name in ALL:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(admin_access)
        groups[name] = group

    editors = groups[EDITORS]
    for model in ("topic", "organisation", "person"):
        for action in ("add", "change", "delete"):
            editors.permissions.add(permission(apps, "kb", f"{action}_{model}"))
    editors.permissions.add(permission(apps, "wagtailsearchpromotions", "add_query"))
    editors.permissions.add(permission(apps, "wagtailsearchpromotions", "change_query"))

    # Wagtail checks document and image rights against its own models (wagtaildocs.Document,
    # wagtailimages.Image), whichever custom model stores them.
    def media_permissions(actions):
        return [permission(apps, "wagtaildocs", f"{a}_document") for a in actions] + [
            permission(apps, "wagtailimages", f"{a}_image") for a in actions
        ]

    def grant_collection(group, collection, actions):
        for media_permission in media_permissions(actions):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=media_permission
            )

    root_collection = Collection.objects.get(depth=1)
    shared = _child_collection(Collection, root_collection, SHARED_COLLECTION)
    rag_collection = _child_collection(Collection, root_collection, RAG_COLLECTION)

    # Editors (RAG members and the digital lead) keep every collection; network hosts work in
    # the shared collection, which does not reach into RAG's private one.
    grant_collection(editors, root_collection, MEDIA)
    grant_collection(groups[NETWORK_HOSTS], shared, ("add", "change", "choose"))

    # Editors work on the whole site.
    root_page = Page.objects.get(depth=1)
    for codename in ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"):
        GroupPagePermission.objects.get_or_create(
            group=editors, page=root_page, permission=permission(apps, "wagtailcore", codename)
        )

    # RAG's private collection: signed agreements, minutes, mandates.
    restriction, _ = CollectionViewRestriction.objects.get_or_create(
        collection=rag_collection, restriction_type="groups"
    )
    restriction.groups.add(groups[RAG])
    grant_collection(groups[RAG], rag_collection, MEDIA)


def ensure_network_collection(apps, city: str):
    """The network's own collection under «Nettverkene», where its host group adds, changes and
    chooses documents (and images); every network host may choose from the networks'
    collections. Safe to run again. Called when a network page is created
    (kb.signal_handlers) and, for the networks that exist, by migration kb/0012."""
    Group = apps.get_model("auth", "Group")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    root = Collection.objects.get(depth=1)
    networks = _child_collection(Collection, root, NETWORKS_COLLECTION)
    collection = _child_collection(Collection, networks, city)
    own, _ = Group.objects.get_or_create(name=network_host_group_name(city))
    hosts, _ = Group.objects.get_or_create(name=NETWORK_HOSTS)
    grants = [(own, collection, ("add", "change", "choose")), (hosts, networks, ("choose",))]
    for group, where, actions in grants:
        for action in actions:
            for app_label, model in (("wagtaildocs", "document"), ("wagtailimages", "image")):
                GroupCollectionPermission.objects.get_or_create(
                    group=group,
                    collection=where,
                    permission=permission(apps, app_label, f"{action}_{model}"),
                )
    return collection


def grant_network_collections(apps):
    """Each network's collection and its hosts' rights there (migration kb/0012)."""
    ensure_permissions(apps, ["wagtaildocs", "wagtailimages"])
    NetworkPage = apps.get_model("kb", "NetworkPage")
    for city in NetworkPage.objects.exclude(city="").values_list("city", flat=True).distinct():
        ensure_network_collection(apps, city)


def remove_network_collection_rights(apps):
    """Undo grant_network_collections: the rights go; the collections stay with their
    documents."""
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupCollectionPermission.objects.filter(
        collection__path__startswith=_networks_path(apps), group__name__startswith=NETWORK_HOSTS
    ).delete()


def _networks_path(apps) -> str:
    Collection = apps.get_model("wagtailcore", "Collection")
    networks = Collection.objects.filter(name=NETWORKS_COLLECTION, depth=2).first()
    return networks.path if networks else "-"


# wagtail-localize's one right: submit a page or a snippet for translation, which opens its
# translation editor. Editing and publishing the translation is then the target's own page or
# snippet permission (editors hold them on the whole tree; RAG on its section, where the
# English pages get RAG's rights as they are created, kb/signal_handlers.py).
SUBMIT_TRANSLATION = ("wagtail_localize", "submit_translation")
TRANSLATORS = [EDITORS, RAG]


def grant_translation(apps):
    """Editors and RAG may translate (the data migration kb/migrations/0014 and the tests'
    set-up). Safe to run again."""
    Group = apps.get_model("auth", "Group")
    submit = permission(apps, *SUBMIT_TRANSLATION)
    for name in TRANSLATORS:
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(submit)


def revoke_translation(apps):
    Group = apps.get_model("auth", "Group")
    submit = permission(apps, *SUBMIT_TRANSLATION)
    for group in Group.objects.filter(name__in=TRANSLATORS):
        group.permissions.remove(submit)


def remove_groups(apps):
    apps.get_model("auth", "Group").objects.filter(name__in=ALL).delete()


def _child_collection(Collection, parent, name):
    """A collection directly under `parent` (treebeard's path arithmetic, done by hand: the
    migration's historical model has no treebeard methods)."""
    children = Collection.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
    existing = children.filter(name=name).first()
    if existing:
        return existing
    last = children.order_by("-path").first()
    next_step = int(last.path[-4:], 36) + 1 if last else 1
    collection = Collection.objects.create(
        name=name, path=parent.path + _path_step(next_step), depth=parent.depth + 1, numchild=0
    )
    parent.numchild = children.count()
    parent.save(update_fields=["numchild"])
    return collection


def _path_step(number: int) -> str:
    """A treebeard path step: four base-36 digits, upper case."""
    digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    out = ""
    for _ in range(4):
        number, rest = divmod(number, 36)
        out = digits[rest] + out
    return out
