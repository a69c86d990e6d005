"""Reads of events that pages and feeds share, each a fixed number of queries."""

import datetime
from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from regions.holidays import holiday_on, is_weekend
from regions.models import Government, Person

from .models import Event, Message, Registration, Session
from .notifications import MAX_ATTEMPTS
from .planner import plan_day
from .timetable import timetable_days

# Local hours, [start, end), in which a webinar is comfortable to attend.
WORKING_HOURS = (8, 18)

# How long an event stays in the public feed after it ended. A subscribed calendar mirrors
# the feed, which calendar programs fetch every hour: keeping every past event would make it
# grow for ever (2 MB at scale 1), while a subscriber looks back a season or two at most. An
# older event keeps its page and its own .ics; a person's own feed keeps all their events.
PUBLIC_FEED_HISTORY = datetime.timedelta(days=365)


def schedule_events():
    """Public events with their host government and the seats taken, for the schedule."""
    return (
        Event.objects.public()
        .with_seats_taken()
        .select_related("host_government")
        .order_by("starts_at", "title_en")
    )


def registrations_by_event(person, events):
    """A person's registrations for the given events, by event id, with each one's waitlist
    place; cancelled ones are left out. One query for all the events (none without a person),
    so a page of the schedule can mark the viewer's events at a fixed cost."""
    if person is None:
        return {}
    registrations = (
        _not_cancelled_registrations_of(person)
        .filter(event__in=[event.pk for event in events])
        .with_waitlist_place()
    )
    return {registration.event_id: registration for registration in registrations}


@dataclass(frozen=True)
class CalendarVersion:
    """The state a calendar document is built from, summed up. ``tag`` changes whenever the
    document would (it makes the ETag); ``last_modified`` is the latest change to the rows it
    shows that the database dates, None when it shows none (the Last-Modified header).

    A client that names its copy by ETag is always answered right. Last-Modified has whole
    seconds and sees only dated changes: a change within the second of the client's copy, or
    an event deleted, moves the tag alone."""

    tag: str
    last_modified: datetime.datetime | None


def public_schedule_version(now=None):
    """The version of the public feed (see ``public_feed_events``): the number of its events,
    their latest updated_at (edits and agenda changes through the services move it) and the
    number of their sessions. Dated by the latest change to any event, so that one leaving
    the public schedule dates the feed too, or by the moment the last event to leave the
    feed's window left it, whichever is later. One aggregate query."""
    now = now or timezone.now()
    public = Q(status__in=Event.Status.public)
    in_feed = public & Q(ends_at__gte=now - PUBLIC_FEED_HISTORY)
    version = Event.objects.aggregate(
        count=Count("pk", filter=in_feed, distinct=True),
        changed=Max("updated_at", filter=in_feed),
        sessions=Count("sessions", filter=in_feed, distinct=True),
        last_modified=Max("updated_at"),
        last_to_leave=Max("ends_at", filter=public & ~in_feed),
    )
    dates = [version["last_modified"]]
    if version["last_to_leave"] is not None:
        dates.append(version["last_to_leave"] + PUBLIC_FEED_HISTORY)
    return CalendarVersion(
        tag="{count} {changed} {sessions}".format(**version),
        last_modified=max((date for date in dates if date is not None), default=None),
    )


def event_calendar_version(event):
    """The version of one event's calendar file, from the event with its prefetched
    ``sessions`` (no query): its revision, its latest change and its sessions."""
    sessions = sorted(session.pk for session in event.sessions.all())
    return CalendarVersion(
        tag=f"{event.pk} {event.sequence} {event.updated_at} {event.status} {sessions}",
        last_modified=event.updated_at,
    )


def personal_feed_version(person):
    """The version of ``person``'s feed: their zone for agendas, and for the events in their
    feed (see ``events_in_feed_of``) the number, the latest change to them, the number of
    their sessions and the latest change to any registration for them, which moves when the
    person's own registration changes and when the waitlist ahead of them moves. Dated by the
    latest of those changes. Two aggregate queries (one would join every session to every
    registration); load ``government`` with the person."""
    events = Event.objects.public().filter(pk__in=_feed_event_ids(person))
    version = events.aggregate(
        count=Count("pk", distinct=True),
        changed=Max("updated_at"),
        sessions=Count("sessions", distinct=True),
    )
    version |= Registration.objects.filter(event__in=events).aggregate(
        registrations_changed=Max("updated_at")
    )
    dates = [version["changed"], version["registrations_changed"]]
    zone = person.preferred_time_zone(default="")
    return CalendarVersion(
        tag="{count} {changed} {sessions} {registrations_changed}".format(**version) + f" {zone}",
        last_modified=max((date for date in dates if date is not None), default=None),
    )


