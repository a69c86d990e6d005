"""The checks of an uploaded file: what is accepted, and each hostile file refused with a
message that says why."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from itp.common.uploads import check_upload
from tests.factories import MINIMAL_PDF

OOXML = "application/vnd.openxmlformats-officedocument"
ODF = "application/vnd.oasis.opendocument"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 20
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 20


def zipped(members):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = zipped({"[Content_Types].xml": "<Types/>", "word/document.xml": "<document/>"})
PPTX = zipped({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<presentation/>"})
XLSX = zipped({"[Content_Types].xml": "<Types/>", "xl/workbook.xml": "<workbook/>"})


def opendocument(kind):
    return zipped({"mimetype": f"application/vnd.oasis.opendocument.{kind}", "content.xml": "<c/>"})


def upload(name, content):
    return SimpleUploadedFile(name, content)


def refusal(name, content, **kwargs):
    with pytest.raises(ValidationError) as refused:
        check_upload(upload(name, content), **kwargs)
    return refused.value.messages[0]


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("slides.pdf", MINIMAL_PDF, "application/pdf"),
        ("SLIDES.PDF", MINIMAL_PDF, "application/pdf"),
        ("notes.docx", DOCX, f"{OOXML}.wordprocessingml.document"),
        ("deck.pptx", PPTX, f"{OOXML}.presentationml.presentation"),
        ("figures.xlsx", XLSX, f"{OOXML}.spreadsheetml.sheet"),
        ("notes.odt", opendocument("text"), f"{ODF}.text"),
        ("deck.odp", opendocument("presentation"), f"{ODF}.presentation"),
        ("figures.ods", opendocument("spreadsheet"), f"{ODF}.spreadsheet"),
        ("minutes.txt", "Città di Brescia — minutes\n".encode(), "text/plain; charset=utf-8"),
        ("figures.csv", b"government,emissions\nLombardy,80\n", "text/csv; charset=utf-8"),
        ("plant.png", PNG, "image/png"),
        ("plant.jpg", JPEG, "image/jpeg"),
        ("plant.jpeg", JPEG, "image/jpeg"),
    ],
)  # fmt: skip
def test_each_allowed_type_is_accepted_with_its_own_content_type(name, content, content_type):
    checked = check_upload(upload(name, content))

    assert (checked.name, checked.content_type, checked.size_bytes) == (
        name,
        content_type,
        len(content),
    )


def test_the_checked_file_is_left_at_its_start():
    file = upload("slides.pdf", MINIMAL_PDF)

    check_upload(file)

    assert file.read() == MINIMAL_PDF


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00 this program cannot be run in DOS mode"),
        ("slides.pdf", b"<html><script>alert(1)</script></html>"),
        ("report.docx", zipped({"readme.txt": "not a document"})),
        ("report.docx", PPTX),
        ("report.docx", b"PK\x03\x04 broken archive"),
        ("deck.pptx", DOCX),
        ("figures.xlsx", b"government,emissions\n"),
        ("notes.odt", zipped({"mimetype": "text/html", "content.xml": "<c/>"})),
        ("notes.odt", zipped({"content.xml": "<c/>"})),
        ("minutes.txt", b"\xff\xfe\x00m\x00i\x00n"),
        ("minutes.txt", b"MZ\x90\x00\x03\x00"),
        ("figures.csv", b"a,b\n\xe9t\xe9\n"),
        ("plant.png", JPEG),
        ("plant.jpg", MINIMAL_PDF),
    ],
)
def test_content_that_is_not_what_the_name_says_is_refused(name, content):
    assert "but its content is not" in refusal(name, content)


@pytest.mark.parametrize(
    "name", ["setup.exe", "slides.html", "slides.svg", "slides", "slides.pdf.exe", "macro.docm"]
)
def test_types_not_on_the_list_are_refused_naming_the_accepted_ones(name):
    message = refusal(name, MINIMAL_PDF)

    assert message.startswith("Files of this type are not accepted")
    assert "pdf, png, pptx" in message


def test_empty_file_is_refused():
    assert refusal("slides.pdf", b"") == "The file is empty."


def test_file_over_the_limit_is_refused_saying_both_sizes(settings):
    settings.MATERIAL_MAX_BYTES = 1024 * 1024
    content = MINIMAL_PDF + b" " * (1024 * 1024)

    message = refusal("slides.pdf", content)

    assert message == "The file is 1.0\xa0MB; files of at most 1.0\xa0MB are accepted."


def test_file_at_the_limit_is_accepted(settings):
    settings.MATERIAL_MAX_BYTES = len(MINIMAL_PDF)

    assert check_upload(upload("slides.pdf", MINIMAL_PDF)).size_bytes == len(MINIMAL_PDF)


def test_the_default_limit_is_25_megabytes(settings):
    del settings.MATERIAL_MAX_BYTES
    content = MINIMAL_PDF + b" " * (25 * 1024 * 1024)

    assert "files of at most 25.0\xa0MB" in refusal("slides.pdf", content)


@pytest.mark.parametrize("name", ["..\\..\\settings.pdf", "C:\\Users\\me\\slides.pdf"])
def test_name_with_a_path_is_refused(name):
    assert "holds a path" in refusal(name, MINIMAL_PDF)


def test_name_with_a_slash_is_refused():
    file = upload("slides.pdf", MINIMAL_PDF)
    file._name = "../../etc/slides.pdf"  # past UploadedFile, which keeps only the last part

    with pytest.raises(ValidationError, match="holds a path"):
        check_upload(file)


@pytest.mark.parametrize(
    "name", ["slides\n.pdf", "slides\r\nSet-Cookie: x.pdf", "a\x00.pdf", "a\u2028.pdf"]
)
def test_name_with_control_characters_is_refused(name):
    assert "control characters" in refusal(name, MINIMAL_PDF)


@pytest.mark.parametrize("name", [".pdf", " .pdf"])
def test_name_that_is_only_an_extension_is_accepted_as_such(name):
    assert check_upload(upload(name, MINIMAL_PDF)).extension == "pdf"


@pytest.mark.parametrize("name", ["..", " . "])
def test_name_of_dots_alone_is_refused(name):
    file = upload("slides.pdf", MINIMAL_PDF)
    file._name = name

    with pytest.raises(ValidationError, match="no name"):
        check_upload(file)


def _with_broken_mimetype(compression):
    """An OpenDocument file whose "mimetype" member is compressed and then damaged: its
    directory reads, its content does not decompress."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(
            "mimetype", "application/vnd.oasis.opendocument.text" * 20, compress_type=compression
        )
        archive.writestr("content.xml", "<c/>")
    content = bytearray(buffer.getvalue())
    start = content.index(b"mimetype") + len(b"mimetype")
    content[start : start + 10] = b"\xff" * 10
    return bytes(content)


@pytest.mark.parametrize("compression", [zipfile.ZIP_DEFLATED, zipfile.ZIP_LZMA, zipfile.ZIP_BZIP2])
def test_opendocument_whose_member_does_not_decompress_is_refused(compression):
    assert "but its content is not" in refusal("minutes.odt", _with_broken_mimetype(compression))
