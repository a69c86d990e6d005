"""Checks of an uploaded file before the site stores it and hands it to others.

A file is accepted when its extension is one of ``ALLOWED_TYPES`` and its content is what the
extension says (a PDF starts with ``%PDF-``, an Office or OpenDocument file is a zip archive
with that format's parts, a text or CSV file is UTF-8 text), it is not empty, it is within the
size limit, and its name is one line of a plain file name. The content type stored and sent
back is the one this module names for the extension, never the one the browser claimed.
"""

import codecs
import lzma
import zipfile
import zlib
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.forms import ClearableFileInput
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .validators import has_control_characters

# Extension: (content type, what the content must be).
ALLOWED_TYPES = {
    "pdf": ("application/pdf", "pdf"),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "ooxml:word/document.xml",
    ),
    "pptx": (
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "ooxml:ppt/presentation.xml",
    ),
    "xlsx": (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "ooxml:xl/workbook.xml",
    ),
    "odt": ("application/vnd.oasis.opendocument.text", "odf"),
    "odp": ("application/vnd.oasis.opendocument.presentation", "odf"),
    "ods": ("application/vnd.oasis.opendocument.spreadsheet", "odf"),
    "txt": ("text/plain; charset=utf-8", "text"),
    "csv": ("text/csv; charset=utf-8", "text"),
    "png": ("image/png", "png"),
    "jpg": ("image/jpeg", "jpeg"),
    "jpeg": ("image/jpeg", "jpeg"),
}
DEFAULT_MAX_BYTES = 25 * 1024 * 1024

_SIGNATURES = {"pdf": b"%PDF-", "png": b"\x89PNG\r\n\x1a\n", "jpeg": b"\xff\xd8\xff"}
_FORMAT_NAMES = {
    "pdf": "PDF",
    "docx": "Word",
    "pptx": "PowerPoint",
    "xlsx": "Excel",
    "odt": "OpenDocument text",
    "odp": "OpenDocument presentation",
    "ods": "OpenDocument spreadsheet",
    "txt": "text",
    "csv": "CSV",
    "png": "PNG",
    "jpg": "JPEG",
    "jpeg": "JPEG",
}
_CHUNK_BYTES = 64 * 1024


@dataclass(frozen=True)
class CheckedUpload:
    """What the checks found out about an accepted file."""

    name: str
    extension: str
    content_type: str
    size_bytes: int


def max_upload_bytes():
    """The largest file accepted, in bytes: the ``MATERIAL_MAX_BYTES`` setting."""
    return getattr(settings, "MATERIAL_MAX_BYTES", DEFAULT_MAX_BYTES)


def allowed_extensions():
    return ", ".join(sorted(ALLOWED_TYPES))


def check_upload(upload, *, max_bytes=None):
    """Check the uploaded file ``upload`` (a Django ``File``) and return a ``CheckedUpload``;
    raise ``ValidationError`` with a message that says what is wrong otherwise.

    Reads the file (from its start; it is left at its start), writes nothing.
    """
    max_bytes = max_upload_bytes() if max_bytes is None else max_bytes
    name = _checked_name(upload.name or "")
    extension = name.rpartition(".")[2].lower() if "." in name else ""
    if extension not in ALLOWED_TYPES:
        raise ValidationError(
            _("Files of this type are not accepted; upload one of: %(extensions)s.")
            % {"extensions": allowed_extensions()},
            code="type_not_allowed",
        )
    size = upload.size
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; files of at most %(limit)s are accepted.")
            % {"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
            code="too_large",
        )
    content_type, content = ALLOWED_TYPES[extension]
    upload.seek(0)
    try:
        matches = _content_matches(upload, content)
    finally:
        upload.seek(0)
    if not matches:
        raise ValidationError(
            _(
                "The file's name says it is a %(format)s file, but its content is not; "
                "upload the file itself, saved in that format."
            )
            % {"format": _FORMAT_NAMES[extension]},
            code="content_mismatch",
        )
    return CheckedUpload(name=name, extension=extension, content_type=content_type, size_bytes=size)


def _checked_name(name):
    """The file's name, refused when it names a folder, holds control characters or is
    nothing but dots and spaces."""
    if has_control_characters(name):
        raise ValidationError(
            _("The file's name holds control characters (such as line breaks); rename it."),
            code="name_control_characters",
        )
    if "/" in name or "\\" in name:
        raise ValidationError(
            _("The file's name holds a path (/ or \\); upload it under a plain file name."),
            code="name_path",
        )
    name = name.strip()
    if not name.strip(". "):
        raise ValidationError(_("The file has no name; rename it."), code="name_missing")
    return name


def _content_matches(upload, content):
    if content in ("pdf", "png", "jpeg"):
        signature = _SIGNATURES[content]
        return upload.read(len(signature)) == signature
    if content == "text":
        return _is_utf8_text(upload)
    if content == "odf":
        return _is_opendocument(upload)
    return _is_office_open_xml(upload, content.partition(":")[2])


def _is_utf8_text(upload):
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in iter(lambda: upload.read(_CHUNK_BYTES), b""):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _zip_members(upload):
    """The names in the zip archive, or None when the file is no zip archive. Only the
    archive's directory is read, never its members' content."""
    try:
        with zipfile.ZipFile(upload) as archive:
            return set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None


def _is_office_open_xml(upload, main_part):
    members = _zip_members(upload)
    return members is not None and {"[Content_Types].xml", main_part} <= members


def _is_opendocument(upload):
    members = _zip_members(upload)
    if members is None or not {"mimetype", "content.xml"} <= members:
        return False
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive, archive.open("mimetype") as member:
            declared = member.read(100).decode("ascii", "replace").strip()
    # A damaged member fails in its decompressor's own way; an unknown compression method
    # is NotImplementedError.
    except (
        zipfile.BadZipFile,
        OSError,
        ValueError,
        RuntimeError,
        EOFError,
        NotImplementedError,
        zlib.error,
        lzma.LZMAError,
    ):
        return False
    return declared.startswith("application/vnd.oasis.opendocument.")


class ServedFieldFile(FieldFile):
    """A stored file whose address is its object's download view, never the media folder."""

    @property
    def url(self):
        self._require_file()
        return getattr(self.instance, self.field.served_by)()


class ServedFileField(models.FileField):
    """A file field for files served only by a view that checks who asks: its file's ``url``
    is what the object's method ``served_by`` (``get_absolute_url`` unless named) answers,
    so the admin's links (on the change form and the view-only page) and the pages lead
    there and never to the media folder."""

    attr_class = ServedFieldFile

    def __init__(self, *args, served_by="get_absolute_url", **kwargs):
        self.served_by = served_by
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        if self.served_by != "get_absolute_url":
            kwargs["served_by"] = self.served_by
        return name, path, args, kwargs


class ServedFileInput(ClearableFileInput):
    """A file input whose "currently" link is the stored object's own download address
    (``get_absolute_url()``, a view that checks who asks) and whose text is the file's
    original name rather than the name it is stored under."""

    def format_value(self, value):
        if not self.is_initial(value):
            return None
        instance = value.instance
        return _Served(
            url=instance.get_absolute_url(),
            label=getattr(instance, "original_name", "") or value.name,
        )


@dataclass(frozen=True)
class _Served:
    url: str
    label: str

    def __str__(self):
        return self.label
