"""The event page's timetable in a browser: a grid on a wide screen, a list on a phone."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

MILAN = "/events/milan-kick-off-workshop-2019/"
PHONE_WIDTH = 375


def violations(page, axe_violations):
    return [f"{violation['id']}: {violation['help']}" for violation in axe_violations(page)]


def test_timetable_is_a_grid_on_a_desktop_and_a_list_in_time_order_on_a_phone(
    page, demo, axe_violations
):
    page.goto(MILAN)
    agenda = page.get_by_role("region", name="Agenda")

    # On a desktop: a table per day, and no list for assistive technology to read twice.
    expect(agenda.get_by_role("table")).to_have_count(3)
    expect(agenda.get_by_role("list")).to_have_count(0)
    first_day = agenda.get_by_role("table").first
    expect(first_day.get_by_role("columnheader")).to_have_text(
        ["Time", "Room 1", "Room 2", "Room 3", "Room 4", "Room 5"]
    )
    breakouts = (
        first_day.get_by_role("row")
        .filter(has=page.get_by_role("rowheader", name="14:00", exact=True))
        .get_by_role("cell")
    )
    expect(breakouts).to_have_count(5)
    boxes = [breakouts.nth(index).bounding_box() for index in range(5)]
    # Side by side: one line, left to right, inside the window.
    assert len({round(box["y"]) for box in boxes}) == 1
    assert [box["x"] for box in boxes] == sorted(box["x"] for box in boxes)
    assert boxes[-1]["x"] + boxes[-1]["width"] <= 1280
    assert violations(page, axe_violations) == []

    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})

    expect(agenda.get_by_role("table")).to_have_count(0)
    expect(agenda.get_by_role("list")).to_have_count(3)
    first_day_items = agenda.get_by_role("list").first.get_by_role("listitem")
    expect(first_day_items).to_have_count(8)
    expect(first_day_items.first).to_contain_text("Welcome and the programme's ambition")
    expect(first_day_items.nth(2)).to_contain_text("14:00–15:30")
    expect(first_day_items.last).to_contain_text("Report back from the breakouts")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    assert violations(page, axe_violations) == []
