# alor kunnskapsbase — the two commands: `make run` and `make test`.

PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL run of the test suite; pytest-django creates and drops test_<name> (one per
# worker: test_<name>_gw0, test_<name>_gw1, ...).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/alor
# pytest-xdist's worker processes for each run of the suite («0» runs it in this process).
PYTEST_WORKERS ?= 2
# Debian packages the site uses: libmagic (file type detection) and Tesseract with Norwegian
# data (OCR of scans). Installed when missing and we are root; otherwise the site says
# «OCR ikke tilgjengelig» and goes on.
APT_PACKAGES ?= libmagic1 tesseract-ocr tesseract-ocr-nor tesseract-ocr-eng

export OMP_THREAD_LIMIT ?= 1

.PHONY: run test install system-deps lint check pytest-sqlite pytest-postgres serve clean

# The development users come before the demo, so the demo's approvals and Akan's comment are
# made by the users who would make them; dev_users runs again at the end to print the logins.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py dev_users --quiet
	$(PY) manage.py load_demo
	$(PY) manage.py update_index
	$(PY) manage.py dev_users
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install lint check pytest-sqlite pytest-postgres

install: system-deps $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -e ".[dev]"
	touch $(STAMP)

system-deps:
	@sh scripts/system-deps.sh $(APT_PACKAGES)

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

check:
	DJANGO_SETTINGS_MODULE=alor.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=alor.settings.test $(PY) manage.py makemigrations --check --dry-run

pytest-sqlite:
	@echo "== pytest on SQLite"
	env -u DATABASE_URL $(PY) -m pytest -q -rs -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

pytest-postgres:
	@if sh scripts/postgres.sh "$(TEST_DATABASE_URL)"; then \
		echo "== pytest on PostgreSQL ($(TEST_DATABASE_URL))"; \
		DATABASE_URL="$(TEST_DATABASE_URL)" $(PY) -m pytest -q -rs -n $(PYTEST_WORKERS) $(PYTEST_ARGS); \
	elif [ "$(REQUIRE_POSTGRES)" = "1" ]; then \
		echo "PostgreSQL is required (REQUIRE_POSTGRES=1) but not reachable at $(TEST_DATABASE_URL)."; \
		exit 1; \
	else \
		echo "== SKIPPED: the PostgreSQL run (no PostgreSQL at $(TEST_DATABASE_URL); set TEST_DATABASE_URL or start one)"; \
	fi

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
