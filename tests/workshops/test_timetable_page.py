"""The event page's timetable: a table per day with its headers, and the list beside it."""

import datetime
from zoneinfo import ZoneInfo

import lxml.html
import pytest
from django.utils import timezone

from tests.factories import EventFactory, SessionFactory
from tests.html import count_queries
from workshops.models import Session

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
HOUR = datetime.timedelta(hours=1)
NEXT_YEAR = timezone.now().year + 1
MILAN = "/events/milan-kick-off-workshop-2019/"


def words(element):
    return " ".join(element.text_content().split())


def timetables(response):
    """The page's timetables: each table's caption, column headers and rows, a row being its
    header and the text of its cells."""
    tables = []
    for table in lxml.html.fromstring(response.content).xpath(
        "//table[contains(@class, 'timetable')]"
    ):
        tables.append(
            {
                "caption": words(table.xpath("caption")[0]),
                "columns": [words(th) for th in table.xpath("thead/tr/th[@scope='col']")],
                "rows": [
                    (words(tr.xpath("th[@scope='row']")[0]), [words(td) for td in tr.xpath("td")])
                    for tr in table.xpath("tbody/tr")
                ],
            }
        )
    return tables


def listed_titles(response):
    """The session titles of the narrow screens' list, day by day."""
    page = lxml.html.fromstring(response.content)
    return [
        [words(title) for title in day.xpath("li/div/strong")]
        for day in page.xpath("//ul[contains(@class, 'timetable-list')]")
    ]


def test_milan_workshop_puts_its_five_14_00_breakouts_in_one_row(client, demo):
    response = client.get(MILAN)

    first_day, site_visit_day, last_day = timetables(response)
    assert first_day["columns"] == ["Time", "Room 1", "Room 2", "Room 3", "Room 4", "Room 5"]
    assert [header for header, _cells in first_day["rows"]] == ["09:00", "11:00", "14:00", "16:00"]
    (breakouts,) = [cells for header, cells in first_day["rows"] if header == "14:00"]
    assert len(breakouts) == 5
    assert all("Breakout:" in cell and "14:00–15:30 CEST" in cell for cell in breakouts)
    assert "Breakout: Industrial production and use of sustainable hydrogen" in " ".join(breakouts)
    # The plenaries, with nothing alongside them, each take a whole row.
    welcome_header, (welcome,) = first_day["rows"][0]
    assert welcome.startswith("09:00–10:30 CEST, Milan Welcome and the programme's ambition")
    assert "Auditorium" in welcome
    assert site_visit_day["columns"] == ["Time", "Session"]
    (site_visit_row,) = site_visit_day["rows"]
    assert "Site visit hosted by ORI Martin, Brescia" in site_visit_row[1][0]
    assert [header for header, _cells in last_day["rows"]] == ["09:00", "12:00", "14:00"]


def test_milan_workshop_table_cells_name_their_time_and_place_headers(client, demo):
    page = lxml.html.fromstring(client.get(MILAN).content)
    (first_day, *_others) = page.xpath("//table[contains(@class, 'timetable')]")

    headers = {th.get("id"): words(th) for th in first_day.xpath(".//th[@id]")}
    named = [
        [headers[header] for header in td.get("headers").split()]
        for td in first_day.xpath("tbody/tr/td")
    ]

    assert named == [
        ["09:00"],
        ["11:00"],
        ["14:00", "Room 1"],
        ["14:00", "Room 2"],
        ["14:00", "Room 3"],
        ["14:00", "Room 4"],
        ["14:00", "Room 5"],
        ["16:00"],
    ]
    assert first_day.xpath("tbody/tr/td[1]/@colspan") == ["5", "5", "5"]
    # Every id is used once on the page, across the three days' tables.
    ids = page.xpath("//@id")
    assert len(ids) == len(set(ids))


def test_milan_workshop_list_keeps_every_session_in_time_order(client, demo):
    response = client.get(MILAN)

    first_day, site_visit_day, last_day = listed_titles(response)
    assert first_day[:2] == [
        "Welcome and the programme's ambition",
        "Systems change: how governments drive transformation",
    ]
    assert len(first_day) == 8
    assert all(title.startswith("Breakout:") for title in first_day[2:7])
    assert first_day[7] == "Report back from the breakouts"
    assert site_visit_day == ["Site visit: ORI Martin steel plant and iRecovery"]
    assert last_day == [
        "Innovation teams: choosing the challenges",
        "Networking lunch",
        "Next steps and close",
    ]


