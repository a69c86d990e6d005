"""The attendance report's downloads: seat holders by government, then the waitlist in its
order; files named after the event and its day; the PDF a sign-in sheet."""

import datetime

import pytest
from django.utils.formats import date_format

from regions.models import Government
from tests.factories import (
    EventFactory,
    OrganisationFactory,
    PersonFactory,
    RegistrationFactory,
)
from tests.html import body
from tests.pdf_layout import page_text
from workshops.models import Event, Registration

from .downloads import MILAN, column, csv_sections, squeezed, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def milan_waitlist(demo):
    """Milan with one more seat holder (from an organisation, not a government), two people
    on its waitlist, a cancelled registration, and a registration for another event."""
    milan = Event.objects.get(slug=MILAN)
    organisation = OrganisationFactory(name="Tenaris Dalmine")
    RegistrationFactory(
        event=milan,
        person=PersonFactory(name="Cancelled Person"),
        status=Registration.Status.CANCELLED,
    )
    RegistrationFactory(
        event=milan,
        person=PersonFactory(
            name="Expert Person", government=None, organisation=organisation, job_title="Adviser"
        ),
    )
    # Waitlist orders keep their gaps when people leave: places are counted, not copied.
    for order, name in [(7, "Second Waiting"), (3, "First Waiting")]:
        RegistrationFactory(
            event=milan,
            person=PersonFactory(name=name, government=Government.objects.get(slug="wales")),
            status=Registration.Status.WAITLISTED,
            waitlist_order=order,
        )
    RegistrationFactory(person=PersonFactory(name="At Another Event"))
    return milan


def test_attendance_csv_lists_seat_holders_by_government_then_the_waitlist(
    demo_coordinator_client, milan_waitlist
):
    seat_holders = Registration.objects.filter(
        event=milan_waitlist, status__in=Registration.Status.holding_seat
    ).select_related("person__government", "person__organisation")
    expected = sorted(
        (
            [
                milan_waitlist.title,
                "2019-04-09",
                registration.person.name,
                registration.person.government.name if registration.person.government else "",
                registration.person.organisation.name if registration.person.organisation else "",
                registration.person.job_title,
                registration.get_status_display(),
                registration.get_mode_display(),
            ]
            for registration in seat_holders
        ),
        # By government, people of no government last; by name within each.
        key=lambda row: (row[3] == "", row[3], row[2]),
    )

    response = demo_coordinator_client.get(f"/reports/attendance.csv?event={MILAN}")

    seats, waitlist, _pending = csv_sections(response)
    assert seats[1:] == expected
    assert seats[-1] == [
        milan_waitlist.title,
        "2019-04-09",
        "Expert Person",
        "",
        "Tenaris Dalmine",
        "Adviser",
        "Registered",
        "In person",
    ]
    assert waitlist[1:] == [
        [
            milan_waitlist.title,
            "2019-04-09",
            "1",
            "First Waiting",
            "Wales",
            "",
            "Energy Efficiency Officer",
            "In person",
        ],
        [
            milan_waitlist.title,
            "2019-04-09",
            "2",
            "Second Waiting",
            "Wales",
            "",
            "Energy Efficiency Officer",
            "In person",
        ],
    ]
    names = column(seats, "Name") + column(waitlist, "Name")
    assert {"Cancelled Person", "At Another Event"}.isdisjoint(names)


@pytest.mark.parametrize("format", ["csv", "xlsx", "pdf"])
def test_attendance_download_is_named_after_its_event_and_day(demo_coordinator_client, format):
    response = demo_coordinator_client.get(f"/reports/attendance.{format}?event={MILAN}")

    assert response["Content-Disposition"] == (
        f'attachment; filename="attendance-itp-kick-off-workshop-milan-2019-04-09.{format}"'
    )


def test_attendance_download_is_dated_by_the_venue_s_day(demo_coordinator_client):
    # 23:30 in Toronto is already the next day in UTC.
    EventFactory(
        title="Hydrogen valleys: a study visit",
        slug="study-visit",
        starts_at=datetime.datetime(2026, 3, 4, 4, 30, tzinfo=datetime.UTC),
        time_zone="America/Toronto",
    )

    response = demo_coordinator_client.get("/reports/attendance.csv?event=study-visit")

    assert response["Content-Disposition"] == (
        'attachment; filename="attendance-hydrogen-valleys-a-study-visit-2026-03-03.csv"'
    )


