"""Hostile and oversized import files, written by hand so that each test builds its own.

An .xlsx is a zip of XML parts; ``workbook()`` writes the few parts a reader needs and streams
the sheet's rows into the zip, so a file that unpacks to hundreds of megabytes is made in a
second without ever being held in memory whole.
"""

import io
import zipfile

HEADERS = ["Name", "E-mail", "Kind", "Job title", "Government", "Organisation", "Listed publicly"]

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
_RELATIONSHIPS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Target="{target}" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}"/>'
    "</Relationships>"
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="People" sheetId="1" r:id="rId1"/></sheets></workbook>'
)


def cell(text, reference=None):
    """A cell holding ``text`` inline, at ``reference`` ("B2") or after the row's last cell."""
    at = f' r="{reference}"' if reference else ""
    return f'<c{at} t="inlineStr"><is><t>{text}</t></is></c>'


def row(*texts, number=None):
    """A row of cells; without ``number``, the row after the last one."""
    at = f' r="{number}"' if number else ""
    return f"<row{at}>{''.join(cell(text) for text in texts)}</row>"


HEADER_ROW = row(*HEADERS, number=1)


def workbook(rows, *, dimension=None, doctype="", extra_parts=()):
    """The bytes of an .xlsx whose only sheet holds ``rows`` (an iterable of XML strings)."""
    handle = io.BytesIO()
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr(
            "_rels/.rels", _RELATIONSHIPS.format(target="xl/workbook.xml", kind="officeDocument")
        )
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            _RELATIONSHIPS.format(target="worksheets/sheet1.xml", kind="worksheet"),
        )
        for name, content in extra_parts:
            archive.writestr(name, content)
        with archive.open("xl/worksheets/sheet1.xml", "w") as sheet:
            sheet.write(f'<?xml version="1.0" encoding="UTF-8"?>{doctype}'.encode())
            sheet.write(
                b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            )
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            for xml in rows:
                sheet.write(xml.encode())
            sheet.write(b"</sheetData></worksheet>")
    return handle.getvalue()


def sparse_bomb():
    """5 KB that claims every cell of the sheet (A1:XFD1048576) and fills its very last one:
    a reader that trusts the dimension pads a million rows to 16,384 columns."""
    return workbook(
        [HEADER_ROW, f'<row r="1048576">{cell("x", "XFD1048576")}</row>'],
        dimension="A1:XFD1048576",
    )


def far_right_cells(rows):
    """Rows whose only cell, empty, sits in the sheet's last column (XFD): each row would be
    padded to 16,384 cells by a reader that fills a row up to its last cell."""
    return workbook(
        [HEADER_ROW, *(f'<row r="{n}"><c r="XFD{n}"/></row>' for n in range(2, rows + 2))]
    )


def many_rows(rows, *, distinct=False):
    """A people sheet of ``rows`` records; identical rows compress over 250 to 1, distinct ones
    about 15 to 1, as real records do."""
    if distinct:
        records = (
            row(f"Person {n}", f"person-{n}@example.org", "Government official")
            for n in range(rows)
        )
    else:
        same = row("Giulia", "giulia@example.org", "Government official")
        records = (same for _ in range(rows))
    return workbook([HEADER_ROW, *records])


def huge_cell(characters):
    """A people sheet whose second row holds one cell of ``characters`` letters."""

    def rows():
        yield HEADER_ROW
        yield '<row r="2"><c r="A2" t="inlineStr"><is><t>'
        chunk = "A" * 1_000_000
        for _ in range(characters // len(chunk)):
            yield chunk
        yield "A" * (characters % len(chunk))
        yield "</t></is></c></row>"

    return workbook(rows())


def csv_rows(rows, record="Giulia,g@example.org,Government official,,,,no"):
    """A people CSV of ``rows`` identical records."""
    return (",".join(HEADERS) + "\n" + (record + "\n") * rows).encode()
