"""Hybrid events, quotas and approval on the event page, /me/ and the admin."""

import datetime

import pytest
from django.utils import timezone

from tests.factories import EventFactory, GovernmentFactory, PersonFactory, RegistrationFactory
from tests.html import messages_of, plain, plain_text, section
from tests.itp.reports.downloads import csv_sections
from tests.workshops.participants import logged_in_participant
from workshops.models import Event, Message, Mode, Registration
from workshops.services import register_for_event

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
CHANGELIST = "/admin/workshops/registration/"


def katowice(**fields):
    return EventFactory(
        title="ITP workshop, Katowice",
        slug="katowice-workshop",
        attendance_mode=Event.AttendanceMode.HYBRID,
        **{"capacity": 1, "online_capacity": 40, **fields},
    )


def box(response):
    return plain(section(response, "registration-heading"))


def test_event_page_offers_each_mode_of_a_hybrid_event_as_a_labelled_radio_button(client):
    event = katowice()
    register_for_event(event=event, person=PersonFactory(), mode=Mode.IN_PERSON)
    logged_in_participant(client)

    response = client.get("/events/katowice-workshop/")

    html = section(response, "registration-heading")
    assert '<legend class="h6">How will you take part?</legend>' in html
    assert 'type="radio" name="mode" id="mode-in_person" value="in_person"' in html
    assert '<label class="form-check-label" for="mode-online">' in html
    assert "In person (full: you join its waitlist)" in box(response)
    assert "Online (40 seats left)" in box(response)
    assert "Seats left In person: full; Online: 40" in plain_text(response)


def test_register_in_the_chosen_mode(client):
    katowice()
    person = logged_in_participant(client)

    response = client.post("/events/katowice-workshop/register/", {"mode": "online"})

    assert response.status_code == 302
    registration = Registration.objects.get(person=person)
    assert (registration.status, registration.mode) == ("registered", "online")
    page = client.get("/events/katowice-workshop/")
    assert "You take part: Online." in box(page)


@pytest.mark.parametrize("mode", ["", "by_pigeon", "x" * 5000])
def test_register_with_a_mode_the_event_lacks_is_a_message_and_writes_nothing(client, mode):
    katowice()
    logged_in_participant(client)

    response = client.post("/events/katowice-workshop/register/", {"mode": mode})

    assert response.status_code == 302
    assert messages_of(response) == ["Choose how you take part: in person, online."]
    assert not Registration.objects.exists()


def test_register_when_the_governments_quota_is_taken_says_why(client):
    silesia = GovernmentFactory(name="Silesia")
    event = EventFactory(
        slug="katowice-workshop",
        capacity=5,
        seats_per_government=1,
        quota_released_at=timezone.now() + 10 * DAY,
    )
    register_for_event(event=event, person=PersonFactory(government=silesia))
    logged_in_participant(client, government=silesia)

    response = client.post("/events/katowice-workshop/register/")

    (message,) = messages_of(response)
    assert message.startswith("Your government's seats under the quota are taken until ")
    assert message.endswith("so you are number 1 on the waitlist.")
    page = client.get("/events/katowice-workshop/")
    assert (
        "You are number 1 on the waitlist. While the government quota holds, a freed seat goes "
        "to the first person waiting whose government is within its quota."
    ) in box(page)


def test_event_page_tells_each_governments_seats_left_while_the_quota_holds(client):
    silesia, wales = GovernmentFactory(name="Silesia"), GovernmentFactory(name="Wales")
    event = katowice(seats_per_government=1, quota_released_at=timezone.now() + 10 * DAY)
    register_for_event(event=event, person=PersonFactory(government=silesia), mode="in_person")

    response = client.get("/events/katowice-workshop/")

    assert "<caption>Seats in the room left for each government</caption>" in (
        section(response, "registration-heading")
    )
    assert "Silesia 0" in box(response)
    assert "Wales 1" in box(response)
    assert wales.name


def test_event_page_leaves_out_the_quota_table_after_the_release(client):
    katowice(seats_per_government=1, quota_released_at=timezone.now() - DAY)

    response = client.get("/events/katowice-workshop/")

    assert "Seats left for each government" not in box(response)
    assert "Seats in the room left" not in box(response)


def test_approval_event_page_and_me_say_the_request_awaits_approval(client):
    EventFactory(slug="katowice-workshop", title="ITP workshop, Katowice", requires_approval=True)
    person = logged_in_participant(client)

    form = client.get("/events/katowice-workshop/")
    response = client.post("/events/katowice-workshop/register/")

    assert "Request to register" in box(form)
    assert messages_of(response) == [
        "Your request to register is received. The programme staff approve registrations "
        "for this event; we will e-mail you their decision."
    ]
    assert Registration.objects.get(person=person).status == "pending"
    page = client.get("/events/katowice-workshop/")
    assert "Your request to register is awaiting the programme staff's approval." in box(page)
    assert "Withdraw my request" in box(page)
    me = plain_text(client.get("/me/"))
    assert "ITP workshop, Katowice In person Awaiting approval" in me


