"""E-mail to participants: what it says, in which zone, with which links, from stored data.

As in test_notifications.py, ``with commit():`` stands for the transaction's commit.
"""

import datetime

import pytest
from django.db import connection

from tests.factories import EventFactory, PersonFactory, RegistrationFactory
from tests.hostile_links import UNSAFE_LINKS
from tests.workshops.email_helpers import JOIN_URL, calendar_event, html_body, online_event
from workshops.models import Event, Message
from workshops.services import cancel_event, register_for_event, save_event

pytestmark = pytest.mark.django_db

HOUR = datetime.timedelta(hours=1)
UTC = datetime.UTC

# What the e-mail says


def test_email_has_a_plain_and_an_html_body(commit, mailoutbox):
    event = EventFactory(title="Heat pumps for paper mills")

    with commit():
        register_for_event(event=event, person=PersonFactory(name="Chiara Colombo"))

    (email,) = mailoutbox
    assert email.body.startswith("Dear Chiara Colombo,\n")
    assert "<h1>Heat pumps for paper mills</h1>" in html_body(email)
    assert "<h1>" not in email.body


def test_email_shows_times_in_the_recipients_government_time_zone(commit, mailoutbox):
    starts_at = datetime.datetime(2031, 1, 15, 9, 0, tzinfo=UTC)
    event = EventFactory(starts_at=starts_at, ends_at=starts_at + 8 * HOUR)
    person = PersonFactory(government__time_zone="America/Los_Angeles")

    with commit():
        register_for_event(event=event, person=person)

    (email,) = mailoutbox
    when = "Wednesday 15 January 2031, 01:00 – 09:00 PST (America/Los_Angeles)"
    assert f"When: {when}" in email.body
    assert when in html_body(email)


def test_email_to_someone_without_a_government_shows_the_venues_time(commit, mailoutbox):
    starts_at = datetime.datetime(2031, 1, 15, 9, 0, tzinfo=UTC)
    event = EventFactory(starts_at=starts_at, ends_at=starts_at + 8 * HOUR, time_zone="Europe/Rome")

    with commit():
        register_for_event(event=event, person=PersonFactory(government=None))

    (email,) = mailoutbox
    assert "When: Wednesday 15 January 2031, 10:00 – 18:00 CET (Europe/Rome)" in email.body


def test_email_shows_times_in_the_zone_the_recipient_saved_in_their_profile(commit, mailoutbox):
    starts_at = datetime.datetime(2031, 1, 15, 9, 0, tzinfo=UTC)
    event = EventFactory(starts_at=starts_at, ends_at=starts_at + 8 * HOUR)
    person = PersonFactory(government__time_zone="America/Los_Angeles", time_zone="Asia/Tokyo")

    with commit():
        register_for_event(event=event, person=person)

    (email,) = mailoutbox
    assert (
        "When: Wednesday 15 January 2031, 18:00 JST – Thursday 16 January 2031, 02:00 JST"
        " (Asia/Tokyo)" in (email.body)
    )


def test_save_event_moving_it_leaves_out_people_who_turned_change_notices_off(commit, mailoutbox):
    event = EventFactory()
    wanted = RegistrationFactory(event=event)
    RegistrationFactory(event=event, person__wants_change_notices=False)
    event.starts_at += 2 * HOUR
    event.ends_at += 2 * HOUR

    with commit():
        save_event(event=event, changed_fields=["starts_at", "ends_at"])

    assert [email.to for email in mailoutbox] == [[wanted.person.email]]


def test_email_about_the_person_s_own_registration_is_sent_whatever_their_preferences(
    commit, mailoutbox
):
    event = EventFactory(capacity=1)
    person = PersonFactory(wants_reminders=False, wants_change_notices=False)

    with commit():
        register_for_event(event=event, person=person)
    with commit():
        cancel_event(event=event)

    assert [email.subject for email in mailoutbox] == [
        f"Registered: {event.title}",
        f"Cancelled: {event.title}",
    ]


