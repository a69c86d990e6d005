"""Importing registrations (workshops/resources.py): through register_for_event, so the
capacity and the waitlist hold."""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from itp.common.importing.reading import read_dataset
from tests.factories import EventFactory, PersonFactory, RegistrationFactory
from workshops.models import Event, Message, Registration
from workshops.resources import RegistrationResource

pytestmark = pytest.mark.django_db


def registrations_file(rows, headers=("E-mail", "Event")):
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(headers)
    writer.writerows(rows)
    return text.getvalue().encode()


def import_registrations(rows, *, dry_run=False):
    dataset = read_dataset(registrations_file(rows), "csv")
    return RegistrationResource().import_data(dataset, dry_run=dry_run)


def totals(result):
    return {kind: result.totals[kind] for kind in ("new", "update", "skip", "invalid", "error")}


def seats_and_waitlist(event):
    registrations = Registration.objects.filter(event=event).select_related("person")
    return (
        sorted(r.person.email for r in registrations if r.status == Registration.Status.REGISTERED),
        [
            r.person.email
            for r in registrations.filter(status=Registration.Status.WAITLISTED).order_by(
                "waitlist_order"
            )
        ],
    )


def test_import_over_capacity_waitlists_the_overflow_in_file_order():
    event = EventFactory(slug="heat-pumps-webinar", capacity=2)
    people = [PersonFactory(email=f"person-{n}@example.org") for n in range(5)]
    order = [people[3], people[0], people[4], people[1], people[2]]
    rows = [[person.email, "heat-pumps-webinar"] for person in order]

    result = import_registrations(rows)

    assert totals(result) == {"new": 5, "update": 0, "skip": 0, "invalid": 0, "error": 0}
    assert seats_and_waitlist(event) == (
        sorted([people[3].email, people[0].email]),
        [people[4].email, people[1].email, people[2].email],
    )
    assert [row.diff[2] for row in result.rows] == [
        "<ins>Registered</ins>",
        "<ins>Registered</ins>",
        "<ins>Waitlisted</ins>",
        "<ins>Waitlisted</ins>",
        "<ins>Waitlisted</ins>",
    ]
    # Each person is told, as when registering on the site.
    assert sorted(Message.objects.values_list("person__email", "kind")) == sorted(
        [(people[3].email, "confirmed"), (people[0].email, "confirmed")]
        + [(person.email, "waitlisted") for person in (people[4], people[1], people[2])]
    )


def test_dry_run_previews_the_waitlist_and_writes_nothing():
    EventFactory(slug="heat-pumps-webinar", capacity=1)
    people = [PersonFactory() for _ in range(2)]

    result = import_registrations(
        [[person.email, "heat-pumps-webinar"] for person in people], dry_run=True
    )

    assert [row.diff[2] for row in result.rows] == [
        "<ins>Registered</ins>",
        "<ins>Waitlisted</ins>",
    ]
    assert (Registration.objects.count(), Message.objects.count()) == (0, 0)


def test_held_registration_is_unchanged_and_a_cancelled_one_is_taken_up_again():
    event = EventFactory(slug="heat-pumps-webinar", capacity=10)
    registered = RegistrationFactory(event=event)
    cancelled = RegistrationFactory(event=event, status=Registration.Status.CANCELLED)

    result = import_registrations(
        [
            [registered.person.email.upper(), "heat-pumps-webinar"],
            [cancelled.person.email, "HEAT-PUMPS-WEBINAR"],
        ]
    )

    assert totals(result) == {"new": 0, "update": 1, "skip": 1, "invalid": 0, "error": 0}
    cancelled.refresh_from_db()
    assert cancelled.status == Registration.Status.REGISTERED
    assert Registration.objects.count() == 2


def a_closed_registration():
    return {"registration_closes_at": timezone.now() - datetime.timedelta(hours=1)}


@pytest.mark.parametrize(
    ("event_fields", "message"),
    [
        ({"status": Event.Status.CANCELLED}, "This event has been cancelled."),
        ({"status": Event.Status.DRAFT}, "This event is not open for registration."),
        (a_closed_registration(), "Registration for this event has closed."),
    ],
)
def test_event_refusing_registration_is_a_row_error_with_the_reason_and_nothing_is_written(
    event_fields, message
):
    EventFactory(slug="open-workshop")
    EventFactory(slug="closed-workshop", **event_fields)
    person = PersonFactory()

    result = import_registrations(
        [[person.email, "open-workshop"], [person.email, "closed-workshop"]]
    )

    assert result.error_lines() == [f"Row 3, Event: {message}"]
    assert Registration.objects.count() == 0


def test_unknown_person_and_event_and_repeated_row_are_row_errors():
    EventFactory(slug="heat-pumps-webinar")
    person = PersonFactory(email="giulia@lombardy.example")

    result = import_registrations(
        [
            ["giulia@lombardy.example", "heat-pumps-webinar"],
            ["nobody@example.org", "heat-pumps-webinar"],
            ["giulia@lombardy.example", "no-such-event"],
            [person.email.upper(), "heat-pumps-webinar"],
        ]
    )

    assert result.error_lines() == [
        "Row 3, E-mail: No person with the e-mail address “nobody@example.org”.",
        "Row 4, Event: No event with the slug “no-such-event”.",
        "Row 5, E-mail: Row 2 registers the same person for the same event.",
    ]
    assert Registration.objects.count() == 0


def test_empty_person_or_event_is_a_row_error():
    EventFactory(slug="heat-pumps-webinar")
    person = PersonFactory()

    result = import_registrations([["", "heat-pumps-webinar"], [person.email, ""]])

    assert result.error_lines() == [
        "Row 2, E-mail: This field cannot be null.",
        "Row 3, Event: This field cannot be null.",
    ]


def test_registrations_file_needs_its_two_headers():
    dataset = read_dataset(registrations_file([["a@example.org"]], headers=["E-mail"]), "csv")

    result = RegistrationResource().import_data(dataset)

    assert result.error_lines() == [
        "The header row is wrong (missing: Event). The first row must hold exactly these "
        "headers, in any order: E-mail, Event."
    ]
