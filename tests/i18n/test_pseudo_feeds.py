"""The calendar feeds and the learnings feed in the pseudo-language: the texts people read
in them (names, summaries, descriptions, places) show no text that escaped translation; the
iCalendar and RSS structure stays standard."""

import xml.etree.ElementTree as ElementTree

import icalendar
import pytest

from regions.models import Person
from tests.i18n.pseudo import PSEUDO, Escapes

pytestmark = [pytest.mark.django_db, pytest.mark.once]

# The Atom feed's elements that people read.
READ_IN_FEEDS = ("title", "subtitle", "summary", "content", "rights")
READ_IN_CALENDARS = ("X-WR-CALNAME", "X-WR-CALDESC", "SUMMARY", "DESCRIPTION", "LOCATION")


def content_of(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_calendar_feeds_read_translated(client, users, recipients_read_pseudo):
    token = Person.objects.get(user__username="demo-participant").calendar_token
    escapes = Escapes()
    found = []
    for url in (
        "/events/calendar.ics",
        "/events/webinar-hydrogen-valleys/calendar.ics",
        f"/me/calendar/{token}.ics",
    ):
        calendar = icalendar.Calendar.from_ical(
            content_of(client.get(url, HTTP_ACCEPT_LANGUAGE=PSEUDO))
        )
        for component in calendar.walk():
            for name in READ_IN_CALENDARS:
                if name in component:
                    found += [f"{url} {name}: {line}" for line in escapes.in_text(component[name])]

    assert not found, "Text that escaped translation:\n" + "\n".join(found)


def test_learnings_feed_reads_translated(client, demo, pseudo_language):
    feed = ElementTree.fromstring(
        content_of(client.get("/learnings/feed/", HTTP_ACCEPT_LANGUAGE=PSEUDO))
    )
    texts = [
        element.text or ""
        for element in feed.iter()
        if element.tag.rpartition("}")[2] in READ_IN_FEEDS
    ]

    escapes = Escapes()
    assert len(texts) > 2
    assert [text for text in texts if escapes.in_page(text)] == []
