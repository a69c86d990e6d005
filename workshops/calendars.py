"""iCalendar (RFC 5545) documents of events and their sessions.

Two shapes: a single event's file carries each session as an entry of its own, related to the
event's; a subscription (a feed that a calendar program polls) carries one entry per event,
with its agenda in the description, so that a two-day workshop does not fill the subscriber's
calendar with a dozen overlapping entries.

Text comes from stored rows, which may hold what the models refuse today (written through the
ORM or imported earlier): one-line properties get every line break folded into a space, text
loses its control characters, and only an http(s) join link is written. A calendar never
fails on stored data.

A document is built in two steps: ``calendar_content`` says what it holds, as plain
(name, value, parameters) properties, and ``write_calendar`` writes them. The writer is ours
because the feed of every public event is large: at scale 1 (1,844 events, 20,000 sessions)
building it as ``icalendar`` components took 3.4 s, nearly all of it in creating and folding
25,000 property objects. The writer leaves the rules to ``icalendar`` wherever they are not
plain formatting: TEXT is escaped by its ``vText``, each date-time's TZID is the one it
names, and every VTIMEZONE is its ``Timezone.from_tzid``. Folding is the library's rule
(at most 74 octets a line, never splitting a character or after a backslash). A test writes
hostile content both ways and compares the bytes.
"""

import datetime
import functools
from typing import NamedTuple
from zoneinfo import ZoneInfo

import icalendar
from django.utils import dateformat, timezone
from django.utils.translation import gettext as _
from icalendar.timezone import tzid_from_tzinfo

from itp.common.links import safe_url
from itp.common.text import one_line, printable_lines

from .models import Event

PRODUCT_ID = "-//Industry Transition Platform//ITP programme manager//EN"
UID_DOMAIN = "industry-transition-platform"
# How often a subscribed calendar program should fetch the feed again (RFC 7986, and the
# older property that Outlook reads).
REFRESH_INTERVAL = datetime.timedelta(hours=1)


def build_calendar(events, **options):
    """Return the iCalendar bytes of ``events``; the options are ``calendar_content``'s."""
    return write_calendar(calendar_content(events, **options))


class CalendarContent(NamedTuple):
    """What a calendar document says: the calendar's properties and its entries (VEVENTs),
    each a list of (name, value, parameters) properties in the order they are written.

    A value is a ``str`` (TEXT, or a URI for the properties in ``URI_PROPERTIES``), an
    ``int``, an aware ``datetime`` (its zone gives the TZID) or a ``timedelta``."""

    properties: list
    entries: list


def calendar_content(
    events,
    *,
    absolute_url,
    name,
    subscription=False,
    join_url_event_ids=frozenset(),
    waitlist_places=None,
    time_zone=None,
):
    """The ``CalendarContent`` of ``events``.

    ``absolute_url`` turns a path into a full URL. A ``subscription`` has one entry per event
    with the agenda in its description, written in ``time_zone`` (the venue's when None): its
    events carry their ``agenda`` (``selectors.events_with_agenda``). Otherwise each session
    is an entry too: the events carry their prefetched ``sessions``. The join link of an
    event is written only when its id is in ``join_url_event_ids`` (the events the feed's
    owner holds a seat at).
    ``waitlist_places`` maps the id of an event the feed's owner is waitlisted for to their
    place: such an entry is tentative and says the place in its title.
    """
    waitlist_places = waitlist_places or {}
    # Properties in icalendar's order (its canonical ones first, the others alphabetically),
    # so that the bytes are the ones it would write.
    properties = [
        ("VERSION", "2.0", {}),
        ("PRODID", PRODUCT_ID, {}),
        ("CALSCALE", "GREGORIAN", {}),
        ("METHOD", "PUBLISH", {}),
        ("X-WR-CALNAME", one_line(name), {}),
    ]
    if subscription:
        properties += [
            ("REFRESH-INTERVAL", REFRESH_INTERVAL, {"VALUE": "DURATION"}),
            ("X-PUBLISHED-TTL", REFRESH_INTERVAL, {}),
        ]
    stamp = timezone.now()
    agenda = _Agenda() if subscription else None
    entries = []
    for event in events:
        join_url = safe_url(event.join_url) if event.pk in join_url_event_ids else ""
        entries.append(
            _event_properties(
                event,
                stamp,
                absolute_url,
                join_url=join_url,
                waitlist_place=waitlist_places.get(event.pk),
                agenda=agenda.of(event, ZoneInfo(time_zone or event.time_zone)) if agenda else "",
            )
        )
        if not subscription:
            entries += [
                _session_properties(session, event, stamp, absolute_url)
                for session in event.sessions.all()
            ]
    return CalendarContent(properties, entries)


