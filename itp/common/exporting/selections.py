"""Exports of rows chosen in the admin, whose first columns are those of the app's import.

An app's import resource (django-import-export) declares the columns a file holds, their
headers and how a cell is read. ``SelectionExport`` writes those columns first, in the same
order and under the same headers, with each cell as the resource's widget writes it, so that a
file exported, corrected and imported again rests on one column list. The XLSX file's
headers are translated into the language of the export; the import reads them in any
language. Columns that only the
export has (``extra_columns``) come after them.

Values are read with ``values_list`` rather than as model instances: a few objects per row
would cost more than the export itself. On PostgreSQL the CSV is written by the database
(``database``) from each column's database expression: the widget's, or the extra column's.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Case, F, TextField, Value, When
from django.utils.translation import gettext
from import_export.widgets import CharWidget, ForeignKeyWidget

from itp.common.importing.widgets import ChoiceWidget, TextWidget, YesNoWidget

from .database import TEXT_TYPES, csv_lines
from .tables import TEXT, Column, Export, Section


@dataclass(frozen=True)
class ExtraColumn:
    """A column only the export has: what it reads (a ``values_list`` lookup), how a value
    becomes a cell (``write``, the value as it is when None) and, where ``write`` changes it,
    the cell as a database expression (``database``, see ``database.csv_lines``), so that
    PostgreSQL can write the CSV. A column that has neither is written in Python."""

    column: Column
    lookup: str
    write: object = None
    database: object = None

    def database_cell(self):
        if self.database is not None:
            return self.database
        # None and empty text are the same empty field in CSV.
        if self.write in (None, text_or_empty):
            return F(self.lookup)
        return None


class SelectionExport(Export):
    """The rows of ``queryset`` in one section: the columns of ``resource_class``, then
    ``extra_columns()``. ``widths`` gives the import's columns their widths, by field name."""

    resource_class = None
    widths = {}
    ordering = ()

    def __init__(self, queryset):
        super().__init__()
        self.queryset = queryset

    def extra_columns(self):
        return []

    def rows_queryset(self):
        """The rows to read: the selection in the export's order."""
        return self.queryset.order_by(*self.ordering)

    def sections(self):
        fields = self.resource_class().get_export_fields()
        extras = self.extra_columns()
        columns = [
            Column(
                field.column_name,
                TEXT,
                self.widths.get(field.attribute, 14),
                # The import's column names are marked with gettext_noop.
                label=gettext(field.column_name),
            )
            for field in fields
        ] + [extra.column for extra in extras]
        writers = [_cell_writer(field) for field in fields] + [extra.write for extra in extras]
        cells = [self._database_cell(field) for field in fields] + [
            extra.database_cell() for extra in extras
        ]
        return [
            Section(
                self.title,
                columns,
                _written(self.values().iterator(5000), writers),
                csv_lines=None if None in cells else csv_lines(self.rows_queryset(), cells),
            )
        ]

    def values(self):
        """The rows as ``values_list`` tuples, one value per column, before the columns'
        writers: the export's query."""
        fields = self.resource_class().get_export_fields()
        lookups = [_lookup(field) for field in fields]
        return self.rows_queryset().values_list(
            *lookups, *[extra.lookup for extra in self.extra_columns()]
        )

    def _database_cell(self, field):
        """The cell of an import's column as a database expression, as its widget writes it;
        None for a widget or a model field this does not know."""
        widget = field.widget
        if isinstance(widget, ForeignKeyWidget):
            return F(_lookup(field))
        try:
            model_field = self.queryset.model._meta.get_field(field.attribute)
        except FieldDoesNotExist:
            return None
        if isinstance(widget, YesNoWidget) and model_field.get_internal_type() == "BooleanField":
            yes, no = widget.render(True), widget.render(False)
            return Case(When(**{field.attribute: True}, then=Value(yes)), default=Value(no))
        if model_field.get_internal_type() not in TEXT_TYPES:
            return None
        if isinstance(widget, ChoiceWidget):
            labels = [
                When(**{field.attribute: stored}, then=Value(widget.render(stored)))
                for stored, _label in widget.choices
            ]
            return Case(*labels, default=F(field.attribute), output_field=TextField())
        if type(widget) in (CharWidget, TextWidget) and widget.coerce_to_string:
            return F(field.attribute)
        return None


def _written(rows, writers):
    # Only the columns whose cells are not the value as it is are written, in place.
    changed = [(index, write) for index, write in enumerate(writers) if write is not None]
    for row in rows:
        row = list(row)
        for index, write in changed:
            row[index] = write(row[index])
        yield tuple(row)


def _lookup(field):
    # A record named in the file (a government, a person) is read as the attribute that names
    # it there (its name, the person's e-mail).
    if isinstance(field.widget, ForeignKeyWidget):
        return f"{field.attribute}__{field.widget.field}"
    return field.attribute


def _cell_writer(field):
    widget = field.widget
    if isinstance(widget, ForeignKeyWidget):
        return text_or_empty
    if isinstance(widget, ChoiceWidget | YesNoWidget):
        # A few values, each written the same way every time: each is translated once.
        return _remembered(widget.render)
    return widget.render


def _remembered(write):
    cells = {}

    def remembered(value):
        try:
            return cells[value]
        except KeyError:
            cells[value] = write(value)
            return cells[value]

    return remembered


def text_or_empty(value):
    """A looked-up name as a cell: empty where there is none (a person of no government)."""
    return "" if value is None else value
