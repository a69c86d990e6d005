"""Importing spreadsheets: what every import of the programme's records shares.

The admin's import pages, ``manage.py import_people`` and the tests read files and import them
with the pieces here, built on django-import-export:

- ``CSVFormat`` and ``XLSXFormat`` read a file strictly, or raise ``ImportFileError`` with a
  message for the person who made the file (empty, not really XLSX, not UTF-8, ...);
- ``ProgrammeResource`` checks the header row, refuses a row that repeats an earlier one,
  validates every row with the model's own rules and writes nothing unless the whole file is
  valid: the import is one transaction, rolled back on any error;
- the widgets turn a cell into a value and back, so that a file exported from the site can be
  imported again unchanged: choices by label or stored value, yes/no, records by name or slug
  (looked up once per import, not once per row).

Rows are numbered as in the spreadsheet: the header is row 1, the first record row 2.
"""

import csv
import io
import zipfile

import tablib
from diff_match_patch import diff_match_patch
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.encoding import force_str
from django.utils.html import format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export import resources, widgets
from import_export.formats import base_formats
from import_export.instance_loaders import BaseInstanceLoader
from import_export.resources import Diff
from import_export.results import Result, RowResult

from .common.spreadsheets import restore

# The first record is on the spreadsheet's row 2, under the header row.
FIRST_RECORD_ROW = 2


def lookup_key(value):
    """A cell or a stored value as lookups compare it: without case and surrounding spaces."""
    return str(value).strip().lower()


def is_blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


class ImportFileError(ValueError):
    """A file that cannot be imported at all: unreadable, empty, or with the wrong headers."""


# Reading files


def _dataset(rows):
    """A tablib Dataset from the rows of a file, the first of which must be the header row.

    Trailing empty rows and columns are dropped; an empty row between records is kept, so
    that row numbers stay those of the spreadsheet (the resource reports it).
    """
    rows = [list(row) for row in rows]
    while rows and all(is_blank(value) for value in rows[-1]):
        rows.pop()
    if not rows:
        raise ImportFileError(_("The file is empty: it has no header row and no records."))
    header = ["" if value is None else str(value).strip() for value in rows[0]]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise ImportFileError(_("The first row of the file is empty; it must be the header row."))
    records = rows[1:]
    if not records:
        raise ImportFileError(
            _("The file has a header row but no records under it; there is nothing to import.")
        )
    width = len(header)
    dataset = tablib.Dataset(headers=header)
    for number, record in enumerate(records, start=FIRST_RECORD_ROW):
        if any(not is_blank(value) for value in record[width:]):
            raise ImportFileError(
                _("Row %(row)d has a value to the right of the last header.") % {"row": number}
            )
        record = record[:width] + [""] * (width - len(record))
        dataset.append(["" if value is None else value for value in record])
    return dataset


class CSVFormat(base_formats.CSV):
    """CSV in UTF-8 (with or without a byte-order mark), separated by commas or semicolons."""

    def create_dataset(self, in_stream, **kwargs):
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
        if not text.strip():
            raise ImportFileError(_("The file is empty: it has no header row and no records."))
        first_line = text.splitlines()[0]
        try:
            # Spreadsheet programs in many European languages separate values by semicolons.
            dialect = csv.Sniffer().sniff(first_line, delimiters=",;\t")
            delimiter = dialect.delimiter
        except csv.Error:
            delimiter = ","
        try:
            rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
        except csv.Error as error:
            raise ImportFileError(
                _("The file is not valid CSV: %(error)s.") % {"error": error}
            ) from error
        return _dataset(rows)


class XLSXFormat(base_formats.XLSX):
    """The first sheet of an Excel workbook (.xlsx)."""

    def create_dataset(self, in_stream):
        from openpyxl import load_workbook
        from openpyxl.utils.exceptions import InvalidFileException

        if not in_stream:
            raise ImportFileError(_("The file is empty: it has no header row and no records."))
        try:
            workbook = load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
            raise ImportFileError(
                _(
                    "The file is not an Excel workbook (.xlsx), whatever its name says. Save "
                    "it from the spreadsheet program as “Excel workbook (.xlsx)”, or as CSV "
                    "UTF-8 and import it as CSV."
                )
            ) from error
        try:
            sheet = workbook.worksheets[0]
            rows = list(sheet.iter_rows(values_only=True))
        finally:
            workbook.close()
        return _dataset(rows)


FORMATS = {"csv": CSVFormat, "xlsx": XLSXFormat}


def read_dataset(content, format_name):
    """The records of a file's bytes in ``format_name`` ("csv" or "xlsx") as a Dataset.

    Raises ImportFileError for an unknown format or a file that cannot be read.
    """
    if format_name not in FORMATS:
        raise ImportFileError(
            _("Unknown format “%(format)s”; choose %(formats)s.")
            % {"format": format_name, "formats": _(" or ").join(FORMATS)}
        )
    return FORMATS[format_name]().create_dataset(content)


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
            % {"value": value, "choices": ", ".join(str(label) for _, label in self.choices)}
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
        raise ValueError(_("Write yes or no, not “%(value)s”.") % {"value": value})

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
            # A record named like a formula is exported with apostrophes; take them off.
            return self.records[lookup_key(restore(str(value).strip()))]
        except KeyError:
            raise ValueError(self.not_found % {"value": str(value).strip()}) from None


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
                % {"value": text}
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
            lookup_key(value) for value in dataset[self.field.column_name] if not is_blank(value)
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
        return None if is_blank(value) else self.instances.get(lookup_key(value))


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
            header or _("(an empty header)") for header in found if lookup_key(header) not in by_key
        ]
        repeated = sorted({header for header in found if keys.count(lookup_key(header)) > 1})
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
