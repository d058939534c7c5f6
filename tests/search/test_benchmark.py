"""benchmark_search builds its corpus in a separate database, prints its figures and cleans up."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from kb.models import AlorDocument
from search.benchmark import Exhaustive, agrees


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_prints_figures_and_agreement_and_leaves_the_site_alone(capfd):
    call_command(
        "benchmark_search", items=40, repeat=2, runs=2, check_agreement=True, stdout=StringIO()
    )
    out = capfd.readouterr().out  # the child process writes to the real stdout
    assert "DEBUG: False" in out
    assert re.search(r"Full reindex of 40 items: \d+\.\d s", out)
    assert re.search(r"items hidden from a visitor", out)
    # Each query: its visible matches, their share, the API's count, count_exact, agreement.
    every = re.search(r"word in every item\s+(\d+)\s+[\d.]+%\s+(\d+)\s+yes\s+yes\s+\d+ / ", out)
    assert every, out
    # Drafts and the restricted items are not among the matches of the word in every item.
    assert int(every.group(1)) == int(every.group(2)) < 40
    assert re.search(r"all queries\s+100%\s+\d+ / \d+ / \d+\s+\d+ / \d+ / \d+", out)
    assert out.count("machine speed reference: ") == 4  # before and after each run
    assert re.search(r"run 2: \d+ / \d+ ms; service \d+ / \d+ / \d+ ms", out)
    assert re.search(r"\| (SQLite|PostgreSQL) \| 40 \| \d+ s \| .* \| 28 of 28 \(100%\) \|", out)
    # Nothing of the corpus in the site's own database, and no benchmark database left over.
    assert AlorDocument.objects.count() == 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s",
                [f"{connection.settings_dict['NAME']}_benchmark"],
            )
            assert cursor.fetchone() is None


def _truth():
    ranked = [(1, 7), (0, 3), (0, 2), (1, 5)]
    scores = {(1, 7): 3.0, (0, 3): 2.0, (0, 2): 2.0, (1, 5): 1.0}
    return Exhaustive(ranked=ranked, keys={k: (v,) for k, v in scores.items()})


def _hits(*items):
    urls = {0: "/kunnskap/artikkel-{}/", 1: "/documents/{}/benchmark.pdf"}
    return [
        {"type": "document" if kind else "article", "url": urls[kind].format(pk), "score": 0.0}
        for kind, pk in items
    ]


SLUGS = {f"artikkel-{pk}": pk for pk in (2, 3)}


def test_agreement_allows_equal_scores_to_swap_and_nothing_else():
    truth = _truth()

    def check(start, *items):
        return agrees(_hits(*items), truth, start, 2, SLUGS)

    assert check(0, (1, 7), (0, 3)) is None
    assert check(0, (1, 7), (0, 2)) is None  # (0, 2) ties with (0, 3)
    assert check(2, (0, 3), (1, 5)) is None  # page 2, after a tie across the pages
    assert "position 1" in check(0, (0, 3), (1, 7))
    assert "position 3" in check(2, (1, 5), (0, 2))
    assert "no visible match" in check(0, (1, 7), (1, 9))
    assert "twice" in check(1, (0, 3), (0, 3))
    assert "hits on the page" in check(0, (1, 7))  # a match left out at the end
    assert "hits on the page" in check(2, (0, 2), (1, 5), (1, 7))
