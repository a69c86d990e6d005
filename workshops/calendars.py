"""iCalendar (RFC 5545) documents of events and their sessions, built with `icalendar`.

Text comes from stored rows, which may hold what the models refuse today (written through the
ORM or imported earlier): one-line properties get every line break folded into a space, text
loses its control characters, and only an http(s) join link is written. A calendar never
fails on stored data.
"""

import datetime
from zoneinfo import ZoneInfo

import icalendar
from django.utils import timezone

from itp.common.links import safe_url
from itp.common.text import one_line, printable_lines

PRODUCT_ID = "-//Industry Transition Platform//ITP programme manager//EN"
UID_DOMAIN = "industry-transition-platform"


def build_calendar(events, *, absolute_url, name, join_url_event_ids=frozenset()):
    """Return the iCalendar bytes of ``events``, each with its prefetched ``sessions``.

    ``absolute_url`` turns a path into a full URL. The join link of an event is written only
    when its id is in ``join_url_event_ids`` (the events the feed's owner is registered for).
    Every TZID used gets its VTIMEZONE.
    """
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", icalendar.vText(one_line(name)))
    stamp = timezone.now()
    first, last = None, None
    for event in events:
        join_url = safe_url(event.join_url) if event.pk in join_url_event_ids else ""
        calendar.add_component(_event_component(event, stamp, absolute_url, join_url))
        for session in event.sessions.all():
            calendar.add_component(_session_component(session, event, stamp, absolute_url))
        first = min(first or event.starts_at, event.starts_at)
        last = max(last or event.ends_at, event.ends_at)
    if first is not None:
        # Transitions from a year before the first event to a year after the last one.
        calendar.add_missing_timezones(
            first_date=(first - datetime.timedelta(days=366)).date(),
            last_date=(last + datetime.timedelta(days=366)).date(),
        )
    return calendar.to_ical()


def _event_component(event, stamp, absolute_url, join_url):
    zone = ZoneInfo(event.time_zone)
    component = icalendar.Event()
    component.add("uid", f"event-{event.pk}@{UID_DOMAIN}")
    component.add("dtstamp", stamp)
    component.add("last-modified", event.updated_at)
    component.add("created", event.created_at)
    component.add("sequence", event.sequence)
    component.add("summary", one_line(event.title))
    component.add("dtstart", event.starts_at.astimezone(zone))
    component.add("dtend", event.ends_at.astimezone(zone))
    component.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    component.add("url", absolute_url(event.get_absolute_url()))
    if event.place:
        component.add("location", one_line(event.place))
    description = printable_lines(event.description)
    if join_url:
        component.add("conference", join_url, parameters={"value": "URI"})
        description = f"{description}\n\nJoin online: {join_url}".strip()
    if description:
        component.add("description", description)
    return component


def _session_component(session, event, stamp, absolute_url):
    zone = ZoneInfo(event.time_zone)
    component = icalendar.Event()
    component.add("uid", f"session-{session.pk}@{UID_DOMAIN}")
    component.add("dtstamp", stamp)
    component.add("last-modified", event.updated_at)
    component.add("sequence", event.sequence)
    component.add("summary", one_line(f"{session.title} ({event.title})"))
    component.add("dtstart", session.starts_at.astimezone(zone))
    component.add("dtend", session.ends_at.astimezone(zone))
    component.add("status", "CANCELLED" if event.status == "cancelled" else "CONFIRMED")
    component.add("url", absolute_url(event.get_absolute_url()))
    component.add("related-to", f"event-{event.pk}@{UID_DOMAIN}")
    location = session.location or event.place
    if location:
        component.add("location", one_line(location))
    if session.description:
        component.add("description", printable_lines(session.description))
    return component
