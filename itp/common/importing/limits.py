"""How much one import reads, and the refusal of a file that cannot be imported.

``ImportLimits`` bound what one import reads (size, records, columns, characters in a cell):
the admin's pages must answer within a web worker's timeout, the command may read more. A file
beyond a limit is refused as soon as the limit is seen, before it is read whole: a row's cells
when the row is read (``check_cells``), an .xlsx's parts from the sizes its zip declares
(``check_workbook_archive``).
"""

import dataclasses
import io
import zipfile

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl.utils import get_column_letter

from ..exceptions import Refused
from .cells import excerpt


class ImportFileError(Refused, ValueError):
    """A file that cannot be imported at all: unreadable, empty, too large, or with the wrong
    headers."""


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
                    "size": megabytes(size),
                    "limit": megabytes(self.max_bytes),
                    "advice": self.advice,
                }
            )


def megabytes(size):
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


# An .xlsx part unpacked to less than this is not checked for its compression ratio: small
# parts (styles, an empty sheet) may pack very tightly and cost nothing to read.
RATIO_CHECKED_FROM = 1_000_000  # bytes

# The parts of an .xlsx not read whole: sheets, a row at a time, and the shared strings, into
# plain text. (Pictures are not read at all.)
STREAMED_PARTS = ("xl/worksheets/", "xl/sharedStrings.xml")

# The last column a sheet may have, XFD; a CSV file may have more.
SHEET_COLUMNS = 16_384


def _column_name(number):
    """A column as a spreadsheet names it (AX), or by its number beyond a sheet's last one."""
    return get_column_letter(number) if number <= SHEET_COLUMNS else f"{number:,}"


def check_cells(number, cells, limits):
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


def check_workbook_archive(content, limits):
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
                "size": megabytes(unpacked),
                "limit": megabytes(limits.max_unpacked_bytes),
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
                    "size": megabytes(part.file_size),
                    "limit": megabytes(limits.max_part_bytes),
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
