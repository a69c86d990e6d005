"""XLSX workbooks written as their XML parts, streamed into the zip a row at a time.

openpyxl (write-only) and XlsxWriter (constant memory) build a Python object or make several
calls per cell; at 100,000 rows of ten columns that is 10 to 30 seconds, against a target of
ten times what PostgreSQL's COPY takes for the same rows (about 3 s). The parts of a workbook
that hold no rows are a few fixed lines of XML, and a row is one formatted string, so this
module writes them itself: numbers as numbers, dates and times as serial numbers with a date
format, text as inline strings (no shared-string table to hold in memory), a bold frozen
header, set column widths. openpyxl still reads every import (itp.common.importing).
"""

import datetime
import zipfile
from decimal import Decimal
from xml.sax.saxutils import quoteattr

from openpyxl.utils import get_column_letter
from openpyxl.utils.datetime import to_excel

from itp.common.spreadsheets import inert, inert_text

from .tables import DATE, DECIMAL, PERCENT

# Cell styles, by their index in styles.xml's cellXfs.
BOLD, DATE_STYLE, DATETIME_STYLE, DECIMAL_STYLE, PERCENT_STYLE = 1, 2, 3, 4, 5
COLUMN_STYLES = {DATE: DATE_STYLE, DECIMAL: DECIMAL_STYLE, PERCENT: PERCENT_STYLE}
FIRST_SERIAL_DAY = datetime.date(1900, 3, 1)  # before it, Excel's serials count 29 Feb 1900
EXCEL_EPOCH_ORDINAL = datetime.date(1899, 12, 30).toordinal()
ROWS_PER_WRITE = 500

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"

STYLES = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="{MAIN}"><numFmts count="4"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>\
<numFmt numFmtId="165" formatCode="yyyy-mm-dd h:mm:ss"/><numFmt numFmtId="166" \
formatCode="#,##0.##"/><numFmt numFmtId="167" formatCode="0.0"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="2"><fill><patternFill/></fill><fill><patternFill patternType="gray125"/></fill>\
</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="6"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="167" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
</cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""

ROOT_RELATIONSHIPS = f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="{PACKAGE_RELATIONSHIPS}"><Relationship Id="rId1" \
Type="{RELATIONSHIPS}/officeDocument" Target="xl/workbook.xml"/></Relationships>"""


def write_workbook(target, sheets, progress=None):
    """Write ``sheets`` to ``target`` (a path or a binary file) as an XLSX workbook.
    ``sheets`` is a list of (name, columns, rows): ``columns`` the tables' ``Column``s, whose
    headers make the bold first row and whose widths and kinds set the columns, and ``rows``
    an iterable of tuples, read once. ``progress`` is called after each row."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as package:
        package.writestr("[Content_Types].xml", _content_types(len(sheets)))
        package.writestr("_rels/.rels", ROOT_RELATIONSHIPS)
        package.writestr("xl/workbook.xml", _workbook([name for name, _, _ in sheets]))
        package.writestr("xl/_rels/workbook.xml.rels", _workbook_relationships(len(sheets)))
        package.writestr("xl/styles.xml", STYLES)
        for number, (_name, columns, rows) in enumerate(sheets, start=1):
            with package.open(f"xl/worksheets/sheet{number}.xml", "w") as part:
                for chunk in _sheet(columns, rows, progress):
                    part.write(chunk.encode())


