"""Importing spreadsheets: what every import of the programme's records shares.

The admin's import pages, ``manage.py import_people`` and the tests read files and import them
with the pieces of this package, built on django-import-export:

- ``formats``: ``CSVFormat`` and ``XLSXFormat`` read a file strictly, or raise
  ``ImportFileError`` with a message for the person who made the file (empty, not really XLSX,
  not UTF-8, ...);
- ``limits``: ``ImportLimits`` bound what one import reads (size, records, columns, characters
  in a cell): the admin's pages must answer within a web worker's timeout, the command may read
  more. A file beyond a limit is refused as soon as the limit is seen, before it is read whole;
- ``resources``: ``ProgrammeResource`` checks the header row, refuses a row that repeats an
  earlier one, validates every row with the model's own rules and writes nothing unless the
  whole file is valid: the import is one transaction, rolled back on any error;
- ``widgets`` turn a cell into a value and back, so that a file exported from the site can be
  imported again unchanged: choices by label or stored value, yes/no, records by name or slug
  (looked up once per import, not once per row); ``cells`` says how a cell is compared and
  quoted.

Rows are numbered as in the spreadsheet: the header is row 1, the first record row 2.
"""

from django.utils.translation import gettext as _

from .formats import FORMATS
from .limits import ADMIN_LIMITS, ImportFileError


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
