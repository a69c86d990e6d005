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
from diff_match_patch import diff_match_patch
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.encoding import force_str
from django.utils.html import format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export import resources, widgets
from import_export.formats import base_formats
from import_export.instance_loaders import BaseInstanceLoader
from import_export.resources import Diff
from import_export.results import Result, RowResult
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._reader import WorkSheetParser

from .common.spreadsheets import restore
from .common.text import excerpt as _excerpt

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


class ImportFileError(ValueError):
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


# Widgets: a cell to a value and back


class TextWidget(widgets.CharWidget):
    """Text without surrounding spaces; the apostrophes that exports put where text looks
    like a formula are taken off again."""

    def clean(self, value, row=None, **kwargs):
        return "" if value is None else restore(str(value).strip()).strip()


class ChoiceWidget(widgets.Widget):
    """One of a field's choices, written as its label ("Government official") or its stored
    value ("government_official"), in any case. Exports write the label."""

    def __init__(self, choices, **kwargs):
        super().__init__(**kwargs)
        self.choices = choices

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return ""
        wanted = lookup_key(value)
        for stored, label in self.choices:
            if wanted in (lookup_key(stored), lookup_key(label)):
                return stored
        raise ValueError(
            _("“%(value)s” is not one of: %(choices)s.")
            % {
                "value": excerpt(value),
                "choices": ", ".join(str(label) for _, label in self.choices),
            }
        )

    def render(self, value, obj=None, **kwargs):
        return str(dict(self.choices).get(value, value or ""))


class YesNoWidget(widgets.Widget):
    """A yes/no cell: yes, no, true, false, 1, 0 or a spreadsheet's TRUE/FALSE. Empty is no."""

    YES = ("yes", "y", "true", "1")
    NO = ("no", "n", "false", "0", "")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, bool):
            return value
        if value is None:
            return False
        key = lookup_key(value)
        if key in self.YES:
            return True
        if key in self.NO:
            return False
        raise ValueError(_("Write yes or no, not “%(value)s”.") % {"value": excerpt(value)})

    def render(self, value, obj=None, **kwargs):
        return _("yes") if value else _("no")


class LookupWidget(widgets.ForeignKeyWidget):
    """A record named in a cell by one of ``keys`` (e.g. its name or its slug), compared
    without case. The records are read once, when the import starts (``load()``), so a file
    of any length costs one query per lookup column."""

    def __init__(self, model, *, keys, shown_as, not_found, **kwargs):
        super().__init__(model, field=shown_as, **kwargs)
        self.keys = keys
        self.not_found = not_found
        self.records = None

    def load(self):
        records = list(self.model.objects.all())
        self.records = {}
        # The first key wins a clash: a record's name beats another's slug.
        for key in reversed(self.keys):
            for record in records:
                self.records[lookup_key(getattr(record, key))] = record

    def clean(self, value, row=None, **kwargs):
        if is_blank(value):
            return None
        if self.records is None:
            self.load()
        try:
            return self.records[cell_key(value)]
        except KeyError:
            raise ValueError(self.not_found % {"value": excerpt(value)}) from None


