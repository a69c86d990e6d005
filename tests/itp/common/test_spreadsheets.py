"""Text made inert for spreadsheet programs, and restored on import (itp/common/spreadsheets.py)."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from itp.common.spreadsheets import (
    FORMULA_TRIGGERS,
    InertCSVWriter,
    inert,
    inert_csv_field,
    restore,
)

HOSTILE_TEXTS = [
    "=1+1",
    "=cmd|' /C calc'!A0",
    "@SUM(1+1)",
    "+1+1",
    "-2+3",
    "\t=1+1",
    "\r=1+1",
    "  =1+1",
    "Fiona;=1+1;x",
    "Fiona,=1+1,x",
    "x\t=1+1",
    "x\n=1+1",
    "x\r\n@SUM(1)",
    "Fiona; =1+1",
    "'=1+1",
    "a;'=b",
    "''-x",
    "\n\t-",
    "＝1+1",
    "Fiona Reid",
    # A program that lost track of the quoting drops a quote at the start of a cell.
    'a\n"-b',
    'x;"@SUM(1)',
    'Fiona;" =1+1',
    # DDE and percent, which defusedcsv also escapes.
    "|cmd",
    "%0A=1",
    "x;|cmd",
    "'|a\\|b",
]


@pytest.mark.parametrize(
    ("text", "in_a_cell", "in_a_csv_field"),
    [
        ("=1+1", "'=1+1", "'=1+1"),
        ("  =1+1", "'  =1+1", "'  =1+1"),
        ("Fiona;=1+1;x", "Fiona;=1+1;x", "Fiona;'=1+1;x"),
        ("Fiona, -2+3", "Fiona, -2+3", "Fiona,' -2+3"),
        ("x\n@SUM(1)", "x\n@SUM(1)", "x\n'@SUM(1)"),
        ("\t=1+1", "'\t=1+1", "'\t'=1+1"),
        ("'=1+1", "''=1+1", "''=1+1"),
        ("a;'=b", "a;''=b", "a;''=b"),
        ('a;"=b', 'a;"=b', "a;'\"=b"),
        ("Fiona Reid; 3 + 4 = 7", "Fiona Reid; 3 + 4 = 7", "Fiona Reid; 3 + 4 = 7"),
        ("|cmd", "'|cmd", "'|cmd"),
        ("%0A=1", "'%0A=1", "'%0A=1"),
        ("a|b 50%", "a|b 50%", "a|b 50%"),
    ],
)
def test_text_is_made_inert_where_a_program_may_start_a_cell(text, in_a_cell, in_a_csv_field):
    assert (inert(text), inert_csv_field(text)) == (in_a_cell, in_a_csv_field)


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_restore_gives_back_the_text_that_was_made_inert(text):
    assert (restore(inert(text)), restore(inert_csv_field(text))) == (text, text)


@pytest.mark.parametrize(
    "value",
    [None, 5, -5, 1.5, Decimal("-2.50"), datetime.date(2019, 4, 9), datetime.datetime(2019, 4, 9)],
)
def test_numbers_and_dates_stay_as_they_are(value):
    assert inert(value) is inert_csv_field(value) is value


def test_csv_writer_quotes_every_field_and_writes_none_as_empty():
    line = InertCSVWriter().writerow(["Fiona;=1+1", None, 5, 'say "hi"'])

    assert line == '"Fiona;\'=1+1","","5","say ""hi"""\r\n'


@pytest.mark.parametrize("delimiter", [";", ",", "\t"])
def test_csv_lines_have_no_live_formula_whatever_the_separator_a_program_splits_on(delimiter):
    writer = InertCSVWriter()
    text = "".join(writer.writerow([text, text, "Reid"]) for text in HOSTILE_TEXTS)

    cells = [
        cell
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        for cell in row
    ]
    assert [cell for cell in cells if cell.lstrip(" ").startswith(FORMULA_TRIGGERS)] == []
    assert [cell for cell in cells if cell.startswith(("\t", "\r"))] == []


def test_csv_writer_writes_a_field_already_made_inert_as_it_is():
    # defusedcsv's writer escapes a field that starts with a trigger; a field made inert here
    # starts with the apostrophe, so the writer adds nothing that restore would not take off.
    line = InertCSVWriter().writerow(["=cmd|' /C calc'!A0", "|x", "-5", -5])

    assert line == '"\'=cmd|\' /C calc\'!A0","\'|x","\'-5","-5"\r\n'
