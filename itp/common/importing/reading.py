"""Importing spreadsheets: what every import of the programme's records shares.

The admin's import pages, ``manage.py import_people`` and the tests read files and import them
with the pieces here, built on django-import-export:

- ``CSVFormat`` and ``XLSXFormat`` read a file strictly, or raise ``ImportFileError`` with a
  message for the person who made the file (empty, not really XLSX, not UTF-8, ...);
- ``ImportLimits`` bound what one import reads (size, records, columns, characters in a cell):
  the admin's pages must answer within a web worker's timeout, the command may read more. A
  file beyond a limit is refused as soon as the limit is seen, before it is read whole;
- ``ProgrammeResource`` checks the header row, refuses a row that repeats an earlier one,
  validates every row with the model's own rules and writes nothing unless the whole file is
  valid: the import is one transaction, rolled back on any error;
- the widgets turn a cell into a value and back, so that a file exported from the site can be
  imported again unchanged: choices by label or stored value, yes/no, records by name or slug
  (looked up once per import, not once per row).

Rows are numbered as in the spreadsheet: the header is row 1, the first record row 2.
"""

import csv
import dataclasses
import io
import zipfile
import zlib

import tablib
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.formats import base_formats
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import WorkSheetParser

from itp.common.spreadsheets import restore
from itp.common.text import excerpt as _excerpt

from ..exceptions import Refused

# The first record is on the spreadsheet's row 2, under the header row.
FIRST_RECORD_ROW = 2


def lookup_key(value):
    """A cell or a stored value as lookups compare it: without case and surrounding spaces."""
    return str(value).strip().lower()


def cell_key(value):
    """A cell as lookups compare it, the apostrophes that exports put where text looks like a
    formula taken off: a record named "=Region" is exported as "'=Region"."""
    return lookup_key(restore(str(value).strip()))


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def excerpt(value):
    """A cell quoted in a message: a cell may be long, and a message quoting it whole may be
    longer than the file."""
    return _excerpt(value, length=60)


class ImportFileError(Refused, ValueError):
    """A file that cannot be imported at all: unreadable, empty, too large, or with the wrong
    headers."""


# Limits


@dataclasses.dataclass(frozen=True)
class ImportLimits:
    """The most that one import reads. A real file of the programme's records stays far below
    each limit; a file beyond one, by mistake or built to exhaust the server, is refused as soon
    as the limit is seen, with a message naming it.

    ``advice`` says what to do with a file that is too large or holds too many records.
    """

    max_bytes: int  # the file as uploaded
    max_rows: int  # records under the header row
    advice: str
    max_unpacked_bytes: int  # an .xlsx, all its parts unpacked
    # A part of an .xlsx unpacked to more than this many times its packed size. Sheets of
    # records pack about 15 to 1; a zip bomb packs a thousand to one.
    max_compression_ratio: int = 100
    # A part of an .xlsx that openpyxl reads whole, into objects some twenty times its size
    # (styles, the workbook, its properties); a sheet is read a row at a time.
    max_part_bytes: int = 2_000_000
    max_columns: int = 50
    max_cell_characters: int = 1_000  # a name, an e-mail address or a title is far shorter

    def check_size(self, size):
        """Raise ImportFileError if a file of ``size`` bytes is too large to import."""
        if size > self.max_bytes:
            raise ImportFileError(
                _("The file is %(size)s MB; an import here reads at most %(limit)s MB. %(advice)s")
                % {
                    "size": _megabytes(size),
                    "limit": _megabytes(self.max_bytes),
                    "advice": self.advice,
                }
            )


def _megabytes(size):
    """``size`` bytes in megabytes, to one decimal unless whole: "1.5", "20"."""
    megabytes = size / 1_000_000
    return f"{megabytes:,.0f}" if megabytes.is_integer() else f"{megabytes:,.1f}"


# The admin's pages answer within a web worker's timeout (60 seconds): 5,000 people take 15 to
# 30 seconds to preview and as long again to import.
ADMIN_LIMITS = ImportLimits(
    max_bytes=5_000_000,
    max_unpacked_bytes=10_000_000,
    max_rows=5_000,
    advice=gettext_lazy(
        "Split it into smaller files; or have people imported with manage.py import_people, "
        "which reads larger files."
    ),
)

