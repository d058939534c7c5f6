"""benchmark_search builds its corpus in a separate database, prints its figures and cleans up."""

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection

from kb.models import AlorDocument


@pytest.mark.django_db(transaction=True)
def test_prints_reindex_time_and_percentiles_and_leaves_the_site_alone(capfd):
    call_command("benchmark_search", items=10, repeat=2, runs=2, stdout=StringIO())
    out = capfd.readouterr().out  # the child process writes to the real stdout
    assert "DEBUG: False" in out
    assert re.search(r"Full reindex of 10 items: \d+\.\d s", out)
    assert re.search(r"word in every item\s+\d+\s+\d+ / \d+ / \d+", out)
    assert re.search(r"all queries\s+\d+ / \d+ / \d+\s+\d+ / \d+ / \d+", out)
    assert out.count("machine speed reference: ") == 4  # before and after each run
    assert re.search(r"run 2: \d+ / \d+ ms; service \d+ / \d+ / \d+ ms", out)
    # Nothing of the corpus in the site's own database, and no benchmark database left over.
    assert AlorDocument.objects.count() == 0
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT 1 FROM pg_database WHERE datname = %s",
                [f"{connection.settings_dict['NAME']}_benchmark"],
            )
            assert cursor.fetchone() is None
