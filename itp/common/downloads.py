"""Files the site hands to a browser: their content types and one way of sending them.

Every download (report, export, import template, PDF, calendar file) goes through
``download``, which writes the Content-Disposition header correctly for any file name
(RFC 6266, ``filename*`` for names beyond ASCII): bytes already in memory in one response,
an iterator or a file streamed by Django's ``FileResponse`` without holding it in memory.
A large document that many clients fetch can be sent gzip-compressed to those that take it
(``accepts_gzip``), compressed once and kept, as the public calendar feed is.
"""

import gzip

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "ics": "text/calendar; charset=utf-8",
}


def download(content, *, filename, format, as_attachment=True, encoding=None):
    """The response that sends ``content`` (bytes, a file, or an iterator of bytes or text) as
    ``filename``; ``format`` is a key of ``CONTENT_TYPES``. With ``as_attachment=False`` the
    browser may show it in place (a calendar opened by a calendar program). ``encoding``:
    "gzip" when ``content`` is bytes compressed by ``compress``."""
    if isinstance(content, bytes | bytearray):
        # Already in memory: sent in one piece. (A FileResponse would hand the server a 1 MB
        # calendar feed 4 KB at a time, a write each.)
        response = HttpResponse(content, content_type=CONTENT_TYPES[format])
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
        response["Content-Length"] = len(content)
        if encoding is not None:
            response["Content-Encoding"] = encoding
        return response
    if encoding is not None:
        raise ValueError("Only bytes in memory are sent compressed.")
    response = FileResponse(
        content,
        as_attachment=as_attachment,
        filename=filename,
        content_type=CONTENT_TYPES[format],
    )
    # FileResponse names a file-like object itself; an iterator it streams as it is.
    if "Content-Disposition" not in response:
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
    return response


def compress(content):
    """``content`` compressed with gzip, always to the same bytes (no time stamp in the
    header), so that every app server sends the same bytes under the same ETag."""
    return gzip.compress(content, compresslevel=6, mtime=0)


def accepts_gzip(request):
    """Whether the client takes gzip, by its Accept-Encoding header (RFC 9110, 12.5.3): gzip
    (or its old name x-gzip) named with a weight above zero, or else "*" with one. A client
    that sends no such header is sent the document as it is, as HTTP servers do; a weight
    that is not a number counts as zero."""
    weights = {}
    for item in request.headers.get("Accept-Encoding", "").split(","):
        coding, *parameters = item.split(";")
        weights[coding.strip().lower()] = _weight(parameters)
    for coding in ("gzip", "x-gzip", "*"):
        if coding in weights:
            return weights[coding] > 0
    return False


def _weight(parameters):
    for parameter in parameters:
        name, _, value = parameter.partition("=")
        if name.strip().lower() == "q":
            try:
                weight = float(value.strip())
            except ValueError:
                return 0.0
            return weight if 0 <= weight <= 1 else 0.0
    return 1.0