def test_withdrawing_a_pending_request_from_the_page(client):
    event = EventFactory(slug="katowice-workshop", requires_approval=True)
    person = logged_in_participant(client)
    register_for_event(event=event, person=person)

    response = client.post("/events/katowice-workshop/cancel/")

    assert response.status_code == 302
    assert Registration.objects.get(person=person).status == "cancelled"


def test_staff_approve_and_decline_requests_from_the_admin(staff_client, commit, mailoutbox):
    event = EventFactory(capacity=1, requires_approval=True)
    first, second, third = (
        register_for_event(event=event, person=PersonFactory()) for _ in range(3)
    )
    mailoutbox.clear()

    with commit():
        staff_client.post(
            CHANGELIST, {"action": "approve_requests", "_selected_action": [first.pk, second.pk]}
        )
        response = staff_client.post(
            CHANGELIST, {"action": "decline_requests", "_selected_action": [third.pk, first.pk]}
        )

    statuses = dict(Registration.objects.values_list("pk", "status"))
    # One seat: whichever the admin approved first holds it, the other waits, approved.
    assert sorted(statuses[r.pk] for r in (first, second)) == ["registered", "waitlisted"]
    assert statuses[third.pk] == "declined"
    assert messages_of(response)[-2:] == [
        "1 now declined; each is told by e-mail.",
        "1 left as they were: not awaiting approval.",
    ]
    decisions = Message.objects.exclude(kind=Message.Kind.REQUEST_RECEIVED)
    assert sorted(decisions.values_list("kind", flat=True)) == [
        "approved",
        "approved_waitlisted",
        "declined",
    ]
    assert len(mailoutbox) == 3


def test_coordinators_cannot_approve_requests(coordinator_client):
    request = RegistrationFactory(
        event=EventFactory(requires_approval=True), status=Registration.Status.PENDING
    )

    response = coordinator_client.post(
        CHANGELIST, {"action": "approve_requests", "_selected_action": [request.pk]}
    )
    listing = coordinator_client.get(CHANGELIST)

    assert response.status_code in (200, 302, 403)
    assert Registration.objects.get().status == "pending"
    assert 'value="approve_requests"' not in listing.content.decode()


def test_registration_list_filters_by_mode_and_pending(staff_client):
    event = katowice()
    RegistrationFactory(event=event, mode=Mode.ONLINE, person__name="Online Person")
    RegistrationFactory(event=event, mode=Mode.IN_PERSON, person__name="Room Person")
    RegistrationFactory(
        event=event, status=Registration.Status.PENDING, person__name="Pending Person"
    )

    online = plain_text(staff_client.get(CHANGELIST, {"mode__exact": "online"}))
    pending = plain_text(staff_client.get(CHANGELIST, {"status__exact": "pending"}))

    assert "Online Person" in online
    assert "Room Person" not in online
    assert "Pending Person" in pending
    assert "Online Person" not in pending


def test_staff_register_a_person_online_from_the_admin(staff_client):
    event = katowice()
    person = PersonFactory()

    staff_client.post(
        "/admin/workshops/registration/add/",
        {"person": person.pk, "event": event.pk, "mode": "online"},
    )
    response = staff_client.post(
        "/admin/workshops/registration/add/",
        {"person": PersonFactory().pk, "event": event.pk, "mode": ""},
    )

    assert Registration.objects.get().mode == "online"
    assert "ITP workshop, Katowice takes registrations: in person, online." in plain_text(response)


def test_personal_feed_leaves_out_pending_and_declined_requests(client):
    person = PersonFactory()
    for title, status in (("Pending", "pending"), ("Declined", "declined"), ("Seat", "registered")):
        RegistrationFactory(
            person=person, status=status, event=EventFactory(title=f"{title} workshop")
        )

    response = client.get(f"/me/calendar/{person.calendar_token}.ics")

    feed = response.content.decode()
    assert "Seat workshop" in feed
    assert "Pending workshop" not in feed
    assert "Declined workshop" not in feed


def test_attendance_report_lists_requests_awaiting_approval_and_each_mode(coordinator_client):
    event = katowice(requires_approval=True)
    RegistrationFactory(event=event, mode=Mode.ONLINE, person__name="Online Seat")
    RegistrationFactory(event=event, status="pending", person__name="Asking Person")

    response = coordinator_client.get(f"/reports/attendance.csv?event={event.slug}")

    seats, waitlist, requests = csv_sections(response)
    assert [(row[2], row[-2], row[-1]) for row in seats[1:]] == [
        ("Online Seat", "Registered", "Online")
    ]
    assert waitlist[1:] == []
    assert [row[2] for row in requests[1:]] == ["Asking Person"]
    assert requests[1][-1] == "In person"


def test_staff_adding_someone_whose_request_awaits_approval_is_told_so(staff_client):
    event = EventFactory(title="ITP workshop, Katowice", requires_approval=True)
    person = PersonFactory(name="Jan Kowalski")
    register_for_event(event=event, person=person)

    response = staff_client.post(
        "/admin/workshops/registration/add/", {"person": person.pk, "event": event.pk}
    )

    assert (
        "Jan Kowalski's request to register for ITP workshop, Katowice awaits approval."
        in plain_text(response)
    )
    assert Registration.objects.count() == 1
