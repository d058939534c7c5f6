"""The production stack without Docker: gunicorn with `alor.settings.production` and a
`db_worker`, on a PostgreSQL database of their own. A file uploaded over HTTP through the admin
is processed by the worker (not in the request) and found by its content through `/api/search/`.

Runs on PostgreSQL only (the PostgreSQL run of `make test`, and `make prod-check`). The new
database is a copy of the migrated test database (`CREATE DATABASE … TEMPLATE`), which takes a
second where migrating takes most of a minute; it is dropped at the end.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import urlencode

import psycopg
import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection, connections
from django_tasks_db.compat import TaskResultStatus

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "prod-check-" + secrets.token_hex(8)
WORD = "kvitsteinbruddsmodellen"  # in no other document: the search finds it or nothing

pytestmark = [
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")),
        reason="the production stack runs on PostgreSQL: set DATABASE_URL (make prod-check does)",
    ),
    # The test database is made and migrated for this test too; no transaction is held open on
    # it, since a database copied as a template must have no session.
    pytest.mark.django_db(transaction=True),
]


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _server_url(name="postgres"):
    settings = connection.settings_dict
    user = settings["USER"] or "postgres"
    auth = f"{user}:{settings['PASSWORD']}" if settings["PASSWORD"] else user
    return (
        f"postgresql://{auth}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{name}"
    )


@pytest.fixture
def database(transactional_db, django_db_blocker):
    """A new database, a copy of the migrated test database, with one superuser."""
    name = f"alor_prodcheck_{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock():
        template = connection.settings_dict["NAME"]
        connections.close_all()  # a template must have no session
        with psycopg.connect(_server_url(), autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        try:
            with psycopg.connect(_server_url(name), autocommit=True) as db:
                # A test that ran on committed data (transaction=True) has emptied the tables,
                # the root collection and the locale the migrations made among them.
                db.execute(
                    "INSERT INTO wagtailcore_collection (path, depth, numchild, name)"
                    " SELECT '0001', 1, 0, 'Root'"
                    " WHERE NOT EXISTS (SELECT 1 FROM wagtailcore_collection WHERE depth = 1)"
                )
                db.execute(
                    "INSERT INTO wagtailcore_locale (language_code) SELECT 'nb'"
                    " WHERE NOT EXISTS (SELECT 1 FROM wagtailcore_locale)"
                )
                hashed = PBKDF2PasswordHasher().encode(PASSWORD, secrets.token_hex(8))
                db.execute(
                    "INSERT INTO auth_user (username, password, email, first_name, last_name,"
                    " is_superuser, is_staff, is_active, date_joined)"
                    " VALUES ('prodcheck', %s, '', '', '', true, true, true, now())",
                    [hashed],
                )
            yield name
        finally:
            with psycopg.connect(_server_url(), autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def stack(database, tmp_path):
    """gunicorn and db_worker, both with the production settings; stopped at the end."""
    port = _free_port()
    media, static = tmp_path / "media", tmp_path / "static"
    media.mkdir()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "alor.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(40),
        "DATABASE_URL": _server_url(database),
        "ALLOWED_HOSTS": "127.0.0.1",
        "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
        "SEARCH_BACKEND": "database",
        "MEDIA_ROOT": str(media),
        "STATIC_ROOT": str(static),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "OMP_THREAD_LIMIT": "1",
    }
    # Static files for the admin's pages (ManifestStaticFilesStorage needs its manifest).
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT, env=env, check=True, timeout=120,
    )  # fmt: skip
    logs = {name: (tmp_path / f"{name}.log").open("w+") for name in ("web", "worker")}
    commands = {
        "web": [
            sys.executable, "-m", "gunicorn", "alor.wsgi", "--bind", f"127.0.0.1:{port}",
            "--workers", "2", "--timeout", "60",
        ],
        "worker": [sys.executable, "manage.py", "db_worker", "--interval", "0.2"],
    }  # fmt: skip
    processes = {
        name: subprocess.Popen(  # noqa: S603  our own programs
            command,
            cwd=ROOT,
            env=env,
            stdout=logs[name],
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip
        for name, command in commands.items()
    }
    site = Site(port, processes, logs)
    try:
        yield site
    finally:
        for process in processes.values():
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)
        for log in logs.values():
            log.close()


class Site:
    """HTTP to the running gunicorn as a browser behind the TLS proxy would speak it."""

    def __init__(self, port, processes, logs):
        self.port, self.processes, self.logs = port, processes, logs
        self.cookies: dict[str, str] = {}
        self.origin = f"https://127.0.0.1:{port}"

    def output(self) -> str:
        parts = []
        for name, log in self.logs.items():
            log.flush()
            log.seek(0)
            parts.append(f"--- {name}\n{log.read()[-3000:]}")
        return "\n".join(parts)

    def request(self, method, path, body=None, headers=None):
        for name, process in self.processes.items():
            assert process.poll() is None, f"{name} stopped\n{self.output()}"
        sent = {
            "Host": f"127.0.0.1:{self.port}",
            "X-Forwarded-Proto": "https",  # as the proxy sends it: the cookies are Secure
            **(headers or {}),
        }
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=sent)
            response = conn.getresponse()
            data = response.read()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name] = rest.split(";", 1)[0]
        return response.status, response.headers, data

    def form(self, path, fields, files=None):
        """POST a form as the admin's pages do (CSRF token, Origin and Referer)."""
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in fields.items():
            disposition = f'Content-Disposition: form-data; name="{key}"'
            parts.append(f"--{boundary}\r\n{disposition}\r\n\r\n{value}\r\n".encode())
        for key, (filename, content) in (files or {}).items():
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"; '
                f'filename="{filename}"\r\nContent-Type: text/plain\r\n\r\n'.encode()
                + content
                + b"\r\n"
            )
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request(
            "POST",
            path,
            body=b"".join(parts),
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "Origin": self.origin,
                "Referer": self.origin + path,
            },
        )

    def csrf_token(self, path):
        status, _headers, page = self.request("GET", path)
        assert status == 200, (path, status, page[:500])
        return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()

    def wait_for(self, what, check, timeout):
        deadline = time.monotonic() + timeout
        while True:
            try:
                result = check()
            except (ConnectionError, OSError):
                result = None
            if result:
                return result
            assert time.monotonic() < deadline, f"{what}: not within {timeout} s\n{self.output()}"
            time.sleep(0.2)