# manage.py import_people has no timeout; --max-rows changes max_rows.
COMMAND_LIMITS = ImportLimits(
    max_bytes=50_000_000,
    max_unpacked_bytes=200_000_000,
    max_rows=100_000,
    advice=gettext_lazy(
        "Split it into smaller files, or raise the limit on records with --max-rows."
    ),
)


# Reading files

# An .xlsx part unpacked to less than this is not checked for its compression ratio: small
# parts (styles, an empty sheet) may pack very tightly and cost nothing to read.
RATIO_CHECKED_FROM = 1_000_000  # bytes

# The parts of an .xlsx not read whole: sheets, a row at a time, and the shared strings, into
# plain text. (Pictures are not read at all.)
STREAMED_PARTS = ("xl/worksheets/", "xl/sharedStrings.xml")

# Whatever openpyxl and zipfile raise on a file that is not a workbook they can read: a zip that
# is not a workbook, a part missing or malformed, corrupt or encrypted data, XML that declares
# entities (refused by the parser), a value of the wrong type.
UNREADABLE_WORKBOOK_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    InvalidFileException,
    KeyError,
    IndexError,
    OSError,
    ValueError,
    TypeError,
    AttributeError,
    SyntaxError,  # xml.etree's ParseError and lxml's XMLSyntaxError
    NotImplementedError,  # an unknown compression method
    RuntimeError,  # an encrypted part
)


# The last column a sheet may have, XFD; a CSV file may have more.
SHEET_COLUMNS = 16_384


def _column_name(number):
    """A column as a spreadsheet names it (AX), or by its number beyond a sheet's last one."""
    return get_column_letter(number) if number <= SHEET_COLUMNS else f"{number:,}"


def _check_cells(number, cells, limits):
    """Refuse row ``number`` if a cell lies beyond the column limit, is too long or holds a
    NUL character (which no database text holds). ``cells`` maps column numbers to values."""
    last = max(cells)
    if last > limits.max_columns:
        raise ImportFileError(
            _(
                "Row %(row)s has a value in column %(column)s; an import reads at most "
                "%(limit)s columns. Delete what lies to the right of the headers."
            )
            % {"row": f"{number:,}", "column": _column_name(last), "limit": limits.max_columns}
        )
    for column, value in cells.items():
        if not isinstance(value, str):
            continue
        place = {"row": f"{number:,}", "column": _column_name(column)}
        if len(value) > limits.max_cell_characters:
            raise ImportFileError(
                _(
                    "Row %(row)s, column %(column)s holds more than %(limit)s characters, the "
                    "most a cell may hold. Shorten that cell."
                )
                % {**place, "limit": f"{limits.max_cell_characters:,}"}
            )
        if "\x00" in value:
            raise ImportFileError(
                _(
                    "Row %(row)s, column %(column)s holds a NUL character, which text cannot "
                    "hold. Delete it from that cell."
                )
                % place
            )


def _dataset(rows, limits):
    """A tablib Dataset from the rows of a file, the first of which must be the header row.

    ``rows`` yields (row number, {column number: value}) in the file's order, and may leave out
    blank rows and cells. It is read lazily and refused as soon as a row breaks a limit, so a
    file with a million rows costs no more than one with ``limits.max_rows``. Trailing blank
    rows are dropped; a blank row between records is kept, so that row numbers stay those of
    the spreadsheet (the resource reports it).
    """
    header = None
    records = []  # {column number: value} of each row after the header, blank rows included
    previous = 0
    for number, cells in rows:
        if number <= previous:
            raise ImportFileError(
                _(
                    "Row %(row)s comes after row %(previous)s in the file. Save it again from "
                    "the spreadsheet program."
                )
                % {"row": f"{number:,}", "previous": f"{previous:,}"}
            )
        previous = number
        cells = {column: value for column, value in cells.items() if not is_blank(value)}
        if not cells:
            continue
        _check_cells(number, cells, limits)
        if header is None:
            if number != 1:
                raise ImportFileError(
                    _("The first row of the file is empty; it must be the header row.")
                )
            header = [str(cells.get(column, "")).strip() for column in range(1, max(cells) + 1)]
            continue
        if number - 1 > limits.max_rows:
            raise ImportFileError(
                _(
                    "The file has more than %(limit)s records (row %(row)s holds one); an "
                    "import here reads at most %(limit)s. %(advice)s"
                )
                % {"limit": f"{limits.max_rows:,}", "row": f"{number:,}", "advice": limits.advice}
            )
        records += [{}] * (number - FIRST_RECORD_ROW - len(records))
        records.append(cells)
    if header is None:
        raise ImportFileError(_("The file is empty: it has no header row and no records."))
    if not records:
        raise ImportFileError(
            _("The file has a header row but no records under it; there is nothing to import.")
        )
    width = len(header)
    dataset = tablib.Dataset(headers=header)
    for number, cells in enumerate(records, start=FIRST_RECORD_ROW):
        if max(cells, default=0) > width:
            raise ImportFileError(
                _("Row %(row)d has a value to the right of the last header.") % {"row": number}
            )
        dataset.append([cells.get(column, "") for column in range(1, width + 1)])
    return dataset


