"""The XLSX writer (itp/common/exporting/xlsx.py), read back with openpyxl as the imports and
spreadsheet programs read it: values, types, formats, header, widths and sheet names."""

import datetime
import io
from decimal import Decimal

from openpyxl import load_workbook

from itp.common.exporting.tables import DATE, DECIMAL, INTEGER, PERCENT, TEXT, Column, Section
from itp.common.exporting.writers import write_xlsx
from itp.common.spreadsheets import inert

HOSTILE_TEXTS = [
    '=HYPERLINK("http://x")',
    "+SUM(1,2)",
    "-2+3",
    "@cmd",
    "\t=1+1",
    "Fiona;=1+1;x",
    'Say "hi", <b>&amp;</b>',
    "line one\r\nline two\nthree",
    "  spaces around  ",
    "'=already quoted",
    "Zoë Ødegård — 東京",
    "Fi\x0bona Mac\x1bLeod",
    "",
]


class Export:
    def __init__(self, sections):
        self._sections = sections

    def sections(self):
        return self._sections


def written(sections):
    handle = io.BytesIO()
    write_xlsx(Export(sections), handle)
    return load_workbook(io.BytesIO(handle.getvalue()))


def test_xlsx_text_cells_read_back_as_the_text_made_inert():
    rows = [(text, index) for index, text in enumerate(HOSTILE_TEXTS)]

    sheet = written([Section("Texts", [Column("Text"), Column("Number", INTEGER)], iter(rows))])[
        "Texts"
    ]

    read = [(cell.value, cell.data_type) for cell in sheet["A"][1:]]
    # Empty text is written as no cell, as openpyxl wrote it.
    assert read == [(inert(text) or None, "s" if text else "n") for text in HOSTILE_TEXTS]
    assert [cell.value for cell in sheet["B"][1:]] == list(range(len(HOSTILE_TEXTS)))


def test_xlsx_numbers_stay_numbers_and_dates_dates_with_their_formats():
    columns = [
        Column("Whole", INTEGER),
        Column("Decimal", DECIMAL),
        Column("Percent", PERCENT),
        Column("Day", DATE),
        Column("Moment", DATE),
        Column("Plain moment", TEXT),
        Column("Flag", TEXT),
        Column("Nothing", TEXT),
    ]
    moment = datetime.datetime(2026, 3, 4, 17, 5, 9, 250000)
    row = (-7, Decimal("1234.5"), 12.5, datetime.date(2019, 4, 9), moment, moment, True, None)

    sheet = written([Section("Types", columns, [row])]).active

    cells = list(sheet.iter_rows(min_row=2))[0]
    assert [cell.value for cell in cells] == [
        -7,
        1234.5,
        12.5,
        datetime.datetime(2019, 4, 9),
        moment,
        moment,
        True,
        None,
    ]
    assert [cell.number_format for cell in cells[:6]] == [
        "General",
        "#,##0.##",
        "0.0",
        "yyyy-mm-dd",
        "yyyy-mm-dd",
        "yyyy-mm-dd h:mm:ss",
    ]


def test_xlsx_header_is_bold_and_frozen_and_columns_have_their_widths():
    columns = [Column("=Name", TEXT, 26), Column("Count", INTEGER, 10)]

    sheet = written([Section("People", columns, [("Anna", 1)])]).active

    assert [(cell.value, cell.font.b) for cell in sheet[1]] == [("'=Name", True), ("Count", True)]
    assert [cell.font.b for cell in sheet[2]] == [False, False]
    assert sheet.freeze_panes == "A2"
    assert (sheet.column_dimensions["A"].width, sheet.column_dimensions["B"].width) == (26, 10)


def test_xlsx_has_one_sheet_per_section_named_as_excel_accepts():
    sections = [
        Section("Seat holders & <guests>", [Column("Name")], [("Anna",)]),
        Section("Waitlist: Milan/Rome", [Column("Name")], [("Bruno",)]),
        Section("Seat holders & <guests>", [Column("Name")], []),
    ]

    book = written(sections)

    assert book.sheetnames == [
        "Seat holders & <guests>",
        "Waitlist Milan Rome",
        "Seat holders & <guests> (2)",
    ]
    assert [book[name]["A2"].value for name in book.sheetnames] == ["Anna", "Bruno", None]