def _search(site, q):
    status, _headers, body = site.request("GET", "/api/search/?" + urlencode({"q": q}))
    assert status == 200, body[:500]
    return json.loads(body)


def test_an_upload_is_processed_by_the_worker_and_found_by_its_content(stack, database):
    site = stack
    started = time.monotonic()

    # Ready: the database answers, the media folder is writable and the worker has registered.
    def ready():
        status, _headers, body = site.request("GET", "/ready/")
        return status == 200 and json.loads(body)

    body = site.wait_for("/ready/", ready, timeout=60)
    assert body["checks"]["tasks"]["workers"] == 1
    assert _search(site, WORD)["count"] == 0

    token = site.csrf_token("/admin/login/")
    status, headers, _page = site.form(
        "/admin/login/",
        {"csrfmiddlewaretoken": token, "username": "prodcheck", "password": PASSWORD},
    )
    assert status == 302, "login refused"
    assert headers["Location"].endswith("/admin/")

    with psycopg.connect(_server_url(database)) as db:
        [collection] = db.execute(
            "SELECT id FROM wagtailcore_collection WHERE depth = 1"
        ).fetchone()
    token = site.csrf_token("/admin/documents/add/")
    status, headers, page = site.form(
        "/admin/documents/add/",
        {
            "csrfmiddlewaretoken": token, "title": "Referat fra nettverksmøtet",
            "collection": collection, "kind": "other", "language": "nb",
            "tags": "", "description": "",
        },
        files={"file": ("referat.txt", f"Vi drøftet {WORD} for arbeidslivet.\n".encode())},
    )  # fmt: skip
    assert status == 302, page.decode()[:2000]

    # The request only queued the work: the worker reads the file.
    def processed():
        with psycopg.connect(_server_url(database)) as db:
            row = db.execute(
                "SELECT processing_status, extracted_text FROM kb_alordocument"
                " WHERE title = 'Referat fra nettverksmøtet'"
            ).fetchone()
            task = db.execute(
                "SELECT status, worker_ids FROM django_tasks_database_dbtaskresult"
                " WHERE task_path LIKE %s ORDER BY enqueued_at DESC LIMIT 1",
                ["%process_document%"],
            ).fetchone()
        return (
            row
            and row[0] == "done"
            and task
            and task[0] == TaskResultStatus.SUCCESSFUL
            and (row, task)
        )

    (status_, text), (task_status, worker_ids) = site.wait_for("processing", processed, 30)
    assert WORD in text
    assert worker_ids, "the task was run by the worker"

    # Found by its content, anonymously, through the JSON API.
    site.cookies.clear()
    hits = site.wait_for("search", lambda: _search(site, WORD)["count"] and _search(site, WORD), 10)
    assert [hit["title"] for hit in hits["results"]] == ["Referat fra nettverksmøtet"]
    assert time.monotonic() - started < 60
