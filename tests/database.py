"""The test database without migrations: tables by syncdb, then what the migrations add.

`pytest --no-migrations` (the default, see pyproject.toml) builds the tables straight from the
models, which takes a fraction of running every migration. What the migrations create besides
tables comes from here:

- Wagtail's initial data (root page, welcome page, default site, root collection, the default
  locale and the «Moderators approval» workflow), written as Wagtail's data migrations leave
  it after ours have run;
- the SQL objects of the search index (SQLite's FTS5 tables and their triggers, statements
  taken from the very migrations that create them, and the narrow key table and covering
  indexes of search.entry_keys; PostgreSQL's `alor_norwegian`);
- our groups, permissions and approval workflow, by the functions our migrations call.

tests/test_migrations.py migrates a fresh database for real and compares it with `snapshot()`
of one built here, so the two cannot drift apart unnoticed.
"""

import importlib

from django.apps import apps
from django.conf import settings
from django.db import connection, migrations, transaction
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings
from wagtail.coreutils import get_supported_content_language_variant

from kb import groups
from kb.governance import permissions as governance_permissions
from kb.governance import workflow as governance_workflow
from search import entry_keys, textsearch

# The migration whose SQL statements build SQLite's full-text table (a virtual table and three
# triggers); syncdb makes an ordinary table of the same name, which is replaced.
SQLITE_FTS_MIGRATIONS = ["wagtail.search.migrations.0006_customise_indexentry"]


def _run_sql_of(module_name):
    """The RunSQL statements of a migration, in order, with the tables they create as state."""
    migration = importlib.import_module(module_name).Migration
    tables, statements = [], []
    for operation in migration.operations:
        if isinstance(operation, migrations.SeparateDatabaseAndState):
            for state_operation in operation.state_operations:
                if isinstance(state_operation, migrations.CreateModel):
                    tables.append(state_operation.options["db_table"])
            database_operations = operation.database_operations
        else:
            database_operations = [operation]
        statements += [op.sql for op in database_operations if isinstance(op, migrations.RunSQL)]
    return tables, statements


def create_search_sql_objects():
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            for module_name in SQLITE_FTS_MIGRATIONS:
                tables, statements = _run_sql_of(module_name)
                for table in tables:
                    cursor.execute(f"DROP TABLE IF EXISTS {table}")
                for statement in statements:
                    cursor.execute(statement)
        entry_keys.create(connection, apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table)
        entry_keys.create_privacy_indexes(connection)
    index_table = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    textsearch.ensure_configuration(connection, index_table)


def create_wagtail_initial_data():
    """Wagtail's data migrations (wagtailcore 0002, 0025, 0048, 0054; wagtail_localize 0006),
    as they leave the database: the stock groups they make, ensure_groups removes again."""
    Collection = apps.get_model("wagtailcore", "Collection")
    ContentType = apps.get_model("contenttypes", "ContentType")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    locale = Locale.objects.create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    page_type = ContentType.objects.get_for_model(Page)
    fields = {"content_type": page_type, "locale": locale}
    # As the migration wrote them: rows, not treebeard's add_root/add_child.
    root, welcome = Page.objects.bulk_create(
        [
            Page(
                title="Root",
                draft_title="Root",
                slug="root",
                path="0001",
                depth=1,
                numchild=1,
                url_path="/",
                **fields,
            ),
            Page(
                title="Welcome to your new Wagtail site!",
                draft_title="Welcome to your new Wagtail site!",
                slug="home",
                path="00010001",
                depth=2,
                numchild=0,
                url_path="/home/",
                **fields,
            ),
        ]
    )
    Site.objects.create(hostname="localhost", root_page=welcome, is_default_site=True)
    Collection.objects.create(name="Root", path="0001", depth=1, numchild=0)

    task_type = ContentType.objects.get_for_model(GroupApprovalTask)
    task = GroupApprovalTask.objects.create(
        name="Moderators approval", content_type=task_type, active=True
    )
    workflow = Workflow.objects.create(name="Moderators approval", active=True)
    WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    WorkflowPage.objects.create(workflow=workflow, page=root)

    # wagtail_localize's permission hangs off a content type of no model: its migration's own
    # function makes it.
    importlib.import_module(
        "wagtail_localize.migrations.0006_create_submit_translation_permission"
    ).create_submit_translation_permission(apps, None)


def build():
    """Fill a database whose tables syncdb made, as `migrate` would have left it (in one
    transaction, as each migration runs in one)."""
    # The migrations table first: SQLite's schema editor refuses to run inside a transaction.
    MigrationRecorder(connection).ensure_schema()
    with transaction.atomic():
        _build()


