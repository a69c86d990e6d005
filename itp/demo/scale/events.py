"""Scale data: events, their agendas (sessions) and registrations."""

import datetime
import zoneinfo

from regions.models import Organisation
from workshops.models import Event, Registration, Session

from .run import EMAIL_DOMAIN, SLUG_PREFIX, insert, link, spread

# kind, weight, days (fewest, most), local hours, capacity range (None: may be unlimited),
# weight of its agenda, weight of its registrations
EVENT_KINDS = [
    (Event.Kind.WEBINAR, 45, (1, 1), None, None, 1.0, 1.6),
    (Event.Kind.WORKSHOP, 30, (1, 3), ((9, 0), (17, 30)), (30, 120), 4.0, 1.0),
    (Event.Kind.STUDY_VISIT, 10, (1, 2), ((8, 30), (18, 0)), (15, 40), 3.0, 0.5),
    (Event.Kind.SECONDMENT_BRIEFING, 15, (1, 1), None, (20, 60), 1.0, 0.6),
]
EVENT_TITLES = {
    Event.Kind.WEBINAR: "Webinar: {topic}",
    Event.Kind.WORKSHOP: "{place} workshop: {topic}",
    Event.Kind.STUDY_VISIT: "Study visit to {place}: {topic}",
    Event.Kind.SECONDMENT_BRIEFING: "Secondment briefing: {topic}",
}
# Share of events in the past, and the status mix of past and upcoming ones.
PAST_SHARE = 0.65
PAST_STATUSES = ((Event.Status.PUBLISHED, 88), (Event.Status.CANCELLED, 8), (Event.Status.DRAFT, 4))
UPCOMING_STATUSES = (
    (Event.Status.PUBLISHED, 75),
    (Event.Status.DRAFT, 15),
    (Event.Status.CANCELLED, 10),
)
# The agenda after each day's opening plenary, by event kind: session kind and weight.
AGENDA_KINDS = {
    Event.Kind.WORKSHOP: (
        (Session.Kind.PANEL, 3),
        (Session.Kind.BREAKOUT, 4),
        (Session.Kind.BREAK, 2),
        (Session.Kind.NETWORKING, 1),
    ),
    Event.Kind.STUDY_VISIT: (
        (Session.Kind.SITE_VISIT, 5),
        (Session.Kind.PANEL, 1),
        (Session.Kind.BREAK, 1),
        (Session.Kind.NETWORKING, 1),
    ),
    Event.Kind.WEBINAR: ((Session.Kind.PANEL, 2), (Session.Kind.BREAKOUT, 1)),
    Event.Kind.SECONDMENT_BRIEFING: ((Session.Kind.PANEL, 1), (Session.Kind.BREAKOUT, 1)),
}
SPEAKERS_PER_SESSION = {
    Session.Kind.PLENARY: (1, 2),
    Session.Kind.PANEL: (3, 4),
    Session.Kind.BREAKOUT: (1, 2),
    Session.Kind.SITE_VISIT: (0, 1),
    Session.Kind.NETWORKING: (0, 0),
    Session.Kind.BREAK: (0, 0),
}
REGISTRATION_CANCELLED_SHARE = 0.1
ATTENDED_SHARE = 0.82


def create_events(run, count):
    """Events from two years back to a year ahead, none within a day of ``today`` so that
    past and upcoming do not depend on the hour; in-person ones in their host's time zone."""
    rng = run.rng
    for number in range(1, count + 1):
        kind, _weight, (fewest, most), hours, capacities, _agenda, _attendance = run.choose(
            EVENT_KINDS
        )
        days = rng.randint(fewest, most)
        is_past = rng.random() < PAST_SHARE
        # Past events end two days before today at the latest, upcoming ones start two days
        # after at the earliest: time zones move them by less than a day.
        if is_past:
            first_day, statuses = run.today - run.days(days + 1, 730), PAST_STATUSES
        else:
            first_day, statuses = run.today + run.days(2, 365), UPCOMING_STATUSES
        host = run.governments[rng.randrange(len(run.governments))]
        in_person = hours is not None
        if not in_person and rng.random() < 0.3:
            # Online events of the secretariat itself, which sits in London.
            host, time_zone = None, "Europe/London"
        else:
            time_zone = host.time_zone
        windows = _event_windows(run, first_day, days, hours, time_zone)
        themes = run.some_themes(2)
        topic = run.topic(themes[0])
        city = run.place_name(host.country) if in_person else ""
        slug = f"{SLUG_PREFIX}event-{number:05d}"
        if capacities is None:
            capacity = None if rng.random() < 0.5 else rng.choice((100, 200, 300))
        else:
            capacity = rng.randint(*capacities)
        starts_at = windows[0][0]
        opens_at = starts_at - datetime.timedelta(days=60) if rng.random() < 0.7 else None
        closes_at = starts_at - datetime.timedelta(days=1) if rng.random() < 0.5 else None
        run.events.append(
            Event(
                title=EVENT_TITLES[kind].format(topic=topic, place=city),
                slug=slug,
                kind=kind,
                status=run.choose(statuses)[0],
                starts_at=starts_at,
                ends_at=windows[-1][1],
                time_zone=time_zone,
                venue=f"{city} Conference Centre" if in_person else "",
                city=city,
                country=host.country if in_person else "",
                host_government=host,
                join_url="" if in_person else f"https://meet.{EMAIL_DOMAIN}/{slug}",
                description=f"{topic}. {run.names.paragraph()}",
                capacity=capacity,
                registration_opens_at=opens_at,
                registration_closes_at=closes_at,
            )
        )
        run.event_windows.append(windows)
        run.event_themes.append(themes)
    insert(run, "events", Event, run.events, total=count)
    link(
        run,
        "event themes",
        Event.themes,
        (
            (event.pk, run.themes[theme].pk)
            for event, themes in zip(run.events, run.event_themes, strict=True)
            for theme in themes
        ),
    )