def _sheet(columns, rows, progress):
    letters = [get_column_letter(index) for index in range(1, len(columns) + 1)]
    widths = "".join(
        f'<col min="{index}" max="{index}" width="{column.width}" customWidth="1"/>'
        for index, column in enumerate(columns, start=1)
    )
    yield (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{MAIN}">'
        '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
        'activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" '
        f'activeCell="A2" sqref="A2"/></sheetView></sheetViews><cols>{widths}</cols><sheetData>'
    )
    header = "".join(
        _text_cell(f"{letter}1", column.label or column.header, BOLD)
        for letter, column in zip(letters, columns, strict=True)
    )
    yield f'<row r="1">{header}</row>'
    styles = [COLUMN_STYLES.get(column.kind, 0) for column in columns]
    cells = list(zip(letters, styles, strict=True))
    lines = []
    for number, row in enumerate(rows, start=2):
        line = "".join(
            [
                # Text, most cells, without a call of _cell(); None and empty text, no cell.
                f'<c r="{letter}{number}" t="inlineStr"><is><t xml:space="preserve">'
                f"{_xml_text(inert_text(value))}</t></is></c>"
                if type(value) is str
                else _cell(f"{letter}{number}", value, style)
                for (letter, style), value in zip(cells, row, strict=True)
                if value is not None and value != ""
            ]
        )
        lines.append(f'<row r="{number}">{line}</row>')
        if len(lines) == ROWS_PER_WRITE:
            yield "".join(lines)
            lines = []
        if progress:
            progress()
    lines.append("</sheetData></worksheet>")
    yield "".join(lines)


def _cell(reference, value, style):
    """One cell: text made inert, numbers as numbers, dates and times as serial numbers
    shown with the column's format (or a date or date-and-time one)."""
    if type(value) is str:
        return _text_cell(reference, value)
    if isinstance(value, bool):
        return f'<c r="{reference}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float | Decimal):
        attribute = f' s="{style}"' if style else ""
        return f'<c r="{reference}"{attribute}><v>{value}</v></c>'
    if isinstance(value, datetime.datetime):
        return f'<c r="{reference}" s="{style or DATETIME_STYLE}"><v>{_serial(value)}</v></c>'
    if isinstance(value, datetime.date):
        return f'<c r="{reference}" s="{style or DATE_STYLE}"><v>{_serial(value)}</v></c>'
    return _text_cell(reference, value)


def _text_cell(reference, value, style=0):
    attribute = f' s="{style}"' if style else ""
    text = _xml_text(inert(value))
    return (
        f'<c r="{reference}"{attribute} t="inlineStr"><is><t xml:space="preserve">{text}</t>'
        "</is></c>"
    )


def _xml_text(text):
    # A carriage return is written as a character reference: an XML reader turns a bare one
    # into a line feed.
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    if "\r" in text:
        text = text.replace("\r", "&#13;")
    return text


def _serial(value):
    """Excel's serial number of a date (whole days since 30 December 1899) or a naive
    date and time (the time as a fraction of a day), as openpyxl writes them."""
    if isinstance(value, datetime.datetime):
        if value.tzinfo is not None:
            raise TypeError("Excel does not support time zones: convert to local time first.")
        if value.date() < FIRST_SERIAL_DAY:
            return to_excel(value)
        seconds = value.hour * 3600 + value.minute * 60 + value.second
        fraction = (seconds + value.microsecond / 1e6) / 86400
        return value.toordinal() - EXCEL_EPOCH_ORDINAL + fraction
    if value < FIRST_SERIAL_DAY:
        return to_excel(value)
    return value.toordinal() - EXCEL_EPOCH_ORDINAL


def _content_types(count):
    sheets = "".join(
        f'<Override PartName="/xl/worksheets/sheet{number}.xml" ContentType="{SHEET_TYPE}"/>'
        for number in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" '
        'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/styles.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
        f"{sheets}</Types>"
    )


def _workbook(names):
    sheets = "".join(
        f'<sheet name={quoteattr(name)} sheetId="{number}" r:id="rId{number}"/>'
        for number, name in enumerate(names, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<workbook xmlns="{MAIN}" xmlns:r="{RELATIONSHIPS}"><bookViews>'
        '<workbookView activeTab="0"/></bookViews>'
        f"<sheets>{sheets}</sheets></workbook>"
    )


def _workbook_relationships(count):
    sheets = "".join(
        f'<Relationship Id="rId{number}" Type="{RELATIONSHIPS}/worksheet" '
        f'Target="worksheets/sheet{number}.xml"/>'
        for number in range(1, count + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<Relationships xmlns="{PACKAGE_RELATIONSHIPS}">{sheets}'
        f'<Relationship Id="rId{count + 1}" Type="{RELATIONSHIPS}/styles" '
        'Target="styles.xml"/></Relationships>'
    )
