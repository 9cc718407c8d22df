"""Checks and cleans uploaded images: real JPEG/PNG/WebP only, bounded size, metadata stripped."""

from __future__ import annotations

import io
from typing import IO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
MAX_SIDE = 2400
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


def clean_image(upload: IO[bytes], *, name: str = "image") -> ContentFile[bytes]:
    """Validate an upload and return a re-encoded copy without EXIF/GPS metadata."""
    size = getattr(upload, "size", None)
    if size is not None and size > MAX_BYTES:
        raise ValidationError(_("L'image dépasse 5 Mo."), code="image_too_large")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            image_format = probe.format
            probe.verify()
        upload.seek(0)
        image: Image.Image = Image.open(upload)
        if image.width * image.height > MAX_PIXELS:
            raise ValidationError(_("L'image est trop grande (40 mégapixels au plus)."), code="image_too_many_pixels")
        image.load()
    except Image.DecompressionBombError as error:
        raise ValidationError(
            _("L'image est trop grande (40 mégapixels au plus)."), code="image_too_many_pixels"
        ) from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as error:
        # ValueError: Pillow refuses a text or colour-profile chunk (zTXt, iCCP) that inflates past
        # its limits; EOFError: a truncated frame. Both are files we cannot read, not server errors.
        raise ValidationError(
            _("Ce fichier n'est pas une image lisible. Formats acceptés : JPEG, PNG, WebP."), code="image_invalid"
        ) from error
    if image_format not in FORMATS:
        raise ValidationError(_("Format d'image non accepté. Formats acceptés : JPEG, PNG, WebP."), code="image_format")
    # Apply the orientation tag before dropping metadata, so photos stay upright.
    image = ImageOps.exif_transpose(image)
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    output = io.BytesIO()
    if image_format == "JPEG":
        image.convert("RGB").save(output, format="JPEG", quality=85, optimize=True)
    elif image_format == "PNG":
        image.save(output, format="PNG", optimize=True)
    else:
        image.save(output, format="WEBP", quality=85)
    return ContentFile(output.getvalue(), name=f"{name}.{FORMATS[image_format]}")
