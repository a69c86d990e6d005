"""What a report download says, read back as a spreadsheet program or a PDF viewer would."""

import csv
import io

from openpyxl import load_workbook
from pypdf import PdfReader

from tests.html import body

MILAN = "milan-kick-off-workshop-2019"


def csv_sections(response):
    """The CSV download as a list of sections, each a list of rows (the header row first)."""
    text = body(response).decode("utf-8")
    assert text.startswith("\ufeff")
    sections = [[]]
    for row in csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")):
        if row:
            sections[-1].append(row)
        else:
            sections.append([])
    return sections


def workbook(response):
    return load_workbook(io.BytesIO(body(response)))


def pdf_text(response):
    """The PDF's text with every run of white space made one space, and its page count."""
    reader = PdfReader(io.BytesIO(body(response)))
    text = " ".join(page.extract_text() for page in reader.pages)
    return " ".join(text.split()), len(reader.pages)


def squeezed(text):
    """``text`` without white space: table cells in a PDF wrap wherever they must."""
    return "".join(text.split())


def column(rows, header):
    """The values of the column named ``header`` in ``rows`` (header row first)."""
    index = list(rows[0]).index(header)
    return [row[index] for row in rows[1:]]
