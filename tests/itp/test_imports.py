"""Reading import files and the widgets every import shares (itp/imports.py)."""

import io

import pytest
from openpyxl import Workbook

from itp.common.spreadsheets import inert, inert_csv_field
from itp.imports import (
    ChoiceWidget,
    CountryWidget,
    ImportFileError,
    LookupWidget,
    TextWidget,
    YesNoWidget,
    read_dataset,
)
from regions.models import Government, Person
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
