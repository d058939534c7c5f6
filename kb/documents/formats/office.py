"""The first page or slide of an Office file (Word, PowerPoint, Excel, OpenDocument) as a
picture: LibreOffice converts the file to PDF, and the PDF's first page is drawn as a PDF's is.

LibreOffice is a Debian package (`libreoffice-writer-nogui`, `-impress-nogui`, `-calc-nogui`,
installed by `make` as Tesseract is). Where it is missing, `render` raises `OfficeUnavailable`
and the document gets its card (kb.documents.thumbnails).

Each conversion runs in a folder of its own (`alor-office-…` in the system's temporary folder,
mode 0700) holding LibreOffice's profile (`-env:UserInstallation`), its HOME and the PDF it
writes, so conversions running side by side never share a profile (LibreOffice refuses, or
hangs, on a profile in use). The folder is removed afterwards, whatever happens. A conversion
that takes longer than DOCUMENTS_OFFICE_TIMEOUT seconds is stopped — LibreOffice and every
process it started — and raises `OfficeTimeout`.

This is slow work (a second or more per file): it runs in the documents' background task, never
in a request (kb.documents.processing).
"""

from __future__ import annotations

import logging
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings
from PIL import Image

from kb.documents.formats.pdf import first_page

logger = logging.getLogger("alor.documents")
TEMP_PREFIX = "alor-office-"


class OfficeUnavailable(Exception):
    """LibreOffice is not installed here (or DOCUMENTS_SOFFICE_CMD names no program)."""


class OfficeTimeout(Exception):
    """LibreOffice did not finish within DOCUMENTS_OFFICE_TIMEOUT; its processes are stopped."""


class OfficeFailed(Exception):
    """LibreOffice ended without writing a PDF (a file it cannot read)."""


def soffice() -> str | None:
    """The path of LibreOffice's program, or None where it is not installed (or turned off by
    an empty DOCUMENTS_SOFFICE_CMD, as the tests' settings do: they convert only when asked)."""
    command = settings.DOCUMENTS_SOFFICE_CMD
    return shutil.which(command) if command else None


def office_available() -> bool:
    return soffice() is not None


def _stop(process: subprocess.Popen) -> None:
    """Stop LibreOffice and what it started (soffice is a script that starts soffice.bin)."""
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        process.kill()
    process.communicate()


def convert_to_pdf(path: str, folder: str, timeout: float) -> Path:
    """Convert the file at `path` to a PDF inside `folder`; the path of the PDF."""
    program = soffice()
    if program is None:
        raise OfficeUnavailable
    profile = Path(folder, "profil")
    output = Path(folder, "pdf")
    output.mkdir(mode=0o700)
    command = [
        program,
        f"-env:UserInstallation={profile.as_uri()}",
        "--headless",
        "--norestore",
        "--nolockcheck",
        "--convert-to",
        "pdf",
        "--outdir",
        str(output),
        str(path),
    ]
    environment = {**os.environ, "HOME": folder, "TMPDIR": folder}
    process = subprocess.Popen(  # noqa: S603  a fixed program with our own arguments
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=environment,
        start_new_session=True,  # its own process group, so a timeout stops all of it
    )
    try:
        messages, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        _stop(process)
        raise OfficeTimeout(timeout) from error
    except BaseException:
        _stop(process)
        raise
    pdfs = sorted(output.glob("*.pdf"))
    if process.returncode != 0 or not pdfs:
        text = (messages or b"").decode("utf-8", "replace").strip()[-500:]
        raise OfficeFailed(f"LibreOffice exit {process.returncode}: {text}")
    return pdfs[0]


def render(path: str) -> Image.Image:
    """The first page or slide of the Office file at `path`, at most the preview's size."""
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as folder:
        os.chmod(folder, 0o700)
        # LibreOffice picks the filter by the extension: the file goes in under its own name.
        pdf = convert_to_pdf(path, folder, settings.DOCUMENTS_OFFICE_TIMEOUT)
        return first_page(pdf)
