"""A gathering's presentations in one zip, written while it is sent.

What goes in is what the visitor may see (their `Visibility`), nothing else; the total is
capped by `ALOR_GATHERING_ZIP_MAX_BYTES`, and above it the gathering page says so instead of
offering the link. The zip is built by the standard library's `zipfile` into a sink that hands
each written piece to the streaming response, so no file is held in memory or on disk whole.
"""

from __future__ import annotations

import logging
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from kb.enums import DocumentKind
from kb.models import AlorDocument

logger = logging.getLogger("alor.documents")

CHUNK = 64 * 1024
_UNSAFE = re.compile(r"[^\w\s.,()&+-]", re.UNICODE)
_NAME_LIMIT = 100


def max_bytes() -> int:
    return int(getattr(settings, "ALOR_GATHERING_ZIP_MAX_BYTES", 200 * 1024 * 1024))


def _size(document) -> int:
    if document.file_size is not None:
        return int(document.file_size)
    try:
        return int(document.file.size)
    except OSError:
        return 0


@dataclass
class GatheringZip:
    """The presentations of one gathering that one visitor may see, and whether they fit."""

    gathering_id: int
    documents: list = field(default_factory=list)
    total_bytes: int = 0
    limit: int = 0

    @property
    def count(self) -> int:
        return len(self.documents)

    @property
    def too_big(self) -> bool:
        return self.total_bytes > self.limit

    @property
    def url(self) -> str:
        return reverse("kb_gathering_zip", args=[self.gathering_id])


def gathering_zip(visibility, gathering) -> GatheringZip:
    """The visitor's presentations of `gathering`, by title (one query)."""
    documents = list(
        visibility.documents()
        .filter(gathering=gathering, kind=DocumentKind.PRESENTATION)
        .select_related("collection")
        .order_by("title", "pk")
    )
    return GatheringZip(
        gathering_id=gathering.pk,
        documents=documents,
        total_bytes=sum(_size(d) for d in documents),
        limit=max_bytes(),
    )


def safe_name(title: str, extension: str, fallback: str) -> str:
    """A file name from a title that every system unpacks as it is: no folders, no control
    characters, no characters Windows refuses; Norwegian letters kept."""
    text = unicodedata.normalize("NFC", title)
    text = _UNSAFE.sub(" ", text)
    text = " ".join(text.split()).strip(" .")[:_NAME_LIMIT].strip(" .")
    stem = text or fallback
    extension = re.sub(r"[^A-Za-z0-9]", "", extension or "")[:10].lower()
    return f"{stem}.{extension}" if extension else stem


def entry_names(documents: Iterable[AlorDocument]) -> list[tuple[AlorDocument, str]]:
    """Each document with its name in the zip: from its title, unique regardless of case."""
    taken: set[str] = set()
    named = []
    for document in documents:
        name = safe_name(document.title, document.file_extension, f"dokument-{document.pk}")
        stem, dot, extension = name.rpartition(".")
        if not dot:
            stem, extension = name, ""
        number = 1
        while name.casefold() in taken:
            number += 1
            name = f"{stem} ({number}){dot}{extension}"
        taken.add(name.casefold())
        named.append((document, name))
    return named


class _Sink:
    """A write-only file for zipfile (no seek: it writes data descriptors), handing on what
    it was given."""

    def __init__(self):
        self._chunks: list[bytes] = []
        self._position = 0

    def write(self, data) -> int:
        self._chunks.append(bytes(data))
        self._position += len(data)
        return len(data)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    def take(self) -> bytes:
        data = b"".join(self._chunks)
        self._chunks.clear()
        return data


def stream_zip(entries: Iterable[tuple[AlorDocument, str]]) -> Iterator[bytes]:
    """The zip of `entries` (document, name), piece by piece. The files are stored, not
    compressed again: presentations (PDF, PPTX) are compressed already. A file that has gone
    missing from storage is left out and logged; the others still arrive."""
    sink = _Sink()
    with zipfile.ZipFile(sink, mode="w", compression=zipfile.ZIP_STORED) as archive:
        for document, name in entries:
            created = timezone.localtime(document.created_at)
            info = zipfile.ZipInfo(name, date_time=created.timetuple()[:6])
            info.compress_type = zipfile.ZIP_STORED
            try:
                source = document.file.open("rb")
            except OSError:
                logger.warning("Document %s is missing from storage", document.pk)
                continue
            with source, archive.open(info, mode="w") as target:
                while chunk := source.read(CHUNK):
                    target.write(chunk)
                    yield sink.take()
            yield sink.take()
    yield sink.take()
