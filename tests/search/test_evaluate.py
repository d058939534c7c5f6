"""evaluate_search: the relevance set, its measures, and the figures on both database engines.

The command builds the set once per test run (module-scoped: migrate, pages, 65 documents
imported with OCR, then 300 distractors) in its own scratch database and writes its figures as
JSON; the tests below read them.
"""

import csv
import hashlib
import json
import math
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from search import evaluation
from search.evaluation import Query, QueryResult, Summary, ndcg, recall, reciprocal_rank
from search.relevance import generate

DISTRACTORS = 300

needs_tesseract = pytest.mark.skipif(
    shutil.which("tesseract") is None,
    reason="Tesseract is not installed (Debian: tesseract-ocr tesseract-ocr-nor)",
)


# ------------------------------------------------------------------ the measures, by hand


def test_ndcg_uses_graded_gains_and_the_ideal_order():
    judgments = {"a": 3, "b": 1, "c": 2}
    # DCG of a, x, b: (2³−1)/log2(2) + 0 + (2¹−1)/log2(4) = 7 + 0.5
    # ideal a, c, b: 7 + (2²−1)/log2(3) + 1/log2(4)
    expected = 7.5 / (7 + 3 / math.log2(3) + 0.5)
    assert ndcg(["a", "x", "b"], judgments) == pytest.approx(expected)
    assert ndcg(["a", "c", "b"], judgments) == pytest.approx(1.0)
    assert ndcg(["c", "a", "b"], judgments) < 1.0  # the best item second costs
    assert ndcg(["x", "y"], judgments) == 0.0


def test_ndcg_counts_only_the_first_ten():
    judgments = {"a": 3}
    ranked = [f"x{i}" for i in range(10)] + ["a"]
    assert ndcg(ranked, judgments) == 0.0
    assert ndcg(ranked[1:], judgments) == pytest.approx(1 / math.log2(11))


def test_recall_at_ten_counts_relevant_items_found():
    judgments = {"a": 3, "b": 1, "c": 2, "d": 0}
    assert recall(["a", "x", "b", "d"], judgments) == pytest.approx(2 / 3)
    assert recall([f"x{i}" for i in range(10)] + ["a", "b", "c"], judgments) == 0.0


def test_reciprocal_rank_of_the_first_relevant_item():
    judgments = {"a": 2, "b": 3, "z": 0}
    assert reciprocal_rank(["z", "x", "a", "b"], judgments) == pytest.approx(1 / 3)
    assert reciprocal_rank(["b"], judgments) == 1.0
    assert reciprocal_rank(["z", "x"], judgments) == 0.0
    assert reciprocal_rank([f"x{i}" for i in range(10)] + ["a"], judgments) == 0.0


def test_summary_averages_over_queries_and_lists_zero_hits():
    first = Query("eitt", "folded", {"a": 3})
    second = Query("to", "folded", {"b": 3})
    results = [
        QueryResult(first, ["x", "a"], ["X", "A"], 2, ndcg=0.6, recall=1.0, rr=0.5),
        QueryResult(second, ["x"], ["X"], 1, ndcg=0.0, recall=0.0, rr=0.0),
    ]
    summary = Summary.of(results)
    assert (summary.ndcg, summary.recall, summary.mrr) == pytest.approx((0.3, 0.5, 0.25))
    assert summary.zero_hit == ["to"]


def test_distractors_mention_five_common_words_once():
    notes = list(evaluation.distractor_texts(50))
    assert len({text for _title, text in notes}) == 50
    for _title, text in notes:
        words = text.replace(".", " ").split()
        mentioned = [w for w in evaluation.COMMON_WORDS if w in words]
        assert len(mentioned) == 5, text
        assert all(words.count(w) == 1 for w in mentioned), text
    assert list(evaluation.distractor_texts(3, start=10)) == notes[10:13]


# ------------------------------------------------------------------ the set's files