def _event_properties(event, stamp, absolute_url, *, join_url, waitlist_place, agenda):
    zone = ZoneInfo(event.time_zone)
    title = one_line(event.title)
    if waitlist_place is not None:
        title = _("Waitlist place %(place)d: %(title)s") % {"place": waitlist_place, "title": title}
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
    paragraphs.append(agenda)
    if join_url:
        paragraphs.append(_("Join online: %(link)s") % {"link": join_url})
    description = "\n\n".join(paragraph for paragraph in paragraphs if paragraph)
    location = one_line(event.place) if event.place else ""
    properties = [
        ("SUMMARY", title, {}),
        ("DTSTART", event.starts_at.astimezone(zone), {}),
        ("DTEND", event.ends_at.astimezone(zone), {}),
        ("DTSTAMP", stamp, {}),
        ("UID", f"event-{event.pk}@{UID_DOMAIN}", {}),
        ("SEQUENCE", event.sequence, {}),
        ("CONFERENCE", join_url, {"VALUE": "URI"}),
        ("CREATED", event.created_at, {}),
        ("DESCRIPTION", description, {}),
        ("LAST-MODIFIED", event.updated_at, {}),
        ("LOCATION", location, {}),
        ("STATUS", _event_status(event, waitlist_place), {}),
        ("URL", absolute_url(event.get_absolute_url()), {}),
    ]
    return [prop for prop in properties if prop[1] != ""]


def _event_status(event, waitlist_place):
    """A cancelled event is CANCELLED for everyone; a waitlist place is only TENTATIVE."""
    if event.status == Event.Status.CANCELLED:
        return "CANCELLED"
    return "CONFIRMED" if waitlist_place is None else "TENTATIVE"


class _Agenda:
    """Writes the agendas of one document, translating its words once and naming each day
    once however many events share it (formatting a date in words is slow next to
    everything else an entry needs)."""

    def __init__(self):
        self.heading = _("Agenda (times in %(zone)s):")
        self.day_names = {}

    def of(self, event, zone):
        """The event's ``agenda`` as text, by day, each session with its time range in
        ``zone``, its title and its location; "" for an event without sessions."""
        sessions = event.agenda
        if not sessions:
            return ""
        lines = [self.heading % {"zone": zone.key}]
        day = None
        for session in sessions:
            starts_at = session.starts_at.astimezone(zone)
            ends_at = session.ends_at.astimezone(zone)
            if starts_at.date() != day:
                day = starts_at.date()
                lines += ["", self._day_name(day)]
            line = (
                f"{starts_at.hour:02}:{starts_at.minute:02}–"
                f"{ends_at.hour:02}:{ends_at.minute:02} {one_line(session.title)}"
            )
            if location := one_line(session.location):
                line += f" ({location})"
            lines.append(line)
        return "\n".join(lines)

    def _day_name(self, day):
        if day not in self.day_names:
            self.day_names[day] = dateformat.format(day, "l j F Y")
        return self.day_names[day]


def _session_properties(session, event, stamp, absolute_url):
    zone = ZoneInfo(event.time_zone)
    location = session.location or event.place
    properties = [
        ("SUMMARY", one_line(f"{session.title} ({event.title})"), {}),
        ("DTSTART", session.starts_at.astimezone(zone), {}),
        ("DTEND", session.ends_at.astimezone(zone), {}),
        ("DTSTAMP", stamp, {}),
        ("UID", f"session-{session.pk}@{UID_DOMAIN}", {}),
        ("SEQUENCE", event.sequence, {}),
        ("DESCRIPTION", printable_lines(session.description), {}),
        ("LAST-MODIFIED", event.updated_at, {}),
        ("LOCATION", one_line(location) if location else "", {}),
        ("RELATED-TO", f"event-{event.pk}@{UID_DOMAIN}", {}),
        ("STATUS", "CANCELLED" if event.status == Event.Status.CANCELLED else "CONFIRMED", {}),
        ("URL", absolute_url(event.get_absolute_url()), {}),
    ]
    return [prop for prop in properties if prop[1] != ""]


