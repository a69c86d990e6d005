"""Reports' sections as a page or a PDF shows them: rows read once, the shown columns, the
chart, and the table's rows as HTML.

A report's page may hold tens of thousands of cells (300 governments by 13 figures, 3,000 team
members and deliverables). Django's template language spends some tens of microseconds on
each; the rows of a page's table are therefore written here, in Python, exactly as the template
would write them (the value localised like ``{{ value }}``, a date in the short format, escaped),
in a few microseconds a cell.
"""

from decimal import Decimal
from functools import cached_property

from django.utils import numberformat
from django.utils.formats import date_format, get_format, localize
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from itp.common.exporting.tables import DATE
from itp.site.charts import bar_chart

# A printed section with more columns than this gets landscape pages.
PORTRAIT_COLUMNS = 6
# A page shows this many rows of a section at most; its chart, its PDF and its downloads have
# them all. Thousands of rows make a slow page that nobody reads to the end.
PAGE_ROWS = 500


def displayed(sections):
    """Each section as a ``DisplayedSection``: its rows read once."""
    return [DisplayedSection(section) for section in sections]


def section_chart(section, rows):
    """The section's bar chart drawn from its rows, or None for a section without one."""
    if section.chart is None:
        return None
    label, value = section.chart["label"], section.chart["value"]
    pairs = [(row[label], row[value]) for row in rows]
    return bar_chart(section.title, pairs, others=section.chart.get("others"))


class CellWriter:
    """Writes cells' values as the page's template would, escaped: a dash for no value, a date
    in the short format, a number localised (grouped), anything else as text. The formats are
    read once (the language stays the same while a page is written), and each date and number
    written once."""

    def __init__(self):
        language = get_language()
        self.decimal_separator = get_format("DECIMAL_SEPARATOR", language, use_l10n=True)
        self.grouping = get_format("NUMBER_GROUPING", language, use_l10n=True)
        self.thousand_separator = get_format("THOUSAND_SEPARATOR", language, use_l10n=True)
        self.written = {}

    def __call__(self, value, column):
        if value is None:
            return "–"
        if isinstance(value, str):
            return conditional_escape(value)
        key = (value.__class__, value, column.kind == DATE)
        written = self.written.get(key)
        if written is None:
            written = self.written[key] = conditional_escape(self._text(value, column))
        return written

    def _text(self, value, column):
        if column.kind == DATE:
            return date_format(value, "SHORT_DATE_FORMAT")
        if isinstance(value, (Decimal, float, int)) and not isinstance(value, bool):
            # What localize() does, with the formats read once.
            return numberformat.format(
                value,
                self.decimal_separator,
                None,
                self.grouping,
                self.thousand_separator,
                use_l10n=True,
            )
        return str(localize(value))


class DisplayedSection:
    """One section of a page or PDF: ``section``, its ``rows`` read once, the shown
    ``columns``, its ``chart``, ``wide`` for a table that needs landscape paper, and its rows
    as ``cells`` (for the print template) or as ``html_rows`` (for the page: the first
    ``PAGE_ROWS``: ``rows_shown`` of them, ``rows_left_out`` more)."""

    def __init__(self, section):
        self.section = section
        self.rows = list(section.rows)
        self.indexes = [index for index, column in enumerate(section.columns) if column.shown]
        self.columns = [section.columns[index] for index in self.indexes]
        self.chart = section_chart(section, self.rows)
        self.wide = len(self.columns) > PORTRAIT_COLUMNS
        self.rows_shown = min(len(self.rows), PAGE_ROWS)
        self.rows_left_out = len(self.rows) - self.rows_shown

    @cached_property
    def cells(self):
        """Each row's shown cells: the value, its column (for its header and kind) and
        whether it is a number (aligned right)."""
        columns = self.section.columns
        return [
            [
                {"value": row[index], "column": columns[index], "numeric": columns[index].numeric}
                for index in self.indexes
            ]
            for row in self.rows
        ]

    @cached_property
    def html_rows(self):
        """The rows as the page's table body, one ``<tr>`` each: a cell per shown column,
        labelled with the column's header for the stacked layout on phones, numbers aligned
        right."""
        columns = self.section.columns
        shown = [
            (
                index,
                format_html(
                    '<td role="cell" data-label="{}"{}>',
                    columns[index].header,
                    mark_safe(' class="text-end"') if columns[index].numeric else "",
                ),
                columns[index],
            )
            for index in self.indexes
        ]
        write = CellWriter()
        return mark_safe(
            "\n".join(
                '<tr role="row">'
                + "".join(
                    f"{opening}{write(row[index], column)}</td>" for index, opening, column in shown
                )
                + "</tr>"
                for row in self.rows[: self.rows_shown]
            )
        )
