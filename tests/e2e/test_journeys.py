"""What people do on the site, in a browser: each journey checks what the person sees."""

import datetime
import re
from pathlib import Path
from zoneinfo import ZoneInfo

import icalendar
import openpyxl
import pytest
from django.core.files.base import ContentFile
from django.utils import dateformat, timezone
from playwright.sync_api import expect

from regions.models import Person
from teams.models import Deliverable
from workshops.models import Event, Registration, Session

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_visitor_finds_an_event_by_theme_sees_it_in_their_time_and_downloads_it(page, demo):
    page.goto("/")
    page.get_by_role("link", name="The full schedule").click()
    expect(page).to_have_url(re.compile(r"/events/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Schedule")

    page.get_by_label("Theme").select_option(
        label="Industrial production and use of sustainable hydrogen"
    )
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"theme=sustainable-hydrogen"))
    schedule = page.get_by_role("table", name="Events")
    expect(schedule.get_by_role("link")).to_have_text(
        ["Webinar: hydrogen valleys in Scotland and Quebec"]
    )

    schedule.get_by_role("link", name="Webinar: hydrogen valleys in Scotland and Quebec").click()
    expect(page).to_have_url(re.compile(r"/events/webinar-hydrogen-valleys/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Webinar: hydrogen valleys in Scotland and Quebec"
    )
    event = Event.objects.get(slug="webinar-hydrogen-valleys")
    in_london = event.starts_at.astimezone(ZoneInfo("Europe/London"))
    expect(page.get_by_text(dateformat.format(in_london, "l j F Y, H:i"))).to_be_visible()

    page.get_by_label("Show times also in").fill("America/Toronto")
    page.get_by_role("button", name="Show", exact=True).click()
    expect(page).to_have_url(re.compile(r"\?tz=America%2FToronto$"))
    in_toronto = event.starts_at.astimezone(ZoneInfo("America/Toronto"))
    expect(page.get_by_text("Starts, in your time (America/Toronto):")).to_contain_text(
        dateformat.format(in_toronto, "l j F Y, H:i T")
    )

    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download .ics").click()
    download = download_info.value
    assert download.suggested_filename.endswith(".ics")
    calendar = icalendar.Calendar.from_ical(Path(download.path()).read_bytes())
    (vevent,) = [
        component
        for component in calendar.walk("VEVENT")
        if str(component["SUMMARY"]) == event.title
    ]
    assert vevent.decoded("DTSTART") == event.starts_at
    assert vevent.decoded("DTEND") == event.ends_at


def test_participant_registers_sees_it_on_me_cancels_and_joins_a_waitlist(page, demo, login):
    full_event = Event.objects.get(slug="katowice-workshop")
    seats_taken = full_event.registrations.filter(status=Registration.Status.REGISTERED).count()
    Event.objects.filter(pk=full_event.pk).update(capacity=seats_taken)
    login(page, "demo-participant")

    page.get_by_role("link", name="Events", exact=True).click()
    page.get_by_role("link", name="Webinar: waste heat from industry to homes").click()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("status")).to_contain_text(
        "You are registered for Webinar: waste heat from industry to homes."
    )
    expect(page.get_by_text("Your registration: Registered.")).to_be_visible()
    expect(page.get_by_role("link", name="Join online")).to_have_attribute(
        "href", "https://meet.example.org/itp/webinar-waste-heat"
    )

    page.get_by_role("link", name="My programme").click()
    expect(page).to_have_url(re.compile(r"/me/$"))
    coming_up = page.get_by_role("region", name="Coming up")
    waste_heat_row = coming_up.get_by_role("row").filter(
        has_text="Webinar: waste heat from industry to homes"
    )
    expect(waste_heat_row).to_contain_text("Registered")

    expect(waste_heat_row.get_by_role("link", name="Cancel")).to_have_attribute(
        "href", "/events/webinar-waste-heat/cancel/?next=/me/"
    )
    waste_heat_row.get_by_role(
        "link", name="Webinar: waste heat from industry to homes", exact=True
    ).click()
    page.get_by_role("link", name="Cancel my registration").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(
        "Cancel your place at Webinar: waste heat from industry to homes on "
    )
    page.get_by_role("button", name="Yes, cancel my registration").click()
    expect(page.get_by_role("status")).to_contain_text(
        "Your registration for Webinar: waste heat from industry to homes is cancelled."
    )
    expect(page.get_by_role("button", name="Register")).to_be_visible()
    page.get_by_role("link", name="My programme").click()
    expect(waste_heat_row).to_contain_text("Cancelled")

    page.goto(full_event.get_absolute_url())
    # A hybrid workshop: the room is full, online seats are left; the participant wants the room.
    expect(page.get_by_text("In person: full; Online: 40", exact=True)).to_be_visible()
    page.get_by_role("radio", name="In person").check()
    # The workshop asks whether a visa letter is needed, and requires an answer.
    page.get_by_role("radio", name="No", exact=True).check()
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_role("status")).to_contain_text(
        "The event is full. You are number 1 on the waitlist."
    )
    expect(page.get_by_role("link", name="Leave the waitlist")).to_be_visible()
    page.get_by_role("link", name="My programme").click()
    expect(page.get_by_role("row").filter(has_text="ITP workshop, Katowice")).to_contain_text(
        "Waitlisted — number 1 on the waitlist"
    )


