"""Staff see and enter event and session times in the admin as the venue's clocks show them.

The site stores instants (UTC); the admin's forms show them in the event's venue zone and read
what staff type in the zone chosen on the same form.
"""

import datetime
import re
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from django.urls import reverse
from django.utils import formats

from tests.factories import EventFactory, PersonFactory, RegistrationFactory, SessionFactory
from tests.workshops.admin_helpers import form_errors
from workshops.models import Event, Message, Session

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
BERLIN = ZoneInfo("Europe/Berlin")
ROME = ZoneInfo("Europe/Rome")
LONDON = ZoneInfo("Europe/London")


def new_event_data(**fields):
    """What the admin's add form posts for a draft webinar with no sessions."""
    return {
        "title_en": "Webinar: industrial heat pumps",
        "slug": "webinar-industrial-heat-pumps",
        "kind": Event.Kind.WEBINAR,
        "status": Event.Status.DRAFT,
        "time_zone": "Europe/Berlin",
        "starts_at_0": "2026-01-15",
        "starts_at_1": "15:00",
        "ends_at_0": "2026-01-15",
        "ends_at_1": "16:30",
        "sessions-TOTAL_FORMS": "0",
        "sessions-INITIAL_FORMS": "0",
        "reminders-TOTAL_FORMS": "0",
        "reminders-INITIAL_FORMS": "0",
        "registrations-TOTAL_FORMS": "0",
        "registrations-INITIAL_FORMS": "0",
        "questions-TOTAL_FORMS": "0",
        "questions-INITIAL_FORMS": "0",
        **fields,
    }


def form_values(response, form_id):
    """What a browser posts back from the form ``form_id`` of the page, unchanged."""
    # Decoded first: lxml would read the bytes as Latin-1, and "ß" in UTF-8 holds a control
    # character in Latin-1, which the single-line fields refuse.
    (form,) = lxml.html.fromstring(response.content.decode()).xpath(f"//form[@id='{form_id}']")
    data = {}
    for name, value in form.form_values():
        data.setdefault(name, []).append(value)
    return data


def posted_back(response, form_id, **changes):
    """The form ``form_id`` of the page as a browser posts it, with ``changes`` typed in."""
    data = form_values(response, form_id)
    data.update({name: [value] for name, value in changes.items()})
    return data


def input_value(response, name):
    (value,) = lxml.html.fromstring(response.content).xpath(f"//input[@name='{name}']/@value")
    return value


def label_of(response, input_name):
    """The label of the admin field that holds the input ``input_name``."""
    (label,) = lxml.html.fromstring(response.content).xpath(
        f"//input[@name='{input_name}']/ancestor::div[contains(@class, 'field-')][1]//label"
    )
    return " ".join(label.text_content().split())


def test_event_added_in_berlin_time_is_stored_as_that_instant(staff_client):
    response = staff_client.post(reverse("admin:workshops_event_add"), new_event_data())

    assert response.status_code == 302, form_errors(response)
    event = Event.objects.get()
    assert event.starts_at == datetime.datetime(2026, 1, 15, 14, 0, tzinfo=UTC)
    assert event.ends_at == datetime.datetime(2026, 1, 15, 15, 30, tzinfo=UTC)


def test_event_added_reads_the_registration_times_in_the_venue_zone(staff_client):
    data = new_event_data(
        registration_opens_at_0="2026-01-05",
        registration_opens_at_1="09:00",
        registration_closes_at_0="2026-01-14",
        registration_closes_at_1="18:00",
    )

    staff_client.post(reverse("admin:workshops_event_add"), data)

    event = Event.objects.get()
    assert event.registration_opens_at == datetime.datetime(2026, 1, 5, 8, 0, tzinfo=UTC)
    assert event.registration_closes_at == datetime.datetime(2026, 1, 14, 17, 0, tzinfo=UTC)


def test_milan_kick_off_change_form_shows_the_venue_time_labelled_with_its_zone(staff_client, demo):
    event = Event.objects.get(slug="milan-kick-off-workshop-2019")

    response = staff_client.get(reverse("admin:workshops_event_change", args=[event.pk]))

    assert (input_value(response, "starts_at_0"), input_value(response, "starts_at_1")) == (
        "2019-04-09",
        "09:00:00",
    )
    assert input_value(response, "ends_at_1") == "17:00:00"
    assert label_of(response, "starts_at_0") == "Starts at (Europe/Rome):"
    welcome = event.sessions.order_by("starts_at").first()
    index = list(event.sessions.order_by("starts_at", "title")).index(welcome)
    assert input_value(response, f"sessions-{index}-starts_at_1") == "09:00:00"
    assert label_of(response, f"sessions-{index}-starts_at_0") == "Starts at (Europe/Rome):"


