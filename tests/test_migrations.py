"""The migrations, run for real: they leave what the tests' database set-up builds.

The suite runs on a database built without migrations (tests/database.py). This test migrates
a fresh database in a child process, as `make run` does, and compares its groups, permissions,
pages, collections, workflows and search SQL objects with the test database's.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from search.scratch_database import scratch_database
from tests import database

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = "import json; from tests.database import snapshot; print(json.dumps(snapshot()))"


def _manage(url, *argv):
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "alor.settings.test"}
    done = subprocess.run(  # noqa: S603 - our own manage.py, our own arguments
        [sys.executable, "manage.py", *argv],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


@pytest.mark.slow
@pytest.mark.django_db
def test_a_migrated_database_has_what_the_test_database_was_given():
    url, cleanup = scratch_database("migrations")
    try:
        _manage(url, "migrate", "--noinput", "-v", "0")
        migrated = json.loads(_manage(url, "shell", "--no-imports", "-c", SNAPSHOT))
    finally:
        cleanup()
    built = json.loads(json.dumps(database.snapshot()))
    assert migrated["groups"], "the migrations made no groups"
    missing = sorted(set(migrated["permissions"]) - set(built["permissions"]))
    extra = sorted(set(built["permissions"]) - set(migrated["permissions"]))
    assert (missing, extra) == ([], [])
    assert built == migrated
