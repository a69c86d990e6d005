"""The writers (itp/common/exporting/writers.py): names of XLSX sheets that Excel accepts."""

import pytest

from itp.common.exporting.writers import sheet_title


@pytest.mark.parametrize(
    ("title", "taken", "expected"),
    [
        ("Seat holders", [], "Seat holders"),
        ("Attendance list: ITP kick-off workshop, Milan", [], "Attendance list ITP kick-off"),
        ("Why? [draft] */\\ notes", [], "Why draft notes"),
        ("  Spaces   inside  ", [], "Spaces inside"),
        ("Deliverables", ["Deliverables"], "Deliverables (2)"),
        ("Deliverables", ["Deliverables", "Deliverables (2)"], "Deliverables (3)"),
        ("Supercalifragilisticexpialidociousness galore", [], "Supercalifragilisticexpialidoci"),
        ("'Quoted'", [], "Quoted"),
        ("[]:*?", [], "Sheet"),
    ],
)
def test_sheet_title_is_clean_short_cut_at_a_word_and_unique(title, taken, expected):
    assert sheet_title(title, taken) == expected


def test_sheet_title_of_a_long_repeated_title_stays_within_31_characters():
    title = "Attendance list of the kick-off workshop in Milan"
    first = sheet_title(title, [])

    second = sheet_title(title, [first])

    assert (first, second) == ("Attendance list of the kick-off", "Attendance list of the (2)")
