"""iCalendar (RFC 5545) documents of events and their sessions, built with `icalendar`.

Two shapes: a single event's file carries each session as an entry of its own, related to the
event's; a subscription (a feed that a calendar program polls) carries one entry per event,
with its agenda in the description, so that a two-day workshop does not fill the subscriber's
calendar with a dozen overlapping entries.

Text comes from stored rows, which may hold what the models refuse today (written through the
ORM or imported earlier): one-line properties get every line break folded into a space, text
loses its control characters, and only an http(s) join link is written. A calendar never
fails on stored data.
"""

import datetime
import itertools
from zoneinfo import ZoneInfo

import icalendar
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _

from itp.common.links import safe_url
from itp.common.text import one_line, printable_lines

from .models import Event

PRODUCT_ID = "-//Industry Transition Platform//ITP programme manager//EN"
UID_DOMAIN = "industry-transition-platform"
# How often a subscribed calendar program should fetch the feed again (RFC 7986, and the
# older property that Outlook reads).
REFRESH_INTERVAL = datetime.timedelta(hours=1)


def build_calendar(
    events,
    *,
    absolute_url,
    name,
    subscription=False,
    join_url_event_ids=frozenset(),
    waitlist_places=None,
    time_zone=None,
):
    """Return the iCalendar bytes of ``events``, each with its prefetched ``sessions``.

    ``absolute_url`` turns a path into a full URL. A ``subscription`` has one entry per event
    with the agenda in its description, written in ``time_zone`` (the venue's when None);
    otherwise each session is an entry too. The join link of an event is written only when its
    id is in ``join_url_event_ids`` (the events the feed's owner holds a seat at).
    ``waitlist_places`` maps the id of an event the feed's owner is waitlisted for to their
    place: such an entry is tentative and says the place in its title. Every TZID used gets
    its VTIMEZONE.
    """
    waitlist_places = waitlist_places or {}
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", icalendar.vText(one_line(name)))
    if subscription:
        calendar.add("refresh-interval", REFRESH_INTERVAL, parameters={"value": "DURATION"})
        calendar.add("x-published-ttl", icalendar.vDuration(REFRESH_INTERVAL))
    stamp = timezone.now()
    first, last = None, None
    for event in events:
        join_url = safe_url(event.join_url) if event.pk in join_url_event_ids else ""
        agenda_zone = (time_zone or event.time_zone) if subscription else None
        calendar.add_component(
            _event_component(
                event,
                stamp,
                absolute_url,
                join_url=join_url,
                waitlist_place=waitlist_places.get(event.pk),
                agenda_zone=agenda_zone,
            )
        )
        if not subscription:
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


def _event_component(event, stamp, absolute_url, *, join_url, waitlist_place, agenda_zone):
    zone = ZoneInfo(event.time_zone)
    component = icalendar.Event()
    component.add("uid", f"event-{event.pk}@{UID_DOMAIN}")
    component.add("dtstamp", stamp)
    component.add("last-modified", event.updated_at)
    component.add("created", event.created_at)
    component.add("sequence", event.sequence)
    title = one_line(event.title)
    if waitlist_place is not None:
        title = _("Waitlist place %(place)d: %(title)s") % {"place": waitlist_place, "title": title}
    component.add("summary", title)
    component.add("dtstart", event.starts_at.astimezone(zone))
    component.add("dtend", event.ends_at.astimezone(zone))
    component.add("status", _event_status(event, waitlist_place))
    component.add("url", absolute_url(event.get_absolute_url()))
    if event.place:
        component.add("location", one_line(event.place))
    paragraphs = []
    if waitlist_place is not None:
        paragraphs.append(
            _(
                "You are number %(place)d on the waitlist: this is not a seat yet. You will be "
                "e-mailed if a seat frees up for you."
            )
            % {"place": waitlist_place}
        )
    paragraphs.append(printable_lines(event.description).strip())
    if agenda_zone is not None:
        paragraphs.append(_agenda(event, ZoneInfo(agenda_zone)))
    if join_url:
        component.add("conference", join_url, parameters={"value": "URI"})
        paragraphs.append(_("Join online: %(link)s") % {"link": join_url})
    description = "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
    if description:
        component.add("description", description)
    return component


def _event_status(event, waitlist_place):
    """A cancelled event is CANCELLED for everyone; a waitlist place is only TENTATIVE."""
    if event.status == Event.Status.CANCELLED:
        return "CANCELLED"
    return "CONFIRMED" if waitlist_place is None else "TENTATIVE"


def _agenda(event, zone):
    """The event's sessions as text, by day, each with its time range in ``zone``, its title
    and its location; "" for an event without sessions."""
    sessions = sorted(event.sessions.all(), key=lambda session: session.starts_at)
    if not sessions:
        return ""
    lines = [_("Agenda (times in %(zone)s):") % {"zone": zone.key}]
    days = itertools.groupby(
        sessions, key=lambda session: session.starts_at.astimezone(zone).date()
    )
    for day, day_sessions in days:
        lines += ["", dateformat.format(day, "l j F Y")]
        for session in day_sessions:
            starts_at = session.starts_at.astimezone(zone)
            ends_at = session.ends_at.astimezone(zone)
            line = f"{starts_at:%H:%M}–{ends_at:%H:%M} {one_line(session.title)}"
            if location := one_line(session.location):
                line += f" ({location})"
            lines.append(line)
    return "\n".join(lines)


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
    component.add("status", "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED")
    component.add("url", absolute_url(event.get_absolute_url()))
    component.add("related-to", f"event-{event.pk}@{UID_DOMAIN}")
    location = session.location or event.place
    if location:
        component.add("location", one_line(location))
    if session.description:
        component.add("description", printable_lines(session.description))
    return component
