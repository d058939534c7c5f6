"""SQLite: the narrow key table the full-text matches are joined to stays in step with the
index entries, whatever writes them."""

import pytest
from django.core.management import call_command
from django.db import connection
from wagtail.search.index import insert_or_update_object, remove_object

from kb.models import ArticlePage
from search import entry_keys
from search.engines import database
from search.params import SearchParams
from search.service import search
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


@pytest.mark.parametrize(
    "params",
    [
        {"q": "fravær"},
        {"q": "kvitstein"},
        {"q": "hvitveis"},
        {"q": "samling", "network": "more-og-romsdal"},
        {"q": "arbeidsplassen", "sort": "date"},
    ],
)
def test_both_ways_of_checking_privacy_answer_the_same(
    corpus, private_items, rag_user, monkeypatch, params
):
    """Against lists of the visible items built once, or by a look-up per match (chosen by the
    share of the index a match holds): the same hits, count and facets, for a visitor and for
    RAG."""
    answers = {}
    for share in (0.0, float("inf")):
        monkeypatch.setattr(database, "IN_LIST_SHARE", share)
        for user in (None, rag_user):
            result = search(SearchParams.from_data(params, strict=True), user)
            answers[share, user] = (
                [(hit.title, hit.score) for hit in result.results],
                result.count,
                {
                    name: [(v.value, v.count) for v in values]
                    for name, values in result.facets.items()
                },
            )
    assert answers[0.0, None] == answers[float("inf"), None]
    assert answers[0.0, rag_user] == answers[float("inf"), rag_user]
    if params["q"] == "hvitveis":  # the RAG document: RAG finds it, a visitor does not
        assert answers[0.0, None][1] == 0 and answers[0.0, rag_user][1] == 1