def events_for_page(*, include_drafts=False):
    """Events with everything an event page or feed shows, prefetched."""
    events = Event.objects.all() if include_drafts else Event.objects.public()
    sessions = Session.objects.select_related("host_organisation").prefetch_related(
        Prefetch("speakers", queryset=Person.objects.select_related("government", "organisation")),
        "themes",
    )
    return (
        events.with_seats_taken()
        .select_related("host_government")
        .prefetch_related(Prefetch("sessions", queryset=sessions), "themes")
        .order_by("starts_at", "title_en")
    )


def agenda_by_day(event, zone=None):
    """The event's prefetched sessions as a timetable (see ``timetable.timetable_days``):
    days, rows and columns in ``zone`` (an IANA name; the venue's when not given). No query."""
    return timetable_days(event.sessions.all(), ZoneInfo(zone or event.time_zone))


@dataclass(frozen=True)
class LocalStart:
    government: Government
    starts_at: object
    within_working_hours: bool


def start_times_by_government(event):
    """The event's start in each active member government's local time."""
    times = []
    for government in Government.objects.active().only("name", "slug", "time_zone"):
        local = event.starts_at.astimezone(ZoneInfo(government.time_zone))
        start_hour, end_hour = WORKING_HOURS
        within = start_hour <= local.hour < end_hour
        times.append(
            LocalStart(government=government, starts_at=local, within_working_hours=within)
        )
    return times


def registrations_of(person):
    """A person's registrations with their event and waitlist place, soonest first (ties by
    when they were made, so that the order never changes between pages)."""
    return (
        Registration.objects.filter(person=person)
        .with_waitlist_place()
        .select_related("event", "event__host_government")
        .order_by("event__starts_at", "pk")
    )


def split_upcoming_and_past(registrations, now=None):
    now = now or timezone.now()
    upcoming = [r for r in registrations if r.event.ends_at > now]
    past = [r for r in registrations if r.event.ends_at <= now]
    past.reverse()
    return upcoming, past


def events_for_calendar():
    """Public events with the sessions a calendar writes (nothing else prefetched), in order."""
    return (
        Event.objects.public()
        .prefetch_related(Prefetch("sessions", queryset=Session.objects.order_by("starts_at")))
        .order_by("starts_at", "title_en")
    )


def public_feed_events(now=None):
    """The public feed's events, in order, each with its ``agenda`` (see
    ``events_with_agenda``): every public event that has not ended, and those that ended
    within ``PUBLIC_FEED_HISTORY``. Two queries."""
    now = now or timezone.now()
    return events_with_agenda(
        Event.objects.public()
        .filter(ends_at__gte=now - PUBLIC_FEED_HISTORY)
        .order_by("starts_at", "title_en")
    )


class AgendaItem(NamedTuple):
    """A session as a feed's agenda lists it."""

    title: str
    location: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime


def events_with_agenda(events):
    """``events`` (a queryset) as a list, each with ``agenda``: its sessions as
    ``AgendaItem``s, soonest first. Two queries. The sessions are read as rows rather than
    models: a feed lists tens of thousands, and making each a model took most of the time
    of reading them."""
    events = list(events)
    agendas = defaultdict(list)
    sessions = (
        Session.objects.filter(event__in=[event.pk for event in events])
        .order_by("starts_at", "pk")
        .values_list("event_id", "title", "location", "starts_at", "ends_at")
    )
    for event_id, *item in sessions:
        agendas[event_id].append(AgendaItem(*item))
    for event in events:
        event.agenda = agendas[event.pk]
    return events


def registrations_in_feed_of(person):
    """A person's registrations that their feed shows: all but the cancelled ones and the
    requests (pending or declined), so an attended or missed past event stays, with the
    waitlist place."""
    return _not_cancelled_registrations_of(person).with_waitlist_place()


def _not_cancelled_registrations_of(person):
    """A person's seats and waitlist places, present and past. A request awaiting approval or
    declined is neither: the feed and the schedule's badges leave it out."""
    return Registration.objects.filter(person=person).exclude(
        status__in=(
            Registration.Status.CANCELLED,
            Registration.Status.PENDING,
            Registration.Status.DECLINED,
        )
    )


def events_in_feed_of(person):
    """Public events a person is registered or waitlisted for (not cancelled), in order, each
    with its ``agenda`` (see ``events_with_agenda``), for their feed. Two queries."""
    return events_with_agenda(
        Event.objects.public()
        .filter(pk__in=_feed_event_ids(person))
        .order_by("starts_at", "title_en")
    )


