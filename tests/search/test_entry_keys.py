"""SQLite: the narrow key table the full-text matches are joined to stays in step with the
index entries, whatever writes them."""

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.search.index import insert_or_update_object, remove_object

from kb.models import ArticlePage
from search import entry_keys
from tests.search.conftest import make_document

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's index only")


def _keys():
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT id, ct, oid FROM {entry_keys.TABLE}")  # noqa: S608
        keys = set(cursor.fetchall())
        cursor.execute(
            "SELECT id, content_type_id, CAST(object_id AS INTEGER) FROM wagtailsearch_indexentry"
        )
        return keys, set(cursor.fetchall())


def _in_step():
    keys, entries = _keys()
    assert keys == entries
    return keys


def test_the_keys_follow_every_write_to_the_index(tree):
    article = tree.knowledge.add_child(
        instance=ArticlePage(title="Kvernstein", slug="kvernstein", intro="Kvernstein.")
    )
    document = make_document("Kvernstein-rapporten", "Kvernstein i teksten.")
    assert len(_in_step()) >= 2
    article.title = "Kvernsteinen"
    article.save_revision().publish()
    insert_or_update_object(document)
    _in_step()
    remove_object(document)
    assert not [k for k in _in_step() if k[2] == document.pk and k[1] != article.content_type_id]
    call_command("update_index", verbosity=0)
    _in_step()
