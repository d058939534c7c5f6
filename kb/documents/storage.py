"""File storage that never leaves a half-written file behind.

Django's FileSystemStorage writes straight into the final name: when the disk fills up, a quota
is hit or the folder is not writable, the upload stops with an OSError and a truncated file stays
where the document would have been. Here every file is first written under a hidden temporary
name in the same folder and only linked to its real name once it is complete; a write that fails
removes the temporary file and raises StorageWriteError, which says in Norwegian what went wrong.
"""

from __future__ import annotations

import errno
import os
import posixpath
import uuid

from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext as _

# Written, not yet complete: the name a file has while it is being written. `clean_uploads`
# removes old ones left by a process that was killed mid-write.
PARTIAL_PREFIX = ".skrives-"

DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
NOT_ALLOWED = {errno.EACCES, errno.EPERM, errno.EROFS}


class StorageWriteError(OSError):
    """A file could not be written; nothing of it is left on disk."""

    def __init__(self, original: OSError, name: str = ""):
        super().__init__(original.errno, original.strerror or str(original))
        self.original = original
        self.name = name

    @property
    def message(self) -> str:
        return storage_error_message(self.original)

    def __str__(self):
        return self.message


def storage_error_message(error: OSError) -> str:
    """What a user is told when a file could not be written."""
    if error.errno in DISK_FULL:
        return _(
            "Filen kunne ikke lagres fordi det ikke er nok lagringsplass på serveren. "
            "Ingenting er lagret. Prøv igjen senere, eller si fra til en administrator."
        )
    if error.errno in NOT_ALLOWED:
        return _(
            "Filen kunne ikke lagres fordi serveren ikke har skrivetilgang til mappen. "
            "Ingenting er lagret. Si fra til en administrator."
        )
    return _(
        "Filen kunne ikke lagres på serveren. Ingenting er lagret. "
        "Prøv igjen, eller si fra til en administrator."
    )


class SafeFileSystemStorage(FileSystemStorage):
    """FileSystemStorage whose writes are all or nothing."""

    def _save(self, name, content):
        directory, base = posixpath.split(str(name).replace("\\", "/"))
        partial = posixpath.join(directory, f"{PARTIAL_PREFIX}{uuid.uuid4().hex}-{base}")
        try:
            # django-stubs leave out _save, the method Django documents for custom storages.
            written = super()._save(partial, content)  # type: ignore[misc]
        except OSError as error:
            self._remove_quietly(partial)
            raise StorageWriteError(error, name) from error
        except BaseException:
            self._remove_quietly(partial)
            raise
        try:
            return self._publish(written, name)
        except OSError as error:
            self._remove_quietly(written)
            raise StorageWriteError(error, name) from error

    def _publish(self, written: str, name: str) -> str:
        """Give the complete file its real name (a free one: never over another file)."""
        while True:
            target = self.path(name)
            try:
                os.link(self.path(written), target)
            except FileExistsError:
                name = self.get_available_name(name)
                continue
            except OSError as error:
                if error.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                    raise
                # A file system without hard links: rename, checking the name is still free.
                if os.path.exists(target):
                    name = self.get_available_name(name)
                    continue
                os.rename(self.path(written), target)
                break
            else:
                os.remove(self.path(written))
                break
        return os.path.relpath(target, self.location).replace("\\", "/")

    def _remove_quietly(self, name: str) -> None:
        try:
            os.remove(self.path(name))
        except FileNotFoundError:
            pass
        except OSError:  # pragma: no cover  nothing more can be done; clean_uploads retries
            pass
