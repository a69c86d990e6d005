"""The admin index leads with what needs the staff's attention, at a fixed number of queries."""

import datetime
import html
import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.utils import timezone

from itp.site.admin_dashboard import ROWS_SHOWN, ProgrammeAdminSite
from teams.models import Deliverable, Secondment
from tests.factories import (
    DeliverableFactory,
    EventFactory,
    MessageFactory,
    PersonFactory,
    RegistrationFactory,
    SecondmentFactory,
    UserFactory,
)
from tests.html import count_queries, text
from workshops.models import Event, Message, Registration
from workshops.notifications import MAX_ATTEMPTS

pytestmark = pytest.mark.django_db

INDEX = "/admin/"
DAY = datetime.timedelta(days=1)


def module(response, name):
    """The HTML of one "needs attention" list."""
    found = re.search(
        rf'<div class="module attention-{name}">(.*?)</div>', response.content.decode(), re.DOTALL
    )
    assert found, f"no {name} list"
    return html.unescape(found.group(1))


def attention(response):
    return response.context["needs_attention"]


def test_admin_site_is_the_programme_site_and_keeps_every_registration():
    assert isinstance(admin.site, ProgrammeAdminSite)
    assert admin.site.is_registered(Event)
    assert admin.site.is_registered(get_user_model())


def test_index_lists_upcoming_events_with_seats_left_and_waitlist(admin_client):
    full = EventFactory(title="Katowice workshop", capacity=1, starts_at=timezone.now() + DAY)
    RegistrationFactory(event=full)
    for order in (1, 2):
        RegistrationFactory(event=full, status="waitlisted", waitlist_order=order)
    roomy = EventFactory(title="Hydrogen webinar", capacity=30, starts_at=timezone.now() + 2 * DAY)
    RegistrationFactory(event=roomy)
    EventFactory(title="Draft webinar", status=Event.Status.DRAFT)
    EventFactory(
        title="Past workshop",
        starts_at=timezone.now() - 3 * DAY,
        ends_at=timezone.now() - 2 * DAY,
    )

    response = admin_client.get(INDEX)

    rows = attention(response)["events"].rows
    assert [(event.title, event.seats_left, event.waitlisted) for event in rows] == [
        ("Katowice workshop", 0, 2),
        ("Hydrogen webinar", 29, 0),
    ]
    events = module(response, "events")
    assert f'href="/admin/workshops/event/{full.pk}/change/"' in events
    assert "full" in events
    assert "29 of 30" in events
    assert (
        f'href="/admin/workshops/registration/?event__id__exact={full.pk}&status__exact=waitlisted"'
        in events
    )


def test_index_lists_secondments_awaiting_approval(admin_client):
    proposed = SecondmentFactory(person=PersonFactory(name="Agnieszka Nowak"))
    SecondmentFactory(status=Secondment.Status.APPROVED)

    response = admin_client.get(INDEX)

    assert attention(response)["secondments"].rows == [proposed]
    secondments = module(response, "secondments")
    assert f'href="/admin/teams/secondment/{proposed.pk}/change/"' in secondments
    assert "Agnieszka Nowak at" in secondments


def test_index_lists_registrations_awaiting_approval_of_events_not_over(admin_client):
    now = timezone.now()
    event = EventFactory(title="ITP workshop, Katowice", requires_approval=True)
    request = RegistrationFactory(
        event=event, status="pending", person=PersonFactory(name="Jan Kowalski")
    )
    RegistrationFactory(event=event)
    RegistrationFactory(
        event=EventFactory(starts_at=now - 2 * DAY, ends_at=now - DAY), status="pending"
    )

    response = admin_client.get(INDEX)

    assert attention(response)["requests"].rows == [request]
    requests = module(response, "requests")
    assert f'href="/admin/workshops/registration/{request.pk}/change/"' in requests
    assert "ITP workshop, Katowice" in requests


def test_index_lists_overdue_deliverables_not_those_done_or_still_due(admin_client):
    today = timezone.localdate()
    overdue = DeliverableFactory(title="Heat roadmap", due_on=today - 5 * DAY)
    DeliverableFactory(
        due_on=today - 5 * DAY, status=Deliverable.Status.DONE, completed_on=today - DAY
    )
    DeliverableFactory(due_on=today + DAY)

    response = admin_client.get(INDEX)

    assert attention(response)["deliverables"].rows == [overdue]
    assert f'href="/admin/teams/deliverable/{overdue.pk}/change/"' in module(
        response, "deliverables"
    )