def test_the_set_covers_every_class_with_enough_queries_and_documents():
    classes, queries = evaluation.load_queries()
    assert len(queries) >= 80
    for name in classes:
        assert sum(q.cls == name for q in queries) >= 4, name
    documents = evaluation.load_documents()
    assert len(documents) >= 60
    formats = {d.get("format") or d["file"].rsplit(".", 1)[-1] for d in documents}
    assert {"pdf", "docx", "pptx", "md", "txt"} <= formats
    scans = [
        d for d in documents if (d.get("format") or d["file"][-3:]) in ("png", "jpg", "scanpdf")
    ]
    assert len(scans) >= 2
    assert any(d.get("language") == "en" for d in documents)
    for query in queries:
        relevant = [k for k, g in query.judgments.items() if g > 0]
        assert 1 <= len(relevant) <= 8, query.q


@pytest.mark.slow
def test_the_committed_files_are_what_the_generator_writes(tmp_path):
    generate.main(tmp_path)
    written = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    committed = {p.name: p.read_bytes() for p in evaluation.DOCUMENTS_DIR.iterdir()}
    assert written.keys() == committed.keys()
    for name, data in written.items():
        assert hashlib.sha256(data).digest() == hashlib.sha256(committed[name]).digest(), name
    with open(evaluation.DOCUMENTS_DIR / "metadata.csv", encoding="utf-8") as handle:
        assert len(list(csv.DictReader(handle))) == len(evaluation.load_documents())
    assert sum(len(data) for data in committed.values()) < 2 * 1024 * 1024


def test_descending_distractor_counts_are_refused():
    with pytest.raises(CommandError, match="ascending"):
        call_command("evaluate_search", distractors=[300, 100], stdout=StringIO())


# ------------------------------------------------------------------ the command on this engine


@pytest.fixture(scope="module")
def figures(tmp_path_factory):
    """One run of the command on this engine: its printed report and its JSON figures."""
    path = tmp_path_factory.mktemp("evaluate") / "figures.json"
    out = StringIO()
    call_command("evaluate_search", distractors=[DISTRACTORS], json=str(path), stdout=out)
    return out.getvalue(), json.loads(path.read_text())


@pytest.mark.slow
@needs_tesseract
@pytest.mark.django_db
def test_prints_the_figures_overall_and_per_class(figures):
    out, data = figures
    assert data["engine"] == connection.vendor
    assert f"Summary ({connection.vendor})" in out
    assert "nDCG@10" in out and "recall@10" in out and "MRR" in out
    for name in data["classes"]:
        assert f"  {name} " in out
    assert [run["distractors"] for run in data["runs"]] == [0, DISTRACTORS]
    assert data["queries"] >= 80 and data["documents"] >= 60
    assert data["ocr_documents"] >= 2  # the scans were read by Tesseract in the import
    for run in data["runs"]:
        assert 0 < run["overall"]["ndcg"] <= 1
        assert len(run["queries"]) == data["queries"]
        zero = [q["q"] for q in run["queries"] if q["rr"] == 0]
        assert run["overall"]["zero_hit"] == zero
        for q in zero:
            assert f"«{q}»" in out
    # Distractors are what the runs with them add, and are judged not relevant.
    keys = {hit["key"] for q in data["runs"][1]["queries"] for hit in q["ranked"]}
    assert evaluation.DISTRACTOR in keys
    distractor_grades = {
        hit["grade"]
        for q in data["runs"][1]["queries"]
        for hit in q["ranked"]
        if hit["key"] == evaluation.DISTRACTOR
    }
    assert distractor_grades == {0}


@pytest.mark.slow
@needs_tesseract
@pytest.mark.django_db
def test_leaves_the_site_alone(figures):
    from kb.models import AlorDocument

    assert AlorDocument.objects.count() == 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # This process's scratch database (another worker may be running its own).
            name = f"{connection.settings_dict['NAME']}_evaluate"
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            assert cursor.fetchone() is None


@pytest.mark.slow
@needs_tesseract
def test_the_set_meets_the_targets(figures):
    """The issue's targets: nDCG@10 ≥ 0.95 on the set, no query without a relevant hit, and
    the distractors cost at most 0.03 (the README gives the figure with 20,000)."""
    _out, data = figures
    for run in data["runs"]:
        assert run["overall"]["zero_hit"] == [], run["distractors"]
    alone, with_distractors = (run["overall"]["ndcg"] for run in data["runs"])
    assert alone >= 0.95
    assert with_distractors >= alone - 0.03
