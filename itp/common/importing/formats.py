"""The file formats an import reads: CSV and XLSX, read strictly and within limits.

``CSVFormat`` and ``XLSXFormat`` read a file into a tablib Dataset, or raise
``ImportFileError`` with a message for the person who made the file (empty, not really XLSX,
not UTF-8, beyond a limit, ...). Both turn the file into a stream of rows that
``dataset_from_rows`` reads lazily, so that a file is refused as soon as it breaks a limit.
"""

import csv
import io
import zipfile
import zlib

import tablib
from django.utils.translation import gettext as _
from import_export.formats import base_formats
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import WorkSheetParser

from .cells import FIRST_RECORD_ROW, is_blank
from .limits import ADMIN_LIMITS, ImportFileError, check_cells, check_workbook_archive

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


def dataset_from_rows(rows, limits):
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
        check_cells(number, cells, limits)
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
        return dataset_from_rows(self.rows(text, delimiter, limits), limits)

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
            check_workbook_archive(in_stream, limits)
            workbook = load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        except ImportFileError:
            raise
        except UNREADABLE_WORKBOOK_ERRORS as error:
            raise self.not_a_workbook() from error
        try:
            return dataset_from_rows(self.rows(workbook), limits)
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
