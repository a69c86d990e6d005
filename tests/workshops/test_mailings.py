"""Mailings: the staff e-mail an event's registrants from the admin, through a preview, once.

As in test_notifications.py, ``with commit():`` stands for the transaction's commit.
"""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import (
    EventFactory,
    EventReminderFactory,
    MailingFactory,
    RegistrationFactory,
)
from tests.workshops.email_helpers import html_body
from workshops.models import Mailing, Message, Registration
from workshops.services import send_mailing

pytestmark = pytest.mark.django_db

Status = Registration.Status


def mailing_url(event):
    return reverse("admin:workshops_event_mailing", args=[event.pk])


def an_event_with_everyone():
    """An event with one person in each status, keyed by status."""
    event = EventFactory(capacity=2)
    people = {
        status: RegistrationFactory(
            event=event,
            status=status,
            waitlist_order=1 if status == Status.WAITLISTED else None,
        ).person
        for status in (
            Status.REGISTERED,
            Status.WAITLISTED,
            Status.ATTENDED,
            Status.CANCELLED,
            Status.ABSENT,
        )
    }
    return event, people


def form_data(**fields):
    return {
        "audience": Mailing.Audience.ALL,
        "subject": "Practical details for Milan",
        "body": "The venue is a short walk from the station.\n\nBring your badge.",
        "token": str(uuid.uuid4()),
        **fields,
    }


# The service


@pytest.mark.parametrize(
    ("audience", "statuses"),
    [
        (
            Mailing.Audience.ALL,
            {Status.REGISTERED, Status.WAITLISTED, Status.ATTENDED, Status.ABSENT},
        ),
        (Mailing.Audience.REGISTERED, {Status.REGISTERED, Status.ATTENDED, Status.ABSENT}),
        (Mailing.Audience.WAITLISTED, {Status.WAITLISTED}),
        (Mailing.Audience.ATTENDED, {Status.ATTENDED}),
    ],
)
def test_send_mailing_writes_to_its_audience_only(audience, statuses, commit, mailoutbox):
    event, people = an_event_with_everyone()

    with commit():
        mailing, created = send_mailing(
            event=event,
            audience=audience,
            subject="Practical details",
            body="Bring your badge.",
            sent_by=None,
            token=uuid.uuid4(),
        )

    assert created
    assert sorted(email.to[0] for email in mailoutbox) == sorted(
        people[status].email for status in statuses
    )
    assert mailing.recipients_count == len(statuses)
    assert set(Message.objects.values_list("kind", "mailing")) == {
        (Message.Kind.MAILING, mailing.pk)
    }
    assert {email.subject for email in mailoutbox} == {"Practical details"}


def test_send_mailing_twice_with_one_token_sends_once(commit, mailoutbox):
    event, _people = an_event_with_everyone()
    token = uuid.uuid4()
    values = {
        "event": event,
        "audience": "waitlisted",
        "subject": "Hello",
        "body": "Text",
        "sent_by": None,
        "token": token,
    }

    with commit():
        first, first_created = send_mailing(**values)
    with commit():
        second, second_created = send_mailing(**values)

    assert (first_created, second_created) == (True, False)
    assert second == first
    assert len(mailoutbox) == 1
    assert Mailing.objects.count() == 1


def test_send_mailing_refuses_a_subject_on_two_lines_and_sends_nothing(mailoutbox):
    event, _people = an_event_with_everyone()

    with pytest.raises(ValidationError):
        send_mailing(
            event=event,
            audience="all",
            subject="Hello\nBcc: everyone@example.org",
            body="Text",
            sent_by=None,
            token=uuid.uuid4(),
        )

    assert (Mailing.objects.count(), Message.objects.count(), mailoutbox) == (0, 0, [])