class CSVFormat(base_formats.CSV):
    """CSV in UTF-8 (with or without a byte-order mark), separated by commas or semicolons."""

    # The longest first line the separator is guessed from; a header row is far shorter.
    SNIFFED_CHARACTERS = 10_000

    def create_dataset(self, in_stream, *, limits=ADMIN_LIMITS, **kwargs):
        limits.check_size(len(in_stream))
        if isinstance(in_stream, bytes):
            try:
                in_stream = in_stream.decode("utf-8-sig")
            except UnicodeDecodeError as error:
                raise ImportFileError(
                    _(
                        "The file is not UTF-8 text. In Excel, save it as “CSV UTF-8 (comma "
                        "delimited)”; or import it as XLSX."
                    )
                ) from error
        text = in_stream.removeprefix("\ufeff")
        if not text or text.isspace():
            raise ImportFileError(_("The file is empty: it has no header row and no records."))
        first_line = text[: self.SNIFFED_CHARACTERS].lstrip().partition("\n")[0]
        try:
            # Spreadsheet programs in many European languages separate values by semicolons.
            dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
            delimiter = dialect.delimiter
        except csv.Error:
            delimiter = ","
        return _dataset(self.rows(text, delimiter, limits), limits)

    @staticmethod
    def rows(text, delimiter, limits):
        """(row number, {column number: value}) of each row, read one at a time."""
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        number = 0
        try:
            for number, values in enumerate(reader, start=1):
                # Only the cells that hold something: a row may be a million commas.
                yield (
                    number,
                    {
                        column: value
                        for column, value in enumerate(values, start=1)
                        if value and not value.isspace()
                    },
                )
        except csv.Error as error:
            # The csv module refuses a cell of more than 131,072 characters by itself.
            if "field larger than field limit" in str(error):
                raise ImportFileError(
                    _(
                        "Row %(row)s holds more than %(limit)s characters in one cell, the most "
                        "a cell may hold. Shorten that cell."
                    )
                    % {"row": f"{number + 1:,}", "limit": f"{limits.max_cell_characters:,}"}
                ) from error
            raise ImportFileError(
                _("The file is not valid CSV: %(error)s.") % {"error": error}
            ) from error