def _event_windows(run, first_day, days, hours, time_zone):
    """The (start, end) in UTC of each day of an event: office hours in the venue's time zone
    for events in person, an hour or two for online ones."""
    rng = run.rng
    zone = zoneinfo.ZoneInfo(time_zone)
    if hours is None:
        local = datetime.time(rng.choice((8, 9, 10, 11, 13, 14, 15, 16)), rng.choice((0, 30)))
        starts_at = datetime.datetime.combine(first_day, local, tzinfo=zone).astimezone(
            datetime.UTC
        )
        minutes = rng.choice((45, 60, 90, 120))
        return [(starts_at, starts_at + datetime.timedelta(minutes=minutes))]
    (open_hour, open_minute), (close_hour, close_minute) = hours
    windows = []
    for day in range(days):
        date = first_day + datetime.timedelta(days=day)
        opens = datetime.datetime.combine(date, datetime.time(open_hour, open_minute), zone)
        closes = datetime.datetime.combine(date, datetime.time(close_hour, close_minute), zone)
        windows.append((opens.astimezone(datetime.UTC), closes.astimezone(datetime.UTC)))
    return windows


# At most this many sessions per event: each gets at least a minute of the shortest event.
MAX_SESSIONS_PER_EVENT = 45


def create_sessions(run, count):
    """Agenda sessions that tile each day of their event: a plenary opens the day, then panels,
    breakouts, site visits (hosted by an organisation), breaks. Sessions are shared out in
    proportion to the events' length and kind."""
    rng = run.rng
    agenda_weights = {kind: agenda for kind, *_rest, agenda, _attendance in EVENT_KINDS}
    weights = [
        agenda_weights[event.kind] * len(windows) * rng.uniform(0.7, 1.3)
        for event, windows in zip(run.events, run.event_windows, strict=True)
    ]
    per_event = spread(count, weights, cap=MAX_SESSIONS_PER_EVENT)
    site_hosts = {}
    for index in run.organisations_by_kind.get(Organisation.Kind.INDUSTRY, []) + (
        run.organisations_by_kind.get(Organisation.Kind.UTILITY, [])
    ):
        site_hosts.setdefault(run.organisations[index].country, []).append(index)
    everywhere = sorted(index for hosts in site_hosts.values() for index in hosts) or list(
        range(len(run.organisations))
    )
    # Speakers and themes of the sessions of the batch being drawn, linked once it is written.
    pending, speaker_links, theme_links = [], [], []

    def sessions():
        for event, windows, themes, sessions_count in zip(
            run.events, run.event_windows, run.event_themes, per_event, strict=True
        ):
            in_person = bool(event.city)
            for day, ((opens, closes), in_window) in enumerate(
                zip(windows, _share_out(sessions_count, len(windows)), strict=True)
            ):
                minutes = int((closes - opens).total_seconds()) // 60
                # Whole five minutes when sessions are long enough: 10:35, not 10:37.
                step = 5 if minutes // max(in_window, 1) >= 10 else 1
                for slot in range(in_window):
                    starts_at = opens + datetime.timedelta(
                        minutes=minutes * slot // in_window // step * step
                    )
                    ends_at = opens + datetime.timedelta(
                        minutes=minutes * (slot + 1) // in_window // step * step
                    )
                    if slot == 0:
                        kind = Session.Kind.PLENARY
                    else:
                        kind = run.choose(AGENDA_KINDS[event.kind])[0]
                    host = None
                    if kind == Session.Kind.SITE_VISIT:
                        host = run.organisations[
                            rng.choice(site_hosts.get(event.country) or everywhere)
                        ]
                    topic = run.topic(rng.choice(themes))
                    fewest, most = SPEAKERS_PER_SESSION[kind]
                    speakers = rng.sample(
                        range(len(run.person_pks)),
                        min(rng.randint(fewest, most), len(run.person_pks)),
                    )
                    session_themes = [rng.choice(themes)] if rng.random() < 0.6 else []
                    pending.append((speakers, session_themes))
                    yield Session(
                        event_id=event.pk,
                        title=_session_title(run, kind, day, topic, host),
                        kind=kind,
                        starts_at=starts_at,
                        ends_at=ends_at,
                        location=_session_location(run, kind, host) if in_person else "",
                        host_organisation=host,
                    )

    def link_batch(batch):
        for session, (speakers, session_themes) in zip(batch, pending, strict=True):
            speaker_links.extend((session.pk, run.person_pks[person]) for person in speakers)
            theme_links.extend((session.pk, run.themes[theme].pk) for theme in session_themes)
        pending.clear()

    insert(run, "sessions", Session, sessions(), total=sum(per_event), after_batch=link_batch)
    link(run, "session speakers", Session.speakers, speaker_links)
    link(run, "session themes", Session.themes, theme_links)


