"""Staff filter registrations by one event of thousands: they find it by typing in the
sidebar's box, with the keyboard alone, and the list keeps that event's registrations."""

import re

import pytest
from playwright.sync_api import expect

from workshops.models import Registration

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_staff_find_an_event_in_the_filter_box_with_the_keyboard(page, demo, login):
    event = Registration.objects.select_related("event").order_by("pk").first().event
    login(page, "demo-staff")
    page.goto("/admin/workshops/registration/")

    filter_by_event = page.locator("details", has=page.get_by_text("By event"))
    filter_by_event.locator(".select2-selection").focus()
    page.keyboard.press("Enter")
    page.keyboard.type(event.title[:20])
    expect(page.get_by_role("option", name=event.title, exact=True)).to_be_visible()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(filter_by_event.get_by_role("button", name="Filter")).to_be_focused()
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"event__id__exact={event.pk}\b"))
    # The address changes before the filtered list is in the page: wait for its rows.
    rows_shown = page.locator("#result_list td.field-event")
    expect(rows_shown.first).to_be_visible()
    events_shown = rows_shown.all_inner_texts()
    assert set(events_shown) == {event.title}
    expect(filter_by_event.locator(".select2-selection__rendered")).to_contain_text(event.title)