def record_migrations():
    """Every migration on disk, recorded as applied, as after `migrate` (wagtail_localize reads
    its app's latest migration as the schema version of what it stores)."""
    recorder = MigrationRecorder(connection)
    recorder.ensure_schema()
    applied = set(recorder.applied_migrations())
    with override_settings(MIGRATION_MODULES={}):  # pytest-django hides them for the session
        graph = MigrationLoader(connection, ignore_no_migrations=True).graph
    # A squashed migration is recorded with each migration it replaces, as migrate records it.
    keys = set()
    for key, migration in graph.nodes.items():
        keys.add(key)
        keys.update(migration.replaces)
    recorder.Migration.objects.bulk_create(
        recorder.Migration(app=app, name=name) for app, name in sorted(keys - applied)
    )


def _build():
    record_migrations()
    create_search_sql_objects()
    create_wagtail_initial_data()
    groups.ensure_groups(apps)
    groups.grant_translation(apps)
    governance_workflow.ensure_workflow(apps)
    governance_workflow.retire_stock_workflow(apps)
    governance_permissions.grant_to_rag(apps)
    groups.grant_network_collections(apps)


def snapshot():
    """What the migrations leave besides tables, in a form two databases can be compared by."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")

    def perm(p):
        return f"{p.content_type.app_label}.{p.codename}"

    data = {
        "permissions": sorted(perm(p) for p in Permission.objects.select_related("content_type")),
        "groups": {
            g.name: sorted(perm(p) for p in g.permissions.select_related("content_type"))
            for g in Group.objects.all()
        },
        "page_permissions": sorted(
            [p.group.name, p.page.path, perm(p.permission)]
            for p in apps.get_model("wagtailcore", "GroupPagePermission").objects.all()
        ),
        "collection_permissions": sorted(
            [p.group.name, p.collection.name, perm(p.permission)]
            for p in apps.get_model("wagtailcore", "GroupCollectionPermission").objects.all()
        ),
        "collections": sorted(
            [c.path, c.name, c.depth, c.numchild]
            for c in apps.get_model("wagtailcore", "Collection").objects.all()
        ),
        "collection_restrictions": sorted(
            [r.collection.name, r.restriction_type, sorted(g.name for g in r.groups.all())]
            for r in apps.get_model("wagtailcore", "CollectionViewRestriction").objects.all()
        ),
        "pages": sorted(
            [
                p.path,
                p.title,
                p.draft_title,
                p.slug,
                p.url_path,
                p.numchild,
                p.live,
                p.content_type.model,
                p.locale.language_code,
            ]
            for p in Page.objects.all()
        ),
        "sites": sorted(
            [s.hostname, s.port, s.root_page.path, s.is_default_site]
            for s in apps.get_model("wagtailcore", "Site").objects.all()
        ),
        "locales": sorted(
            locale.language_code for locale in apps.get_model("wagtailcore", "Locale").objects.all()
        ),
        "workflows": sorted(
            [
                w.name,
                w.active,
                [
                    [
                        t.task.name,
                        t.task.content_type.model,
                        # What the step means (kb.models.workflow.GovernanceApprovalTask).
                        getattr(t.task.specific, "gives_status", ""),
                        getattr(t.task.specific, "asks_for_decision", None),
                        sorted(g.name for g in t.task.specific.groups.all()),
                    ]
                    for t in w.workflow_tasks.order_by("sort_order")
                ],
                sorted(p.page.path for p in w.workflow_pages.all()),
            ]
            for w in apps.get_model("wagtailcore", "Workflow").objects.all()
        ),
        "migrations": sorted(
            [m.app, m.name] for m in MigrationRecorder(connection).migration_qs.all()
        ),
        "sql_objects": _sql_objects(),
    }
    return data


def _sql_objects():
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT type, name, sql FROM sqlite_master WHERE type = 'trigger' "
                "OR sql LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
            )
            return [list(row) for row in cursor.fetchall()]
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.cfgname, t.alias, d.dictname FROM pg_ts_config c "
                "JOIN pg_ts_config_map m ON m.mapcfg = c.oid "
                "JOIN pg_ts_dict d ON d.oid = m.mapdict "
                "JOIN ts_token_type(c.cfgparser) t ON t.tokid = m.maptokentype "
                "WHERE c.cfgname = %s ORDER BY t.alias, m.mapseqno",
                [textsearch.CONFIG],
            )
            mapping = [list(row) for row in cursor.fetchall()]
            cursor.execute("SELECT dictname FROM pg_ts_dict WHERE dictname LIKE 'alor%%'")
            dictionaries = sorted(row[0] for row in cursor.fetchall())
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = %s", [textsearch.INDEX]
            )
            indexes = [row[0] for row in cursor.fetchall()]
            cursor.execute("SELECT extname FROM pg_extension WHERE extname = 'unaccent'")
            extensions = [row[0] for row in cursor.fetchall()]
            return [mapping, dictionaries, indexes, extensions]
    return []