class XLSXFormat(base_formats.XLSX):
    """The first sheet of an Excel workbook (.xlsx)."""

    def create_dataset(self, in_stream, *, limits=ADMIN_LIMITS, **kwargs):
        if not in_stream:
            raise ImportFileError(_("The file is empty: it has no header row and no records."))
        limits.check_size(len(in_stream))
        try:
            self.check_archive(in_stream, limits)
            workbook = load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        except ImportFileError:
            raise
        except UNREADABLE_WORKBOOK_ERRORS as error:
            raise self.not_a_workbook() from error
        try:
            return _dataset(self.rows(workbook), limits)
        except ImportFileError:
            raise
        except UNREADABLE_WORKBOOK_ERRORS as error:
            raise self.not_a_workbook() from error
        finally:
            workbook.close()

    @staticmethod
    def not_a_workbook():
        return ImportFileError(
            _(
                "The file is not an Excel workbook (.xlsx), whatever its name says. Save it from "
                "the spreadsheet program as “Excel workbook (.xlsx)”, or as CSV UTF-8 and "
                "import it as CSV."
            )
        )

    @staticmethod
    def check_archive(content, limits):
        """Refuse a workbook that unpacks to more than the limit, or a part of it packed like a
        zip bomb, from the sizes its zip declares, before any of it is unpacked. (zipfile never
        unpacks more than the declared size, so the declaration bounds what is read.)"""
        parts = zipfile.ZipFile(io.BytesIO(content)).infolist()
        unpacked = sum(part.file_size for part in parts)
        if unpacked > limits.max_unpacked_bytes:
            raise ImportFileError(
                _(
                    "The workbook unpacks to %(size)s MB; an import here reads at most "
                    "%(limit)s MB unpacked. %(advice)s"
                )
                % {
                    "size": _megabytes(unpacked),
                    "limit": _megabytes(limits.max_unpacked_bytes),
                    "advice": limits.advice,
                }
            )
        for part in parts:
            read_whole = part.filename.endswith((".xml", ".rels")) and not (
                part.filename.startswith(STREAMED_PARTS)
            )
            if read_whole and part.file_size > limits.max_part_bytes:
                raise ImportFileError(
                    _(
                        "Part %(part)s of the workbook unpacks to %(size)s MB; a workbook's "
                        "styles and settings take far less (%(limit)s MB at most here). Copy "
                        "the records into a new workbook, or save them as CSV UTF-8 and "
                        "import that."
                    )
                    % {
                        "part": excerpt(part.filename),
                        "size": _megabytes(part.file_size),
                        "limit": _megabytes(limits.max_part_bytes),
                    }
                )
            ratio = part.file_size / max(part.compress_size, 1)
            if part.file_size > RATIO_CHECKED_FROM and ratio > limits.max_compression_ratio:
                raise ImportFileError(
                    _(
                        "Part %(part)s of the workbook is compressed %(ratio)s to 1, far more "
                        "than a sheet of records ever is (%(limit)s to 1 at most), so the file "
                        "is refused. Save it again from the spreadsheet program, or as CSV "
                        "UTF-8 and import it as CSV."
                    )
                    % {
                        "part": excerpt(part.filename),
                        "ratio": f"{ratio:,.0f}",
                        "limit": limits.max_compression_ratio,
                    }
                )

    @staticmethod
    def rows(workbook):
        """(row number, {column number: value}) of each row of the first sheet that the file
        holds, with only the cells it holds, read one row at a time.

        Read with openpyxl's own sheet parser rather than its rows (``iter_rows``), which pad
        every row with empty cells up to the sheet's declared dimension, or else up to the
        row's last cell: one cell in the last column (XFD) then costs 16,384, and a sheet that
        claims A1:XFD1048576 costs 17 billion.
        """
        if not workbook.worksheets:
            return
        sheet = workbook.worksheets[0]
        with workbook._archive.open(sheet._worksheet_path) as source:
            parser = WorkSheetParser(
                source,
                sheet._shared_strings,
                data_only=True,
                epoch=workbook.epoch,
                date_formats=workbook._date_formats,
                timedelta_formats=workbook._timedelta_formats,
            )
            for number, cells in parser.parse():
                # The parser keeps each row's height and style, which an import never uses.
                parser.row_dimensions.clear()
                yield number, {cell["column"]: cell["value"] for cell in cells}


FORMATS = {"csv": CSVFormat, "xlsx": XLSXFormat}


def read_dataset(content, format_name, *, limits=ADMIN_LIMITS):
    """The records of a file's bytes in ``format_name`` ("csv" or "xlsx") as a Dataset, read
    within ``limits``.

    Raises ImportFileError for an unknown format or a file that cannot be read or is beyond a
    limit.
    """
    if format_name not in FORMATS:
        raise ImportFileError(
            _("Unknown format “%(format)s”; choose %(formats)s.")
            % {"format": format_name, "formats": _(" or ").join(FORMATS)}
        )
    return FORMATS[format_name]().create_dataset(content, limits=limits)
