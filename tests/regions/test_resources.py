"""Importing people and organisations (regions/resources.py)."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from itp.common.exporting import writers as exporters
from itp.common.importing.reading import read_dataset
from regions.exports import PeopleExport
from regions.models import Organisation, Person
from regions.resources import OrganisationResource, PersonResource
from tests.factories import GovernmentFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db

PEOPLE_HEADERS = ["Name", "E-mail", "Kind", "Job title", "Government", "Organisation"]
PEOPLE_HEADERS += ["Listed publicly"]


def csv_file(rows, headers=PEOPLE_HEADERS):
    """The bytes of a CSV file with ``headers`` and ``rows``, as a spreadsheet saves it."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headers)
    writer.writerows(rows)
    return ("\ufeff" + text.getvalue()).encode()


def import_people(content, *, dry_run=False, format_name="csv"):
    return PersonResource().import_data(read_dataset(content, format_name), dry_run=dry_run)


def totals(result):
    return {kind: result.totals[kind] for kind in ("new", "update", "skip", "invalid", "error")}


def people_values():
    return list(
        Person.objects.order_by("pk").values_list(
            "name",
            "email",
            "kind",
            "job_title",
            "government",
            "organisation",
            "consents_to_public_listing",
            "calendar_token",
        )
    )


def test_dry_run_previews_what_the_import_then_does():
    lombardy = GovernmentFactory(name="Lombardy", slug="lombardy")
    tenova = OrganisationFactory(name="Tenova", slug="tenova")
    giulia = PersonFactory(
        email="giulia@lombardy.example", job_title="Officer", government=lombardy
    )
    PersonFactory(
        name="Marco Rossi",
        email="marco@lombardy.example",
        kind=Person.Kind.GOVERNMENT_OFFICIAL,
        job_title="Analyst",
        government=lombardy,
        consents_to_public_listing=False,
    )
    content = csv_file(
        [
            # Known by e-mail in another case: updated.
            [giulia.name, "GIULIA@lombardy.example", "Government official", "Director"]
            + ["lombardy", "", "yes"],
            # As stored: unchanged.
            ["Marco Rossi", "marco@lombardy.example", "government_official", "Analyst"]
            + ["Lombardy", "", "no"],
            # New.
            ["Elena Vitali", "elena@tenova.example", "Industry expert", "Engineer", ""]
            + ["TENOVA", "yes"],
        ]
    )
    before = people_values()

    preview = import_people(content, dry_run=True)
    after_preview = people_values()
    result = import_people(content)

    expected = {"new": 1, "update": 1, "skip": 1, "invalid": 0, "error": 0}
    assert (totals(preview), totals(result)) == (expected, expected)
    assert after_preview == before
    giulia.refresh_from_db()
    elena = Person.objects.get(email="elena@tenova.example")
    assert (giulia.email, giulia.job_title) == ("GIULIA@lombardy.example", "Director")
    assert (elena.kind, elena.organisation, elena.government, elena.consents_to_public_listing) == (
        Person.Kind.INDUSTRY_EXPERT,
        tenova,
        None,
        True,
    )
    assert Person.objects.count() == 3


VALID_ROW = ["Giulia Ferraro", "giulia@lombardy.example", "Government official", "", "Lombardy"]
VALID_ROW += ["", "yes"]


def row(**changes):
    """A valid row with some cells changed, by header."""
    values = dict(zip(PEOPLE_HEADERS, VALID_ROW, strict=True)) | changes
    return [values[header] for header in PEOPLE_HEADERS]


@pytest.mark.parametrize(
    ("bad_row", "error"),
    [
        (
            row(**{"E-mail": "marco@lombardy.example", "Government": "Atlantis"}),
            "Row 3, Government: No government named or with slug “Atlantis”.",
        ),
        (
            row(**{"E-mail": "marco@lombardy.example", "Organisation": "acme"}),
            "Row 3, Organisation: No organisation named or with slug “acme”.",
        ),
        (row(**{"E-mail": "marco at lombardy"}), "Row 3, E-mail: Enter a valid email address."),
        (row(**{"E-mail": ""}), "Row 3, E-mail: This field cannot be blank."),
        (
            row(**{"E-mail": " Giulia@Lombardy.example"}),
            "Row 3, E-mail: Row 2 has the same e-mail address.",
        ),
        (
            row(**{"E-mail": "marco@lombardy.example", "Kind": "Expert"}),
            "Row 3, Kind: “Expert” is not one of: Government official, Industry expert, "
            "Research expert, Systems change specialist, Programme staff.",
        ),
        (
            row(**{"E-mail": "marco@lombardy.example", "Listed publicly": "perhaps"}),
            "Row 3, Listed publicly: Write yes or no, not “perhaps”.",
        ),
        (
            row(**{"E-mail": "marco@lombardy.example", "Name": ""}),
            "Row 3, Name: This field cannot be blank.",
        ),
        (["", "", "", "", "", "", ""], "Row 3: This row is empty: fill it in or delete it."),
    ],
)
def test_file_with_one_bad_row_imports_nothing_and_names_row_and_column(bad_row, error):
    GovernmentFactory(name="Lombardy", slug="lombardy")
    content = csv_file([VALID_ROW, bad_row, row(**{"E-mail": "anna@lombardy.example"})])

    result = import_people(content)

    assert result.error_lines() == [error]
    assert (totals(result)["invalid"], Person.objects.count()) == (1, 0)


