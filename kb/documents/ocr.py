"""Optical character recognition with Tesseract (Norwegian + English), one thread per page.

Tesseract is a Debian package (`tesseract-ocr`, `tesseract-ocr-nor`); where it is missing,
`ocr_available()` says so and the documents are marked «OCR ikke tilgjengelig» instead.

A page's picture and the text read from it are written to a folder of their own
(`alor-ocr-…` in the system's temporary folder), which only the site's user can open (0700,
files 0600) and which is removed when the page is read, whatever happens. A process killed
while reading leaves its folder behind, still closed to others; the next OCR in any process
removes such folders once they are older than `STALE_AFTER`.
"""

from __future__ import annotations

import functools
import logging
import os
import shutil
import tempfile
import time

# Tesseract parallelises one page over every core with OpenMP, which only adds overhead when
# several pages or documents run side by side. Set before pytesseract starts any subprocess.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import pytesseract
from django.conf import settings

PREFERRED_LANGUAGES = ("nor", "eng")
logger = logging.getLogger("alor.documents")


@functools.cache
def _languages() -> str | None:
    command = settings.DOCUMENTS_TESSERACT_CMD or "tesseract"
    if not shutil.which(command):
        return None
    pytesseract.pytesseract.tesseract_cmd = command
    try:
        installed = set(pytesseract.get_languages(config=""))
    except (pytesseract.TesseractError, OSError):
        return None
    chosen = [lang for lang in PREFERRED_LANGUAGES if lang in installed]
    return "+".join(chosen) or None


def ocr_available() -> bool:
    return _languages() is not None


def ocr_image(image, timeout: float | None = None) -> str:
    """The text Tesseract reads in a Pillow image, within `timeout` seconds (OcrTimeout)."""
    languages = _languages()
    if languages is None:
        raise OcrUnavailable
    if timeout is None:
        timeout = settings.DOCUMENTS_OCR_TIMEOUT
    _remove_stale_folders_once()
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as folder:
        source = os.path.join(folder, "side.png")
        with os.fdopen(os.open(source, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as f:
            image.convert("L").save(f, "PNG")
        base = os.path.join(folder, "tekst")
        # Made first, so Tesseract writes into a file of mode 0600 (it keeps an existing
        # file's mode); the process's umask is not touched, other threads write files too.
        os.close(os.open(base + ".txt", os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        try:
            pytesseract.pytesseract.run_tesseract(
                source, base, extension="txt", lang=languages, timeout=timeout
            )
        except RuntimeError as error:
            if isinstance(error, pytesseract.TesseractError) or "timeout" not in str(error):
                raise
            raise OcrTimeout(timeout) from error  # pytesseract stopped the process
        with open(base + ".txt", "rb") as output:
            return output.read().decode("utf-8")


TEMP_PREFIX = "alor-ocr-"
STALE_AFTER = 3600  # seconds; a page is read (or given up) well within the OCR timeout


def remove_stale_folders(now: float | None = None) -> int:
    """Remove this user's OCR folders left by a process that died; return how many."""
    now = time.time() if now is None else now
    root = tempfile.gettempdir()
    removed = 0
    try:
        entries = list(os.scandir(root))
    except OSError:
        return 0
    for entry in entries:
        if not entry.name.startswith(TEMP_PREFIX):
            continue
        try:
            info = entry.stat(follow_symlinks=False)
            if not entry.is_dir(follow_symlinks=False) or info.st_uid != os.getuid():
                continue
            if now - info.st_mtime < STALE_AFTER:
                continue
        except OSError:
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed += 1
    if removed:
        logger.info("Removed %s OCR folder(s) left by an interrupted process", removed)
    return removed


@functools.cache
def _remove_stale_folders_once() -> None:
    remove_stale_folders()


class OcrUnavailable(Exception):
    """Tesseract (or its language data) is not installed here."""


class OcrTimeout(Exception):
    """Tesseract did not finish within the time given; its process is stopped."""
