"""The webinar planner in a browser: accessible on a phone, and a draft webinar started
from its best slot."""

import pytest
from playwright.sync_api import expect

from tests.e2e.test_accessibility import listed
from workshops.models import Event

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 375


def test_staff_plan_a_day_on_a_phone_and_start_a_draft_webinar(page, demo, login, page_problems):
    login(page, "demo-staff")
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    page.goto("/events/planner/?date=2026-11-30&duration=90")

    problems = page_problems(page)
    assert problems == [], listed({"planner": problems})
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    expect(page.get_by_text("Scotland, Monday 30 November: public holiday")).to_be_visible()

    page.goto("/events/planner/?date=2099-03-17&duration=90")
    page.get_by_role("button", name="Start a draft webinar at").first.click()

    expect(page.get_by_text("fill in the rest and publish it")).to_be_visible()
    assert Event.objects.filter(status=Event.Status.DRAFT, starts_at__year=2099).count() == 1