def test_mailing_body_is_escaped_in_the_html_and_kept_in_the_text(commit, mailoutbox):
    event = EventFactory()
    RegistrationFactory(event=event)
    body = 'Bring <script>alert("x")</script> & your badge.\n\nSecond paragraph.'

    with commit():
        send_mailing(
            event=event, audience="all", subject="S", body=body, sent_by=None, token=uuid.uuid4()
        )

    (email,) = mailoutbox
    html = html_body(email)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; your badge." in html
    assert "<p>Second paragraph.</p>" in html
    assert body in email.body
    assert email.body.startswith(f"Dear {email_name(event)},\n")


def email_name(event):
    return event.registrations.get().person.name


def test_mailing_to_registered_people_of_an_online_event_carries_the_join_link(commit, mailoutbox):
    event = EventFactory(venue="", city="", country="", join_url="https://meet.example/itp")
    RegistrationFactory(event=event)
    RegistrationFactory(event=event, status=Status.WAITLISTED, waitlist_order=1)

    with commit():
        send_mailing(
            event=event, audience="all", subject="S", body="B", sent_by=None, token=uuid.uuid4()
        )

    with_link = sorted("https://meet.example/itp" in email.body for email in mailoutbox)
    assert with_link == [False, True]


# The admin pages


def test_mailing_form_preview_and_send(staff_client, commit, mailoutbox):
    event, people = an_event_with_everyone()
    data = form_data(audience=Mailing.Audience.WAITLISTED)

    form_page = staff_client.get(mailing_url(event))
    preview = staff_client.post(mailing_url(event), {**data, "preview": "Preview"})
    sent_by_the_preview = list(mailoutbox)
    with commit():
        sent = staff_client.post(mailing_url(event), {**data, "send": "Send"})

    assert form_page.status_code == 200
    assert 'name="subject"' in form_page.content.decode()
    page = preview.content.decode()
    assert preview.context["step"] == "preview"
    assert "To people on the waitlist: 1 person." in page
    assert "The venue is a short walk from the station." in page
    assert f"Dear {people[Status.WAITLISTED].name}," in page
    assert sent_by_the_preview == []
    assert sent.status_code == 302
    assert sent.url == reverse("admin:workshops_event_change", args=[event.pk])
    assert [email.to for email in mailoutbox] == [[people[Status.WAITLISTED].email]]
    mailing = Mailing.objects.get()
    assert (mailing.created_by.is_staff, mailing.recipients_count) == (True, 1)


def test_mailing_preview_sends_nothing(staff_client, mailoutbox):
    event, _people = an_event_with_everyone()

    staff_client.post(mailing_url(event), {**form_data(), "preview": "Preview"})

    assert (Mailing.objects.count(), Message.objects.count(), mailoutbox) == (0, 0, [])


def test_mailing_form_submitted_twice_sends_once(staff_client, commit, mailoutbox):
    event, _people = an_event_with_everyone()
    data = {**form_data(audience=Mailing.Audience.WAITLISTED), "send": "Send"}

    with commit():
        staff_client.post(mailing_url(event), data)
    with commit():
        again = staff_client.post(mailing_url(event), data, follow=True)

    assert len(mailoutbox) == 1
    assert Mailing.objects.count() == 1
    assert "This e-mail was sent already; it has not been sent again." in again.content.decode()


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"subject": "A\nB"}, "subject", "a single line"),
        ({"subject": "x" * 151}, "subject", "at most 150 characters"),
        ({"body": "x" * 10_001}, "body", "at most 10000 characters"),
        ({"body": ""}, "body", "This field is required."),
        ({"audience": "everyone"}, "audience", "Select a valid choice."),
        ({"audience": "attended"}, "audience", "Nobody is in that audience yet"),
        ({"token": "not-a-token"}, "token", "valid UUID"),
    ],
)
def test_mailing_form_refuses_bad_values_on_the_field(staff_client, fields, field, message):
    event = EventFactory()
    RegistrationFactory(event=event)

    response = staff_client.post(mailing_url(event), {**form_data(**fields), "preview": "P"})

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message in errors
    assert Mailing.objects.count() == 0


