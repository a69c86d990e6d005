"""A participant on a waitlist finds their place in their own calendar feed, as a tentative
entry, through the address that /me/ offers to copy."""

import re

import icalendar
import pytest
from playwright.sync_api import expect

from tests.factories import PersonFactory
from workshops.models import Event, Mode, Registration
from workshops.services import register_for_event

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "ITP workshop, Katowice: coal regions in transition"


@pytest.fixture
def full_event(demo):
    """The Katowice workshop with every seat taken and one person already waiting."""
    event = Event.objects.get(slug="katowice-workshop")
    seats_taken = event.registrations.filter(status=Registration.Status.REGISTERED).count()
    Event.objects.filter(pk=event.pk).update(capacity=seats_taken)
    register_for_event(event=event, person=PersonFactory(government=None), mode=Mode.IN_PERSON)
    return event


def test_participant_on_a_waitlist_sees_a_tentative_entry_with_the_place_in_their_feed(
    page, full_event, login
):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    login(page, "demo-participant")

    page.goto(full_event.get_absolute_url())
    page.get_by_role("radio", name="In person").check()
    # The workshop asks whether a visa letter is needed, and requires an answer.
    page.get_by_role("radio", name="No", exact=True).check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("status")).to_contain_text(
        "The event is full. You are number 2 on the waitlist."
    )
    page.get_by_role("link", name="My programme").click()
    expect(
        page.get_by_role("region", name="Coming up").get_by_role("row").filter(has_text=TITLE)
    ).to_contain_text("Waitlisted — number 2 on the waitlist")

    feed = page.get_by_role("region", name="My calendar feed")
    address = feed.get_by_label("Feed address").input_value()
    feed.get_by_role("button", name="Copy").focus()
    page.keyboard.press("Enter")
    expect(feed.get_by_text("Copied the address.")).to_be_visible()
    assert page.evaluate("() => navigator.clipboard.readText()") == address
    subscribe = feed.get_by_role("link", name="Subscribe in my calendar program")
    expect(subscribe).to_have_attribute("href", re.sub(r"^https?://", "webcal://", address))

    response = page.request.get(address)
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.headers["content-disposition"] == 'inline; filename="my-itp-events.ics"'
    calendar = icalendar.Calendar.from_ical(response.body())
    (entry,) = [
        component for component in calendar.walk("VEVENT") if TITLE in str(component["SUMMARY"])
    ]
    assert str(entry["SUMMARY"]) == f"Waitlist place 2: {TITLE}"
    assert str(entry["STATUS"]) == "TENTATIVE"
    assert str(entry["DESCRIPTION"]).startswith("You are number 2 on the waitlist")
