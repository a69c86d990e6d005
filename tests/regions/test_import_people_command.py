"""manage.py import_people: the admin's people import from the command line."""

import csv
import io
import re
import tracemalloc

import pytest
from django.core.management import CommandError, call_command

from regions.management.commands.import_people import Command
from regions.models import Person
from tests import hostile_spreadsheets
from tests.factories import GovernmentFactory, PersonFactory

pytestmark = pytest.mark.django_db

HEADERS = ["Name", "E-mail", "Kind", "Job title", "Government", "Organisation", "Listed publicly"]


def write_csv(path, rows, headers=HEADERS):
    with open(path, "w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def import_people(*args):
    """Run the command; return what it wrote to standard output and standard error."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("import_people", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


@pytest.fixture
def people_file(tmp_path):
    GovernmentFactory(name="Lombardy", slug="lombardy")
    PersonFactory(name="Marco Rossi", email="marco@lombardy.example", job_title="Analyst")
    return write_csv(
        tmp_path / "people.csv",
        [
            ["Giulia Ferraro", "giulia@lombardy.example", "Government official", "", "lombardy"]
            + ["", "yes"],
            ["Marco Rossi", "marco@lombardy.example", "Government official", "Director"]
            + ["Lombardy", "", "no"],
        ],
    )


def test_dry_run_prints_the_summary_and_writes_nothing(people_file):
    stdout, _stderr = import_people(str(people_file), "--dry-run")

    assert stdout == (
        "1 new, 1 updated, 0 unchanged, 0 rows with errors.\nDry run: nothing was written.\n"
    )
    assert list(Person.objects.values_list("email", "job_title")) == [
        ("marco@lombardy.example", "Analyst")
    ]


def test_import_writes_and_prints_the_summary(people_file):
    stdout, _stderr = import_people(str(people_file))

    assert stdout.splitlines() == [
        "1 new, 1 updated, 0 unchanged, 0 rows with errors.",
        f"Imported 2 rows from {people_file}.",
    ]
    assert sorted(Person.objects.values_list("email", "job_title")) == [
        ("giulia@lombardy.example", ""),
        ("marco@lombardy.example", "Director"),
    ]


def test_file_with_errors_fails_listing_them_and_writes_nothing(tmp_path):
    GovernmentFactory(name="Lombardy", slug="lombardy")
    path = write_csv(
        tmp_path / "people.csv",
        [
            ["Giulia Ferraro", "giulia@lombardy.example", "Government official", "", "Lombardy"]
            + ["", "yes"],
            ["Marco Rossi", "marco(at)lombardy", "Government official", "", "Atlantis", "", "no"],
        ],
    )
    stdout = io.StringIO()

    with pytest.raises(CommandError) as failure:
        call_command("import_people", str(path), stdout=stdout, stderr=io.StringIO())

    assert str(failure.value) == f"{path} has errors; nothing was imported."
    # The counts are what the file would do; none of it was done.
    assert stdout.getvalue().splitlines() == [
        "1 new, 0 updated, 0 unchanged, 1 row with errors.",
        "Row 3, Government: No government named or with slug “Atlantis”.",
        "Row 3, E-mail: Enter a valid email address.",
    ]
    assert Person.objects.count() == 0


def test_wrong_header_fails_naming_the_expected_headers(tmp_path):
    path = write_csv(tmp_path / "people.csv", [["Giulia"]], headers=["Full name"])
    stdout = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_people", str(path), stdout=stdout, stderr=io.StringIO())

    assert "The first row must hold exactly these headers, in any order: Name, E-mail" in (
        stdout.getvalue()
    )


@pytest.mark.parametrize(
    ("name", "content", "options", "message"),
    [
        ("people.csv", None, [], "No such file: "),
        ("people.ods", b"Name\n", [], "Unknown format “ods”; give a .csv or .xlsx file"),
        ("people.csv", b"", [], "people.csv: The file is empty"),
        ("people.xlsx", b"Name,E-mail\n", [], "people.xlsx: The file is not an Excel workbook"),
        ("people.txt", b"", ["--format=xlsx"], "people.txt: The file is empty"),
    ],
)
def test_unreadable_file_fails_with_a_clear_message(tmp_path, name, content, options, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)

    with pytest.raises(CommandError) as failure:
        import_people(str(path), *options)

    assert message in str(failure.value)


def test_format_option_overrides_the_extension(tmp_path):
    GovernmentFactory(name="Lombardy", slug="lombardy")
    path = write_csv(
        tmp_path / "people.txt",
        [["Giulia", "giulia@lombardy.example", "Government official", "", "Lombardy", "", "no"]],
    )

    import_people(str(path), "--format", "CSV")

    assert Person.objects.get().name == "Giulia"


def test_large_file_reports_progress_on_standard_error(tmp_path):
    government = GovernmentFactory(name="Lombardy", slug="lombardy")
    Person.objects.bulk_create(
        Person(
            name=f"Person {n}",
            slug=f"person-{n}",
            email=f"person-{n}@example.org",
            kind=Person.Kind.GOVERNMENT_OFFICIAL,
            government=government,
            calendar_token=f"token-{n}",
        )
        for n in range(1000)
    )
    path = write_csv(
        tmp_path / "people.csv",
        [
            [f"Person {n}", f"person-{n}@example.org", "Government official", "", "Lombardy"]
            + ["", "no"]
            for n in range(1000)
        ],
    )

    stdout, stderr = import_people(str(path), "--dry-run")

    # A counter now and then while the rows are read (none while they take under 10 s), then
    # the rows read and the time they took.
    assert re.fullmatch(r"(rows read: [\d,]+ of 1,000\n)*rows read: 1,000 in \d+\.\d s\n", stderr)
    assert stdout.startswith("0 new, 0 updated, 1000 unchanged, 0 rows with errors.")


# Limits


def test_help_states_the_limits():
    help_text = " ".join(
        Command().create_parser("manage.py", "import_people").format_help().split()
    )

    assert (
        "It reads at most 50 MB (200 MB unpacked for XLSX), 100,000 records (see --max-rows), "
        "50 columns and 1,000 characters in a cell" in help_text
    )
    assert "--max-rows N refuse a file of more than N records (by default 100,000)" in help_text


@pytest.mark.parametrize(
    ("name", "make_content", "message"),
    [
        (
            "sparse-bomb.xlsx",
            hostile_spreadsheets.sparse_bomb,
            "Row 1,048,576 has a value in column XFD; an import reads at most 50 columns.",
        ),
        (
            "huge-cell.xlsx",
            lambda: hostile_spreadsheets.huge_cell(300_000_000),
            "The workbook unpacks to 300.0 MB; an import here reads at most 200 MB unpacked.",
        ),
        (
            "million-rows.xlsx",
            lambda: hostile_spreadsheets.many_rows(1_000_000),
            "Part xl/worksheets/sheet1.xml of the workbook is compressed 258 to 1",
        ),
        (
            "200000-rows.csv",
            lambda: hostile_spreadsheets.csv_rows(200_000),
            "The file has more than 100,000 records (row 100,002 holds one); an import here "
            "reads at most 100,000. Split it into smaller files, or raise the limit on records "
            "with --max-rows.",
        ),
    ],
)
def test_file_beyond_a_limit_fails_with_a_message_naming_it(tmp_path, name, make_content, message):
    path = tmp_path / name
    path.write_bytes(make_content())

    with pytest.raises(CommandError) as failure:
        import_people(str(path))

    assert str(failure.value).startswith(f"{path}: {message}")
    assert Person.objects.count() == 0


def test_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "people.csv"
    path.write_bytes(hostile_spreadsheets.csv_rows(1_100_000))

    tracemalloc.start()
    try:
        with pytest.raises(CommandError) as failure:
            import_people(str(path))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert str(failure.value) == (
        f"{path}: The file is 51.7 MB; an import here reads at most 50 MB. Split it into "
        "smaller files, or raise the limit on records with --max-rows."
    )
    assert peak < 5_000_000


def test_max_rows_sets_the_limit_on_records(tmp_path):
    GovernmentFactory(name="Lombardy", slug="lombardy")
    rows = [
        [f"Person {n}", f"person-{n}@example.org", "Government official", "", "Lombardy"]
        + ["", "no"]
        for n in range(3)
    ]
    path = write_csv(tmp_path / "people.csv", rows)

    with pytest.raises(CommandError) as failure:
        import_people(str(path), "--max-rows", "2")
    stdout, _stderr = import_people(str(path), "--max-rows=3")

    assert "The file has more than 2 records (row 4 holds one)" in str(failure.value)
    assert stdout.startswith("3 new, 0 updated, 0 unchanged, 0 rows with errors.")
    assert Person.objects.count() == 3


@pytest.mark.parametrize("value", ["0", "-5", "many"])
def test_max_rows_must_be_a_positive_number(tmp_path, value):
    with pytest.raises(CommandError) as failure:
        import_people(str(tmp_path / "people.csv"), f"--max-rows={value}")

    assert str(failure.value) == ("Error: argument --max-rows: must be a whole number of 1 or more")