def test_email_links_to_the_event_and_my_programme_on_the_site_url(commit, mailoutbox, settings):
    settings.ITP_SITE_URL = "https://itp.example.eu/"
    event = EventFactory(slug="heat-pumps-milan")

    with commit():
        register_for_event(event=event, person=PersonFactory())

    (email,) = mailoutbox
    assert "The event: https://itp.example.eu/events/heat-pumps-milan/\n" in email.body
    assert "Your programme: https://itp.example.eu/me/\n" in email.body
    assert 'href="https://itp.example.eu/events/heat-pumps-milan/"' in html_body(email)
    assert 'href="https://itp.example.eu/me/"' in html_body(email)
    assert str(calendar_event(email)["URL"]) == "https://itp.example.eu/events/heat-pumps-milan/"


def test_email_links_to_the_personal_page_the_settings_name(commit, mailoutbox, settings):
    settings.ITP_SITE_URL = "https://itp.example.eu/"
    settings.PERSONAL_PAGE_URL = "/my-programme/"

    with commit():
        register_for_event(event=EventFactory(), person=PersonFactory())

    (email,) = mailoutbox
    assert "Your programme: https://itp.example.eu/my-programme/\n" in email.body
    assert 'href="https://itp.example.eu/my-programme/"' in html_body(email)


def test_email_gives_the_join_link_to_a_registered_person(commit, mailoutbox):
    event = online_event()

    with commit():
        register_for_event(event=event, person=PersonFactory())

    (email,) = mailoutbox
    assert f"Join online: {JOIN_URL}\n" in email.body
    assert f'<a href="{JOIN_URL}">' in html_body(email)
    assert str(calendar_event(email)["CONFERENCE"]) == JOIN_URL


def test_email_escapes_the_title_in_html_but_not_in_the_subject(commit, mailoutbox):
    title = 'Heat <script>alert("x")</script> & steam'
    event = EventFactory(title=title)

    with commit():
        register_for_event(event=event, person=PersonFactory())

    (email,) = mailoutbox
    assert email.subject == f"Registered: {title}"
    assert "<script>" not in html_body(email)
    assert "<h1>Heat &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; steam</h1>" in (
        html_body(email)
    )
    assert f"\n{title}\n" in email.body


# Stored data that the forms would refuse: written through the ORM or imported before the
# models refused it. The message is still sent, with a subject on one line.


def test_email_about_an_event_with_a_line_break_in_its_stored_title_is_sent_on_one_line(
    commit, mailoutbox
):
    event = EventFactory()
    Event.objects.filter(pk=event.pk).update(title="Kick-off\r\nX-INJECTED:1")
    event.refresh_from_db()

    with commit():
        register_for_event(event=event, person=PersonFactory())

    (email,) = mailoutbox
    assert email.subject == "Registered: Kick-off X-INJECTED:1"
    assert "X-INJECTED" not in email.message()
    assert str(calendar_event(email)["SUMMARY"]) == "Kick-off X-INJECTED:1"
    assert Message.objects.get().status == Message.Status.SENT


@pytest.mark.parametrize(
    "title",
    ["Kick-off\x00 X", "Kick-off\x0b\x1b X", "Kick-off\u2028X", "Kick-off\x85X"],
    ids=["nul", "vertical tab and escape", "line separator", "next line"],
)
def test_email_subject_leaves_out_control_characters_of_a_stored_title(commit, mailoutbox, title):
    if "\x00" in title and connection.vendor == "postgresql":
        pytest.skip("PostgreSQL cannot store a NUL character in text.")
    event = EventFactory()
    Event.objects.filter(pk=event.pk).update(title=title)
    event.refresh_from_db()

    with commit():
        register_for_event(event=event, person=PersonFactory())

    (email,) = mailoutbox
    assert email.subject == "Registered: Kick-off X"
    assert Message.objects.get().status == Message.Status.SENT


@pytest.mark.parametrize(
    "link",
    UNSAFE_LINKS,
)
def test_email_leaves_out_a_stored_join_link_that_is_not_http(commit, mailoutbox, link):
    event = online_event()
    Event.objects.filter(pk=event.pk).update(join_url=link)
    event.refresh_from_db()

    with commit():
        register_for_event(event=event, person=PersonFactory())

    (email,) = mailoutbox
    assert "Join online" not in email.body
    assert "Join online" not in html_body(email)
    assert link.strip() not in html_body(email)
    assert "CONFERENCE" not in calendar_event(email)
