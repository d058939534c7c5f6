"""PNG, JPEG and WebP: refused above DOCUMENTS_MAX_IMAGE_PIXELS before a pixel is decoded; read
by OCR; the picture itself, scaled, as preview.

50 MP (150 MB decoded as RGB) leaves room for a scanned A4 page at 600 dpi (34.8 MP) and a photo
from a 50-megapixel phone camera, and refuses larger images before anything decodes them.
"""

from __future__ import annotations

import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image

from kb.documents.formats.base import THUMBNAIL_SIZE, Extraction, FileFormat, fit
from kb.documents.ocr import OcrTimeout, OcrUnavailable, ocr_image


def check_image(file) -> None:
    limit = settings.DOCUMENTS_MAX_IMAGE_PIXELS
    try:
        # Opening reads the header only; the size is known before any pixel is decoded.
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(file)
        with image:
            width, height = image.size
            if limit and width * height > limit:
                raise ValidationError(
                    _(
                        "Bildet er for stort (%(width)s × %(height)s punkter, over grensen på "
                        "%(limit)s punkter) og er avvist som mulig dekompresjonsbombe."
                    )
                    % {"width": width, "height": height, "limit": f"{limit:,}".replace(",", " ")},
                    code="image_bomb",
                )
            image.verify()
    except Image.DecompressionBombError as error:
        raise ValidationError(
            _("Bildet er for stort og er avvist som mulig dekompresjonsbombe."), code="image_bomb"
        ) from error
    except ValidationError:
        raise
    except Exception as error:  # Pillow raises many kinds for broken data
        raise ValidationError(_("Bildet er skadet og kan ikke åpnes."), code="corrupt") from error
    finally:
        file.seek(0)


def extract_image(path, *, ocr: bool = True) -> Extraction:
    result = Extraction(page_count=1)
    if not ocr:
        return result
    with Image.open(path) as image:
        image.load()
        try:
            result.text = ocr_image(image).strip()
            result.ocr_used = True
        except OcrUnavailable:
            result.ocr_missing = True
        except OcrTimeout:
            result.ocr_stopped = True
    return result


def scaled(path) -> Image.Image:
    with Image.open(path) as original:
        original.draft("RGB", (THUMBNAIL_SIZE[0] * 2, THUMBNAIL_SIZE[1] * 2))
        return fit(original)


def _image(key, label, mime_type, extensions) -> FileFormat:
    return FileFormat(
        key=key,
        label=label,
        mime_types=(mime_type,),
        extensions=extensions,
        checks=(check_image,),
        extract=extract_image,
        render=scaled,
    )


PNG = _image("png", gettext_lazy("et PNG-bilde"), "image/png", ("png",))
JPEG = _image("jpeg", gettext_lazy("et JPEG-bilde"), "image/jpeg", ("jpg", "jpeg"))
WEBP = _image("webp", gettext_lazy("et WebP-bilde"), "image/webp", ("webp",))
FORMATS = (PNG, JPEG, WEBP)