# Writing. Values of these properties are URIs, written as they are; other text is escaped.
URI_PROPERTIES = frozenset({"CONFERENCE", "URL"})
# A VTIMEZONE holds the zone's transitions from this long before the first time written to
# this long after the last one.
TIME_ZONE_MARGIN = datetime.timedelta(days=366)
# Octets of a folded line, as icalendar folds (RFC 5545 allows 75 besides the CRLF).
_FOLD_OCTETS = 74


def write_calendar(content):
    """The iCalendar bytes of a ``CalendarContent``: the calendar's properties, a VTIMEZONE
    for every TZID used (in order of TZID), then the entries; CRLF line ends, long lines
    folded."""
    zones = set()
    entries = []
    for entry in content.entries:
        entries.append(b"BEGIN:VEVENT")
        entries += [_content_line(*prop, zones) for prop in entry]
        entries.append(b"END:VEVENT")
    lines = [b"BEGIN:VCALENDAR"]
    lines += [_content_line(*prop, zones) for prop in content.properties]
    times = [
        value.astimezone(datetime.UTC)
        for entry in content.entries
        for name, value, _parameters in entry
        if name in {"DTSTART", "DTEND"}
    ]
    if times:
        first_date = (min(times) - TIME_ZONE_MARGIN).date()
        last_date = (max(times) + TIME_ZONE_MARGIN).date()
        vtimezones = (_vtimezone(tzid, first_date, last_date) for tzid in sorted(zones))
        lines += [vtimezone for vtimezone in vtimezones if vtimezone]
    return b"\r\n".join(lines + entries + [b"END:VCALENDAR", b""])


def _content_line(name, value, parameters, zones):
    """One property, folded; the TZID it names, if any, is added to ``zones``."""
    if isinstance(value, datetime.datetime):
        tzid = _tzid(value.tzinfo)
        text = (
            f"{value.year:04}{value.month:02}{value.day:02}"
            f"T{value.hour:02}{value.minute:02}{value.second:02}"
        )
        if tzid == "UTC":
            text += "Z"
        elif tzid:
            parameters = {**parameters, "TZID": tzid}
            zones.add(tzid)
    elif isinstance(value, datetime.timedelta):
        text = icalendar.vDuration(value).to_ical().decode()
    elif isinstance(value, int):
        text = str(value)
    elif name in URI_PROPERTIES:
        text = value
    else:
        text = icalendar.vText(value).to_ical().decode()
    names = "".join(f";{key}={parameters[key]}" for key in sorted(parameters))
    return _folded(f"{name}{names}:{text}".encode())


@functools.lru_cache(maxsize=64)
def _tzid(tzinfo):
    """The TZID icalendar gives a zone: "UTC" for UTC and the zones it knows are the same."""
    return tzid_from_tzinfo(tzinfo)


def _folded(line):
    """``line`` (UTF-8 bytes) folded: each part at most ``_FOLD_OCTETS`` long, never cut
    inside a character, and never ending in a backslash or caret (which some clients would
    read as escaping the line break); each following part starts with a space."""
    if len(line) <= _FOLD_OCTETS:
        return line
    parts = []
    start = 0
    while len(line) - start > _FOLD_OCTETS:
        end = start + _FOLD_OCTETS
        while line[end] & 0xC0 == 0x80:  # a continuation byte of UTF-8
            end -= 1
        if line[end - 1] in b"\\^":
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return b"\r\n ".join(parts)


@functools.lru_cache(maxsize=256)
def _vtimezone(tzid, first_date, last_date):
    """The VTIMEZONE of ``tzid`` between the two dates, as icalendar writes it (computing
    the transitions is costly, and feeds ask for the same zones and dates again and again);
    no bytes for a zone it does not know."""
    try:
        component = icalendar.Timezone.from_tzid(tzid, first_date=first_date, last_date=last_date)
    except ValueError:
        return b""
    return component.to_ical().removesuffix(b"\r\n")