def test_wrong_header_is_refused_naming_the_expected_headers():
    GovernmentFactory(name="Lombardy", slug="lombardy")
    headers = ["Name", "Email", "Kind", "Job title", "Government", "Organisation", "Notes"]

    result = import_people(csv_file([VALID_ROW], headers=headers))

    assert result.error_lines() == [
        "The header row is wrong (missing: E-mail, Listed publicly; not expected: Email, "
        "Notes). The first row must hold exactly these headers, in any order: Name, E-mail, "
        "Kind, Job title, Government, Organisation, Listed publicly."
    ]
    assert Person.objects.count() == 0


def test_headers_in_another_order_and_case_are_read():
    GovernmentFactory(name="Lombardy", slug="lombardy")
    headers = [header.upper() for header in reversed(PEOPLE_HEADERS)]

    result = import_people(csv_file([list(reversed(VALID_ROW))], headers=headers))

    assert totals(result)["new"] == 1
    assert Person.objects.get().government.slug == "lombardy"


def test_importing_the_same_file_again_changes_nothing():
    GovernmentFactory(name="Lombardy", slug="lombardy")
    content = csv_file([VALID_ROW, row(**{"E-mail": "anna@lombardy.example", "Job title": "="})])
    import_people(content)
    before = people_values()

    result = import_people(content)

    assert totals(result) == {"new": 0, "update": 0, "skip": 2, "invalid": 0, "error": 0}
    assert people_values() == before


def export_people_xlsx():
    handle = io.BytesIO()
    exporters.write_xlsx(PeopleExport(Person.objects.all()), handle)
    return handle.getvalue()


def test_people_exported_to_xlsx_import_back_unchanged(demo):
    person = Person.objects.order_by("name").first()
    person.job_title = "=cheap formula"  # exported with an apostrophe before it
    person.save()
    before = people_values()

    result = import_people(export_people_xlsx(), format_name="xlsx")

    assert totals(result) == {
        "new": 0,
        "update": 0,
        "skip": Person.objects.count(),
        "invalid": 0,
        "error": 0,
    }
    assert people_values() == before


def test_a_job_title_changed_in_the_exported_xlsx_updates_exactly_that_person(demo):
    workbook = load_workbook(io.BytesIO(export_people_xlsx()))
    sheet = workbook.active
    assert [cell.value for cell in sheet[1]] == PEOPLE_HEADERS
    email = sheet["B5"].value
    sheet["D5"] = "Head of industrial decarbonisation"
    changed = io.BytesIO()
    workbook.save(changed)
    before = {values[1]: values for values in people_values()}

    result = import_people(changed.getvalue(), format_name="xlsx")

    after = {values[1]: values for values in people_values()}
    assert (totals(result)["update"], totals(result)["skip"]) == (1, len(before) - 1)
    assert [email for email in after if after[email] != before[email]] == [email]
    assert Person.objects.get(email=email).job_title == "Head of industrial decarbonisation"


def test_people_exported_to_csv_import_back_unchanged(demo):
    content = "".join(exporters.csv_rows(PeopleExport(Person.objects.all()))).encode()
    assert content.startswith("\ufeff".encode())
    before = people_values()

    result = import_people(content)

    assert totals(result)["skip"] == Person.objects.count() == len(before)
    assert people_values() == before


# Text that exports make inert, at the start and behind a separator; one already starts with
# the apostrophe that exports add.
FORMULA_TEXTS = ["=SUM(1)", "Fiona;=1+1;x", "Fiona, -2+3", "'=already quoted", "a;'@b"]


