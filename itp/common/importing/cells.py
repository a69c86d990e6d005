"""A cell as every part of an import compares and quotes it, and where records start.

Rows are numbered as in the spreadsheet: the header is row 1, the first record row 2.
"""

from itp.common.spreadsheets import restore
from itp.common.text import excerpt as _excerpt

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
