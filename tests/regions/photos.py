"""Image files for the photo tests, made on the spot: real images, and hostile ones."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

# A tag of the camera's EXIF data that must not survive: the camera's make.
EXIF_MAKE = 0x010F
EXIF_ORIENTATION = 0x0112


def image_bytes(size=(1200, 800), format="JPEG", *, mode="RGB", color="steelblue", exif=None):
    image = Image.new(mode, size, color)
    content = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    image.save(content, format, **options)
    return content.getvalue()


def upload(content, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def exif_with_camera(orientation=None):
    exif = Image.Exif()
    exif[EXIF_MAKE] = "Hostile Camera Co."
    if orientation is not None:
        exif[EXIF_ORIENTATION] = orientation
    return exif


def _png_chunk(kind, data):
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_claiming(width, height):
    """A PNG of a few hundred bytes whose header claims ``width`` × ``height`` pixels of
    grey: a decompression bomb when the two are large."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    # The first rows only: the file stays small; decoding it all would need the memory.
    rows = zlib.compress(b"\x00" * (width + 1) * min(height, 4))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", rows)
        + _png_chunk(b"IEND", b"")
    )


def truncated_jpeg():
    """A photo cut off halfway, as an interrupted upload leaves it."""
    # Noise, so that the second half holds most of the pixels' data.
    noisy = Image.effect_noise((800, 600), 64).convert("RGB")
    buffer = io.BytesIO()
    noisy.save(buffer, "JPEG")
    content = buffer.getvalue()
    return content[: len(content) // 2]


def oversized_file():
    """A valid JPEG start padded past 5 MB."""
    return image_bytes((10, 10)) + b"\x00" * (5 * 1024 * 1024)
