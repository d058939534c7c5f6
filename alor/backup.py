"""Backup and restore: one archive with a consistent database dump, the media files and a manifest.

    manage.py backup DEST        # DEST.tar (or .tar.gz), or a folder to write alor-<time>.tar in
    manage.py restore ARCHIVE    # onto an empty database and an empty media folder

The archive holds `manifest.json` (format, time, database vendor, the last migration of each
app, row counts of the main tables, the SHA-256 and size of every other file), the database
(`database.sqlite3`, copied with SQLite's online backup API, or `database.dump`, PostgreSQL's
custom format from `pg_dump`) and `media/…`, without parts of files still being written and the
multiple uploader's abandoned files. The database copy is consistent while the site runs; a
file uploaded during the backup may be missing from it, never half there.

The archive is written under a hidden temporary name beside DEST and renamed when complete, so
DEST is never a half archive. A restore checks everything before it changes anything: the
target is empty, the vendor is the same, every checksum matches.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management.base import CommandError
from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from wagtail.models import Page

from kb.documents.storage import PARTIAL_PREFIX
from kb.models import Action, AlorDocument, AlorImage, DocumentVersion, GovernanceVersion

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
POSTGRES_FILE = "database.dump"
MEDIA = "media"
# The multiple uploader's files waiting for a second step (`clean_uploads` removes old ones).
SKIPPED_FOLDERS = {"wagtail_uploads"}
CHUNK = 1024 * 1024

# The tables counted in the manifest and compared after a restore, by name.
COUNTED = {
    "pages": Page,
    "documents": AlorDocument,
    "document_versions": DocumentVersion,
    "governance_versions": GovernanceVersion,
    "actions": Action,
    "images": AlorImage,
    "users": User,
    "groups": Group,
}
# A freshly migrated database has Wagtail's root page and its welcome page, nothing more.
INITIAL_PAGES = 2


def vendor():
    if connection.vendor not in {"sqlite", "postgresql"}:
        raise CommandError(_("Sikkerhetskopi virker bare med SQLite og PostgreSQL."))
    return connection.vendor


def sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def media_files(root):
    """(archive name, path) of every file in the media folder worth keeping, sorted."""
    root = Path(root)
    if not root.is_dir():
        return []
    found = []
    for folder, directories, names in os.walk(root):
        relative = Path(folder).relative_to(root)
        if relative == Path("."):
            directories[:] = [d for d in directories if d not in SKIPPED_FOLDERS]
        for name in names:
            if name.startswith(PARTIAL_PREFIX):
                continue
            path = Path(folder) / name
            if path.is_file() and not path.is_symlink():
                found.append((str(PurePosixPath(MEDIA, *relative.parts, name)), path))
    return sorted(found)


def _table_counts(cursor, migrations_table=True):
    counts = {}
    quote = connection.ops.quote_name
    for key, model in COUNTED.items():
        cursor.execute(f"SELECT COUNT(*) FROM {quote(model._meta.db_table)}")  # noqa: S608
        counts[key] = cursor.fetchone()[0]
    migrations = {}
    if migrations_table:
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        for app, name in cursor.fetchall():
            migrations.setdefault(app, []).append(name)
    summary = {app: {"applied": len(names), "last": names[-1]} for app, names in migrations.items()}
    return counts, summary


# -- backup ------------------------------------------------------------------------------------


@dataclass
class BackupResult:
    path: Path
    counts: dict
    files: int
    size: int
    seconds: float


def _pg_env(db):
    env = {**os.environ}
    for key, name in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if db.get(key):
            env[name] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    env["PGDATABASE"] = db["NAME"]
    return env


def _run(argv, env):
    try:
        done = subprocess.run(  # noqa: S603 - pg_dump/pg_restore with our own arguments
            argv, env=env, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise CommandError(
            _("Fant ikke programmet %(program)s: installer PostgreSQL-klienten.")
            % {"program": argv[0]}
        ) from error
    if done.returncode != 0:
        raise CommandError(
            _("%(program)s feilet: %(error)s") % {"program": argv[0], "error": done.stderr.strip()}
        )


def dump_database(target):
    """Write a consistent copy of the database to `target`; (file name, counts, migrations)."""
    if vendor() == "sqlite":
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            # The online backup API: a consistent snapshot while others go on writing.
            connection.connection.backup(copy)
            counts, migrations = _table_counts(copy.cursor())
        finally:
            copy.close()
        return SQLITE_FILE, counts, migrations
    db = connection.settings_dict
    # pg_dump reads the snapshot this transaction exports, so the counts are those of the dump.
    # A connection of its own, so the caller's transaction (if any) plays no part.
    own = connections.create_connection(DEFAULT_DB_ALIAS)
    try:
        own.ensure_connection()
        own.set_autocommit(False)
        with own.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts, migrations = _table_counts(cursor)
            _run(
                ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}",
                 f"--file={target}"],
                _pg_env(db),
            )  # fmt: skip
        own.rollback()
    finally:
        own.close()
    return POSTGRES_FILE, counts, migrations


class _HashingReader(io.RawIOBase):
    """A file read once: into the archive and through SHA-256 at the same time."""

    def __init__(self, file):
        self.file = file
        self.digest = hashlib.sha256()

    def readable(self):
        return True

    def read(self, size=-1):
        data = self.file.read(size)
        self.digest.update(data)
        return data


def _add(archive, name, path, entries):
    with open(path, "rb") as file:
        info = archive.gettarinfo(fileobj=file, arcname=name)
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mode = 0o644
        reader = _HashingReader(file)
        archive.addfile(info, reader)
    entries[name] = {"sha256": reader.digest.hexdigest(), "size": info.size}


def archive_path(dest):
    dest = Path(dest)
    if dest.is_dir():
        stamp = timezone.localtime().strftime("%Y-%m-%d-%H%M%S")
        return dest / f"alor-{stamp}.tar"
    return dest


def backup(dest, *, say=lambda text: None, progress=lambda items, desc: items):
    """Write the archive; returns a BackupResult. Nothing is left at `dest` if it fails."""
    started = time.monotonic()
    dest = archive_path(dest)
    compressed = dest.name.endswith((".tar.gz", ".tgz"))
    partial = dest.with_name(f".{dest.name}.{uuid.uuid4().hex[:8]}.ufullstendig")
    entries: dict[str, dict] = {}
    try:
        with tempfile.TemporaryDirectory(prefix="alor-backup-") as staging:
            try:
                archive = tarfile.open(partial, "w:gz" if compressed else "w")  # noqa: SIM115
            except OSError as error:
                raise CommandError(
                    _("Kan ikke skrive %(path)s: %(error)s")
                    % {"path": dest, "error": error.strerror or error}
                ) from error
            with archive:
                say(_("Tar kopi av databasen …"))
                name, counts, migrations = dump_database(Path(staging) / "database")
                _add(archive, name, Path(staging) / "database", entries)
                files = media_files(settings.MEDIA_ROOT)
                say(_("Legger til %(n)d mediefiler …") % {"n": len(files)})
                for member, path in progress(files, _("Mediefiler")):
                    try:
                        _add(archive, member, path, entries)
                    except FileNotFoundError:
                        continue  # removed since the listing: it is no longer the site's
                manifest = {
                    "format": FORMAT,
                    "created_at": timezone.now().isoformat(),
                    "vendor": vendor(),
                    "database": name,
                    "migrations": migrations,
                    "counts": counts,
                    "files": entries,
                }
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime, info.mode = len(data), int(time.time()), 0o644
                archive.addfile(info, io.BytesIO(data))
        os.replace(partial, dest)
    except BaseException as error:
        partial.unlink(missing_ok=True)
        if isinstance(error, OSError):
            raise CommandError(
                _("Sikkerhetskopien kunne ikke skrives til %(path)s: %(error)s")
                % {"path": dest, "error": error.strerror or error}
            ) from error
        raise
    return BackupResult(
        path=dest,
        counts=counts,
        files=len(entries) - 1,
        size=dest.stat().st_size,
        seconds=time.monotonic() - started,
    )


# -- restore -----------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    manifest: dict
    counts: dict
    files: int
    seconds: float
    differences: dict = field(default_factory=dict)


def database_state():
    """'blank' (no tables), 'migrated' (freshly migrated, no content) or 'in use'."""
    tables = set(connection.introspection.table_names())
    if not tables:
        return "blank"
    quote = connection.ops.quote_name
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            for model in (User, AlorDocument, AlorImage, GovernanceVersion, Action):
                cursor.execute(f"SELECT COUNT(*) FROM {quote(model._meta.db_table)}")  # noqa: S608
                if cursor.fetchone()[0]:
                    return "in use"
            cursor.execute(f"SELECT COUNT(*) FROM {quote(Page._meta.db_table)}")  # noqa: S608
            if cursor.fetchone()[0] > INITIAL_PAGES:
                return "in use"
    except Exception:  # noqa: BLE001 - a table missing or unreadable: not a database to overwrite
        return "in use"
    return "migrated"


def check_target():
    """Refuse a target that is not empty; the database's state otherwise."""
    state = database_state()
    if state == "in use":
        raise CommandError(
            _(
                "Databasen er ikke tom (den har brukere, dokumenter eller sider utover de to "
                "første). Gjenopprett bare til en ny, tom database."
            )
        )
    if _has_any_file(settings.MEDIA_ROOT):
        raise CommandError(
            _("Mediemappen %(path)s er ikke tom. Gjenopprett bare til en tom mappe.")
            % {"path": settings.MEDIA_ROOT}
        )
    return state


