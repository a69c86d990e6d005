"""The registrations export (workshops/exports.py): its columns and what they say."""

import csv
import io

import pytest
import tablib
from django.utils import timezone

from itp.common.exporting import writers
from tests.factories import EventFactory, PersonFactory
from workshops import services
from workshops.exports import RegistrationsExport
from workshops.models import Registration
from workshops.resources import RegistrationResource

pytestmark = pytest.mark.django_db


def export_rows(queryset):
    (section,) = RegistrationsExport(queryset).sections()
    headers = [column.header for column in section.columns]
    return [dict(zip(headers, row, strict=True)) for row in section.rows]


def test_registrations_export_waitlist_place_is_the_place_in_line_after_a_promotion():
    event = EventFactory(capacity=1, starts_at=timezone.now() + timezone.timedelta(days=30))
    seated, first, second, third = PersonFactory.create_batch(4)
    for person in (seated, first, second, third):
        services.register_for_event(event=event, person=person)
    services.cancel_registration(registration=Registration.objects.get(person=seated))

    rows = export_rows(Registration.objects.filter(event=event))

    assert {row["E-mail"]: (row["Status"], row["Waitlist place"]) for row in rows} == {
        seated.email: ("Cancelled", None),
        first.email: ("Registered", None),
        second.email: ("Waitlisted", 1),
        third.email: ("Waitlisted", 2),
    }


def test_registrations_export_starts_with_the_columns_of_the_registrations_import():
    (section,) = RegistrationsExport(Registration.objects.all()).sections()
    resource_headers = [field.column_name for field in RegistrationResource().get_export_fields()]

    headers = [column.header for column in section.columns]
    assert headers[: len(resource_headers)] == resource_headers == ["E-mail", "Event", "Status"]
    assert headers[len(resource_headers) :] == [
        "Event title",
        "Event date",
        "Name",
        "Government",
        "Organisation",
        "Mode",
        "Waitlist place",
        "Registered at",
        "Answers",
    ]


def test_registrations_exported_import_back_unchanged_with_the_import_columns():
    event = EventFactory(capacity=1, starts_at=timezone.now() + timezone.timedelta(days=30))
    for person in PersonFactory.create_batch(3):
        services.register_for_event(event=event, person=person)
    before = list(Registration.objects.values_list("person", "status", "waitlist_order"))
    content = "".join(writers.csv_rows(RegistrationsExport(Registration.objects.all())))
    headers, *rows = csv.reader(io.StringIO(content.removeprefix("\ufeff")))
    wanted = RegistrationResource().expected_headers()
    kept = [headers.index(header) for header in wanted]
    dataset = tablib.Dataset(*[[row[index] for index in kept] for row in rows], headers=wanted)

    result = RegistrationResource().import_data(dataset)

    assert [row.import_type for row in result.rows] == ["skip"] * 3
    assert list(Registration.objects.values_list("person", "status", "waitlist_order")) == before
