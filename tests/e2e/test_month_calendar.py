"""The month calendar in a browser, used from the keyboard alone."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.factories import EventFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ROME = ZoneInfo("Europe/Rome")


def tab_to(page, name, *, limit=60):
    """Press Tab until the link or button called ``name`` has focus, as a keyboard user
    would reach it."""
    target = page.get_by_role("link", name=name)
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return target
    raise AssertionError(f"Tab never reached “{name}”")


def test_keyboard_user_moves_to_the_next_month_and_opens_an_event(page):
    starts_at = datetime.datetime(2030, 5, 13, 9, tzinfo=ROME)
    EventFactory(
        title="Study visit to Katowice",
        slug="study-visit-katowice",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(days=1, hours=8),
    )
    page.goto("/events/calendar/?month=2030-04")
    expect(page.get_by_role("table", name="April 2030")).to_be_visible()

    tab_to(page, "Next: May 2030")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"\?month=2030-05$"))
    calendar = page.get_by_role("table", name="May 2030")
    expect(calendar.get_by_role("link")).to_have_text(
        ["09:00 Study visit to Katowice", "continues: … Study visit to Katowice"]
    )
    tab_to(page, "09:00 Study visit to Katowice")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/events/study-visit-katowice/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Study visit to Katowice")