class CountryWidget(widgets.Widget):
    """A country as its ISO code ("IT", "ITA") or its English name ("Italy")."""

    def clean(self, value, row=None, **kwargs):
        from django_countries import countries

        if is_blank(value):
            return ""
        text = str(value).strip()
        code = countries.alpha2(text) or countries.by_name(text)
        if not code:
            raise ValueError(
                _("“%(value)s” is not a country; write its ISO code (IT) or its name (Italy).")
                % {"value": excerpt(text)}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return str(getattr(value, "code", value) or "")


class WebsiteWidget(TextWidget):
    """A website address; one typed without a scheme (www.example.org) is taken as https, as
    the admin's forms do."""

    def clean(self, value, row=None, **kwargs):
        text = super().clean(value, row, **kwargs)
        if text and "://" not in text:
            text = "https://" + text
        return text


# Finding the records a file updates


class CaseInsensitiveInstanceLoader(BaseInstanceLoader):
    """Finds the record each row updates by one text field compared without case (people by
    e-mail, organisations by name), reading them all in a few queries up front."""

    CHUNK = 500  # keeps every query well under SQLite's limit on parameters

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        (field_name,) = resource.get_import_id_fields()
        self.field = resource.fields[field_name]
        self.instances = {}
        if dataset is None or self.field.column_name not in (dataset.headers or ()):
            return
        wanted = {
            cell_key(value) for value in dataset[self.field.column_name] if not is_blank(value)
        }
        # Compared here rather than with the database's LOWER(), which leaves letters beyond
        # ASCII alone under some PostgreSQL collations.
        queryset = resource.get_queryset()
        matching = [
            pk
            for pk, value in queryset.values_list("pk", self.field.attribute).iterator()
            if lookup_key(value) in wanted
        ]
        for start in range(0, len(matching), self.CHUNK):
            for instance in queryset.filter(pk__in=matching[start : start + self.CHUNK]):
                self.instances[lookup_key(getattr(instance, self.field.attribute))] = instance

    def get_instance(self, row):
        value = row.get(self.field.column_name)
        return None if is_blank(value) else self.instances.get(cell_key(value))


# Results and resources


class PlainDiff(Diff):
    """The preview's cells with what changed marked up as <del> and <ins>, without the inline
    styles of diff-match-patch's own HTML (the Content-Security-Policy forbids them; the
    colours come from django-import-export's stylesheet)."""

    TAGS = {
        diff_match_patch.DIFF_DELETE: "del",
        diff_match_patch.DIFF_EQUAL: "span",
        diff_match_patch.DIFF_INSERT: "ins",
    }

    def as_html(self):
        matcher = diff_match_patch()
        cells = []
        for before, after in zip(self.left, self.right, strict=False):
            if before != after and self.new:
                before = ""
            diff = matcher.diff_main(force_str(before), force_str(after))
            matcher.diff_cleanupSemantic(diff)
            cells.append(
                format_html_join(
                    "", "<{}>{}</{}>", ((self.TAGS[op], text, self.TAGS[op]) for op, text in diff)
                )
            )
        return cells


class ProgrammeImportResult(Result):
    """An import's result with rows numbered as in the spreadsheet (the header is row 1)."""

    def append_invalid_row(self, number, row, validation_error):
        super().append_invalid_row(number + FIRST_RECORD_ROW - 1, row, validation_error)

    def row_errors(self):
        return [
            (row.errors[0].number + FIRST_RECORD_ROW - 1, row.errors)
            for row in self.rows
            if row.errors
        ]

    def summary(self):
        """One line: how many rows are new, updated, unchanged and wrong."""
        totals = self.totals
        wrong = totals[RowResult.IMPORT_TYPE_ERROR] + totals[RowResult.IMPORT_TYPE_INVALID]
        return _("%(new)d new, %(updated)d updated, %(unchanged)d unchanged, %(wrong)s.") % {
            "new": totals[RowResult.IMPORT_TYPE_NEW],
            "updated": totals[RowResult.IMPORT_TYPE_UPDATE],
            "unchanged": totals[RowResult.IMPORT_TYPE_SKIP],
            "wrong": ngettext("%d row with errors", "%d rows with errors", wrong) % wrong,
        }

    def error_lines(self):
        """Every error, one line each: the file's own, then each row's with its column."""
        lines = [str(error.error) for error in self.base_errors]
        for number, errors in self.row_errors():
            lines += [
                _("Row %(row)d: %(error)s") % {"row": number, "error": error.error}
                for error in errors
            ]
        for row in self.invalid_rows:
            for column, messages in row.error_dict.items():
                for message in messages:
                    if column == NON_FIELD_ERRORS:
                        text = _("Row %(row)d: %(error)s")
                    else:
                        text = _("Row %(row)d, %(column)s: %(error)s")
                    lines.append(text % {"row": row.number, "column": column, "error": message})
        return lines

    def is_valid(self):
        return not self.has_errors() and not self.has_validation_errors()


class ProgrammeResource(resources.ModelResource):
    """The rules every import of the programme's records follows.

    - The header row must hold exactly the resource's columns, in any order and case.
    - A row that names the same record as an earlier row is an error naming that row.
    - Each row is validated by the model's own rules (``full_clean``); errors are reported by
      column.
    - The whole file is one transaction, rolled back if any row has an error: nothing is
      written unless every row is valid. A dry run is rolled back too.

    ``progress``, if given, is called with the row number after each row.
    """

    # Model fields the file does not set, left out of validation.
    clean_exclude = ()

    class Meta:
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True
        use_transactions = True

    def __init__(self, *, progress=None, **kwargs):
        super().__init__(**kwargs)
        self.progress = progress
        self.rows_seen = {}

    @classmethod
    def get_result_class(cls):
        return ProgrammeImportResult

    @classmethod
    def get_diff_class(cls):
        return PlainDiff

    def get_user_visible_fields(self):
        # The columns of the file; a read-only column only shows the outcome in the preview.
        return [field for field in self.get_import_fields() if not field.readonly]

    def expected_headers(self):
        """The header row of a file for this import, in the order of the template file."""
        return [field.column_name for field in self.get_user_visible_fields()]

    def template_dataset(self):
        """An empty file for this import: just the header row."""
        return tablib.Dataset(headers=self.expected_headers())

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """Import ``dataset``, or only preview it with ``dry_run``; returns the result.

        Always one transaction, rolled back on a dry run and on any error, validation errors
        included. A file whose headers are wrong is refused before any row is read.
        """
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        try:
            self.normalise_headers(dataset)
        except ImportFileError as error:
            result = self.get_result_class()()
            result.diff_headers = self.get_diff_headers()
            result.total_rows = len(dataset)
            self.handle_import_error(result, error, raise_errors)
            return result
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def normalise_headers(self, dataset):
        """Spell the dataset's headers as the resource does, or raise ImportFileError naming
        what is missing and what is not expected."""
        expected = self.expected_headers()
        by_key = {lookup_key(header): header for header in expected}
        found = ["" if header is None else str(header).strip() for header in dataset.headers or []]
        keys = [lookup_key(header) for header in found]
        missing = [header for header in expected if lookup_key(header) not in keys]
        unexpected = [
            excerpt(header) or _("(an empty header)")
            for header in found
            if lookup_key(header) not in by_key
        ]
        repeated = sorted(
            {excerpt(header) for header in found if keys.count(lookup_key(header)) > 1}
        )
        if missing or unexpected or repeated:
            problems = []
            if missing:
                problems.append(_("missing: %s") % ", ".join(missing))
            if unexpected:
                problems.append(_("not expected: %s") % ", ".join(unexpected))
            if repeated:
                problems.append(_("more than once: %s") % ", ".join(repeated))
            raise ImportFileError(
                _(
                    "The header row is wrong (%(problems)s). The first row must hold exactly "
                    "these headers, in any order: %(expected)s."
                )
                % {"problems": "; ".join(problems), "expected": ", ".join(expected)}
            )
        dataset.headers = [by_key[key] for key in keys]

    def lookup_widgets(self):
        return [
            field.widget for field in self.fields.values() if isinstance(field.widget, LookupWidget)
        ]

    def before_import(self, dataset, **kwargs):
        # Read the records that cells name once per import, not once per row.
        for widget in self.lookup_widgets():
            widget.load()
        self.rows_seen = {}

    def row_key(self, row):
        """What identifies the record a row is about, to find a row that repeats another;
        None when the row does not say (validation then reports it)."""
        return None

    def duplicate_error(self, earlier_row):
        """The error for a row about the same record as ``earlier_row``."""
        return ValidationError(
            _("This row is about the same record as row %(row)d.") % {"row": earlier_row}
        )

    def before_import_row(self, row, row_number=None, **kwargs):
        number = row_number + FIRST_RECORD_ROW - 1
        if all(is_blank(value) for value in row.values()):
            raise ValidationError(_("This row is empty: fill it in or delete it."))
        key = self.row_key(row)
        if key is None:
            return
        if key in self.rows_seen:
            raise self.duplicate_error(self.rows_seen[key])
        self.rows_seen[key] = number

    def after_import_row(self, row, row_result, row_number=None, **kwargs):
        if self.progress:
            self.progress(row_number)

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's own validation, with every error under the column it is about."""
        errors = dict(import_validation_errors or {})
        # A record that a lookup found comes from the database: checking that it exists would
        # cost a query a row. (An empty cell is still checked: the field may be required.)
        looked_up = [
            field.attribute
            for field in self.fields.values()
            if isinstance(field.widget, LookupWidget)
            and getattr(instance, field.attribute, None) is not None
        ]
        try:
            instance.full_clean(
                exclude=[*errors, *self.clean_exclude, *looked_up],
                validate_unique=validate_unique,
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            columns = {field.attribute: field.column_name for field in self.fields.values()}
            raise ValidationError(
                {columns.get(name, name): messages for name, messages in errors.items()}
            )


def unique_slug(name, taken):
    """A slug for ``name`` not in ``taken`` (a set, which the slug is added to)."""
    base = slugify(name)[:190] or "record"
    slug, number = base, 2
    while slug in taken:
        slug = f"{base}-{number}"
        number += 1
    taken.add(slug)
    return slug
