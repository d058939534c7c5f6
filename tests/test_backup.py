"""`manage.py backup` and `restore`: the demo site backed up, restored elsewhere, the same.

The round trip runs the commands in child processes on file databases and media folders of
their own, as an operator would on two servers; the failures are checked in this process.
"""

import hashlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from alor import backup as backup_module
from tests.backup_snapshot import QUERIES

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = "from tests.backup_snapshot import main; main()"
# A user and a replaced file, which the demo has not, so both are in the round trip.
EXTRA = """
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from kb.models import AlorDocument, DocumentVersion
User.objects.create_user("redaktor", "redaktor@example.org", "hemmelig-passord-1")
document = AlorDocument.objects.order_by("pk").first()
version = DocumentVersion(document=document, number=1, checksum="x", file_name="gammel.txt")
version.file.save("gammel.txt", ContentFile(b"den gamle filen"), save=True)
"""

POSTGRES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


def _manage(site, *argv, ok=True):
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST"))},
        "DJANGO_SETTINGS_MODULE": "alor.settings.dev",
        "DEBUG": "0",
        "DATABASE_URL": site["url"],
        "MEDIA_ROOT": str(site["media"]),
        "TASKS_BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        "SEARCH_BACKEND": "database",
    }
    done = subprocess.run(  # noqa: S603 - our own manage.py, our own arguments
        [sys.executable, "manage.py", *argv],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    if ok:
        assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done


def _snapshot(site):
    return json.loads(_manage(site, "shell", "--no-imports", "-c", SNAPSHOT).stdout)


def _sqlite_site(path, name):
    return {"url": f"sqlite:///{path / name}.sqlite3", "media": path / f"{name}-media"}


def _round_trip(source, target, archive):
    _manage(source, "migrate", "--noinput", "-v", "0")
    _manage(source, "load_demo", "--no-progress")
    _manage(source, "shell", "--no-imports", "-c", EXTRA)
    before = _snapshot(source)
    made = _manage(source, "backup", str(archive))
    assert archive.is_file(), made.stdout
    assert [p.name for p in archive.parent.iterdir() if p.name.startswith(".")] == []
    restored = _manage(target, "restore", str(archive))
    assert "Antallene stemmer med manifestet" in restored.stdout
    after = _snapshot(target)
    return before, after


def _assert_same_site(before, after):
    assert len(before["pages"]) > 20 and len(before["documents"]) >= 5
    assert before["document_versions"] and before["governance_versions"] and before["actions"]
    assert all(d[3] == d[1] for d in before["documents"]), "a demo file differs from its checksum"
    for query in QUERIES:
        assert before["searches"][query]["count"] > 0, query
    for key in before:
        assert after[key] == before[key], key


@pytest.mark.slow
def test_the_demo_site_restored_elsewhere_is_the_same(tmp_path):
    source, target = _sqlite_site(tmp_path, "source"), _sqlite_site(tmp_path, "target")
    archive = tmp_path / "backups" / "alor.tar"
    archive.parent.mkdir()
    before, after = _round_trip(source, target, archive)
    _assert_same_site(before, after)

    with tarfile.open(archive) as tar:
        manifest = json.load(tar.extractfile("manifest.json"))
        names = set(tar.getnames())
    assert manifest["vendor"] == "sqlite" and manifest["database"] == "database.sqlite3"
    assert manifest["counts"]["users"] == 1 and manifest["counts"]["pages"] == len(before["pages"])
    assert "kb" in manifest["migrations"]
    assert names == set(manifest["files"]) | {"manifest.json"}
    assert any(name.startswith("media/documents/") for name in names)

    # The source is not empty: a second restore onto it is refused, and it stays as it was.
    refused = _manage(source, "restore", str(archive), ok=False)
    assert refused.returncode != 0
    assert "ikke tom" in refused.stderr
    assert _snapshot(source) == before

    # One byte changed in a media file: refused, nothing written to the new site.
    tampered = tmp_path / "tampered.tar"
    with tarfile.open(archive) as tar, tarfile.open(tampered, "w") as out:
        for member in tar:
            data = tar.extractfile(member).read()
            if member.name.startswith("media/documents/"):
                data = bytes([data[0] ^ 1]) + data[1:]
            out.addfile(member, io.BytesIO(data))
    fresh = _sqlite_site(tmp_path, "fresh")
    refused = _manage(fresh, "restore", str(tampered), ok=False)
    assert refused.returncode != 0
    assert "sjekksummene" in refused.stderr
    database = Path(fresh["url"].removeprefix("sqlite:///"))
    if database.exists():  # opening it (WAL mode) writes a header, no table
        with sqlite3.connect(database) as opened:
            assert opened.execute("SELECT COUNT(*) FROM sqlite_master").fetchone() == (0,)
    assert not fresh["media"].exists() or not any(fresh["media"].rglob("*"))


@pytest.mark.slow
@pytest.mark.skipif(not POSTGRES, reason="runs on PostgreSQL: set DATABASE_URL to one")
@pytest.mark.django_db
def test_the_demo_site_restored_on_postgresql_is_the_same(tmp_path):
    import psycopg
    from django.db import connection

    db = connection.settings_dict
    user = db["USER"] or "postgres"
    auth = f"{user}:{db['PASSWORD']}" if db["PASSWORD"] else user
    server = f"postgresql://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
    base = db["NAME"].removeprefix("test_")
    names = [f"{base}_backup_src", f"{base}_backup_dst"]
    with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
        for name in names:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
            admin.execute(f'CREATE DATABASE "{name}"')
    try:
        source = {"url": f"{server}/{names[0]}", "media": tmp_path / "source-media"}
        target = {"url": f"{server}/{names[1]}", "media": tmp_path / "target-media"}
        # Here the new site is migrated (the SQLite test restores onto a blank database).
        _manage(target, "migrate", "--noinput", "-v", "0")
        before, after = _round_trip(source, target, tmp_path / "alor.tar")
        _assert_same_site(before, after)
    finally:
        with psycopg.connect(f"{server}/postgres", autocommit=True) as admin:
            for name in names:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_a_backup_to_a_folder_that_does_not_exist_fails_cleanly(tmp_path):
    with pytest.raises(CommandError, match="Kan ikke skrive"):
        call_command("backup", str(tmp_path / "finnes-ikke" / "alor.tar"), verbosity=0)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.django_db
def test_a_backup_cut_off_midway_leaves_no_file(tmp_path, monkeypatch, settings):
    media = tmp_path / "media"
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "a.pdf").write_bytes(b"%PDF-1.4 a")
    settings.MEDIA_ROOT = media
    backups = tmp_path / "backups"
    backups.mkdir()
    real_add = backup_module._add

    def full_disk(archive, name, path, entries):
        if name.startswith("media/"):
            raise OSError(28, "No space left on device")
        real_add(archive, name, path, entries)

    monkeypatch.setattr(backup_module, "_add", full_disk)
    with pytest.raises(CommandError, match="kunne ikke skrives"):
        call_command("backup", str(backups / "alor.tar"), verbosity=0)
    assert list(backups.iterdir()) == []