def test_milan_kick_off_posted_back_unchanged_keeps_its_instants(staff_client, demo):
    event = Event.objects.get(slug="milan-kick-off-workshop-2019")
    url = reverse("admin:workshops_event_change", args=[event.pk])
    sessions_before = list(event.sessions.values_list("pk", "starts_at", "ends_at"))

    response = staff_client.post(url, posted_back(staff_client.get(url), "event_form"))

    assert response.status_code == 302, form_errors(response)
    moved = Event.objects.get(pk=event.pk)
    assert (moved.starts_at, moved.ends_at, moved.sequence) == (
        event.starts_at,
        event.ends_at,
        event.sequence,
    )
    assert list(event.sessions.values_list("pk", "starts_at", "ends_at")) == sessions_before


def test_coordinator_sees_the_milan_kick_off_in_the_venue_time(coordinator_client, demo):
    event = Event.objects.get(slug="milan-kick-off-workshop-2019")

    response = coordinator_client.get(reverse("admin:workshops_event_change", args=[event.pk]))

    (shown,) = lxml.html.fromstring(response.content).xpath(
        "//fieldset[not(ancestor::div[contains(@class, 'inline-group')])]"
        "//div[contains(@class, 'field-starts_at')]//div[@class='readonly']"
    )
    in_rome = datetime.datetime(2019, 4, 9, 9, 0, tzinfo=ROME)
    assert shown.text_content() == formats.date_format(in_rome, "DATETIME_FORMAT")
    assert "Times on this page are on the clocks at the venue, in Europe/Rome." in response.text


def test_event_change_list_shows_starts_in_the_venue_time_with_the_zone(staff_client, demo):
    response = staff_client.get(reverse("admin:workshops_event_changelist"))

    (row,) = lxml.html.fromstring(response.content).xpath(
        "//tr[.//a[text()='ITP kick-off workshop, Milan']]"
    )
    (cell,) = row.xpath(".//td[contains(@class, 'field-starts_at_in_venue_zone')]")
    assert "09:00" in cell.text_content()
    assert "Europe/Rome" in cell.text_content()


def test_session_change_list_shows_starts_in_the_venue_time(staff_client, demo):
    response = staff_client.get(
        reverse("admin:workshops_session_changelist"), {"q": "Welcome and the programme"}
    )

    (cell,) = lxml.html.fromstring(response.content).xpath(
        "//td[contains(@class, 'field-starts_at_in_venue_zone')]"
    )
    assert "09:00" in cell.text_content()
    assert "Europe/Rome" in cell.text_content()


def summer_event_in_berlin(**fields):
    """A published workshop on 1 July 2026, 09:00–17:00 Berlin time (CEST, UTC+2)."""
    return EventFactory(
        starts_at=datetime.datetime(2026, 7, 1, 9, 0, tzinfo=BERLIN),
        ends_at=datetime.datetime(2026, 7, 1, 17, 0, tzinfo=BERLIN),
        time_zone="Europe/Berlin",
        venue="Landtag",
        city="Düsseldorf",
        country="DE",
        **fields,
    )


def test_session_added_through_the_inline_is_read_in_the_venue_summer_time(staff_client):
    event = summer_event_in_berlin()
    url = reverse("admin:workshops_event_change", args=[event.pk])
    data = posted_back(
        staff_client.get(url),
        "event_form",
        **{
            "sessions-TOTAL_FORMS": "1",
            "sessions-0-title_en": "Panel: heat networks",
            "sessions-0-kind": Session.Kind.PANEL,
            "sessions-0-starts_at_0": "2026-07-01",
            "sessions-0-starts_at_1": "14:00",
            "sessions-0-ends_at_0": "2026-07-01",
            "sessions-0-ends_at_1": "15:30",
        },
    )

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context["inline_admin_formsets"][0].formset.errors
    session = Session.objects.get(event=event)
    assert session.starts_at == datetime.datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    assert session.ends_at == datetime.datetime(2026, 7, 1, 13, 30, tzinfo=UTC)


def test_session_admin_reads_and_shows_times_in_its_event_zone(staff_client):
    event = summer_event_in_berlin()
    data = {
        "event": event.pk,
        "title_en": "Site visit: a heat pump in a paper mill",
        "kind": Session.Kind.SITE_VISIT,
        "starts_at_0": "2026-07-01",
        "starts_at_1": "14:00",
        "ends_at_0": "2026-07-01",
        "ends_at_1": "16:00",
    }

    response = staff_client.post(reverse("admin:workshops_session_add"), data)

    assert response.status_code == 302, form_errors(response)
    session = Session.objects.get()
    assert (session.title, session.event) == ("Site visit: a heat pump in a paper mill", event)
    assert session.starts_at == datetime.datetime(2026, 7, 1, 12, 0, tzinfo=UTC)
    page = staff_client.get(reverse("admin:workshops_session_change", args=[session.pk]))
    assert input_value(page, "starts_at_1") == "14:00:00"
    assert label_of(page, "starts_at_0") == "Starts at (Europe/Berlin):"


def test_session_outside_its_event_in_venue_time_is_refused(staff_client):
    event = summer_event_in_berlin()
    data = {
        "event": event.pk,
        "title_en": "Evening reception",
        "kind": Session.Kind.NETWORKING,
        "starts_at_0": "2026-07-01",
        "starts_at_1": "17:30",
        "ends_at_0": "2026-07-01",
        "ends_at_1": "19:00",
    }

    response = staff_client.post(reverse("admin:workshops_session_add"), data)

    assert form_errors(response)["ends_at"] == ["The session ends after its event does."]
    assert Session.objects.count() == 0


