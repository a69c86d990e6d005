"""Staff enter an event's times in the admin as the venue's clocks show them."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from workshops.models import Event

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

TITLE = "Webinar: heat pumps for district heating"


def test_staff_create_a_webinar_at_15_berlin_time_that_the_site_shows_at_15_cet(page, demo, login):
    # Mid-January, whenever the test runs: Berlin keeps CET (UTC+1), California PST (UTC-8).
    day = datetime.date(timezone.localdate().year + 1, 1, 15)
    login(page, "demo-staff")

    page.goto("/admin/workshops/event/add/")
    page.locator("#id_title_en").fill(TITLE)
    page.locator("#id_title_en").press("Tab")
    page.locator("#id_kind").select_option(label="Webinar")
    page.locator("#id_time_zone").fill("Europe/Berlin")
    # The event's own field comes first; the inline sessions' (and their template) follow.
    starts = page.locator(".field-starts_at").first
    expect(starts.locator("label").first).to_have_text("Starts at (venue's time):")
    expect(starts).to_contain_text("As the clocks at the venue show it.")
    page.locator("#id_starts_at_0").fill(day.isoformat())
    page.locator("#id_starts_at_1").fill("15:00")
    page.locator("#id_ends_at_0").fill(day.isoformat())
    page.locator("#id_ends_at_1").fill("16:30")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    row = page.get_by_role("row").filter(has_text=TITLE)
    expect(row.locator(".field-starts_at_in_venue_zone")).to_contain_text(
        re.compile(r"15:00.*\(Europe/Berlin\)")
    )
    row.get_by_role("link", name=TITLE).click()
    expect(page.locator("#id_starts_at_1")).to_have_value("15:00:00")
    expect(page.locator(".field-starts_at label").first).to_have_text("Starts at (Europe/Berlin):")
    event = Event.objects.get(title=TITLE)
    assert event.starts_at == datetime.datetime.combine(
        day, datetime.time(14, 0), tzinfo=datetime.UTC
    )

    page.goto("/admin/workshops/event/")
    page.get_by_role("row").filter(has_text=TITLE).get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Publish the selected events")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("1 event published.")

    page.goto("/events/")
    page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    when = page.locator("dt", has_text="When").locator("xpath=following-sibling::dd[1]")
    expect(when).to_contain_text(re.compile(r"15:00\s*–\s*16:30 CET"))
    local_starts = page.get_by_role("region", name="Start time in each member government")
    california = local_starts.get_by_role("row").filter(has_text="California")
    expect(california).to_contain_text("06:00 PST")
    north_rhine_westphalia = local_starts.get_by_role("row").filter(
        has_text="North Rhine-Westphalia"
    )
    expect(north_rhine_westphalia).to_contain_text("15:00 CET")
