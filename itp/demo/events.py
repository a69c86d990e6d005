"""The demo programme's events: the Milan kick-off of April 2019 and what is coming up."""

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from regions.models import Person
from workshops.models import Event, Mode, Registration, Session
from workshops.services import register_for_event

from .rows import update_or_create_quietly

MILAN = ZoneInfo("Europe/Rome")

KICK_OFF_DESCRIPTION = (
    "The three-day workshop that started the Industry Transition Platform. Participants from "
    "ten highly industrialised state and regional governments, from seven countries, met to "
    "begin two years of sharing experience on cutting industrial emissions while supporting "
    "growth, jobs and prosperity, and identified the programme's key areas of interest."
)

SITE_VISIT_DESCRIPTION = (
    "A visit to ORI Martin's steel plant in Brescia, which makes steel in an electric arc "
    "furnace rather than a blast furnace. With Tenova, Turboden and A2A, ORI Martin created "
    "iRecovery, the first project of its kind in Italy: waste heat from the steelworks heats "
    "2,000 families through district heating in winter and makes electricity for 700 "
    "families in summer."
)


def _milan(day, hour, minute=0):
    return datetime.datetime(2019, 4, day, hour, minute, tzinfo=MILAN)


def load_demo_events(*, themes, organisations, governments, today):
    """Create or update the demo events, their sessions and registrations."""
    _load_kick_off(themes, organisations, governments)
    for upcoming in UPCOMING_EVENTS:
        _load_upcoming(upcoming, themes, governments, today)


def _load_kick_off(themes, organisations, governments):
    event = _update_or_create_event(
        "milan-kick-off-workshop-2019",
        title="ITP kick-off workshop, Milan",
        kind=Event.Kind.WORKSHOP,
        status=Event.Status.PUBLISHED,
        starts_at=_milan(9, 9),
        ends_at=_milan(11, 17),
        time_zone="Europe/Rome",
        venue="Palazzo Lombardia",
        city="Milan",
        country="IT",
        host_government=governments["lombardy"],
        description=KICK_OFF_DESCRIPTION,
        capacity=60,
    )
    event.themes.set(themes.values())
    ori_martin = organisations["ori-martin"]
    energy_manager = Person.objects.get(email__iexact="ori-martin.energy@ori-martin.example")
    programme_manager = Person.objects.get(email__iexact="demo-staff@theclimategroup.example")
    sessions = [
        ("Welcome and the programme's ambition", Session.Kind.PLENARY, _milan(9, 9),
         _milan(9, 10, 30), "Auditorium", "", [programme_manager], None, []),
        ("Systems change: how governments drive transformation", Session.Kind.PANEL,
         _milan(9, 11), _milan(9, 12, 30), "Auditorium", "", [programme_manager], None, []),
        ("Report back from the breakouts", Session.Kind.PLENARY, _milan(9, 16),
         _milan(9, 17), "Auditorium", "", [], None, []),
        ("Site visit: ORI Martin steel plant and iRecovery", Session.Kind.SITE_VISIT,
         _milan(10, 8, 30), _milan(10, 16, 30), "ORI Martin plant, Brescia",
         SITE_VISIT_DESCRIPTION, [energy_manager], ori_martin,
         ["energy-efficiency-renewables", "industry-stakeholders"]),
        ("Innovation teams: choosing the challenges", Session.Kind.BREAKOUT, _milan(11, 9),
         _milan(11, 11), "Room 2", "", [], None, []),
        ("Networking lunch", Session.Kind.NETWORKING, _milan(11, 12), _milan(11, 13, 30),
         "Terrace", "", [], None, []),
        ("Next steps and close", Session.Kind.PLENARY, _milan(11, 14), _milan(11, 16, 30),
         "Auditorium", "", [programme_manager], None, []),
    ]  # fmt: skip
    for index, theme in enumerate(themes.values()):
        sessions.append(
            (f"Breakout: {theme.name}", Session.Kind.BREAKOUT, _milan(9, 14),
             _milan(9, 15, 30), f"Room {index + 1}", theme.description, [], None, [theme.slug])
        )  # fmt: skip
    for (
        title,
        kind,
        starts_at,
        ends_at,
        location,
        description,
        speakers,
        host,
        theme_slugs,
    ) in sessions:
        session, _ = Session.objects.update_or_create(
            event=event,
            title=title,
            defaults={
                "kind": kind,
                "starts_at": starts_at,
                "ends_at": ends_at,
                "location": location,
                "description": description,
                "host_organisation": host,
            },
        )
        session.speakers.set(speakers)
        session.themes.set([themes[slug] for slug in theme_slugs])
    # The workshop is history: its attendance is recorded as it happened, not registered now.
    attendees = Person.objects.filter(government__isnull=False)
    for person in attendees:
        Registration.objects.get_or_create(
            event=event, person=person, defaults={"status": Registration.Status.ATTENDED}
        )


