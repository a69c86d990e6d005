"""Reading import files and the widgets every import shares (itp.common.importing: reading,
limits, formats, widgets)."""

import dataclasses
import io
import random
import re
import tracemalloc

import pytest
from openpyxl import Workbook

from itp.common.importing.limits import ADMIN_LIMITS, COMMAND_LIMITS, ImportFileError
from itp.common.importing.reading import read_dataset
from itp.common.importing.widgets import (
    ChoiceWidget,
    CountryWidget,
    LookupWidget,
    TextWidget,
    YesNoWidget,
)
from itp.common.spreadsheets import inert, inert_csv_field
from regions.models import Government, Person
from regions.resources import PersonResource
from tests import hostile_spreadsheets
from tests.factories import GovernmentFactory


def xlsx_bytes(rows):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    handle = io.BytesIO()
    workbook.save(handle)
    return handle.getvalue()


def test_csv_with_byte_order_mark_is_read_without_it():
    dataset = read_dataset("\ufeffName,E-mail\r\nGiulia,giulia@example.org\r\n".encode(), "csv")

    assert (dataset.headers, dataset[0]) == (["Name", "E-mail"], ("Giulia", "giulia@example.org"))


def test_csv_separated_by_semicolons_is_read():
    dataset = read_dataset(b"Name;E-mail\nGiulia;giulia@example.org\n", "csv")

    assert (dataset.headers, dataset[0]) == (["Name", "E-mail"], ("Giulia", "giulia@example.org"))


def test_trailing_empty_rows_are_dropped_and_short_rows_filled():
    dataset = read_dataset(b"Name,E-mail,Kind\nGiulia,giulia@example.org\n,,\n\n", "csv")

    assert list(dataset) == [("Giulia", "giulia@example.org", "")]


def test_xlsx_is_read_from_its_first_sheet_with_empty_cells_as_empty_text():
    content = xlsx_bytes([["Name", "E-mail", "Job title"], ["Giulia", "giulia@example.org", None]])

    dataset = read_dataset(content, "xlsx")

    assert (dataset.headers, list(dataset)) == (
        ["Name", "E-mail", "Job title"],
        [("Giulia", "giulia@example.org", "")],
    )


@pytest.mark.parametrize(
    ("content", "format_name", "message"),
    [
        (b"", "csv", "The file is empty"),
        (b"\xef\xbb\xbf\r\n", "csv", "The file is empty"),
        (b"", "xlsx", "The file is empty"),
        (b"Name,E-mail\r\n", "csv", "The file has a header row but no records under it"),
        (b"Name,E-mail\nGiulia,giulia@example.org\n", "xlsx", "is not an Excel workbook"),
        (b"Name\nGiulia,surplus\n", "csv", "Row 2 has a value to the right of the last header"),
        ("Name\nGiulia Müller\n".encode("latin-1"), "csv", "The file is not UTF-8 text"),
        (b",\nGiulia,giulia@example.org\n", "csv", "The first row of the file is empty"),
        (b"Name\n", "ods", "Unknown format “ods”; choose csv or xlsx."),
    ],
)
def test_unreadable_file_is_refused_with_a_clear_message(content, format_name, message):
    with pytest.raises(ImportFileError) as refusal:
        read_dataset(content, format_name)

    assert message in str(refusal.value)


def test_header_only_xlsx_is_refused():
    with pytest.raises(ImportFileError) as refusal:
        read_dataset(xlsx_bytes([["Name", "E-mail"]]), "xlsx")

    assert "no records" in str(refusal.value)


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("Government official", "government_official"),
        ("  government OFFICIAL ", "government_official"),
        ("programme_staff", "programme_staff"),
        ("PROGRAMME_STAFF", "programme_staff"),
        ("", ""),
    ],
)
def test_choice_is_read_from_label_or_stored_value_in_any_case(cell, value):
    assert ChoiceWidget(Person.Kind.choices).clean(cell) == value


def test_unknown_choice_names_the_choices():
    with pytest.raises(ValueError, match="“Expert” is not one of: Government official, "):
        ChoiceWidget(Person.Kind.choices).clean("Expert")


@pytest.mark.parametrize(
    ("cell", "value"),
    [("yes", True), ("Yes", True), ("TRUE", True), (1, True), (True, True), ("no", False)]
    + [("", False), (None, False), (False, False), ("0", False)],
)
def test_yes_no_cell(cell, value):
    assert YesNoWidget().clean(cell) is value


def test_yes_no_refuses_anything_else():
    with pytest.raises(ValueError, match="Write yes or no, not “maybe”."):
        YesNoWidget().clean("maybe")


