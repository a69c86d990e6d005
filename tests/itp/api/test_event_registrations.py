"""An event's registrations through the API, for those who may view registrations."""

import pytest
from django.contrib.auth.models import Permission
from rest_framework.test import APIClient

from itp.roles import COORDINATORS, PARTICIPANTS, PROGRAMME_STAFF
from tests.factories import (
    EventFactory,
    GovernmentFactory,
    PersonFactory,
    RegistrationFactory,
    UserFactory,
)
from workshops.models import Event, Registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    client = APIClient()
    client.force_login(UserFactory(is_staff=True, roles=[PROGRAMME_STAFF]))
    return client


@pytest.fixture
def event():
    """A draft event (staff see registrations whatever the status), with a seat, a waitlist
    place and a cancellation, and a registration for another event."""
    event = EventFactory(slug="draft-workshop", status=Event.Status.DRAFT, capacity=1)
    silesia = GovernmentFactory(slug="silesia", name="Silesia")
    RegistrationFactory(
        event=event,
        person=PersonFactory(
            name="Anna Nowak", slug="anna-nowak", email="anna@example.org", government=silesia
        ),
    )
    RegistrationFactory(event=event, status=Registration.Status.WAITLISTED, waitlist_order=4)
    RegistrationFactory(event=event, status=Registration.Status.CANCELLED)
    RegistrationFactory()
    return event


def test_staff_read_every_registration_of_the_event_in_order(api, event):
    response = api.get("/api/v1/events/draft-workshop/registrations/")

    results = response.json()["results"]
    assert response.json()["count"] == 3
    assert [(r["status"], r["waitlist_place"]) for r in results] == [
        ("registered", None),
        ("waitlisted", 1),
        ("cancelled", None),
    ]
    assert results[0]["person"] == {
        "slug": "anna-nowak",
        "name": "Anna Nowak",
        "email": "anna@example.org",
        "government": {
            "slug": "silesia",
            "name": "Silesia",
            "url": "http://testserver/api/v1/governments/silesia/",
        },
    }
    assert results[0]["mode"] == "in_person"


def test_registrations_filter_by_status(api, event):
    response = api.get("/api/v1/events/draft-workshop/registrations/?status=waitlisted")

    assert [r["status"] for r in response.json()["results"]] == ["waitlisted"]


def test_a_person_of_no_government_has_none(api):
    registration = RegistrationFactory(
        event=EventFactory(slug="webinar"), person=PersonFactory(government=None)
    )

    response = api.get("/api/v1/events/webinar/registrations/")

    assert response.json()["results"][0]["person"]["government"] is None
    assert response.json()["results"][0]["id"] == registration.pk


@pytest.mark.parametrize(
    ("query", "field"), [("?status=" + "x" * 5000, "status"), ("?page=0", "page")]
)
def test_a_bad_filter_or_page_is_a_400_naming_it(api, event, query, field):
    response = api.get("/api/v1/events/draft-workshop/registrations/" + query)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert "x" * 300 not in response.content.decode()


def test_an_unknown_event_is_a_404(api):
    response = api.get("/api/v1/events/no-such-event/registrations/")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    ("roles", "permissions", "status"),
    [
        ([PARTICIPANTS], [], 403),
        ([], [], 403),
        ([], ["view_registration"], 200),
        ([COORDINATORS], [], 200),
    ],
)
def test_only_holders_of_the_view_registration_permission_read_them(
    event, roles, permissions, status
):
    user = UserFactory(is_staff=True, roles=roles)
    user.user_permissions.add(*Permission.objects.filter(codename__in=permissions))
    client = APIClient()
    client.force_login(user)

    response = client.get("/api/v1/events/draft-workshop/registrations/")

    assert response.status_code == status