def test_index_lists_emails_given_up_or_being_retried_not_those_dropped_or_sent(admin_client):
    given_up = MessageFactory(
        status=Message.Status.FAILED, attempts=MAX_ATTEMPTS, last_error="SMTPServerDisconnected"
    )
    retrying = MessageFactory(attempts=2, last_error="Connection refused")
    MessageFactory(status=Message.Status.FAILED, attempts=0, last_error="The event moved.")
    MessageFactory(status=Message.Status.SENT, attempts=1, sent_at=timezone.now())
    MessageFactory()  # waiting for its first attempt
    old = MessageFactory(status=Message.Status.FAILED, attempts=MAX_ATTEMPTS)
    Message.objects.filter(pk=old.pk).update(created_at=timezone.now() - 40 * DAY)

    response = admin_client.get(INDEX)

    assert attention(response)["emails"].rows == [retrying, given_up]
    emails = module(response, "emails")
    assert f"given up after {MAX_ATTEMPTS} attempts: SMTPServerDisconnected" in emails
    assert "to be retried; 2 attempts failed: Connection refused" in emails


def test_index_says_so_when_nothing_needs_attention(admin_client):
    response = admin_client.get(INDEX)

    assert "No upcoming events are published." in module(response, "events")
    assert "None: every e-mail went out." in module(response, "emails")


def test_index_shows_the_first_rows_and_links_to_all_of_them(admin_client):
    today = timezone.localdate()
    for days in range(ROWS_SHOWN + 2):
        DeliverableFactory(due_on=today - (days + 1) * DAY)

    response = admin_client.get(INDEX)

    deliverables = attention(response)["deliverables"]
    assert (len(deliverables.rows), deliverables.total) == (ROWS_SHOWN, ROWS_SHOWN + 2)
    assert deliverables.rows[0].due_on == today - (ROWS_SHOWN + 2) * DAY
    page = module(response, "deliverables")
    assert f"All {ROWS_SHOWN + 2} overdue deliverables" in text(response)
    assert '<a href="/admin/teams/deliverable/?overdue=yes">' in text(response)
    assert page.count("/change/") == ROWS_SHOWN


def test_index_leads_with_attention_and_lists_the_programme_apps_before_login_throttling(
    admin_client,
):
    response = admin_client.get(INDEX)

    page = response.content.decode()
    labels = [app["app_label"] for app in response.context["app_list"]]
    assert labels[:4] == ["itp", "regions", "workshops", "teams"]
    assert labels.index("axes") > labels.index("teams")
    assert page.index('class="attention"') < page.index('class="app-itp module')


def test_coordinators_see_the_lists_with_links_to_view(coordinator_client):
    secondment = SecondmentFactory()

    response = coordinator_client.get(INDEX)
    view = coordinator_client.get(f"/admin/teams/secondment/{secondment.pk}/change/")

    assert set(attention(response)) == {
        "events",
        "requests",
        "secondments",
        "deliverables",
        "emails",
    }
    assert f'href="/admin/teams/secondment/{secondment.pk}/change/"' in module(
        response, "secondments"
    )
    assert (view.status_code, view.context["has_change_permission"]) == (200, False)


def test_staff_without_view_permissions_see_no_lists(client):
    SecondmentFactory()
    client.force_login(UserFactory(is_staff=True))

    response = client.get(INDEX)

    assert attention(response) == {}
    assert 'class="attention"' not in response.content.decode()


def test_app_index_shows_no_attention_lists(admin_client):
    response = admin_client.get("/admin/teams/")

    assert response.status_code == 200
    assert 'class="attention"' not in response.content.decode()


def populate(rounds):
    today = timezone.localdate()
    for index in range(rounds):
        event = EventFactory(capacity=1, starts_at=timezone.now() + (index + 1) * DAY)
        RegistrationFactory(event=event)
        RegistrationFactory(event=event, status="waitlisted", waitlist_order=1)
        RegistrationFactory(event=event, status="pending")
        SecondmentFactory()
        DeliverableFactory(due_on=today - (index + 1) * DAY)
        MessageFactory(event=event, status=Message.Status.FAILED, attempts=MAX_ATTEMPTS)
        MessageFactory(event=event, attempts=1)


def test_index_costs_the_same_queries_with_ten_times_the_data(staff_client):
    populate(2)
    small = count_queries(staff_client, INDEX)

    populate(18)
    large = count_queries(staff_client, INDEX)

    assert Registration.objects.filter(status="waitlisted").count() == 20
    assert large == small


def test_index_emails_link_lists_the_same_emails_it_counts(admin_client):
    MessageFactory(status=Message.Status.FAILED, attempts=MAX_ATTEMPTS)
    MessageFactory(attempts=1)
    old = MessageFactory(status=Message.Status.FAILED, attempts=MAX_ATTEMPTS)
    Message.objects.filter(pk=old.pk).update(created_at=timezone.now() - 40 * DAY)

    emails = attention(admin_client.get(INDEX))["emails"]
    changelist = admin_client.get(emails.all_url)

    assert (emails.total, changelist.context["cl"].result_count) == (2, 2)


def test_index_events_link_lists_the_same_events_it_counts(admin_client):
    now = timezone.now()
    EventFactory(starts_at=now + DAY, ends_at=now + 2 * DAY)
    EventFactory(starts_at=now - 2 * DAY, ends_at=now - datetime.timedelta(minutes=1))

    events = attention(admin_client.get(INDEX))["events"]
    changelist = admin_client.get(events.all_url)

    assert (events.total, changelist.context["cl"].result_count) == (1, 1)
