"""A separate, throw-away database on the site's own engine, for commands that build a corpus.

`benchmark_search` and `evaluate_search` fill a database of their own, so the site's data is
never touched: `<name>_<suffix>` on the same PostgreSQL server, or a temporary SQLite file.
`run_in_scratch_database` runs a management command again in a child process that uses it
(with DEBUG off, as a server runs, and a temporary media folder), then drops it.
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import psycopg
from django.conf import settings
from django.core.management import CommandError


def scratch_database(suffix):
    """(url, cleanup): a new empty database beside the configured one, and how to drop it."""
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        name = f"{db['NAME']}_{suffix}"
        conninfo: dict[str, Any] = {
            "host": db.get("HOST") or "localhost",
            "port": db.get("PORT") or 5432,
            "user": db.get("USER") or None,
            "password": db.get("PASSWORD") or None,
            "dbname": "postgres",
        }
        conninfo = {k: v for k, v in conninfo.items() if v is not None}

        def execute(sql):
            with psycopg.connect(**conninfo, autocommit=True) as conn:
                conn.execute(sql)

        execute(f'DROP DATABASE IF EXISTS "{name}"')
        execute(f'CREATE DATABASE "{name}"')
        auth = db.get("USER") or ""
        if db.get("PASSWORD"):
            auth += f":{db['PASSWORD']}"
        host = f"{conninfo['host']}:{conninfo['port']}"
        url = f"postgres://{auth + '@' if auth else ''}{host}/{name}"
        return url, lambda: execute(f'DROP DATABASE IF EXISTS "{name}"')
    if db["ENGINE"].endswith("sqlite3"):
        directory = tempfile.mkdtemp(prefix=f"alor-{suffix}-")
        path = Path(directory) / f"{suffix}.sqlite3"

        def cleanup():
            for file in Path(directory).glob("*"):
                file.unlink()
            Path(directory).rmdir()

        return f"sqlite:///{path}", cleanup
    raise CommandError("This command runs on SQLite or PostgreSQL.")


def run_in_scratch_database(command, arguments, *, suffix, child_flag, keep=False, stdout=None):
    """Run `manage.py <command> <arguments>` in a child process on a scratch database.

    The child sees `child_flag` set in its environment (so the command knows to do the work),
    DEBUG off and a media folder of its own; the database and the folder are removed afterwards
    unless `keep` is given. Raises CommandError when the child fails.
    """
    url, cleanup = scratch_database(suffix)
    media = tempfile.mkdtemp(prefix=f"alor-{suffix}-media-")
    env = {
        **os.environ,
        child_flag: "1",
        "DATABASE_URL": url,
        "DEBUG": "0",
        "MEDIA_ROOT": media,
    }
    argv = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), command, *arguments]
    if stdout is not None:
        stdout.write(f"Scratch database: {url.rsplit('@', 1)[-1]}")
    try:
        if stdout is None:
            status = subprocess.run(argv, env=env, check=False).returncode  # noqa: S603
        else:  # through the caller's stream, so what captures its output sees the child's
            with subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, text=True) as child:  # noqa: S603
                assert child.stdout is not None  # stdout=PIPE
                for line in child.stdout:
                    stdout.write(line.rstrip("\n"))
            status = child.returncode
        if status:
            raise CommandError(f"{command} failed in the scratch database (status {status}).")
    finally:
        if not keep:
            cleanup()
            shutil.rmtree(media, ignore_errors=True)