@pytest.mark.parametrize(("cell", "code"), [("it", "IT"), ("ITA", "IT"), ("Italy", "IT")])
def test_country_from_code_or_name(cell, code):
    assert CountryWidget().clean(cell) == code


def test_text_that_an_export_made_inert_comes_back_as_it_was():
    exported = inert("=HYPERLINK(1)")

    assert (exported, TextWidget().clean(exported)) == ("'=HYPERLINK(1)", "=HYPERLINK(1)")


def test_text_that_a_csv_export_made_inert_behind_separators_comes_back_as_it_was():
    exported = inert_csv_field("Fiona;=1+1, -2")

    assert (exported, TextWidget().clean(exported)) == ("Fiona;'=1+1,' -2", "Fiona;=1+1, -2")


@pytest.mark.django_db
def test_a_record_named_like_a_formula_is_found_from_its_exported_name():
    government = GovernmentFactory(name="=Region;+1")
    widget = LookupWidget(Government, keys=("name",), shown_as="name", not_found="%(value)s")

    assert widget.clean(inert_csv_field(government.name)) == government


# Limits: files that a real import never is, refused before they are read whole


def small_limits(**limits):
    return dataclasses.replace(ADMIN_LIMITS, **limits)


def peak_memory_reading(content, format_name, limits=ADMIN_LIMITS):
    """The refusal of reading ``content``, and the most memory the reading took, in bytes."""
    tracemalloc.start()
    try:
        with pytest.raises(ImportFileError) as refusal:
            read_dataset(content, format_name, limits=limits)
        return str(refusal.value), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_sparse_bomb_is_refused_without_padding_its_rows():
    message, peak = peak_memory_reading(hostile_spreadsheets.sparse_bomb(), "xlsx")

    assert message.startswith("Row 1,048,576 has a value in column XFD; an import reads at most 50")
    assert peak < 20_000_000


def test_empty_cells_in_the_last_column_are_read_without_padding_each_row():
    content = hostile_spreadsheets.far_right_cells(5_000)

    message, peak = peak_memory_reading(content, "xlsx")

    assert message == (
        "The file has a header row but no records under it; there is nothing to import."
    )
    assert peak < 20_000_000


def test_workbook_that_unpacks_beyond_the_limit_is_refused_before_it_is_parsed():
    message, peak = peak_memory_reading(hostile_spreadsheets.huge_cell(30_000_000), "xlsx")

    assert message.startswith(
        "The workbook unpacks to 30.0 MB; an import here reads at most 10 MB unpacked. Split it"
    )
    assert peak < 5_000_000


def test_workbook_compressed_like_a_zip_bomb_is_refused_before_it_is_parsed():
    content = hostile_spreadsheets.many_rows(100_000)

    message, peak = peak_memory_reading(content, "xlsx", limits=COMMAND_LIMITS)

    assert re.match(
        r"Part xl/worksheets/sheet1.xml of the workbook is compressed 2\d\d to 1, far more than ",
        message,
    )
    assert peak < 5_000_000


def test_workbook_with_bloated_styles_is_refused_before_they_are_parsed():
    """openpyxl reads a workbook's styles whole, into objects twenty times their size."""
    randoms = random.Random(13)
    formats = "".join(
        f'<xf numFmtId="{randoms.randrange(10**6)}" borderId="{randoms.randrange(10**6)}"/>'
        for _ in range(60_000)
    )
    styles = f"<styleSheet><cellXfs>{formats}</cellXfs></styleSheet>"
    content = hostile_spreadsheets.workbook(
        [hostile_spreadsheets.HEADER_ROW], extra_parts=[("xl/styles.xml", styles)]
    )

    message, peak = peak_memory_reading(content, "xlsx")

    assert message.startswith(
        "Part xl/styles.xml of the workbook unpacks to 2.4 MB; a workbook's styles and settings "
        "take far less (2 MB at most here)."
    )
    assert peak < 5_000_000


def test_row_of_many_empty_cells_is_read_without_keeping_them():
    message, peak = peak_memory_reading(b"Name,E-mail\n" + b"," * 4_900_000 + b"\n", "csv")

    assert message.startswith("The file has a header row but no records under it")
    assert peak < 100_000_000


LAUGHS = (
    '<!DOCTYPE sheet [<!ENTITY a0 "ha">'
    + "".join(f'<!ENTITY a{n} "{f"&a{n - 1};" * 10}">' for n in range(1, 10))
    + "]>"
)
OUTSIDE = '<!DOCTYPE sheet [<!ENTITY outside SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize(
    ("doctype", "entity"), [(LAUGHS, "&a9;"), (OUTSIDE, "&outside;")], ids=["laughs", "outside"]
)
def test_workbook_declaring_entities_is_refused_without_expanding_them(doctype, entity):
    content = hostile_spreadsheets.workbook(
        [hostile_spreadsheets.HEADER_ROW, f"<row>{hostile_spreadsheets.cell(entity)}</row>"],
        doctype=doctype,
    )

    message, peak = peak_memory_reading(content, "xlsx")

    assert message.startswith("The file is not an Excel workbook (.xlsx), whatever its name")
    assert peak < 5_000_000