def test_attendance_xlsx_has_a_sheet_of_seat_holders_and_one_of_the_waitlist(
    demo_coordinator_client, milan_waitlist
):
    expected = sorted(
        Registration.objects.filter(
            event=milan_waitlist, status__in=Registration.Status.holding_seat
        ).values_list("person__name", flat=True)
    )

    response = demo_coordinator_client.get(f"/reports/attendance.xlsx?event={MILAN}")

    book = workbook(response)
    seats, waitlist, _pending = (
        list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets
    )
    assert book.sheetnames == ["Seat holders", "Waitlist", "Awaiting approval"]
    assert sorted(column(seats, "Name")) == expected
    assert set(column(seats, "Event")) == {milan_waitlist.title}
    assert set(column(seats, "Event date")) == {datetime.datetime(2019, 4, 9)}
    assert [row[2:4] for row in waitlist[1:]] == [(1, "First Waiting"), (2, "Second Waiting")]


WAITLIST_HEADING = "Waitlist: people without a seat"


def sign_in_sheet(response):
    """The sign-in sheet's text without white space, in two: the part to be signed, and the
    waitlist after it."""
    to_sign, _heading, waitlist = page_text(body(response)).partition(squeezed(WAITLIST_HEADING))
    return to_sign, waitlist


def test_attendance_pdf_asks_only_seat_holders_to_sign(demo_coordinator_client, milan_waitlist):
    seat_holders = Registration.objects.filter(
        event=milan_waitlist, status__in=Registration.Status.holding_seat
    ).values_list("person__name", flat=True)

    response = demo_coordinator_client.get(f"/reports/attendance.pdf?event={MILAN}")

    to_sign, waitlist = sign_in_sheet(response)
    assert [name for name in seat_holders if squeezed(name) not in to_sign] == []
    assert "Waiting" not in to_sign
    assert waitlist.index("FirstWaiting") < waitlist.index("SecondWaiting")
    assert "CancelledPerson" not in to_sign + waitlist


def test_attendance_pdf_groups_seat_holders_under_their_government(
    demo_coordinator_client, milan_waitlist
):
    seat_holders = Registration.objects.filter(
        event=milan_waitlist, status__in=Registration.Status.holding_seat
    ).select_related("person__government")
    headings = sorted({r.person.government.name for r in seat_holders if r.person.government})

    response = demo_coordinator_client.get(f"/reports/attendance.pdf?event={MILAN}")

    to_sign, _waitlist = sign_in_sheet(response)
    positions = {heading: to_sign.index(squeezed(heading)) for heading in headings}
    positions["Other organisations"] = to_sign.index("Otherorganisations")
    assert sorted(positions, key=positions.get) == [*headings, "Other organisations"]
    under = {
        registration.person.name: max(
            (
                heading
                for heading in positions
                if positions[heading] < to_sign.index(squeezed(registration.person.name))
            ),
            key=positions.get,
        )
        for registration in seat_holders
    }
    assert under == {
        registration.person.name: (
            registration.person.government.name
            if registration.person.government
            else "Other organisations"
        )
        for registration in seat_holders
    }


def test_attendance_pdf_states_the_event_its_days_venue_and_seat_holders(
    demo_coordinator_client, milan_waitlist
):
    seats = milan_waitlist.registrations.filter(status__in=Registration.Status.holding_seat).count()

    response = demo_coordinator_client.get(f"/reports/attendance.pdf?event={MILAN}")

    to_sign, _waitlist = sign_in_sheet(response)
    first, last = datetime.date(2019, 4, 9), datetime.date(2019, 4, 11)
    assert [
        text
        for text in (
            "ITP kick-off workshop, Milan",
            f"{date_format(first)} – {date_format(last)}",
            "Palazzo Lombardia, Milan",
            f"{seats} seat holders",
            "Expert Person",
            "Tenaris Dalmine",
            "Adviser",
        )
        if squeezed(text) not in to_sign
    ] == []