@pytest.mark.parametrize("format_name", ["csv", "xlsx"])
def test_people_with_formula_text_exported_import_back_unchanged(format_name):
    for number, text in enumerate(FORMULA_TEXTS):
        PersonFactory(
            name=text,
            job_title=text,
            government=GovernmentFactory(name=text, slug=f"formula-{number}"),
        )
    if format_name == "csv":
        content = "".join(exporters.csv_rows(PeopleExport(Person.objects.all()))).encode()
    else:
        content = export_people_xlsx()
    before = people_values()

    result = import_people(content, format_name=format_name)

    assert totals(result) == {
        "new": 0,
        "update": 0,
        "skip": len(FORMULA_TEXTS),
        "invalid": 0,
        "error": 0,
    }
    assert people_values() == before


def test_governments_and_organisations_are_read_once_whatever_the_rows():
    GovernmentFactory(name="Lombardy", slug="lombardy")
    OrganisationFactory(name="Tenova", slug="tenova")
    rows = [
        row(**{"E-mail": f"person-{n}@example.org", "Organisation": "Tenova"}) for n in range(30)
    ]

    with CaptureQueriesContext(connection) as queries:
        result = import_people(csv_file(rows))

    lookups = [
        query["sql"]
        for query in queries
        if query["sql"].startswith("SELECT")
        and (
            'FROM "regions_government"' in query["sql"]
            or 'FROM "regions_organisation"' in query["sql"]
        )
    ]
    assert (totals(result)["new"], len(lookups)) == (30, 2)


ORGANISATION_HEADERS = ["Name", "Kind", "Country", "City", "Website"]


def import_organisations(rows, *, dry_run=False):
    dataset = read_dataset(csv_file(rows, headers=ORGANISATION_HEADERS), "csv")
    return OrganisationResource().import_data(dataset, dry_run=dry_run)


def test_organisations_are_matched_by_name_and_new_ones_get_a_unique_slug():
    tenova = OrganisationFactory(name="Tenova", slug="tenova", city="Milan")
    OrganisationFactory(name="A2A Energia", slug="a2a")

    result = import_organisations(
        [
            ["TENOVA", "Industry", "IT", "Castellanza", "tenova.example"],
            ["A2A", "utility", "Italy", "Milan", "https://a2a.example"],
        ]
    )

    assert totals(result) == {"new": 1, "update": 1, "skip": 0, "invalid": 0, "error": 0}
    tenova.refresh_from_db()
    a2a = Organisation.objects.get(name="A2A")
    assert (tenova.name, tenova.city, tenova.website) == (
        "TENOVA",
        "Castellanza",
        "https://tenova.example",
    )
    assert (a2a.slug, a2a.kind, a2a.country.code) == ("a2a-2", Organisation.Kind.UTILITY, "IT")


def test_organisation_with_unknown_country_imports_nothing():
    result = import_organisations(
        [["Turboden", "Industry", "IT", "Brescia", ""], ["Atlantis Steel", "Industry", "Atlantis"]]
        + [["Ori Martin", "Industry", "IT", "Brescia", ""]]
    )

    assert result.error_lines() == [
        "Row 3, Country: “Atlantis” is not a country; write its ISO code (IT) or its name (Italy)."
    ]
    assert Organisation.objects.count() == 0


@pytest.mark.parametrize("format_name", ["csv", "xlsx"])
def test_a_person_whose_address_starts_like_a_formula_is_found_from_the_export(format_name):
    PersonFactory(email="=sum@example.org")  # a valid address, exported as "'=sum@…"
    if format_name == "csv":
        content = "".join(exporters.csv_rows(PeopleExport(Person.objects.all()))).encode()
    else:
        content = export_people_xlsx()
    before = people_values()

    result = import_people(content, format_name=format_name)

    assert totals(result) == {"new": 0, "update": 0, "skip": 1, "invalid": 0, "error": 0}
    assert people_values() == before


def test_imported_people_get_slugs_made_from_their_names():
    GovernmentFactory(name="Lombardy", slug="lombardy")
    PersonFactory(name="Giulia Ferraro", slug="giulia-ferraro")
    content = csv_file(
        [
            ["Giulia Ferraro", "giulia@lombardy.example", "Government official", "", "Lombardy"]
            + ["", "yes"],
            ["Marco Rossi", "marco@lombardy.example", "Government official", "", "Lombardy"]
            + ["", "no"],
        ]
    )

    result = import_people(content)

    assert not result.has_errors()
    assert not result.has_validation_errors()
    assert Person.objects.get(email="giulia@lombardy.example").slug == "giulia-ferraro-2"
    assert Person.objects.get(email="marco@lombardy.example").slug == "marco-rossi"
