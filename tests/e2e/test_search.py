"""Searching from the header on a phone, with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 375


def test_a_visitor_on_a_phone_searches_from_the_header_with_the_keyboard(page, demo):
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    page.goto("/")

    # The menu opens from its button; the search box is in it, labelled.
    page.get_by_role("button", name="Show navigation").focus()
    page.keyboard.press("Enter")
    box = page.get_by_role("searchbox", name="Search the site")
    expect(box).to_be_visible()
    for _ in range(40):  # the menu's links, then the box
        if box.evaluate("element => element === document.activeElement"):
            break
        page.keyboard.press("Tab")
    expect(box).to_be_focused()
    page.keyboard.type("hydrogen valleys")
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(r"/search/\?q=hydrogen\+valleys$"))
    events = page.locator("section", has=page.get_by_role("heading", name=re.compile("^Events")))
    expect(events.get_by_role("link").first).to_have_text(
        "Webinar: hydrogen valleys in Scotland and Quebec"
    )
    expect(events.locator("mark").first).to_have_text(re.compile("hydrogen", re.IGNORECASE))
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
