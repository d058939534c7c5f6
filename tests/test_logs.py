"""Production's log: JSON lines with each request's id, an access line per request, events for
what operations count (task failures, search fallbacks), and Sentry when it is configured."""

import io
import json
import logging
import subprocess
import sys
import types

import pytest
from django.core.files.base import ContentFile
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django_tasks import task
from wagtail.models import Collection

from alor import sentry
from alor.logs import JsonFormatter, RequestContext, RequestLog
from kb.documents.ingest import Stored, ingest
from kb.documents.processing import process_document_now
from kb.enums import ProcessingStatus
from tests.test_security import BASE_DIR, production_env


@pytest.fixture
def json_log():
    """What the site logs at INFO and above, as production writes it: one JSON object a line."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestContext())
    loggers = [logging.getLogger(name) for name in ("alor", "django.request")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)

    def lines():
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    yield lines
    for logger, level in zip(loggers, levels, strict=True):
        logger.removeHandler(handler)
        logger.setLevel(level)


def _access(lines, path):
    return [line for line in lines() if line.get("event") == "request" and line["path"] == path]


@pytest.mark.django_db
def test_each_request_logs_one_json_line_with_its_id_user_status_and_duration(
    json_log, tree, member
):
    client = Client()
    client.force_login(member)
    response = client.get(tree.knowledge.url)
    assert response.status_code == 200
    [line] = _access(json_log, tree.knowledge.url)
    assert line["request_id"] == response["X-Request-ID"]
    assert len(line["request_id"]) == 32
    assert line["user_id"] == member.pk
    assert line["status"] == 200
    assert line["method"] == "GET"
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["level"] == "INFO" and line["logger"] == "alor.request"
    assert line["time"].endswith("+00:00")
    assert list(line)[0] == "time"


@pytest.mark.django_db
def test_the_query_string_stays_out_of_the_log(json_log, tree):
    response = Client().get("/search/", {"q": "min sykemelding"})
    [line] = _access(json_log, "/search/")
    assert line["status"] == response.status_code == 200
    assert line["user_id"] is None
    assert "sykemelding" not in json.dumps(json_log())


@pytest.mark.django_db
def test_the_proxy_request_id_is_kept_and_echoed_a_forged_one_replaced(json_log, tree):
    client = Client()
    given = client.get("/", headers={"X-Request-ID": "edge-4f2a.17"})
    assert given["X-Request-ID"] == "edge-4f2a.17"
    assert _access(json_log, "/")[0]["request_id"] == "edge-4f2a.17"
    forged = client.get("/", headers={"X-Request-ID": 'x" level=ERROR\nfalse line'})
    assert forged["X-Request-ID"] != 'x" level=ERROR\nfalse line'
    assert len(forged["X-Request-ID"]) == 32


@pytest.mark.django_db
def test_django_s_not_found_line_carries_the_request_id(json_log, tree):
    response = Client().get("/finnes-ikke/")
    assert response.status_code == 404
    [warning] = [line for line in json_log() if line["logger"] == "django.request"]
    assert warning["request_id"] == response["X-Request-ID"]
    assert "request" not in warning  # the request object itself is left out


def _refused():
    raise OperationalError("connection refused")


def test_the_database_down_is_an_event_on_the_request_s_line(json_log, tree):
    connection = connections[DEFAULT_DB_ALIAS]
    connection.ensure_connection = _refused  # every new query fails, as with the server gone
    try:
        response = Client().get("/kunnskap/")
    finally:
        connection.__dict__.pop("ensure_connection", None)
    assert response.status_code == 503
    [event] = [line for line in json_log() if line.get("event") == "database_unavailable"]
    assert event["error"] == "OperationalError"
    assert event["request_id"] == response["X-Request-ID"]
    assert _access(json_log, "/kunnskap/")[0]["status"] == 503


@task()
def failing_task():
    raise ValueError("the file could not be read")


@pytest.mark.django_db
def test_a_failed_task_is_a_task_failed_event(json_log):
    result = failing_task.enqueue()
    assert result.status == "FAILED"
    [event] = [line for line in json_log() if line.get("event") == "task_failed"]
    assert event["task"] == "tests.test_logs.failing_task"
    assert event["task_id"] == str(result.id)
    assert event["error"] == "builtins.ValueError"
    assert event["level"] == "ERROR"


@pytest.mark.django_db
def test_a_document_that_cannot_be_read_is_an_event(json_log, clean_media):
    result = ingest(
        ContentFile(b"Tekst om rus i arbeidslivet", name="notat.txt"),
        collection=Collection.get_first_root_node(),
        metadata={"title": "Notat"},
        user=None,
    )
    assert isinstance(result, Stored)
    result.document.file.storage.delete(result.document.file.name)
    assert process_document_now(result.document.pk) == ProcessingStatus.FAILED
    [event] = [line for line in json_log() if line.get("event") == "document_processing_failed"]
    assert event["document_id"] == result.document.pk
    assert "exc_info" in event


def test_production_writes_json_lines_to_standard_output(tmp_path):
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('alor.search').warning('fallback', extra={'event': 'search_fallback'})"
    )
    result = subprocess.run(  # noqa: S603 - our own code, our own arguments
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    line = json.loads(result.stdout.strip().splitlines()[-1])
    assert line["event"] == "search_fallback"
    assert line["level"] == "WARNING"
    assert line["request_id"] is None


def test_production_says_once_that_sentry_is_missing(tmp_path):
    code = "import django; django.setup()"
    env = production_env(tmp_path, SENTRY_DSN="https://key@sentry.invalid/1")
    env["PYTHONPATH"] = str(tmp_path)
    (tmp_path / "sentry_sdk.py").write_text("raise ImportError('not installed')\n")
    result = subprocess.run(  # noqa: S603 - our own code, our own arguments
        [sys.executable, "-c", code],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )
    output = result.stdout + result.stderr
    assert output.count("SENTRY_DSN is set but sentry-sdk is not installed") == 1


def test_sentry_starts_only_with_a_dsn_and_sends_no_personal_data(monkeypatch, caplog):
    calls = []
    fake = types.ModuleType("sentry_sdk")
    fake.init = lambda **options: calls.append(options)
    monkeypatch.setitem(sys.modules, "sentry_sdk", fake)
    options = {"environment": "production", "release": "", "traces_sample_rate": 0.0}

    assert sentry.init_sentry("", **options) is False
    assert calls == []
    assert sentry.init_sentry("https://key@sentry.invalid/1", **options) is True
    [sent] = calls
    assert sent["dsn"] == "https://key@sentry.invalid/1"
    assert sent["send_default_pii"] is False
    assert sent["environment"] == "production"

    monkeypatch.setitem(sys.modules, "sentry_sdk", None)  # not installed
    with caplog.at_level(logging.WARNING, logger="alor.sentry"):
        assert sentry.init_sentry("https://key@sentry.invalid/1", **options) is False
    assert "sentry-sdk is not installed" in caplog.text


def test_a_sentry_report_carries_the_request_id():
    reports = []

    def view(request):
        reports.append(sentry._with_request_id({}, None))
        return HttpResponse("ok")

    response = RequestLog(view)(RequestFactory().get("/", headers={"X-Request-ID": "edge-1"}))
    assert response["X-Request-ID"] == "edge-1"
    assert reports == [{"tags": {"request_id": "edge-1"}}]
    assert sentry._with_request_id({}, None) == {}  # outside a request: nothing to add
