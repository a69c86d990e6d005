"""The resource every import of the programme's records is built on: it checks the header
row, refuses a row that repeats an earlier one, validates every row with the model's own rules
and writes nothing unless the whole file is valid (one transaction, rolled back on any error).
"""

import tablib
from diff_match_patch import diff_match_patch
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.html import format_html_join
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export import resources
from import_export.instance_loaders import BaseInstanceLoader
from import_export.resources import Diff
from import_export.results import Result, RowResult

from .cells import FIRST_RECORD_ROW, cell_key, excerpt, is_blank, lookup_key
from .limits import ImportFileError
from .widgets import LookupWidget

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
                    lines.append(text % {"row": row.number, "column": _(column), "error": message})
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

    def get_diff_headers(self):
        # The preview's column headers, in the reader's language; the import's column names
        # are marked with gettext_noop.
        return [_(header) for header in super().get_diff_headers()]

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
        by_key = {
            lookup_key(spelling): header
            for header in expected
            for spelling in header_spellings(header)
        }
        found = ["" if header is None else str(header).strip() for header in dataset.headers or []]
        keys = [lookup_key(header) for header in found]
        read = [by_key.get(key) for key in keys]
        missing = [header for header in expected if header not in read]
        unexpected = [
            excerpt(header) or _("(an empty header)")
            for header, column in zip(found, read, strict=True)
            if column is None
        ]
        repeated = sorted(
            {
                excerpt(header)
                for header, column in zip(found, read, strict=True)
                if column is not None and read.count(column) > 1
            }
        )
        if missing or unexpected or repeated:
            problems = []
            if missing:
                problems.append(_("missing: %s") % ", ".join(_(header) for header in missing))
            if unexpected:
                problems.append(_("not expected: %s") % ", ".join(unexpected))
            if repeated:
                problems.append(_("more than once: %s") % ", ".join(repeated))
            raise ImportFileError(
                _(
                    "The header row is wrong (%(problems)s). The first row must hold exactly "
                    "these headers, in any order: %(expected)s."
                )
                % {
                    "problems": "; ".join(problems),
                    "expected": ", ".join(_(header) for header in expected),
                }
            )
        dataset.headers = read

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


def header_spellings(header):
    """``header`` (an import's column name, marked with gettext_noop) as every language of
    the site spells it: an XLSX export writes its headers in the language of the person who
    made it, and a colleague working in another language may import the file."""
    spellings = {header}
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            spellings.add(translation.gettext(header))
    return spellings
