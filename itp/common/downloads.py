"""Files the site hands to a browser: their content types and one way of sending them.

Every download (report, export, import template, PDF, calendar file) goes through
``download``, which writes the Content-Disposition header correctly for any file name
(RFC 6266, ``filename*`` for names beyond ASCII): bytes already in memory in one response,
an iterator or a file streamed by Django's ``FileResponse`` without holding it in memory.
"""

from django.http import FileResponse, HttpResponse
from django.utils.http import content_disposition_header

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
    "ics": "text/calendar; charset=utf-8",
}


def download(content, *, filename, format, as_attachment=True):
    """The response that sends ``content`` (bytes, a file, or an iterator of bytes or text) as
    ``filename``; ``format`` is a key of ``CONTENT_TYPES``. With ``as_attachment=False`` the
    browser may show it in place (a calendar opened by a calendar program)."""
    if isinstance(content, bytes | bytearray):
        # Already in memory: sent in one piece. (A FileResponse would hand the server a 1 MB
        # calendar feed 4 KB at a time, a write each.)
        response = HttpResponse(content, content_type=CONTENT_TYPES[format])
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
        response["Content-Length"] = len(content)
        return response
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
