# syntax=docker/dockerfile:1
# The production image: the web process (gunicorn), the background worker (db_worker) and the
# scheduler (run_schedule) all run from it; docker-compose.yml says which runs where.
#
# Two stages: the first installs the Python dependencies (those pyproject.toml declares, at the
# versions requirements.lock pins) into a virtual environment; the second has that environment, the code, and only the Debian packages
# the site uses at run time: libmagic (file types by content), Tesseract with Norwegian and
# English data (OCR of scans), LibreOffice without its desktop parts (the first page or slide of
# Office files as their preview, kb/documents/formats/office.py) and the PostgreSQL client
# (backups).
# The site runs as the unprivileged user «alor», which owns only media/ and staticfiles/.

ARG PYTHON_VERSION=3.11

FROM python:${PYTHON_VERSION}-slim-bookworm AS build
ENV PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1
RUN python -m venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH
WORKDIR /src
COPY pyproject.toml requirements.lock ./
# The run-time dependencies alone (not the dev extra), read from pyproject.toml and held to the
# lock's versions: this layer is rebuilt only when they change.
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > requirements.txt \
    && pip install --no-cache-dir -r requirements.txt -c requirements.lock

FROM python:${PYTHON_VERSION}-slim-bookworm
# `manage.py backup` runs pg_dump and `restore` pg_restore: PostgreSQL's own client of the
# server's major version (16, docker-compose.yml), since Debian's is 15 and pg_dump refuses a
# newer server.
ADD https://www.postgresql.org/media/keys/ACCC4CF8.asc /usr/share/keyrings/postgresql.asc
# Debian's current packages of the release: pinning their versions would break the build at
# Debian's next security update.
# hadolint ignore=DL3008
RUN chmod 644 /usr/share/keyrings/postgresql.asc \
    && echo "deb [signed-by=/usr/share/keyrings/postgresql.asc] https://apt.postgresql.org/pub/repos/apt bookworm-pgdg main" \
        > /etc/apt/sources.list.d/pgdg.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends \
        libmagic1 tesseract-ocr tesseract-ocr-nor tesseract-ocr-eng postgresql-client-16 \
        libreoffice-writer-nogui libreoffice-impress-nogui libreoffice-calc-nogui \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --user-group --home-dir /app --no-create-home alor
COPY --from=build /opt/venv /opt/venv
ENV PATH=/opt/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    DJANGO_SETTINGS_MODULE=alor.settings.production \
    MEDIA_ROOT=/app/media \
    STATIC_ROOT=/app/staticfiles \
    OMP_THREAD_LIMIT=1
WORKDIR /app
# The code belongs to root and is read-only for the site; media/ and staticfiles/ are its own
# (named volumes mounted there start with this ownership).
COPY . .
RUN mkdir -p /app/media /app/staticfiles \
    && chown alor:alor /app/media /app/staticfiles
USER 10001:10001
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=10s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/health/', timeout=5).status != 200)"]
# Logs go to standard output and error (the access log too): `docker compose logs`.
CMD ["gunicorn", "alor.wsgi", "--bind", "0.0.0.0:8000", "--timeout", "120", "--graceful-timeout", "30", "--access-logfile", "-", "--error-logfile", "-"]