def _share_out(total, parts):
    """``total`` split into ``parts`` whole numbers as even as can be, the larger ones first."""
    return [total // parts + (1 if part < total % parts else 0) for part in range(parts)]


def _session_title(run, kind, day, topic, host):
    if kind == Session.Kind.PLENARY:
        return "Opening plenary" if day == 0 else f"Day {day + 1}: plenary"
    if kind == Session.Kind.PANEL:
        return f"Panel: {topic}"
    if kind == Session.Kind.BREAKOUT:
        return f"Breakout: {topic}"
    if kind == Session.Kind.SITE_VISIT:
        return f"Site visit: {host.name}"
    if kind == Session.Kind.NETWORKING:
        return run.rng.choice(("Networking lunch", "Networking reception"))
    return "Coffee break"


def _session_location(run, kind, host):
    if host is not None:
        return f"{host.name}, {host.city}"
    if kind in (Session.Kind.BREAK, Session.Kind.NETWORKING):
        return "Foyer"
    return run.rng.choice(("Main hall", "Room A", "Room B", "Room C"))


def create_registrations(run, count):
    """Registrations for events that are not drafts, shared out by kind and popularity.

    People join in a random order: about one in ten cancels; the others take the seats up to
    the capacity, and the rest join the waitlist, numbered 1, 2, 3... in the order they came.
    At published events that are over, seats became attended or absent.
    """
    rng = run.rng
    attendance_weights = {kind: attendance for kind, *_rest, attendance in EVENT_KINDS}
    open_events = [event for event in run.events if event.status != Event.Status.DRAFT]
    weights = [attendance_weights[event.kind] * rng.uniform(0.4, 1.6) for event in open_events]
    people = len(run.person_pks)
    per_event = spread(count, weights, cap=people)

    def registrations():
        for event, registrations_count in zip(open_events, per_event, strict=True):
            attendance_taken = event.status == Event.Status.PUBLISHED and event.ends_at <= run.now
            seats_taken = waitlisted = 0
            for person in rng.sample(range(people), registrations_count):
                waitlist_order = cancelled_at = None
                if rng.random() < REGISTRATION_CANCELLED_SHARE:
                    status = Registration.Status.CANCELLED
                    cancelled_at = min(event.starts_at, run.now) - datetime.timedelta(
                        hours=rng.randint(1, 20 * 24)
                    )
                elif event.capacity is None or seats_taken < event.capacity:
                    seats_taken += 1
                    if not attendance_taken:
                        status = Registration.Status.REGISTERED
                    elif rng.random() < ATTENDED_SHARE:
                        status = Registration.Status.ATTENDED
                    else:
                        status = Registration.Status.ABSENT
                else:
                    waitlisted += 1
                    status, waitlist_order = Registration.Status.WAITLISTED, waitlisted
                yield Registration(
                    event_id=event.pk,
                    person_id=run.person_pks[person],
                    status=status,
                    mode=event.modes[0],
                    waitlist_order=waitlist_order,
                    cancelled_at=cancelled_at,
                )

    insert(run, "registrations", Registration, registrations(), total=sum(per_event))