# slug, title, kind, days from today, local start (hour, minute), length in minutes,
# time zone, venue, city, country, host government, capacity, theme slugs, description
UPCOMING_EVENTS = [
    ("webinar-hydrogen-valleys", "Webinar: hydrogen valleys in Scotland and Quebec",
     Event.Kind.WEBINAR, 14, (15, 0), 90, "Europe/London", "", "", "", "scotland", None,
     ["sustainable-hydrogen"],
     "How two member governments bring hydrogen producers and industrial users together."),
    ("webinar-financing-decarbonisation", "Webinar: financing industrial decarbonisation",
     Event.Kind.WEBINAR, 35, (16, 0), 75, "Europe/Paris", "", "", "", "hauts-de-france", 100,
     ["innovative-finance"],
     "Public and private finance models for low-carbon industrial investment."),
    ("webinar-waste-heat", "Webinar: waste heat from industry to homes",
     Event.Kind.WEBINAR, 56, (17, 0), 60, "Europe/Rome", "", "", "", "lombardy", 200,
     ["energy-efficiency-renewables"],
     "From iRecovery in Brescia to district heating elsewhere: what it takes to replicate."),
    ("katowice-workshop", "ITP workshop, Katowice: coal regions in transition",
     Event.Kind.WORKSHOP, 90, (9, 0), 60 * 32, "Europe/Warsaw", "Silesian Museum",
     "Katowice", "PL", "silesia", 8,
     ["low-carbon-innovation", "industry-stakeholders"],
     "Two days on the industrial transition of coal regions, with a small group so that "
     "everyone takes part. Places are limited to eight."),
]  # fmt: skip


KATOWICE_ONLINE_SEATS = 40


def _load_upcoming(upcoming, themes, governments, today):
    (slug, title, kind, days_ahead, (hour, minute), minutes, zone_name, venue, city, country,
     host, capacity, theme_slugs, description) = upcoming  # fmt: skip
    zone = ZoneInfo(zone_name)
    existing = Event.objects.filter(slug=slug).first()
    if existing is not None and existing.ends_at > timezone.now():
        day = existing.starts_at.astimezone(zone).date()
    else:
        # The Tuesday on or after the offset: programme events fall on working days.
        day = today + datetime.timedelta(days=days_ahead)
        day += datetime.timedelta(days=(1 - day.weekday()) % 7)
    starts_at = datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=zone)
    seats = {
        "attendance_mode": Event.AttendanceMode.ONLINE
        if kind == Event.Kind.WEBINAR
        else Event.AttendanceMode.IN_PERSON
    }
    if slug == "katowice-workshop":
        # Hybrid, with one seat in the room per government until two weeks before.
        seats = {
            "attendance_mode": Event.AttendanceMode.HYBRID,
            "online_capacity": KATOWICE_ONLINE_SEATS,
            "seats_per_government": 1,
            "quota_released_at": starts_at - datetime.timedelta(days=14),
        }
    event = _update_or_create_event(
        slug,
        title=title,
        kind=kind,
        status=Event.Status.PUBLISHED,
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=minutes),
        time_zone=zone_name,
        venue=venue,
        city=city,
        country=country,
        host_government=governments[host],
        description=description,
        capacity=capacity,
        **seats,
        join_url=f"https://meet.example.org/itp/{slug}" if kind == Event.Kind.WEBINAR else "",
    )
    event.themes.set([themes[theme_slug] for theme_slug in theme_slugs])
    if slug == "webinar-hydrogen-valleys":
        participant = Person.objects.get(email__iexact="demo-participant@lombardy.example")
        register_for_event(event=event, person=participant)
    if slug == "katowice-workshop":
        # The room full, one official of each of eight governments (the quota), so that the
        # demo participant meets the waitlist.
        officials = Person.objects.filter(
            kind=Person.Kind.GOVERNMENT_OFFICIAL, government__isnull=False, user__isnull=True
        ).order_by("government__name", "email")
        one_each = {}
        for person in officials:
            one_each.setdefault(person.government_id, person)
        for person in list(one_each.values())[:capacity]:
            register_for_event(event=event, person=person, mode=Mode.IN_PERSON)


def _update_or_create_event(slug, **fields):
    return update_or_create_quietly(Event, {"slug": slug}, fields)
