"""The demo programme's events: the Milan kick-off of April 2019 and what is coming up."""

import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.utils import timezone

from regions.models import Person
from workshops.models import Answer, Event, Mode, Question, Registration, Session
from workshops.selectors import planned_day
from workshops.services import create_draft_webinar, register_for_event

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
    _load_planned_webinar(themes, today)


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
        registered = list(one_each.values())[:capacity]
        for person in registered:
            register_for_event(event=event, person=person, mode=Mode.IN_PERSON)
        _load_katowice_questions(event, registered)


# label, kind, choices, required, help text
KATOWICE_QUESTIONS = [
    ("Dietary needs", Question.Kind.TEXT, [], False,
     "Allergies, vegetarian or vegan, anything the caterers should know."),
    ("Accessibility needs", Question.Kind.TEXT, [], False,
     "Step-free access, a hearing loop, a seat near the front: tell us what helps."),
    ("Do you need a visa invitation letter?", Question.Kind.YES_NO, [], True,
     "We send letters for the Schengen visa within a week of registration."),
    ("Which field visit?", Question.Kind.CHOICE,
     ["Guido coal mine museum", "Tauron heat plant", "Silesian hydrogen valley"], False,
     "The second afternoon: three visits in parallel."),
]  # fmt: skip

# A few registrants' answers, by their place in the list of officials registered.
KATOWICE_ANSWERS = {
    0: {"Dietary needs": "Vegetarian", "Do you need a visa invitation letter?": "no",
        "Which field visit?": "Tauron heat plant"},
    1: {"Accessibility needs": "Step-free access to the rooms, please.",
        "Do you need a visa invitation letter?": "yes",
        "Which field visit?": "Silesian hydrogen valley"},
    2: {"Dietary needs": "No nuts (allergy)", "Do you need a visa invitation letter?": "no",
        "Which field visit?": "Guido coal mine museum"},
}  # fmt: skip


def _load_katowice_questions(event, officials):
    """The questions the Katowice workshop asks, and the answers of a few registrants."""
    questions = {}
    for position, (label, kind, choices, required, help_text) in enumerate(KATOWICE_QUESTIONS):
        questions[label] = update_or_create_quietly(
            Question,
            {"event": event, "label": label},
            {
                "kind": kind,
                "choices": "\n".join(choices),
                "required": required,
                "help_text": help_text,
                "position": position,
            },
        )
    officials = list(officials)
    for index, answers in KATOWICE_ANSWERS.items():
        if index >= len(officials):
            continue
        registration = Registration.objects.filter(event=event, person=officials[index]).first()
        if registration is None:
            continue
        for label, value in answers.items():
            update_or_create_quietly(
                Answer,
                {"registration": registration, "question": questions[label]},
                {"value": value},
            )


def _update_or_create_event(slug, **fields):
    return update_or_create_quietly(Event, {"slug": slug}, fields)


PLANNED_WEBINAR_SLUG = "webinar-planned-across-ten-time-zones"
PLANNED_WEBINAR_TITLE = "Webinar: planned across ten time zones"
PLANNED_WEBINAR_LENGTH = datetime.timedelta(minutes=90)


def _load_planned_webinar(themes, today):
    """A draft webinar that the demo's staff member started from the planner's best slot on
    a Tuesday about three weeks ahead. Left as it is while it is still to come; planned
    again once it is over."""
    existing = Event.objects.filter(slug=PLANNED_WEBINAR_SLUG).first()
    if existing is not None and existing.ends_at > timezone.now():
        return existing
    day = today + datetime.timedelta(days=21)
    day += datetime.timedelta(days=(1 - day.weekday()) % 7)
    plan = planned_day(day, PLANNED_WEBINAR_LENGTH)
    # 14:00 UTC, were every government on holiday that day.
    best = plan.best[0] if plan.best else plan.slot_at(datetime.time(14))
    if existing is not None:
        existing.starts_at, existing.ends_at = best.starts_at, best.ends_at
        existing.save()
        return existing
    event = create_draft_webinar(
        starts_at=best.starts_at,
        duration=PLANNED_WEBINAR_LENGTH,
        time_zone="UTC",
        created_by=get_user_model().objects.filter(username="demo-staff").first(),
        title=PLANNED_WEBINAR_TITLE,
        slug=PLANNED_WEBINAR_SLUG,
    )
    event.themes.set([themes["low-carbon-innovation"]])
    return event
