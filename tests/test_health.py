"""`/health/` and `/ready/`: JSON, the right status, the failing dependency named, never 500."""

import json
import socket
import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import DEFAULT_DB_ALIAS, OperationalError, connections
from django.test import Client, override_settings
from django.utils import timezone

from kb.models import TaskWorker
from search.models import SearchQueryLog

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _elasticsearch_at(url):
    return {
        "default": {
            "BACKEND": "search.backends.elasticsearch",
            "URLS": [url],
            "INDEX_PREFIX": "alor_health_",
            "TIMEOUT": 2,
            "CONNECT_TIMEOUT": 0.5,
        },
        "database": {"BACKEND": "search.backends.database"},
    }


def _closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def cluster():
    """A stand-in Elasticsearch on loopback: `_cluster/health` answers `state["status"]`."""
    state = {"status": "green", "requests": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            state["requests"] += 1
            body = json.dumps({"cluster_name": "alor", "status": state["status"]}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Elastic-Product", "Elasticsearch")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    state["url"] = f"http://127.0.0.1:{server.server_address[1]}"
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def database_down(db):
    connection = connections[DEFAULT_DB_ALIAS]

    def refused():
        raise OperationalError("connection to server at 127.0.0.1, port 5433 failed")

    yield lambda: setattr(connection, "ensure_connection", refused)
    connection.__dict__.pop("ensure_connection", None)


@pytest.fixture(autouse=True)
def _media_folder(clean_media):
    """/ready/ writes a probe file in MEDIA_ROOT: the folder is there, as on a server (an
    earlier test in the same process may have removed it)."""
    return clean_media


def _ready(client, **extra):
    response = client.get("/ready/", **extra)
    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "no-store"
    return response, response.json()


def test_health_is_ok_json(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_with_everything_up(client, db):
    response, body = _ready(client)
    assert response.status_code == 200
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert set(body["checks"]) == {"database", "search", "tasks", "media"}
    assert all(check["status"] == "ok" for check in body["checks"].values())
    assert body["checks"]["search"]["backend"] == "database"


def test_database_down_ready_503_names_it_health_stays_200(client, database_down):
    database_down()
    response, body = _ready(client)
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert body["status"] == "unavailable"
    assert "database" in body["failing"]
    assert body["checks"]["database"] == {
        "status": "error",
        "error": "OperationalError",
        "ms": body["checks"]["database"]["ms"],
    }
    assert body["checks"]["media"]["status"] == "ok"
    # Liveness does not depend on the database: the process still answers.
    assert client.get("/health/").status_code == 200


def test_search_cluster_down_is_503_naming_search_only(client, db, caplog):
    port = _closed_port()
    with override_settings(WAGTAILSEARCH_BACKENDS=_elasticsearch_at(f"http://127.0.0.1:{port}")):
        response, body = _ready(client)
    assert response.status_code == 503
    assert body["failing"] == ["search"]
    assert body["checks"]["search"]["status"] == "error"
    assert body["checks"]["search"]["error"] == "ConnectionError"
    assert body["checks"]["database"]["status"] == "ok"
    # The cluster's address is in the log for the operator, not in the public answer.
    assert f"127.0.0.1:{port}" not in response.content.decode()
    assert any("not ready: search" in record.getMessage() for record in caplog.records)


def test_search_cluster_green_is_ready_red_is_not(client, db, cluster):
    with override_settings(WAGTAILSEARCH_BACKENDS=_elasticsearch_at(cluster["url"])):
        response, body = _ready(client)
        assert response.status_code == 200
        assert body["checks"]["search"]["cluster"] == "green"
        cluster["status"] = "red"
        response, body = _ready(client)
    assert response.status_code == 503
    assert body["failing"] == ["search"]
    assert cluster["requests"] == 2


def test_the_password_in_the_cluster_url_never_reaches_the_answer(client, db, cluster):
    url = cluster["url"].replace("http://", "http://elastic:s3cret-pw@")
    with override_settings(WAGTAILSEARCH_BACKENDS=_elasticsearch_at(url)):
        response, _body = _ready(client)
    assert response.status_code == 200
    assert "s3cret-pw" not in response.content.decode()


@pytest.mark.parametrize("layout", ["a file in the way", "missing"])
def test_media_unwritable_is_503_naming_media(client, db, tmp_path, layout):
    if layout == "a file in the way":
        (tmp_path / "blocked").write_text("not a folder")
        root = tmp_path / "blocked" / "media"
    else:
        root = tmp_path / "gone"
    with override_settings(MEDIA_ROOT=root):
        response, body = _ready(client)
    assert response.status_code == 503
    assert body["failing"] == ["media"]
    assert body["checks"]["media"]["status"] == "error"


def test_media_probe_leaves_nothing_behind(client, db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    assert _ready(client)[0].status_code == 200
    assert list(tmp_path.iterdir()) == []


@override_settings(TASKS=DATABASE_TASKS)
def test_database_tasks_without_a_live_worker_is_503(client, db):
    TaskWorker.objects.create(
        worker_id="gone",
        host="elsewhere",
        pid=1,
        started_at=timezone.now() - timedelta(hours=2),
        last_seen=timezone.now() - timedelta(hours=1),
    )
    response, body = _ready(client)
    assert response.status_code == 503
    assert body["failing"] == ["tasks"]
    assert body["checks"]["tasks"]["workers"] == 0
    assert body["checks"]["tasks"]["error"] == "no live db_worker"


@override_settings(TASKS=DATABASE_TASKS)
def test_database_tasks_with_a_live_worker_is_ready(client, db):
    TaskWorker.objects.create(
        worker_id="alive",
        host="here",
        pid=1,
        started_at=timezone.now(),
        last_seen=timezone.now(),
    )
    response, body = _ready(client)
    assert response.status_code == 200
    assert body["checks"]["tasks"]["workers"] == 1
    assert body["checks"]["tasks"]["waiting"] == 0


@override_settings(
    ALLOWED_HOSTS=["kunnskap.alor.no"],
    SECURE_SSL_REDIRECT=True,
)
def test_a_probe_from_inside_the_container_is_answered(db):
    """`Host: localhost:8000` over plain HTTP, as a healthcheck sends it: neither 400 nor 301."""
    client = Client(HTTP_HOST="localhost:8000")
    assert client.get("/health/").status_code == 200
    assert client.get("/ready/").status_code == 200
    # The rest of the site still refuses that host.
    assert client.get("/").status_code == 400


def test_no_login_no_language_prefix_no_query_log(client, db):
    assert client.get("/ready/", HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    assert client.get("/en/ready/").status_code == 404
    assert "sessionid" not in client.cookies
    assert SearchQueryLog.objects.count() == 0


def test_only_get_and_head(client, db):
    assert client.head("/health/").status_code == 200
    response = client.post("/ready/")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"
