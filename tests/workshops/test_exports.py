"""The registrations export (workshops/exports.py): its columns and what they say."""

import pytest
from django.utils import timezone

from itp.reports.selections import RegistrationsExport
from tests.factories import EventFactory, PersonFactory
from workshops import services
from workshops.models import Registration

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