@pytest.mark.django_db
def test_the_backup_leaves_out_partial_and_abandoned_uploads(tmp_path, settings):
    media = tmp_path / "media"
    for name in ("documents/a.pdf", "documents/.skrives-123-b.pdf", "wagtail_uploads/c.pdf"):
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(b"x")
    settings.MEDIA_ROOT = media
    call_command("backup", str(tmp_path / "alor.tar"), verbosity=0)
    with tarfile.open(tmp_path / "alor.tar") as tar:
        media_names = sorted(n for n in tar.getnames() if n.startswith("media/"))
    assert media_names == ["media/documents/a.pdf"]


def _archive(path, files, **manifest):
    entries = {
        name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
        for name, data in files.items()
    }
    manifest = {
        "format": 1,
        "created_at": "2026-01-01T00:00:00+00:00",
        "files": entries,
        **manifest,
    }
    with tarfile.open(path, "w") as tar:
        for name, data in {**files, "manifest.json": json.dumps(manifest).encode()}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))


@pytest.mark.django_db
def test_an_archive_from_another_database_vendor_is_refused(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    other = "sqlite" if POSTGRES else "postgresql"
    database = "database.sqlite3" if POSTGRES else "database.dump"
    archive = tmp_path / "alor.tar"
    files = {database: b"not this site's kind", "media/documents/a.pdf": b"%PDF-1.4"}
    _archive(archive, files, vendor=other, database=database)
    with pytest.raises(CommandError, match="ulike databasetyper"):
        call_command("restore", str(archive), verbosity=0)
    assert not settings.MEDIA_ROOT.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["../utenfor.txt", "/etc/utenfor.txt", "settings.py"])
def test_an_archive_with_a_file_outside_its_place_is_refused(tmp_path, settings, name):
    settings.MEDIA_ROOT = tmp_path / "site" / "media"
    database = "database.dump" if POSTGRES else "database.sqlite3"
    vendor = "postgresql" if POSTGRES else "sqlite"
    archive = tmp_path / "alor.tar"
    _archive(archive, {database: b"x", name: b"ondsinnet"}, vendor=vendor, database=database)
    with pytest.raises(CommandError, match="uventet innhold"):
        call_command("restore", str(archive), verbosity=0)
    assert not (tmp_path / "utenfor.txt").exists()
    assert not settings.MEDIA_ROOT.exists()
