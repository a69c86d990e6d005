"""Write any export (``tables.Export``: a report, an admin selection) as CSV, XLSX or PDF.

CSV and XLSX are written row by row from the sections' iterators, so memory stays flat however
many rows an export has. Text that a spreadsheet would run as a formula is made inert (see
itp.common.spreadsheets). ``download_export`` sends any of them through
``itp.common.downloads.download``.
"""

import tempfile

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from weasyprint import CSS, HTML

from itp.common.downloads import download
from itp.common.spreadsheets import InertCSVWriter

from .xlsx import write_workbook

FORMATS = ("csv", "xlsx", "pdf")


def csv_rows(export, sections=None):
    """The export as CSV lines, one or a chunk at a time: each section's header row and rows
    (written by the database when it can, see ``database``), sections separated by an empty
    line. Starts with a byte-order mark so spreadsheet programs read the file as UTF-8; every
    field is quoted and made inert."""
    writer = InertCSVWriter()
    yield "\ufeff"
    for number, section in enumerate(sections or export.sections()):
        if number:
            yield writer.writerow([])
        yield writer.writerow([column.header for column in section.columns])
        if section.csv_lines is not None:
            yield from section.csv_lines
            continue
        for row in section.rows:
            yield writer.writerow(row)


def write_xlsx(export, target, sections=None, progress=None):
    """Write the export to ``target`` (a path or binary file) as an XLSX workbook: one sheet
    per section, bold frozen header, real number and date cells, set column widths (see
    ``xlsx``). ``progress`` is called after each row."""
    sheets, names = [], []
    for section in sections or export.sections():
        names.append(sheet_title(section.title, names))
        sheets.append((names[-1], section.columns, section.rows))
    write_workbook(target, sheets, progress)


def xlsx_file(export, sections=None):
    """The export as XLSX in a temporary file, rewound, for a streamed response."""
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - the response closes it once sent
    write_xlsx(export, handle, sections)
    handle.seek(0)
    return handle


def pdf_bytes(export, sections=None, *, base_url):
    """The export as an A4 PDF, printed by WeasyPrint from its ``print_template`` with its
    ``print_context(sections)`` (a report has both)."""
    html = render_to_string(
        export.print_template, export.print_context(sections or export.sections())
    )
    stylesheet = CSS(filename=finders.find("css/report_print.css"))
    return HTML(string=html, base_url=base_url).write_pdf(stylesheets=[stylesheet])


# Excel refuses a sheet name with any of these characters, or longer than 31 characters.
_FORBIDDEN_IN_SHEET_TITLES = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
SHEET_TITLE_LENGTH = 31


def sheet_title(title, taken):
    """A name for a sheet showing ``title`` that Excel accepts and a person can read: the
    characters Excel forbids ([]:*?/\\) and runs of white space become one space, apostrophes
    at either end go, the rest is cut at a word to 31 characters, and a name already ``taken``
    (Excel ignores case) gets a number: "Deliverables (2)"."""
    cleaned = " ".join(str(title).translate(_FORBIDDEN_IN_SHEET_TITLES).split()).strip("' ")
    base = _cut_at_a_word(cleaned, SHEET_TITLE_LENGTH) or "Sheet"
    taken = {name.casefold() for name in taken}
    candidate, number = base, 2
    while candidate.casefold() in taken:
        suffix = f" ({number})"
        candidate = _cut_at_a_word(base, SHEET_TITLE_LENGTH - len(suffix)) + suffix
        number += 1
    return candidate


def _cut_at_a_word(text, length):
    if len(text) <= length:
        return text
    kept = text[: length + 1]
    kept = kept.rsplit(" ", 1)[0] if " " in kept else text[:length]
    return kept.rstrip(" ,;-–")


def download_export(export, format, sections=None, *, base_url=None):
    """The response that downloads ``export`` as CSV (streamed from the rows), XLSX or PDF
    (``base_url`` is where the print template's static files are found)."""
    filename = export.filename(format)
    if format == "csv":
        content = csv_rows(export, sections)
    elif format == "xlsx":
        content = xlsx_file(export, sections)
    else:
        content = pdf_bytes(export, sections, base_url=base_url)
    return download(content, filename=filename, format=format)