def test_coordinator_may_neither_open_nor_send_a_mailing(coordinator_client, mailoutbox):
    event, _people = an_event_with_everyone()

    opened = coordinator_client.get(mailing_url(event))
    sent = coordinator_client.post(mailing_url(event), {**form_data(), "send": "Send"})
    change_page = coordinator_client.get(reverse("admin:workshops_event_change", args=[event.pk]))

    assert (opened.status_code, sent.status_code) == (403, 403)
    assert (Mailing.objects.count(), mailoutbox) == (0, [])
    assert mailing_url(event) not in change_page.content.decode()


def test_event_change_page_links_staff_to_the_mailing_page(staff_client):
    event = EventFactory()

    page = staff_client.get(reverse("admin:workshops_event_change", args=[event.pk]))

    assert f'href="{mailing_url(event)}"' in page.content.decode()


def test_mailing_page_of_an_unknown_event_is_not_found(staff_client):
    assert staff_client.get("/admin/workshops/event/999999/mailing/").status_code == 404
    assert staff_client.get("/admin/workshops/event/abc/mailing/").status_code == 404


def test_mailing_log_is_read_only_and_lists_the_mailings(staff_client):
    mailing = MailingFactory(subject="Practical details for Milan", recipients_count=12)

    listing = staff_client.get(reverse("admin:workshops_mailing_changelist"))
    add = staff_client.get(reverse("admin:workshops_mailing_add"))
    change = staff_client.post(
        reverse("admin:workshops_mailing_change", args=[mailing.pk]), {"subject": "Edited"}
    )

    assert "Practical details for Milan" in listing.content.decode()
    assert add.status_code == 403
    assert change.status_code == 403
    mailing.refresh_from_db()
    assert mailing.subject == "Practical details for Milan"


# Query counts


def queries_to(client, method, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(url, data)
    assert response.status_code in (200, 302)
    return len(queries)


def test_mailing_preview_and_send_cost_the_same_queries_for_more_recipients(admin_client, commit):
    event = EventFactory(capacity=None)
    RegistrationFactory.create_batch(2, event=event)
    admin_client.get(mailing_url(event))  # the first page of a session caches content types
    few = [
        queries_to(admin_client, "get", mailing_url(event)),
        queries_to(admin_client, "post", mailing_url(event), {**form_data(), "preview": "P"}),
    ]
    RegistrationFactory.create_batch(10, event=event)

    many = [
        queries_to(admin_client, "get", mailing_url(event)),
        queries_to(admin_client, "post", mailing_url(event), {**form_data(), "preview": "P"}),
    ]

    assert many == few


def test_mailing_log_costs_the_same_queries_for_more_mailings(admin_client):
    url = reverse("admin:workshops_mailing_changelist")
    MailingFactory.create_batch(2)
    admin_client.get(url)
    few = queries_to(admin_client, "get", url)
    MailingFactory.create_batch(10)

    assert queries_to(admin_client, "get", url) == few


def test_event_change_form_costs_the_same_queries_for_more_reminders(admin_client):
    event = EventFactory()
    EventReminderFactory(event=event, minutes_before=60)
    url = reverse("admin:workshops_event_change", args=[event.pk])
    admin_client.get(url)
    few = queries_to(admin_client, "get", url)
    for minutes in (15, 30, 120, 240):
        EventReminderFactory(event=event, minutes_before=minutes)

    assert queries_to(admin_client, "get", url) == few


def test_mailing_preview_shows_markup_in_the_text_as_text(staff_client):
    event, _people = an_event_with_everyone()
    body = 'See you <img src=x onerror="alert(1)"> & then.'

    preview = staff_client.post(mailing_url(event), {**form_data(body=body), "preview": "P"})

    page = preview.content.decode()
    assert "<img src=x" not in page
    assert "See you &lt;img src=x onerror=&quot;alert(1)&quot;&gt; &amp; then." in page


@pytest.mark.parametrize("object_id", ["%C2%B2", "abc", "-1", "99999999999999999999999"])
def test_mailing_page_of_an_event_id_that_cannot_be_one_is_not_found(staff_client, object_id):
    response = staff_client.get(f"/admin/workshops/event/{object_id}/mailing/")

    assert response.status_code == 404