def test_coordinator_downloads_a_report_as_a_spreadsheet(page, demo, login, tmp_path):
    login(page, "demo-coordinator")
    page.get_by_role("link", name="Reports").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Programme dashboard")

    participation = page.get_by_role("listitem").filter(
        has=page.get_by_role("link", name="Participation", exact=True)
    )
    with page.expect_download() as download_info:
        participation.get_by_role("link", name="XLSX").click()
    download = download_info.value
    assert re.fullmatch(r"itp-participation-\d{4}-\d{2}-\d{2}\.xlsx", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    workbook = openpyxl.load_workbook(saved, read_only=True)
    rows = [row for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True)]
    assert workbook.sheetnames == ["Participation by government"]
    assert rows[0][:2] == ("Government", "People")
    lombardy = next(row for row in rows if row[0] == "Lombardy")
    assert lombardy[1] == Person.objects.filter(government__slug="lombardy").count()


def test_staff_create_and_publish_a_workshop_that_the_schedule_shows_in_local_time(
    page, demo, login
):
    day = timezone.localdate() + datetime.timedelta(days=20)
    toronto = ZoneInfo("America/Toronto")
    # The admin reads the times typed in the venue's zone, chosen on the same form.
    starts_at = datetime.datetime.combine(day, datetime.time(14, 0), tzinfo=toronto)
    login(page, "demo-staff")

    page.goto("/admin/workshops/event/add/")
    # The admin labels the event's and the inline sessions' fields alike: fields by id.
    page.locator("#id_title_en").fill("Workshop: carbon capture at cement plants")
    page.locator("#id_title_en").press("Tab")
    expect(page.locator("#id_slug")).to_have_value("workshop-carbon-capture-at-cement-plants")
    page.locator("#id_kind").select_option(label="Workshop")
    page.locator("#id_starts_at_0").fill(day.isoformat())
    page.locator("#id_starts_at_1").fill("14:00:00")
    page.locator("#id_ends_at_0").fill(day.isoformat())
    page.locator("#id_ends_at_1").fill("17:00:00")
    page.locator("#id_time_zone").fill("America/Toronto")
    page.locator("#id_city").fill("Montreal")
    for index, (title, start, end) in enumerate(
        [("Welcome", "14:00:00", "14:30:00"), ("Plant tour", "15:00:00", "17:00:00")]
    ):
        page.get_by_role("button", name="Add another Session").click()
        page.locator(f"#id_sessions-{index}-title_en").fill(title)
        page.locator(f"#id_sessions-{index}-kind").select_option(label="Plenary")
        page.locator(f"#id_sessions-{index}-starts_at_0").fill(day.isoformat())
        page.locator(f"#id_sessions-{index}-starts_at_1").fill(start)
        page.locator(f"#id_sessions-{index}-ends_at_0").fill(day.isoformat())
        page.locator(f"#id_sessions-{index}-ends_at_1").fill(end)
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")

    page.get_by_role("row").filter(
        has_text="Workshop: carbon capture at cement plants"
    ).get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Publish the selected events")
    page.get_by_role("button", name="Go").click()
    expect(page.locator(".messagelist")).to_contain_text("1 event published.")

    page.goto("/events/")
    row = page.get_by_role("row").filter(has_text="Workshop: carbon capture at cement plants")
    local_start = starts_at.astimezone(toronto)
    expect(row).to_contain_text(dateformat.format(local_start, "j M Y"))
    expect(row).to_contain_text(dateformat.format(local_start, "H:i T"))
    row.get_by_role("link").click()
    # The agenda's timetable: a session a cell, on a screen as wide as this one.
    agenda = page.get_by_role("region", name="Agenda").get_by_role("cell")
    expect(agenda).to_have_count(2)
    expect(agenda.first).to_contain_text(f"{dateformat.format(local_start, 'H:i')}–")
    expect(agenda.first).to_contain_text("Welcome")
    plant_tour = (starts_at + datetime.timedelta(hours=1)).astimezone(toronto)
    expect(agenda.last).to_contain_text(f"{dateformat.format(plant_tour, 'H:i')}–")
    assert (
        Session.objects.filter(event__slug="workshop-carbon-capture-at-cement-plants").count() == 2
    )


@pytest.fixture
def deliverable_files(demo, settings, tmp_path):
    """A file on a team-only deliverable of the demo participant's team and of another team."""
    settings.MEDIA_ROOT = tmp_path
    deliverables = {}
    for title in [
        "Draft position on hydrogen import terminals",
        "Regulatory barriers to heat recovery",
    ]:
        deliverable = Deliverable.objects.get(title=title)
        deliverable.file.save("draft.pdf", ContentFile(f"%PDF-1.4 {title}".encode()))
        deliverables[title] = deliverable
    return deliverables


def test_participant_cannot_reach_another_teams_team_only_deliverable(
    page, deliverable_files, login
):
    other_teams = deliverable_files["Draft position on hydrogen import terminals"]
    login(page, "demo-participant")

    # Their own team's team-only file is theirs to download...
    page.goto("/teams/energy-efficiency-in-energy-intensive-industry/")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Regulatory barriers to heat recovery").click()
    assert (
        Path(download_info.value.path()).read_bytes()
        == b"%PDF-1.4 Regulatory barriers to heat recovery"
    )

    # ...another team's is neither listed nor served, whichever address they try.
    page.goto("/teams/hydrogen-in-heavy-industry/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hydrogen in heavy industry")
    expect(page.get_by_text("Comparison of regional hydrogen strategies")).to_be_visible()
    expect(page.get_by_text("Draft position on hydrogen import terminals")).to_have_count(0)
    for url in [
        f"/teams/hydrogen-in-heavy-industry/deliverables/{other_teams.pk}/file",
        f"/media/{other_teams.file.name}",
    ]:
        response = page.goto(url)
        assert response.status == 404, url
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
