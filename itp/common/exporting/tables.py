"""The table model every export shares: an ``Export`` of sections of rows under typed columns.

Reports, the admin's exports and the personal-data export describe what they hold with these;
the writers (``writers``) turn any ``Export`` into CSV, XLSX or PDF.
"""

from dataclasses import dataclass, field

from django.utils import timezone

TEXT, INTEGER, DECIMAL, PERCENT, DATE = "text", "integer", "decimal", "percent", "date"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    width: int = 14  # characters, for the spreadsheet
    # False for a column that only repeats what the page or the sheet already says (the event
    # of an attendance list): CSV and XLSX carry it, the page and the PDF leave it out.
    shown: bool = True
    # The header people read in XLSX, where ``header`` is one that programs read back from CSV
    # (an import's column names): the same text, translated.
    label: str = ""

    @property
    def numeric(self):
        return self.kind not in (TEXT, DATE)


@dataclass
class Section:
    title: str
    columns: list[Column]
    rows: object  # an iterable of tuples, one value per column
    # {"label": column index, "value": column index}, and optionally "others": how the bar
    # that sums the rows beyond the largest ones is labelled (see itp.site.charts.bar_chart).
    chart: dict | None = field(default=None)
    # The rows as CSV text, when the database writes it (see database.csv_lines): read
    # instead of ``rows`` by the CSV writer, and exactly what it would write from them.
    csv_lines: object = field(default=None)


class Export:
    """A file of tables: its ``name`` (in the file name and the download record), its
    ``title``, when it was generated, and its ``sections()``. Subclasses say what the sections
    hold; the rows of a section may be an iterator, read once, so that a writer streams them."""

    do_not_call_in_templates = True  # templates use the class for its name and title
    name = ""
    title = ""

    def __init__(self):
        self.generated_at = timezone.now()

    def sections(self):
        """The export's ``Section``s, in order."""
        raise NotImplementedError

    def filename(self, extension):
        return f"itp-{self.name}-{self.generated_at:%Y-%m-%d}.{extension}"
