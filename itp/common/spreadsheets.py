"""Text in spreadsheet cells that spreadsheet programs show and never run.

Spreadsheet programs run a cell that starts with a formula trigger, whichever file the cell
came from: OWASP's ``=``, ``+``, ``-``, ``@``, tab and carriage return, and the ``|`` (DDE) and
``%`` that defusedcsv also escapes. Exports put an apostrophe before such text: the program
then shows the text. Imports take the apostrophe off again (``restore``), so an exported file
imports back unchanged.

CSV lines are written by defusedcsv's writer, which puts the apostrophe before a field that
starts with a trigger. Its rule looks at a field's first character only, so the rule here goes
further, and runs before it: in a CSV file a cell is only a cell for a program that splits the
lines on the separator they were written with. Excel splits on the list separator of the
computer's locale (a semicolon in much of Europe). A program that splits on another separator
than the file's may lose track of the quoting at the first ``","``, as Python's csv module
does: in ``"a","Fiona;=1+1"`` it finds the cells ``a,"Fiona`` and a live ``=1+1``. So every
CSV field is quoted (LibreOffice then keeps the line whole, whatever it splits on) and, for
the programs that still split the field, the apostrophe also goes after every separator or
line break inside a field that a formula trigger follows, spaces allowed in between since some
programs trim cells. A field this rule has made inert starts with an apostrophe or no trigger,
so defusedcsv's writer leaves it as it is (and never needs its ``\\|`` escape, which
``restore`` would have to undo).
"""

import csv
import datetime
import re
from decimal import Decimal

from defusedcsv import csv as defused_csv
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_TRIGGERS = ("=", "+", "-", "@", "|", "%", "\t", "\r")
# What a spreadsheet program may take for the end of a cell: the separators that programs use
# by default or by locale, and line breaks.
CELL_SEPARATORS = (",", ";", "\t", "\r", "\n")

_TRIGGER = "[" + re.escape("".join(FORMULA_TRIGGERS)) + "]"
_SEPARATOR = "[" + re.escape("".join(CELL_SEPARATORS)) + "]"
# A formula trigger after any spaces (some programs trim cells) and double quotes (a program
# that lost track of the quoting takes a quote at the start of a cell for an opening one and
# drops it), and after any apostrophes already there, so that restore() gives back exactly
# the text that was made inert, even "'=x". Tabs and line breaks are separators, not spaces:
# a cell starts after each of them.
_SKIPPED = '(?:[^\\S\\t\\r\\n]|")*'
_LIKE_A_FORMULA = "'*" + _SKIPPED + _TRIGGER
_INERT_CSV = re.compile(f"(?:^|(?<={_SEPARATOR}))(?={_LIKE_A_FORMULA})")
# In a cell of its own, text can only start like a formula. Apostrophes after a separator are
# still doubled, for restore().
_INERT_CELL = re.compile(f"^(?={_LIKE_A_FORMULA})|(?<={_SEPARATOR})(?='+{_SKIPPED}{_TRIGGER})")
_A_SEPARATOR = re.compile(_SEPARATOR)
_ADDED_APOSTROPHE = re.compile(f"(?:^|(?<={_SEPARATOR}))'(?={_LIKE_A_FORMULA})")

# The CSV rule (_INERT_CSV) as a PostgreSQL regular expression, for CSV that the database
# writes (itp.common.exporting.database): the same alternatives, with Python's white space
# (``\s`` of a str pattern) spelt out, since PostgreSQL's is another set. Inside its bracket
# expressions a backslash escapes and a hyphen is literal only at the end. (Every white
# space character Unicode defines is in its first plane.)
_SPACES = "".join(
    character
    for character in map(chr, range(0x10000))
    if character.isspace() and character not in "\t\r\n"
)
FORMULA_TRIGGER_POSTGRESQL = (
    "[" + "".join(sorted(FORMULA_TRIGGERS, key=lambda trigger: trigger == "-")) + "]"
)
_SEPARATOR_POSTGRESQL = "[" + "".join(CELL_SEPARATORS) + "]"
INERT_CSV_POSTGRESQL = (
    f"(?:^|(?<={_SEPARATOR_POSTGRESQL}))(?='*(?:[{_SPACES}]|\")*{FORMULA_TRIGGER_POSTGRESQL})"
)
# What a row's text holds wherever INERT_CSV_POSTGRESQL matches in one of its fields: a first
# character that a match may start with, or a separator. The row's text fields are joined by
# FIELD_JOINER, which starts a field as the start of the text does (text that holds the
# joiner itself can only make the test say yes where no field needs it: time, never safety).
FIELD_JOINER = "\x01"
MAY_NEED_AN_APOSTROPHE_IN_ROW_POSTGRESQL = (
    f"(?:^|{FIELD_JOINER})['\"{_SPACES}{FORMULA_TRIGGER_POSTGRESQL[1:-1]}]|{_SEPARATOR_POSTGRESQL}"
)


def inert(value):
    """``value`` as a spreadsheet cell (XLSX) should hold it: numbers and dates as they are,
    text that starts like a formula after an apostrophe, so that it is shown, never run.

    Control characters that XLSX cannot hold are dropped: the models refuse them now, but rows
    stored earlier may still have them, and an export never fails on stored data.
    """
    if _is_typed(value):
        return value
    return inert_text(str(value))


def inert_text(text):
    """``inert()`` of text (a ``str``)."""
    # Most text (names, addresses, titles) starts with a letter or digit, holds no apostrophe
    # and no control character: neither rule below can change it, and the regular
    # expressions would cost more than the rest of an XLSX cell.
    if text[:1].isalnum() and "'" not in text and text.isprintable():
        return text
    return _INERT_CELL.sub("'", ILLEGAL_CHARACTERS_RE.sub("", text))


def inert_csv_field(value):
    """``value`` as a CSV field: like ``inert()``, and an apostrophe also after each separator
    or line break that a formula trigger follows, for programs that split the field there."""
    if type(value) is not str:
        if _is_typed(value):
            return value
        value = str(value)
    # As in inert_text(): text that starts with a letter or digit and holds no separator
    # cannot match, and most text does not.
    if value[:1].isalnum() and not _A_SEPARATOR.search(value):
        return value
    return _INERT_CSV.sub("'", value)


def restore(text):
    """``text`` as it was before ``inert()`` or ``inert_csv_field()``."""
    return _ADDED_APOSTROPHE.sub("", text)


class _Echo:
    """A file-like object whose write() returns what it was given, for streaming csv."""

    def write(self, value):
        return value


class InertCSVWriter:
    """Turns rows into CSV lines that no spreadsheet program runs: every field quoted, made
    inert (``inert_csv_field``) and written by defusedcsv's writer, None written as an empty
    field. ``writerow`` returns the line, so that a response can stream the lines as they are
    made."""

    def __init__(self):
        self._writer = defused_csv.writer(_Echo(), quoting=csv.QUOTE_ALL)

    def writerow(self, values):
        return self._writer.writerow(
            ["" if value is None else inert_csv_field(value) for value in values]
        )


def _is_typed(value):
    return value is None or isinstance(
        value, int | float | Decimal | datetime.date | datetime.datetime
    )
