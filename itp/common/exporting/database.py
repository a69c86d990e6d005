"""CSV rows written by PostgreSQL: each row one line of text, made inert, quoted and ended
exactly as ``spreadsheets.InertCSVWriter`` writes it in Python.

Writing CSV in Python costs a csv writer call, a regular expression and a few conversions per
field: at 100,000 registrations about ten times what PostgreSQL's ``COPY`` takes to write
the same query (the target is two). Here the query itself returns each row as its CSV line,
read through a server-side cursor a chunk at a time, so memory stays flat. ``COPY`` is not used
because it ends lines with a bare line feed and cannot quote an empty value as Python does.

An export says what each column holds as a database expression (see
``selections.SelectionExport``); ``csv_lines`` writes them when the database is PostgreSQL
and every column has one of the types below, and otherwise says it cannot (None), and the
export's rows are written in Python. The field's text, by the expression's type:

- text: made inert by the same rule as ``spreadsheets.inert_csv_field`` (its PostgreSQL
  form, ``spreadsheets.INERT_CSV_POSTGRESQL``);
- whole numbers: as Python writes them;
- dates: ``2026-03-04``, as ``str(date)``;
- ``LocalDateTime``: ``2026-03-04 17:05:09`` or ``2026-03-04 17:05:09.250000``, as
  ``str(datetime)`` of a naive date and time.
"""

from django.db import connections
from django.db.models import DateTimeField, F, Func, TextField, Value

from itp.common.spreadsheets import (
    FIELD_JOINER,
    INERT_CSV_POSTGRESQL,
    MAY_NEED_AN_APOSTROPHE_IN_ROW_POSTGRESQL,
)

LINES_PER_CHUNK = 1000
TEXT_TYPES = {"CharField", "TextField", "SlugField", "EmailField", "URLField"}
INTEGER_TYPES = {
    "AutoField",
    "BigAutoField",
    "SmallAutoField",
    "IntegerField",
    "BigIntegerField",
    "SmallIntegerField",
    "PositiveIntegerField",
    "PositiveBigIntegerField",
    "PositiveSmallIntegerField",
}


class LocalDateTime(Func):
    """A moment as the date and time on the clocks of ``zone``, without the zone: what
    ``value.astimezone(zone).replace(tzinfo=None)`` makes of it in Python."""

    arg_joiner = " AT TIME ZONE "
    template = "(%(expressions)s)"
    output_field = DateTimeField()

    def __init__(self, expression, zone):
        name = getattr(zone, "key", None) or str(zone)
        super().__init__(F(expression) if isinstance(expression, str) else expression, Value(name))


class CSVLine(Func):
    """One CSV line: every field quoted, quotes doubled, ended by CR LF.

    Text is made inert row by row: one test of the row's text fields joined together says
    whether any of them may need an apostrophe, and only then is each put through the rule
    (a regular expression a field costs more than the rest of the line). A field computed by
    a subquery (a registration's answers) is put through the rule on every row instead, so
    that the subquery runs once a row, not once for the test and again for the line.
    """

    output_field = TextField()

    def as_sql(self, compiler, connection, **extra_context):
        plain, inert, tested = _Fields(), _Fields(), _Fields()
        for expression in self.get_source_expressions():
            sql, params = compiler.compile(expression)
            params = list(params)
            if _kind(expression) != "text":
                plain.add(*_text(expression, sql, params))
                inert.add(*_text(expression, sql, params))
            elif _has_subquery(expression):
                plain.add(*_inert_text(sql, params), quotes=True)
                inert.add(*_inert_text(sql, params), quotes=True)
            else:
                tested.add(f"({sql})", params)
                plain.add(f"({sql})", params, quotes=True)
                inert.add(*_inert_text(sql, params), quotes=True)
        if not tested.sql:
            return plain.line()
        inert_sql, inert_params = inert.line()
        plain_sql, plain_params = plain.line()
        return (
            f"CASE WHEN concat_ws(%s, {', '.join(tested.sql)}) ~ %s "
            f"THEN {inert_sql} ELSE {plain_sql} END",
            [
                FIELD_JOINER,
                *tested.params,
                MAY_NEED_AN_APOSTROPHE_IN_ROW_POSTGRESQL,
                *inert_params,
                *plain_params,
            ],
        )


class _Fields:
    """The SQL of a line's fields, in order, and their parameters."""

    def __init__(self):
        self.sql, self.params = [], []

    def add(self, sql, params, quotes=False):
        # Only text can hold a quote.
        if quotes:
            sql = f"replace({sql}, '\"', '\"\"')"
        self.sql.append(f"coalesce({sql}, '')")
        self.params.extend(params)

    def line(self):
        between = " || '\",\"' || "
        return f"'\"' || {between.join(self.sql)} || '\"' || chr(13) || chr(10)", self.params


def _has_subquery(expression):
    return getattr(expression, "subquery", False) or any(
        _has_subquery(source)
        for source in expression.get_source_expressions()
        if source is not None
    )


def csv_lines(queryset, cells):
    """The rows of ``queryset`` as CSV text, a chunk of lines at a time, with ``cells`` (one
    database expression per column) as the fields; None when the database cannot write them
    (it is not PostgreSQL, or a cell's type is not one this module writes)."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    resolved = queryset.annotate(**{f"csv_cell_{index}": cell for index, cell in enumerate(cells)})
    annotations = [resolved.query.annotations[f"csv_cell_{index}"] for index in range(len(cells))]
    if any(_kind(annotation) is None for annotation in annotations):
        return None
    lines = queryset.annotate(csv_line=CSVLine(*cells)).values_list("csv_line", flat=True)
    return _chunks(lines)


def _chunks(lines):
    chunk = []
    for line in lines.iterator(chunk_size=LINES_PER_CHUNK * 2):
        chunk.append(line)
        if len(chunk) == LINES_PER_CHUNK:
            yield "".join(chunk)
            chunk = []
    if chunk:
        yield "".join(chunk)


def _kind(expression):
    if isinstance(expression, LocalDateTime):
        return "local date and time"
    internal_type = expression.output_field.get_internal_type()
    if internal_type in TEXT_TYPES:
        return "text"
    if internal_type in INTEGER_TYPES:
        return "integer"
    if internal_type == "DateField":
        return "date"
    return None


def _inert_text(sql, params):
    """The SQL of text made inert (before quoting) and its parameters."""
    return f"regexp_replace(({sql}), %s, '''', 'g')", [*params, INERT_CSV_POSTGRESQL]


def _text(expression, sql, params):
    """The SQL of a field's text (before quoting) and its parameters, for every kind but
    text (see ``CSVLine``)."""
    kind = _kind(expression)
    if kind == "integer":
        return f"(({sql}))::text", params
    if kind == "date":
        return f"to_char(({sql}), 'YYYY-MM-DD')", params
    if kind == "local date and time":
        # Microseconds only when there are any, as str(datetime) does (".000000" can only
        # be the end of the text).
        return f"replace(to_char(({sql}), 'YYYY-MM-DD HH24:MI:SS.US'), '.000000', '')", params
    raise ValueError(f"No CSV text for {expression!r}.")
