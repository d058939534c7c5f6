# alor kunnskapsbase — the two commands: `make run` and `make test`.

PYTHON ?= python3.11
VENV ?= .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
STAMP := $(VENV)/.installed
# Every package pinned, the dev tools included, for Python 3.11 on Linux x86_64; `make lock`
# writes it from the ranges in pyproject.toml, keeping the pins those ranges still admit.
LOCK := requirements.lock
LOCK_ARGS ?=
# The site's templates and any app's own; `make lint` checks that djhtml would indent none.
TEMPLATE_DIRS := $(wildcard templates */templates)
HOST ?= 127.0.0.1
PORT ?= 8000
# The PostgreSQL run of the test suite; pytest-django creates and drops test_<name> (one per
# worker: test_<name>_gw0, test_<name>_gw1, ...).
TEST_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/alor
# pytest-xdist's worker processes for each run of the suite («0» runs it in this process).
PYTEST_WORKERS ?= 2
# Debian packages the site uses: libmagic (file type detection), Tesseract with Norwegian
# data (OCR of scans) and LibreOffice without its desktop parts (the first page or slide of
# Office files as their preview). Installed when missing and we are root; otherwise the site
# says «OCR ikke tilgjengelig», gives Office files a card, and goes on.
APT_PACKAGES ?= libmagic1 tesseract-ocr tesseract-ocr-nor tesseract-ocr-eng \
	libreoffice-writer-nogui libreoffice-impress-nogui libreoffice-calc-nogui

export OMP_THREAD_LIMIT ?= 1

.PHONY: run test install lock system-deps lint typecheck check pytest-sqlite pytest-postgres prod-check serve clean

# The development users come before the demo, so the demo's approvals and Akan's comment are
# made by the users who would make them; dev_users runs again at the end to print the logins.
run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py dev_users --quiet
	$(PY) manage.py load_demo
	$(PY) manage.py update_index
	$(PY) manage.py dev_users
	$(PY) manage.py runserver $(HOST):$(PORT)

test: install lint typecheck check pytest-sqlite pytest-postgres

install: system-deps $(STAMP)

$(STAMP): pyproject.toml $(LOCK)
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet -r $(LOCK)
	$(PIP) install --quiet --no-deps -e .
	touch $(STAMP)

# `make lock LOCK_ARGS=--upgrade` moves every pin to the newest version its range admits.
lock: $(STAMP)
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --python-version 3.11 \
		--python-platform x86_64-unknown-linux-gnu --custom-compile-command "make lock" \
		--quiet $(LOCK_ARGS) -o $(LOCK)

system-deps:
	@sh scripts/system-deps.sh $(APT_PACKAGES)

lint:
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports
	$(VENV)/bin/djhtml --check $(TEMPLATE_DIRS)
	$(PY) scripts/check_lock.py

# mypy with django-stubs over the packages listed in pyproject.toml ([tool.mypy] files).
typecheck:
	$(VENV)/bin/mypy

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

# The production stack without Docker: gunicorn with alor.settings.production and a db_worker
# on a database of their own; an upload over HTTP is processed by the worker and found by the
# search API (tests/test_production_stack.py, also part of the PostgreSQL run of `make test`).
prod-check: install
	@sh scripts/postgres.sh "$(TEST_DATABASE_URL)" || { \
		echo "make prod-check needs PostgreSQL at $(TEST_DATABASE_URL)"; exit 1; }
	DATABASE_URL="$(TEST_DATABASE_URL)" $(PY) -m pytest -q -rs tests/test_production_stack.py

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
