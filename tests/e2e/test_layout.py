"""Layout in a browser: phone-sized screens and paper."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.site_pages import PUBLIC_PAGES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 375  # CSS pixels: an iPhone SE or mini, the narrowest phones in common use


def test_public_pages_fit_a_phone_screen_without_scrolling_sideways(page, demo):
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    too_wide = {}
    for path in PUBLIC_PAGES:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > PHONE_WIDTH:
            too_wide[path] = width

    assert too_wide == {}


def test_event_page_prints_its_details_and_agenda_without_navigation_or_forms(page, demo):
    page.goto("/events/milan-kick-off-workshop-2019/")
    print_stylesheet = page.locator('link[rel="stylesheet"][media="print"]')
    expect(print_stylesheet).to_have_attribute(
        "href", re.compile(r"^/static/css/event_print\.[0-9a-f]+\.css$")
    )
    assert page.evaluate("document.querySelector('link[media=print]').sheet.cssRules.length") > 0

    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("link", name="Skip to main content")).to_be_hidden()
    expect(page.get_by_label("Show times also in")).to_be_hidden()
    expect(page.get_by_role("contentinfo")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("ITP kick-off workshop, Milan")
    expect(page.get_by_role("heading", name="Agenda")).to_be_visible()
    expect(page.get_by_text("Site visit: ORI Martin steel plant and iRecovery")).to_be_visible()

    page.emulate_media(media="screen")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
