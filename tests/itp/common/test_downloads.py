"""Downloads (itp/common/downloads.py): one FileResponse for bytes, iterators and files."""

import io

from itp.common.downloads import download
from tests.html import body


def test_download_of_bytes_is_an_attachment_with_its_content_type_and_length():
    response = download(b"%PDF-1.7", filename="itp-teams-2026-12-04.pdf", format="pdf")

    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "application/pdf",
        'attachment; filename="itp-teams-2026-12-04.pdf"',
    )
    assert response["Content-Length"] == "8"
    assert body(response) == b"%PDF-1.7"


def test_download_streams_an_iterator_of_text_as_utf8():
    lines = iter(["\ufeff", '"Name"\r\n', '"Zoë"\r\n'])

    response = download(lines, filename="itp-people-2026-12-04.csv", format="csv")

    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="itp-people-2026-12-04.csv"'
    assert b"".join(response.streaming_content).decode() == '\ufeff"Name"\r\n"Zoë"\r\n'


def test_download_names_a_file_beyond_ascii_for_every_browser():
    response = download(
        io.BytesIO(b"PK"), filename="attendance-düsseldorf-2019-04-09.xlsx", format="xlsx"
    )

    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''attendance-d%C3%BCsseldorf-2019-04-09.xlsx"
    )


def test_download_shown_in_place_is_inline():
    response = download(b"BEGIN:VCALENDAR", filename="feed.ics", format="ics", as_attachment=False)

    assert response["Content-Disposition"] == 'inline; filename="feed.ics"'
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
