"""A page that shows a query-string value back shows it without control characters, and
never more than a short excerpt of it."""

import re
from urllib.parse import quote

import pytest

from tests.factories import EventFactory
from workshops.models import Event

pytestmark = pytest.mark.django_db

# Every control character but the tab and line feed that templates are written with.
CONTROL_CHARACTER = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")
LONG = "x" * 10_000
HOSTILE_VALUES = {
    "nul": "\x00",
    "line-break": "\r\n",
    "long": LONG,
    "mixed": "Europe/Rome\x00\x1b[31m\x7f\u2028" + "x" * 300,
}
# As much of a value as a page may show: a long slug, not a paragraph.
EXCERPT_LENGTH = 200


def _assert_shown_safely(response):
    assert response.status_code < 500
    body = response.content.decode()
    assert CONTROL_CHARACTER.findall(body) == []
    assert "x" * (EXCERPT_LENGTH + 1) not in body


PUBLIC_PARAMETERS = [
    ("/events/{event}/", "tz"),
    ("/events/", "kind"),
    ("/events/", "when"),
    ("/events/", "theme"),
    ("/events/", "government"),
    ("/secondments/", "status"),
    ("/secondments/", "government"),
    ("/learnings/", "theme"),
    ("/governments/", "sort"),
    ("/teams/", "page"),
    ("/events/calendar/", "month"),
    ("/events/calendar/", "tz"),
    ("/search/", "q"),
    ("/search/", "type"),
]


@pytest.mark.parametrize("value_name", HOSTILE_VALUES)
@pytest.mark.parametrize(("path", "parameter"), PUBLIC_PARAMETERS)
def test_public_page_shows_a_query_value_back_safely(client, path, parameter, value_name):
    event = EventFactory(status=Event.Status.PUBLISHED)
    url = path.format(event=event.slug)

    response = client.get(f"{url}?{parameter}={quote(HOSTILE_VALUES[value_name])}")

    _assert_shown_safely(response)


@pytest.mark.parametrize("value_name", HOSTILE_VALUES)
def test_login_page_carries_the_next_page_without_control_characters(client, value_name):
    response = client.get("/accounts/login/?next=" + quote("/events/" + HOSTILE_VALUES[value_name]))

    assert response.status_code == 200
    assert CONTROL_CHARACTER.findall(response.content.decode()) == []


def test_login_page_still_carries_an_ordinary_next_page(client):
    response = client.get("/accounts/login/?next=" + quote("/events/?kind=webinar&when=past"))

    assert 'name="next" value="/events/?kind=webinar&amp;when=past"' in response.text


@pytest.mark.parametrize("value_name", HOSTILE_VALUES)
@pytest.mark.parametrize("parameter", ["from", "to", "government", "theme", "event", "other"])
def test_report_shows_a_query_value_back_safely(coordinator_client, parameter, value_name):
    response = coordinator_client.get(
        f"/reports/participation/?{parameter}={quote(HOSTILE_VALUES[value_name])}"
    )

    _assert_shown_safely(response)


def test_unknown_time_zone_is_named_in_a_short_clean_excerpt(client):
    event = EventFactory(status=Event.Status.PUBLISHED)

    response = client.get(f"/events/{event.slug}/?tz=" + quote("Mars/Olympus\x00\r\n" + LONG))

    assert response.status_code == 200
    assert "“Mars/Olympus xxxxxxx" in response.text
    assert "x" * 41 not in response.text


def test_report_download_links_carry_only_the_report_filters(coordinator_client):
    response = coordinator_client.get("/reports/participation/?from=2026-01-01&other=" + LONG)

    assert response.status_code == 200
    assert '/reports/participation.csv?from=2026-01-01"' in response.text
    assert "other=" not in response.text
