"""The table model every export shares: sections of rows under typed columns.

Reports, the admin's exports and the personal-data export describe what they hold with these;
the writers (``writers``) turn them into CSV, XLSX or PDF.
"""

from dataclasses import dataclass, field

TEXT, INTEGER, DECIMAL, PERCENT, DATE = "text", "integer", "decimal", "percent", "date"


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    width: int = 14  # characters, for the spreadsheet
    # False for a column that only repeats what the page or the sheet already says (the event
    # of an attendance list): CSV and XLSX carry it, the page and the PDF leave it out.
    shown: bool = True

    @property
    def numeric(self):
        return self.kind not in (TEXT, DATE)


@dataclass
class Section:
    title: str
    columns: list[Column]
    rows: object  # an iterable of tuples, one value per column
    chart: dict | None = field(default=None)  # {"label": column index, "value": column index}