def test_changing_the_zone_keeps_the_wall_clock_times_and_moves_the_sessions(
    staff_client, commit, mailoutbox
):
    # Entered as Rome by mistake: the workshop is in Edinburgh, at 09:00 on the clocks there.
    event = EventFactory(
        starts_at=datetime.datetime(2030, 3, 12, 9, 0, tzinfo=ROME),
        ends_at=datetime.datetime(2030, 3, 12, 17, 0, tzinfo=ROME),
        time_zone="Europe/Rome",
        city="Edinburgh",
    )
    session = SessionFactory(
        event=event,
        starts_at=datetime.datetime(2030, 3, 12, 14, 0, tzinfo=ROME),
        ends_at=datetime.datetime(2030, 3, 12, 15, 0, tzinfo=ROME),
    )
    seat = RegistrationFactory(
        event=event, person=PersonFactory(government__time_zone="Europe/London")
    )
    url = reverse("admin:workshops_event_change", args=[event.pk])

    with commit():
        response = staff_client.post(
            url, posted_back(staff_client.get(url), "event_form", time_zone="Europe/London")
        )

    assert response.status_code == 302, form_errors(response)
    event.refresh_from_db()
    session.refresh_from_db()
    assert (event.starts_at, event.ends_at) == (
        datetime.datetime(2030, 3, 12, 9, 0, tzinfo=LONDON),
        datetime.datetime(2030, 3, 12, 17, 0, tzinfo=LONDON),
    )
    assert (session.starts_at, session.ends_at) == (
        datetime.datetime(2030, 3, 12, 14, 0, tzinfo=LONDON),
        datetime.datetime(2030, 3, 12, 15, 0, tzinfo=LONDON),
    )
    page = staff_client.get(url)
    assert input_value(page, "starts_at_1") == "09:00:00"
    assert label_of(page, "starts_at_0") == "Starts at (Europe/London):"
    (email,) = mailoutbox
    assert email.to == [seat.person.email]
    assert re.search(r"When: .*09:00.* – .*17:00.*\(Europe/London\)", email.body)
    assert re.search(r"Previously: .*08:00.* – .*16:00.*\(Europe/London\)", email.body)


def test_changing_the_zone_on_a_new_events_form_applies_to_the_times_typed(staff_client):
    data = new_event_data(time_zone="America/Los_Angeles")

    staff_client.post(reverse("admin:workshops_event_add"), data)

    assert Event.objects.get().starts_at == datetime.datetime(2026, 1, 15, 23, 0, tzinfo=UTC)


def test_time_skipped_when_the_clocks_go_forward_is_refused_clearly(staff_client):
    data = new_event_data(
        starts_at_0="2026-03-29",
        starts_at_1="02:30",
        ends_at_0="2026-03-29",
        ends_at_1="05:00",
    )

    response = staff_client.post(reverse("admin:workshops_event_add"), data)

    assert form_errors(response)["starts_at"] == [
        "2026-03-29 02:30 does not exist in Europe/Berlin: the clocks go forward then. "
        "Enter a time before or after the change."
    ]
    assert Event.objects.count() == 0


def test_time_that_happens_twice_when_the_clocks_go_back_is_refused_clearly(staff_client):
    data = new_event_data(
        starts_at_0="2026-10-25",
        starts_at_1="01:00",
        ends_at_0="2026-10-25",
        ends_at_1="02:30",
    )

    response = staff_client.post(reverse("admin:workshops_event_add"), data)

    assert form_errors(response)["ends_at"] == [
        "2026-10-25 02:30 happens twice in Europe/Berlin: the clocks go back then. "
        "Enter a time before or after the change."
    ]
    assert Event.objects.count() == 0


def test_changed_email_states_the_old_and_the_new_time(staff_client, commit, mailoutbox):
    event = summer_event_in_berlin()
    seat = RegistrationFactory(
        event=event, person=PersonFactory(government__time_zone="Europe/Rome")
    )
    url = reverse("admin:workshops_event_change", args=[event.pk])
    data = posted_back(
        staff_client.get(url), "event_form", starts_at_1="11:00:00", ends_at_1="18:00:00"
    )

    with commit():
        response = staff_client.post(url, data)

    assert response.status_code == 302, form_errors(response)
    (email,) = mailoutbox
    assert email.to == [seat.person.email]
    assert re.search(r"When: .*2026, 11:00.* – .*18:00.*\(Europe/Rome\)", email.body)
    assert re.search(r"Previously: .*2026, 09:00.* – .*17:00.*\(Europe/Rome\)", email.body)
    (html,) = email.alternatives
    assert re.search(r"09:00.* – .*17:00", html.content)
    message = Message.objects.get(kind=Message.Kind.CHANGED)
    assert (message.previous_starts_at, message.previous_ends_at) == (
        datetime.datetime(2026, 7, 1, 7, 0, tzinfo=UTC),
        datetime.datetime(2026, 7, 1, 15, 0, tzinfo=UTC),
    )
