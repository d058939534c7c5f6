"""Optical character recognition with Tesseract (Norwegian + English), one thread per page.

Tesseract is a Debian package (`tesseract-ocr`, `tesseract-ocr-nor`); where it is missing,
`ocr_available()` says so and the documents are marked «OCR ikke tilgjengelig» instead.
"""

from __future__ import annotations

import functools
import os
import shutil

# Tesseract parallelises one page over every core with OpenMP, which only adds overhead when
# several pages or documents run side by side. Set before pytesseract starts any subprocess.
os.environ.setdefault("OMP_THREAD_LIMIT", "1")

import pytesseract  # noqa: E402
from django.conf import settings  # noqa: E402

PREFERRED_LANGUAGES = ("nor", "eng")


@functools.cache
def _languages() -> str | None:
    command = getattr(settings, "DOCUMENTS_TESSERACT_CMD", None) or "tesseract"
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


def ocr_image(image) -> str:
    """The text Tesseract reads in a Pillow image."""
    languages = _languages()
    if languages is None:
        raise OcrUnavailable
    timeout = getattr(settings, "DOCUMENTS_OCR_TIMEOUT", 120)
    return pytesseract.image_to_string(image.convert("L"), lang=languages, timeout=timeout)


class OcrUnavailable(Exception):
    """Tesseract (or its language data) is not installed here."""
