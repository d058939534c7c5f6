"""What Office Open XML and OpenDocument files share: they are ZIP archives.

The archive's limits hold for it as a whole, so a file cannot slip under them by spreading its
content over many parts:
- every part together unpacks to at most DOCUMENTS_MAX_UNPACKED_SIZE (pictures inside Office
  files are stored already compressed, so a 100 MB upload unpacks to little more);
- at most DOCUMENTS_MAX_ZIP_ENTRIES parts;
- once the archive unpacks to more than RATIO_FLOOR, neither the whole archive nor any part
  above RATIO_FLOOR may unpack to more than DOCUMENTS_MAX_COMPRESSION_RATIO times its packed
  size. Real documents' XML packs 4-20 times; the text of a thousand copies of one paragraph
  packs a few hundred times, and that is what makes text extraction slow.
"""

from __future__ import annotations

import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

RATIO_FLOOR = 1024 * 1024
CONTENT_TYPES_PART = "[Content_Types].xml"


def check_zip(file) -> None:
    """Refuse a zip bomb or a broken archive."""
    max_unpacked = settings.DOCUMENTS_MAX_UNPACKED_SIZE
    max_entries = settings.DOCUMENTS_MAX_ZIP_ENTRIES
    max_ratio = settings.DOCUMENTS_MAX_COMPRESSION_RATIO
    bomb = ValidationError(
        _(
            "Filen pakker seg ut til en urimelig størrelse eller et urimelig antall deler "
            "(mulig «zip-bombe») og er avvist."
        ),
        code="zip_bomb",
    )
    try:
        with zipfile.ZipFile(file) as archive:
            infos = archive.infolist()
            if len(infos) > max_entries:
                raise bomb
            unpacked = packed = 0
            for info in infos:
                unpacked += info.file_size
                packed += info.compress_size
                if unpacked > max_unpacked:
                    raise bomb
                if info.file_size > RATIO_FLOOR and info.file_size > max_ratio * max(
                    info.compress_size, 1
                ):
                    raise bomb
            if unpacked > RATIO_FLOOR and unpacked > max_ratio * max(packed, 1):
                raise bomb
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise ValidationError(
            _("Filen er skadet og kan ikke åpnes (ugyldig Office-/ZIP-innhold)."),
            code="corrupt",
        ) from error
    finally:
        file.seek(0)


def container_type(file, formats) -> str | None:
    """The MIME type of the ZIP-based format among `formats` that the archive `file` is, read
    from its entries: OpenDocument declares its type in a `mimetype` entry, Office Open XML is
    told by its main part. None if it is neither."""
    declared_types = {m for f in formats if f.zip_part is None for m in f.mime_types}
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 200:
                declared = archive.read("mimetype").decode("ascii", "replace").strip()
                if declared in declared_types:
                    return declared
            if CONTENT_TYPES_PART in names:
                for file_format in formats:
                    if file_format.zip_part and file_format.zip_part in names:
                        return file_format.mime_types[0]
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return None
    finally:
        file.seek(0)
    return None