def _has_any_file(root):
    root = Path(root)
    return root.is_dir() and any(path.is_file() for path in root.rglob("*"))


def _safe_name(name):
    """The manifest, a database file, or a file under media/ that stays there."""
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or str(path) != name:
        return False
    return name in {MANIFEST, SQLITE_FILE, POSTGRES_FILE} or (
        len(path.parts) > 1 and path.parts[0] == MEDIA
    )


def unpack(archive_file, staging):
    """Unpack and check the archive into `staging`; returns its manifest, or refuses it."""
    corrupt = _("Arkivet %(path)s er skadet eller ikke en sikkerhetskopi fra denne nettsiden")
    corrupt = corrupt % {"path": archive_file}
    try:
        archive = tarfile.open(archive_file, "r:*")  # noqa: SIM115
    except (OSError, tarfile.TarError) as error:
        raise CommandError(f"{corrupt}: {error}") from error
    seen = {}
    manifest = None
    try:
        with archive:
            for member in archive:
                if not member.isfile() or not _safe_name(member.name) or member.name in seen:
                    raise CommandError(
                        f"{corrupt}: " + _("uventet innhold %(name)s") % {"name": member.name}
                    )
                source = archive.extractfile(member)
                if member.name == MANIFEST:
                    manifest = json.loads(source.read().decode())
                    seen[member.name] = None
                    continue
                target = Path(staging, member.name)
                target.parent.mkdir(parents=True, exist_ok=True)
                digest = hashlib.sha256()
                with open(target, "wb") as out:
                    while chunk := source.read(CHUNK):
                        digest.update(chunk)
                        out.write(chunk)
                seen[member.name] = {"sha256": digest.hexdigest(), "size": member.size}
    except (OSError, EOFError, tarfile.TarError, ValueError, UnicodeDecodeError) as error:
        raise CommandError(f"{corrupt}: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise CommandError(f"{corrupt}: " + _("manifest.json mangler eller har ukjent format"))
    seen.pop(MANIFEST)
    database = manifest.get("database")
    if not isinstance(database, str) or database not in seen:
        raise CommandError(f"{corrupt}: " + _("manifest.json mangler eller har ukjent format"))
    expected = manifest.get("files", {})
    names = set(expected) | set(seen)
    wrong = sorted(name for name in names if expected.get(name) != seen.get(name))
    if wrong:
        raise CommandError(
            f"{corrupt}: "
            + _("%(n)d filer stemmer ikke med sjekksummene, blant dem %(name)s")
            % {"n": len(wrong), "name": wrong[0]}
        )
    return manifest


def _restore_sqlite(path):
    connections.close_all()
    source = sqlite3.connect(path)
    target = sqlite3.connect(connection.settings_dict["NAME"])
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _restore_postgres(path, state):
    connections.close_all()
    argv = ["pg_restore", "--no-owner", "--exit-on-error", "--single-transaction"]
    if state == "migrated":
        argv += ["--clean", "--if-exists"]
    argv += [f"--dbname={connection.settings_dict['NAME']}", str(path)]
    _run(argv, _pg_env(connection.settings_dict))


def _move_media(staging, root):
    source = Path(staging, MEDIA)
    moved = 0
    if not source.is_dir():
        return moved
    for path in sorted(p for p in source.rglob("*") if p.is_file()):
        target = Path(root, path.relative_to(source))
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(path, target)
        moved += 1
    return moved


def current_counts():
    with connection.cursor() as cursor:
        return _table_counts(cursor, migrations_table=False)[0]


def restore(archive_file, *, say=lambda text: None, reindex=lambda: None):
    """Restore the archive onto the empty database and media folder; returns a RestoreResult."""
    started = time.monotonic()
    archive_file = Path(archive_file)
    if not archive_file.is_file():
        raise CommandError(_("Fant ikke arkivet %(path)s.") % {"path": archive_file})
    state = check_target()
    with tempfile.TemporaryDirectory(prefix="alor-restore-") as staging:
        say(_("Pakker ut og kontrollerer sjekksummene …"))
        manifest = unpack(archive_file, staging)
        if manifest.get("vendor") != vendor():
            raise CommandError(
                _(
                    "Arkivet er fra en %(source)s-database, denne nettsiden bruker %(target)s. "
                    "Gjenoppretting mellom ulike databasetyper støttes ikke."
                )
                % {"source": manifest.get("vendor"), "target": vendor()}
            )
        say(_("Gjenoppretter databasen …"))
        database = Path(staging, manifest["database"])
        if vendor() == "sqlite":
            _restore_sqlite(database)
        else:
            _restore_postgres(database, state)
        say(_("Gjenoppretter mediefilene …"))
        files = _move_media(staging, settings.MEDIA_ROOT)
    say(_("Bygger søkeindeksen på nytt …"))
    reindex()
    counts = current_counts()
    expected = manifest["counts"]
    differences = {
        key: (expected.get(key), counts.get(key))
        for key in set(expected) | set(counts)
        if expected.get(key) != counts.get(key)
    }
    return RestoreResult(
        manifest=manifest,
        counts=counts,
        files=files,
        seconds=time.monotonic() - started,
        differences=differences,
    )


def count_label(key):
    return {
        "pages": _("sider"),
        "documents": _("dokumenter"),
        "document_versions": _("dokumentversjoner"),
        "governance_versions": _("styringsversjoner"),
        "actions": _("oppfølgingspunkter"),
        "images": _("bilder"),
        "users": _("brukere"),
        "groups": _("grupper"),
    }.get(key, key)


def created_at(manifest):
    try:
        return timezone.localtime(datetime.datetime.fromisoformat(manifest["created_at"]))
    except (KeyError, ValueError):
        return None