def test_xlsx_with_more_records_than_the_limit_is_refused_while_reading():
    content = hostile_spreadsheets.many_rows(150, distinct=True)

    with pytest.raises(ImportFileError) as refusal:
        read_dataset(content, "xlsx", limits=small_limits(max_rows=100))

    assert str(refusal.value).startswith(
        "The file has more than 100 records (row 102 holds one); an import here reads at most "
        "100. Split it into smaller files"
    )


def test_records_up_to_the_limit_are_read():
    content = hostile_spreadsheets.many_rows(100, distinct=True)

    dataset = read_dataset(content, "xlsx", limits=small_limits(max_rows=100))

    assert (len(dataset), dataset[99][:2]) == (100, ("Person 99", "person-99@example.org"))


def test_blank_rows_between_records_keep_their_row_numbers():
    content = hostile_spreadsheets.workbook(
        [
            hostile_spreadsheets.HEADER_ROW,
            hostile_spreadsheets.row("Giulia", number=2),
            hostile_spreadsheets.row("Marco", number=4),
        ]
    )

    dataset = read_dataset(content, "xlsx")

    assert [record[0] for record in dataset] == ["Giulia", "", "Marco"]


def test_file_over_the_size_limit_is_refused():
    content = b"Name\n" + b"x\n" * 750_000

    with pytest.raises(ImportFileError) as refusal:
        read_dataset(content, "csv", limits=small_limits(max_bytes=1_000_000))

    assert str(refusal.value).startswith(
        "The file is 1.5 MB; an import here reads at most 1 MB. Split it into smaller files"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            hostile_spreadsheets.csv_rows(101),
            "The file has more than 100 records (row 102 holds one)",
        ),
        (
            b"Name" + b"," * 9_999 + b"x\nGiulia\n",
            "Row 1 has a value in column NTP; an import reads at most 50 columns.",
        ),
        (
            b"Name,E-mail\nGiulia," + b"x" * 1_001 + b"\n",
            "Row 2, column B holds more than 1,000 characters, the most a cell may hold.",
        ),
        (
            b"Name\n" + b"x" * 40_000_000 + b"\n",
            "Row 2 holds more than 1,000 characters in one cell, the most a cell may hold.",
        ),
        (
            b"Name,E-mail\nGiu\x00lia,g@example.org\n",
            "Row 2, column A holds a NUL character",
        ),
    ],
)
def test_csv_beyond_a_limit_is_refused_with_a_message_naming_it(content, message):
    with pytest.raises(ImportFileError) as refusal:
        read_dataset(content, "csv", limits=small_limits(max_rows=100, max_bytes=50_000_000))

    assert message in str(refusal.value)


def test_cell_of_exactly_the_longest_length_is_read():
    dataset = read_dataset(b"Name\n" + b"x" * 1_000 + b"\n", "csv")

    assert len(dataset[0][0]) == 1_000


@pytest.mark.django_db  # the lookup reads its records
@pytest.mark.parametrize(
    ("widget", "value"),
    [
        (ChoiceWidget(Person.Kind.choices), "x" * 1_000),
        (YesNoWidget(), "x" * 1_000),
        (CountryWidget(), "x" * 1_000),
        (
            LookupWidget(Government, keys=("name",), shown_as="name", not_found="No “%(value)s”."),
            "x" * 1_000,
        ),
    ],
)
def test_widget_error_echoes_only_an_excerpt_of_the_cell(widget, value):
    with pytest.raises(ValueError, match="“x{60}…”") as refusal:
        widget.clean(value)

    assert len(str(refusal.value)) < 300


def test_wrong_header_echoes_only_an_excerpt_of_each_header():
    dataset = read_dataset(
        ("Name,E-mail," + "y" * 1_000 + "\nGiulia,g@example.org,\n").encode(), "csv"
    )

    with pytest.raises(ImportFileError) as refusal:
        PersonResource().normalise_headers(dataset)

    assert f"not expected: {'y' * 60}…)" in str(refusal.value)
    assert len(str(refusal.value)) < 500


def test_widget_error_quotes_a_cell_with_line_breaks_on_one_line():
    with pytest.raises(ValueError, match="“maybe Row 9: all fine”"):
        YesNoWidget().clean("maybe\r\nRow 9: all fine")
