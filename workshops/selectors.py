"""Reads of events that pages and feeds share, each a fixed number of queries."""

import itertools
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Count, Max, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from regions.models import Government, Person

from .models import Event, Message, Registration, Session
from .notifications import MAX_ATTEMPTS

# Local hours, [start, end), in which a webinar is comfortable to attend.
WORKING_HOURS = (8, 18)


def schedule_events():
    """Public events with their host government and the seats taken, for the schedule."""
    return (
        Event.objects.public()
        .with_seats_taken()
        .select_related("host_government")
        .order_by("starts_at", "title")
    )


def registrations_by_event(person, events):
    """A person's registrations for the given events, by event id, with each one's waitlist
    place; cancelled ones are left out. One query for all the events (none without a person),
    so a page of the schedule can mark the viewer's events at a fixed cost."""
    if person is None:
        return {}
    registrations = (
        Registration.objects.filter(person=person, event__in=[event.pk for event in events])
        .exclude(status=Registration.Status.CANCELLED)
        .with_waitlist_place()
    )
    return {registration.event_id: registration for registration in registrations}


def public_schedule_version():
    """A value that changes whenever a public event or its agenda changes: their number, the
    latest updated_at (edits and agenda changes through the services move it) and the number
    of sessions. One aggregate query."""
    version = Event.objects.public().aggregate(
        count=Count("pk", distinct=True),
        changed=Max("updated_at"),
        sessions=Count("sessions", distinct=True),
    )
    return "{count} {changed} {sessions}".format(**version)


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
        .order_by("starts_at", "title")
    )


@dataclass(frozen=True)
class AgendaDay:
    date: object
    sessions: list


def agenda_by_day(event):
    """The event's prefetched sessions grouped by day in the venue's time zone."""
    zone = ZoneInfo(event.time_zone)
    sessions = sorted(event.sessions.all(), key=lambda session: session.starts_at)
    return [
        AgendaDay(date=day, sessions=list(group))
        for day, group in itertools.groupby(
            sessions, key=lambda session: session.starts_at.astimezone(zone).date()
        )
    ]


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
    """A person's registrations with their event and waitlist place, soonest first."""
    return (
        Registration.objects.filter(person=person)
        .with_waitlist_place()
        .select_related("event", "event__host_government")
        .order_by("event__starts_at")
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
        .order_by("starts_at", "title")
    )


def registrations_in_feed_of(person):
    """A person's registrations that their feed shows: all but the cancelled ones (so an
    attended or missed past event stays), with the waitlist place."""
    return (
        Registration.objects.filter(person=person)
        .exclude(status=Registration.Status.CANCELLED)
        .with_waitlist_place()
    )


def events_in_feed_of(person):
    """Public events a person is registered or waitlisted for (not cancelled), for their feed."""
    registered = Registration.objects.filter(person=person).exclude(
        status=Registration.Status.CANCELLED
    )
    return events_for_calendar().filter(pk__in=registered.values("event_id"))


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
        .order_by("starts_at", "title")
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
