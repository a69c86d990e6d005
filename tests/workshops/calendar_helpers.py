"""Reading a calendar the site served: fetched and parsed, unfolded, its entries by UID."""

import datetime
import re

import icalendar

from tests.html import body


def fetch(client, path):
    """GET an iCalendar document; return the response and the parsed calendar."""
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response, icalendar.Calendar.from_ical(body(response))


def unfolded(response):
    """The document's text with RFC 5545 line folding undone, so long values read whole."""
    return re.sub(r"\r\n[ \t]", "", body(response).decode())


def vevents(calendar):
    """The calendar's VEVENT components by UID."""
    return {str(component["UID"]): component for component in calendar.walk("VEVENT")}


def in_utc(component, name):
    """The date-time property ``name`` of ``component``, in UTC."""
    return component.decoded(name).astimezone(datetime.UTC)