def _feed_event_ids(person):
    return _not_cancelled_registrations_of(person).values("event_id")


def upcoming_events_with_seats(now=None):
    """Published events that have not ended, soonest first, with ``seats_taken`` and the
    length of their waitlist (``waitlisted``) annotated and the host government loaded: the
    admin index's first list. One query however many are taken."""
    waitlisted = (
        Registration.objects.filter(event=OuterRef("pk"), status=Registration.Status.WAITLISTED)
        .order_by()
        .values("event")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return (
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .upcoming(now)
        .with_seats_taken()
        .annotate(waitlisted=Coalesce(Subquery(waitlisted), 0))
        .select_related("host_government")
        .order_by("starts_at", "title_en")
    )


def undelivered_messages(*, since):
    """E-mails created since ``since`` that did not reach their recipient: given up after the
    last attempt failed, or still waiting for a retry after a failure; newest first, with
    their person and event. Messages given up because they were no longer true (see
    ``notifications.send_pending_messages``) are left out: nothing went wrong with those."""
    given_up = Q(status=Message.Status.FAILED, attempts__gte=MAX_ATTEMPTS)
    retrying = Q(status=Message.Status.PENDING, attempts__gt=0)
    return (
        Message.objects.filter(given_up | retrying, created_at__gte=since)
        .select_related("person", "event")
        .order_by("-created_at", "-pk")
    )


def public_events_between(start, end):
    """Public events that take place at some moment from ``start`` to ``end``, in order, with
    the fields a calendar grid shows: one query, however many there are."""
    return (
        Event.objects.public()
        .filter(starts_at__lt=end, ends_at__gt=start)
        .only("title", "slug", "status", "starts_at", "ends_at", "time_zone")
        .order_by("starts_at", "title_en")
    )


def planned_day(day, duration):
    """The webinar planner's plan of ``day`` (UTC) for a webinar of ``duration``, across the
    active governments with their public holidays and weekends. One query, whatever the
    number of governments: the holiday calendars are the library's, cached per process."""
    governments = Government.objects.active().only(
        "pk", "name", "slug", "country", "time_zone", "holiday_subdivision"
    )
    return plan_day(
        day,
        duration,
        list(governments),
        holiday_of=lambda government, date: holiday_on(
            government.country.code, government.holiday_subdivision, date
        ),
        weekend_of=lambda government, date: is_weekend(
            government.country.code, government.holiday_subdivision, date
        ),
        calendar_key=lambda government: (government.country.code, government.holiday_subdivision),
    )


class GovernmentSeats(NamedTuple):
    government: Government
    taken: int
    left: int


def government_seats_left(event, now=None):
    """Each active member government's seats taken and left under ``event``'s quota, by
    name; empty when no quota holds at ``now``. Two queries whatever the number of
    governments."""
    now = now or timezone.now()
    if not event.quota_in_force(now):
        return []
    taken = dict(
        event.registrations.filter(
            mode=event.quota_mode(),
            status__in=Registration.Status.holding_seat,
            person__government__isnull=False,
        )
        .order_by()
        .values_list("person__government")
        .annotate(count=Count("pk"))
    )
    quota = event.seats_per_government
    return [
        GovernmentSeats(
            government, taken.get(government.pk, 0), max(quota - taken.get(government.pk, 0), 0)
        )
        for government in Government.objects.filter(is_active=True).order_by("name")
    ]


def waitlisted_for_quota(registration, now=None):
    """Whether a waitlisted registration waits because of its government's quota alone: its
    mode has a free seat, but the quota in force gives its government's to others."""
    event, person = registration.event, registration.person
    now = now or timezone.now()
    if person.government_id is None or not event.quota_in_force(now, registration.mode):
        return False
    held = event.registrations.filter(
        mode=registration.mode, status__in=Registration.Status.holding_seat
    )
    capacity = event.capacity_of(registration.mode)
    if capacity is not None and held.count() >= capacity:
        return False
    return held.filter(person__government=person.government_id).count() >= (
        event.seats_per_government
    )


def pending_requests(now=None):
    """Requests to register awaiting the staff's approval for events that have not ended,
    oldest first, with the person and the event loaded: the admin index's list."""
    return (
        Registration.objects.filter(status=Registration.Status.PENDING)
        .filter(event__ends_at__gt=now or timezone.now())
        .select_related("person", "event")
        .order_by("created_at", "pk")
    )