def test_timetable_rows_are_in_the_viewer_s_zone_and_cells_keep_the_venue_s_time(client, demo):
    response = client.get(f"{MILAN}?tz=America/Toronto")

    first_day = timetables(response)[0]
    assert first_day["caption"] == (
        "Tuesday 9 April 2019: Sessions by start time (rows, in America/Toronto) and place"
        " (columns)"
    )
    (breakouts,) = [cells for header, cells in first_day["rows"] if header == "08:00"]
    assert len(breakouts) == 5
    assert breakouts[0].startswith(
        "14:00–15:30 CEST, Milan (9 Apr 2019, 08:00–09:30 EDT your time)"
    )


def test_timetable_keeps_a_session_after_midnight_with_the_one_it_runs_beside(client):
    starts_at = datetime.datetime(NEXT_YEAR, 5, 12, 15, 0, tzinfo=ROME)
    event = EventFactory(slug="kick-off-milan", starts_at=starts_at, ends_at=starts_at + 8 * HOUR)
    SessionFactory(
        event=event, title="Report back", starts_at=starts_at, ends_at=starts_at + 2.5 * HOUR
    )
    reception = SessionFactory(
        event=event,
        title="Reception",
        location="Terrace",
        starts_at=starts_at + 2.25 * HOUR,
        ends_at=starts_at + 3 * HOUR,
    )

    # In Tokyo the report back runs 22:00-00:30, and the reception starts at 00:15.
    response = client.get("/events/kick-off-milan/?tz=Asia/Tokyo")

    (day,) = timetables(response)
    assert day["columns"] == ["Time", "Sala Biagi", "Terrace"]
    weekday = reception.starts_at.astimezone(ZoneInfo("Asia/Tokyo")).strftime("%a")
    assert [header for header, _cells in day["rows"]] == [
        "22:00",
        f"{weekday} 00:15",
        f"{weekday} 00:30",
    ]


def test_event_without_sessions_has_no_agenda(client):
    EventFactory(slug="kick-off-milan")

    response = client.get("/events/kick-off-milan/")

    assert timetables(response) == []
    assert 'id="agenda-heading"' not in response.content.decode()


def test_timetable_shows_a_session_moved_on_the_next_request_of_an_anonymous_visitor(client):
    starts_at = datetime.datetime(NEXT_YEAR, 5, 12, 9, 0, tzinfo=ROME)
    event = EventFactory(slug="kick-off-milan", starts_at=starts_at, ends_at=starts_at + 8 * HOUR)
    SessionFactory(event=event, title="Welcome", starts_at=starts_at, ends_at=starts_at + HOUR)
    panel = SessionFactory(
        event=event, title="Panel", starts_at=starts_at + 2 * HOUR, ends_at=starts_at + 3 * HOUR
    )
    assert timetables(client.get("/events/kick-off-milan/"))[0]["columns"] == ["Time", "Session"]

    Session.objects.filter(pk=panel.pk).update(
        location="Room 2", starts_at=starts_at, ends_at=starts_at + HOUR
    )

    (day,) = timetables(client.get("/events/kick-off-milan/"))
    assert day["columns"] == ["Time", "Room 2", "Sala Biagi"]
    assert [header for header, _cells in day["rows"]] == ["09:00"]


def test_timetable_costs_the_same_queries_for_2_parallel_sessions_as_for_20(client):
    starts_at = datetime.datetime(NEXT_YEAR, 5, 12, 9, 0, tzinfo=ROME)
    event = EventFactory(slug="kick-off-milan", starts_at=starts_at, ends_at=starts_at + 8 * HOUR)

    def add_breakouts(numbers):
        for number in numbers:
            SessionFactory(
                event=event,
                title=f"Breakout {number}",
                kind=Session.Kind.BREAKOUT,
                location=f"Room {number % 4}",
                starts_at=starts_at + number * HOUR / 4,
                ends_at=starts_at + HOUR + number * HOUR / 4,
            )

    add_breakouts(range(2))
    with_two = count_queries(client, "/events/kick-off-milan/")
    add_breakouts(range(2, 20))

    with_twenty = count_queries(client, "/events/kick-off-milan/")

    assert with_twenty == with_two
    (day,) = timetables(client.get("/events/kick-off-milan/"))
    assert day["columns"][1:] == ["Room 0", "Room 1", "Room 2", "Room 3"]
