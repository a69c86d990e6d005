"""manage.py export_report: the reports written to files, with the views' own code."""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pypdf import PdfReader

from itp.models import ReportDownload
from regions.models import Government, Person
from teams.models import Secondment
from tests.factories import GovernmentFactory, PersonFactory, RegistrationFactory
from workshops.models import Event, Registration

pytestmark = pytest.mark.django_db

MILAN = "milan-kick-off-workshop-2019"


def export_report(*args):
    """Run the command; return what it wrote to standard output and standard error."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("export_report", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def read_csv(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


def test_export_report_writes_csv_with_filters(demo, tmp_path):
    target = tmp_path / "secondments.csv"

    stdout, _stderr = export_report(
        "secondments", "--format=csv", f"--output={target}", "--from=2020-01-01", "--to=2020-12-31"
    )

    held = Secondment.objects.filter(
        status__in=["approved", "under_way", "completed"],
        starts_on__lte=datetime.date(2020, 12, 31),
        ends_on__gte=datetime.date(2020, 1, 1),
    )
    assert read_csv(target) == [
        ["Person", "Home government", "Host", "Starts", "Ends", "Days", "Status", "Theme"],
        *(
            [
                secondment.person.name,
                secondment.home_government.name,
                str(secondment.host_government),
                secondment.starts_on.isoformat(),
                secondment.ends_on.isoformat(),
                str((secondment.ends_on - secondment.starts_on).days + 1),
                secondment.get_status_display(),
                secondment.theme.name,
            ]
            for secondment in held
        ),
    ]
    assert held.count() == 1
    assert stdout == f"Wrote Secondment register to {target}.\n"


def test_export_report_csv_is_the_same_as_the_download(client, demo, tmp_path):
    target = tmp_path / "participation.csv"
    client.force_login(get_user_model().objects.get(username="demo-coordinator"))
    download = client.get("/reports/participation.csv?government=lombardy&from=2019-01-01")

    export_report(
        "participation",
        "--format=csv",
        f"--output={target}",
        "--government=lombardy",
        "--from=2019-01-01",
    )

    assert target.read_bytes() == b"".join(download.streaming_content)
    assert [row[0] for row in read_csv(target)] == ["Government", "Lombardy"]


def test_export_report_writes_attendance_of_the_event(demo, tmp_path):
    target = tmp_path / "attendance.csv"

    export_report("attendance", "--format=csv", f"--output={target}", f"--event={MILAN}")

    rows = read_csv(target)
    seat_holders = rows[1 : rows.index([])]
    assert sorted(row[2] for row in seat_holders) == sorted(
        Registration.objects.filter(
            event__slug=MILAN, status__in=Registration.Status.holding_seat
        ).values_list("person__name", flat=True)
    )


def test_export_report_writes_xlsx_with_typed_cells(demo, tmp_path):
    target = tmp_path / "teams.xlsx"

    export_report("teams", "--format=xlsx", f"--output={target}")

    book = load_workbook(target)
    members, deliverables = book.worksheets
    assert book.sheetnames == ["Members", "Deliverables"]
    assert [cell.value for cell in deliverables[1]] == [
        "Team",
        "Deliverable",
        "Kind",
        "Due",
        "Status",
        "Overdue",
        "Visibility",
    ]
    assert (members.freeze_panes, deliverables.freeze_panes) == ("A2", "A2")
    assert all(cell.font.b for cell in deliverables[1])
    due = [row[3] for row in deliverables.iter_rows(min_row=2, values_only=True)]
    assert len(due) == 8
    assert {type(value) for value in due} == {datetime.datetime}


def test_export_report_writes_xlsx_numbers_as_numbers(demo, tmp_path):
    target = tmp_path / "participation.xlsx"

    export_report("participation", "--format=xlsx", f"--output={target}")

    rows = list(load_workbook(target).active.iter_rows(min_row=2, values_only=True))
    registrations = {row[0]: row[2] for row in rows}
    assert registrations == {
        government.name: Registration.objects.filter(person__government=government).count()
        for government in Government.objects.filter(is_active=True)
    }
    assert {type(value) for value in registrations.values()} == {int}


def test_export_report_writes_pdf_with_title_totals_and_page_numbers(demo, tmp_path):
    target = tmp_path / "summary.pdf"

    export_report("programme-summary", "--format=pdf", f"--output={target}")

    reader = PdfReader(target)
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    registrations = Registration.objects.filter(event__status=Event.Status.PUBLISHED).count()
    assert text.startswith("Industry Transition Platform Programme summary Generated")
    assert f"Registrations {registrations}" in text
    assert f"Page 1 of {len(reader.pages)}" in text


def test_export_report_pdf_of_attendance_is_a_sign_in_sheet(demo, tmp_path):
    target = tmp_path / "sign-in.pdf"

    export_report("attendance", "--format=pdf", f"--output={target}", f"--event={MILAN}")

    text = " ".join(page.extract_text() for page in PdfReader(target).pages)
    assert text.startswith(
        "Industry Transition Platform\nSign-in sheet\nITP kick-off workshop, Milan"
    )
    assert "Signature" in text


def test_export_report_is_not_recorded_as_a_download(demo, tmp_path):
    export_report("teams", "--format=csv", f"--output={tmp_path / 'teams.csv'}")

    assert ReportDownload.objects.count() == 0


def test_export_report_shows_progress_on_standard_error_for_long_exports(db, tmp_path):
    event = RegistrationFactory().event
    people = Person.objects.bulk_create(
        PersonFactory.build_batch(1200, government=GovernmentFactory())
    )
    Registration.objects.bulk_create(
        RegistrationFactory.build(event=event, person=person) for person in people
    )
    target = tmp_path / "attendance.xlsx"

    _stdout, stderr = export_report(
        "attendance", "--format=xlsx", f"--output={target}", f"--event={event.slug}"
    )

    assert "1,000 rows" in stderr
    assert stderr.endswith("1,201 rows written.\n")
    assert load_workbook(target).active.max_row == 1202


def test_export_report_short_export_writes_nothing_on_standard_error(demo, tmp_path):
    _stdout, stderr = export_report("teams", "--format=xlsx", f"--output={tmp_path / 't.xlsx'}")

    assert stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["nope", "--format=csv"],
            "Unknown report “nope”; choose one of programme-summary, participation, "
            "attendance, teams, secondments, feedback.",
        ),
        (["teams", "--format=doc"], "Unknown format “doc”; choose csv, xlsx or pdf."),
        (["teams", "--format=csv", "--from=2020-02-31"], "From: Enter a valid date."),
        (
            ["teams", "--format=csv", "--from=2020-05-01", "--to=2020-04-01"],
            "To: The end date is before the start date.",
        ),
        (
            ["participation", "--format=csv", "--government=nope"],
            "Government: Select a valid choice. That choice is not one of the available choices.",
        ),
        (["attendance", "--format=pdf"], "Choose an event for the attendance report."),
        (
            ["attendance", "--format=csv", f"--event={MILAN}", "--theme=sustainable-hydrogen"],
            "The attendance report does not take --theme; it takes --event, --government.",
        ),
        (
            ["teams", "--format=csv", f"--event={MILAN}", "--from=2020-01-01"],
            "The teams report does not take --event; it takes --from, --to, --government, --theme.",
        ),
    ],
)
def test_export_report_refuses_bad_arguments_with_a_clear_message(demo, tmp_path, args, message):
    target = tmp_path / "report"

    with pytest.raises(CommandError) as error:
        export_report(*args, f"--output={target}")

    assert str(error.value) == message
    assert not target.exists()


def test_export_report_to_a_missing_folder_says_it_cannot_write(demo, tmp_path):
    target = tmp_path / "missing" / "teams.csv"

    with pytest.raises(CommandError) as error:
        export_report("teams", "--format=csv", f"--output={target}")

    assert str(error.value) == f"Cannot write {target}: No such file or directory."
