"""Every page of the site costs the same number of queries with ten times the data.

Each URL of the site (the admin aside) has cases here: a page requested as the role that sees
the most of it. Every case is counted once with a small programme and once with ten times as
much of everything the page shows; the counts must be equal, so a query run once per row
(an N+1) fails. The cases are checked against the URL resolver like the permission matrix:
a URL added without a case here fails the test.

Streamed responses (CSV, XLSX, the deliverable file) are read inside the count, and so are
the e-mails that registering and cancelling send once their transaction commits.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.models import Group
from django.contrib.auth.tokens import default_token_generator
from django.core.files.base import ContentFile
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from itp.models import Learning
from itp.roles import COORDINATORS, PARTICIPANTS, PROGRAMME_STAFF
from regions.models import Government, Person
from teams.models import Deliverable, Secondment
from tests.factories import (
    DeliverableFactory,
    EventFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    LearningFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RegistrationFactory,
    SecondmentFactory,
    SessionFactory,
    ThemeFactory,
    UserFactory,
)
from tests.test_permission_matrix import site_routes
from workshops.models import Event, Message, Registration, Session

pytestmark = pytest.mark.django_db

SMALL = 2
LARGE = 10 * SMALL

DAY = datetime.timedelta(days=1)

# The objects the pages are requested for: each gains rows with every populate().
GOVERNMENT = "focus-region"
EVENT = "focus-webinar"
FULL_EVENT = "focus-full-workshop"
TEAM = "focus-team"
LEARNING = "focus-learning"
THEME = "focus-theme"
REPORTS = ("programme-summary", "participation", "attendance", "teams", "secondments")
REPORT_QUERY = {"attendance": f"?event={EVENT}"}
NEWCOMER = "new participant"  # a participant made just before the request


@dataclass(frozen=True)
class Case:
    """One request: who makes it, to which path, and what must exist just before it.

    ``path`` may name ``{token}``, ``{deliverable}``, ``{uid}`` and ``{reset_token}``, which
    are filled in right before the request (outside the count). ``prepare(focus)`` runs
    outside the count too, and returns the user to log in as for roles made per request.
    ``status`` is the response's, checked so that a case cannot count the wrong page (a
    redirect to the login page, a 404) without failing.
    """

    role: str
    path: str
    method: str = "get"
    prepare: object = field(default=None, compare=False)
    status: int = 200

    @property
    def label(self):
        return f"{self.method.upper()} {self.path} as {self.role}"


# The POST cases are made by a new participant each time, so every count takes the same path
# through the service whatever the cases before it did.


def newcomer(focus):
    """A participant of the focus government with a login and no registration yet."""
    person = PersonFactory(government=focus.government, user=UserFactory())
    person.user.groups.add(focus.groups[PARTICIPANTS])
    return person.user


def seat_holder_of_open_event(focus):
    user = newcomer(focus)
    RegistrationFactory(event=focus.event, person=user.person)
    return user


def seat_holder_of_full_event(focus):
    """Someone whose seat at the full event goes to the first person on its waitlist."""
    user = newcomer(focus)
    Event.objects.filter(pk=focus.full_event.pk).update(capacity=F("capacity") + 1)
    RegistrationFactory(event=focus.full_event, person=user.person)
    return user


def waitlisted_at_full_event(focus):
    user = newcomer(focus)
    last = Registration.objects.filter(event=focus.full_event).count() + 1
    RegistrationFactory(
        event=focus.full_event,
        person=user.person,
        status=Registration.Status.WAITLISTED,
        waitlist_order=last,
    )
    return user


def anonymous(*paths):
    return tuple(Case("anonymous", path) for path in paths)


# route pattern: the cases that count it
CASES = {
    "": anonymous("/"),
    "healthz": anonymous("/healthz"),
    "governments/": anonymous("/governments/", "/governments/?sort=emissions"),
    "governments/<slug:slug>/": anonymous(f"/governments/{GOVERNMENT}/"),
    "teams/": anonymous("/teams/"),
    "teams/<slug:slug>/": (
        Case("anonymous", f"/teams/{TEAM}/"),
        Case("team_member", f"/teams/{TEAM}/"),
        Case("staff", f"/teams/{TEAM}/"),
    ),
    "teams/<slug:slug>/deliverables/<int:pk>/file": (
        Case("team_member", f"/teams/{TEAM}/deliverables/{{deliverable}}/file"),
    ),
    "secondments/": anonymous(
        "/secondments/",
        f"/secondments/?government={GOVERNMENT}&theme={THEME}&status=approved",
    ),
    "learnings/": anonymous("/learnings/", f"/learnings/?theme={THEME}&government={GOVERNMENT}"),
    "learnings/<slug:slug>/": anonymous(f"/learnings/{LEARNING}/"),
    "events/": anonymous(
        "/events/",
        "/events/?when=upcoming",
        "/events/?when=past",
        "/events/?kind=webinar",
        f"/events/?theme={THEME}",
        f"/events/?government={GOVERNMENT}",
        f"/events/?kind=workshop&theme={THEME}&government={GOVERNMENT}&when=past",
    )
    # The participant's registrations mark the schedule's rows.
    + (Case("participant", "/events/"), Case("participant", "/events/?when=past")),
    "events/calendar.ics": anonymous("/events/calendar.ics"),
    "events/<slug:slug>/": (
        Case("anonymous", f"/events/{EVENT}/"),
        Case("anonymous", f"/events/{EVENT}/?tz=America/Toronto"),
        Case("participant", f"/events/{EVENT}/"),
        Case("staff", f"/events/{EVENT}/"),
    ),
    "events/<slug:slug>/calendar.ics": anonymous(f"/events/{EVENT}/calendar.ics"),
    # A seat at the open event; the waitlist of the full one. Cancelling a seat at the full
    # event promotes the first person waiting, who is e-mailed.
    "events/<slug:slug>/register/": (
        Case(NEWCOMER, f"/events/{EVENT}/register/", "post", newcomer, 302),
        Case(NEWCOMER, f"/events/{FULL_EVENT}/register/", "post", newcomer, 302),
    ),
    # GET asks to confirm, with the waitlist place or whether someone is waiting for the seat.
    "events/<slug:slug>/cancel/": (
        Case(NEWCOMER, f"/events/{FULL_EVENT}/cancel/", "get", seat_holder_of_full_event),
        Case(NEWCOMER, f"/events/{FULL_EVENT}/cancel/", "get", waitlisted_at_full_event),
        Case(NEWCOMER, f"/events/{EVENT}/cancel/", "post", seat_holder_of_open_event, 302),
        Case(NEWCOMER, f"/events/{FULL_EVENT}/cancel/", "post", seat_holder_of_full_event, 302),
    ),
    "me/": (Case("participant", "/me/"),),
    # Saving the profile of a new participant each time: with no data, every choice is "off".
    "me/profile/": (
        Case("participant", "/me/profile/"),
        Case(NEWCOMER, "/me/profile/", "post", newcomer, 302),
    ),
    "me/calendar/reset/": (Case("participant", "/me/calendar/reset/", "post", status=302),),
    "me/calendar/<str:token>.ics": anonymous("/me/calendar/{token}.ics"),
    "reports/": (Case("coordinator", "/reports/"),),
    "reports/<slug:name>/": tuple(
        Case("coordinator", f"/reports/{name}/{REPORT_QUERY.get(name, '')}") for name in REPORTS
    )
    + (Case("coordinator", f"/reports/participation/?government={GOVERNMENT}&theme={THEME}"),),
    "reports/^(?P<name>[-\\w]+)\\.(?P<format>csv|xlsx|pdf)$": tuple(
        Case("coordinator", f"/reports/{name}.{format}{REPORT_QUERY.get(name, '')}")
        for name in REPORTS
        for format in ("csv", "xlsx", "pdf")
    ),
    "accounts/login/": anonymous("/accounts/login/"),
    "accounts/logout/": (Case("participant", "/accounts/logout/", "post", status=302),),
    "accounts/password_change/": (Case("participant", "/accounts/password_change/"),),
    "accounts/password_change/done/": (Case("participant", "/accounts/password_change/done/"),),
    "accounts/password_reset/": anonymous("/accounts/password_reset/"),
    "accounts/password_reset/done/": anonymous("/accounts/password_reset/done/"),
    # A valid link: Django keeps the token in the session and redirects to the form.
    "accounts/reset/<uidb64>/<token>/": (
        Case("anonymous", "/accounts/reset/{uid}/{reset_token}/", status=302),
    ),
    "accounts/reset/done/": anonymous("/accounts/reset/done/"),
}


@dataclass
class Focus:
    """The objects the pages are about, and the users who look at them."""

    groups: dict
    theme: object
    government: object
    event: object
    full_event: object
    team: object
    learning: object
    participant: Person
    file_deliverable: Deliverable
    users: dict


@pytest.fixture
def focus(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    groups = {group.name: group for group in Group.objects.all()}
    theme = ThemeFactory(name="Focus theme", slug=THEME)
    government = GovernmentFactory(name="Focus region", slug=GOVERNMENT, themes=[theme])
    now = timezone.now().replace(microsecond=0)
    event = EventFactory(
        title="Focus webinar",
        slug=EVENT,
        kind=Event.Kind.WEBINAR,
        starts_at=now + 20 * DAY,
        ends_at=now + 22 * DAY,
        capacity=10_000,
        host_government=government,
        join_url="https://meet.example.org/focus",
        themes=[theme],
    )
    full_event = EventFactory(
        title="Focus full workshop",
        slug=FULL_EVENT,
        starts_at=now + 25 * DAY,
        ends_at=now + 25 * DAY + DAY / 3,
        capacity=0,
        host_government=government,
        themes=[theme],
    )
    team = InnovationTeamFactory(
        name="Focus team", slug=TEAM, theme=theme, lead_government=government
    )
    participant = PersonFactory(name="Focus participant", government=government, user=UserFactory())
    participant.user.groups.add(groups[PARTICIPANTS])
    MembershipFactory(team=team, person=participant, role="lead")
    RegistrationFactory(event=event, person=participant)
    file_deliverable = DeliverableFactory(team=team)
    file_deliverable.file.save("barriers.pdf", ContentFile(b"%PDF-1.4 draft"), save=True)
    source = SecondmentFactory(
        person=participant,
        host_government=GovernmentFactory(),
        status=Secondment.Status.COMPLETED,
        starts_on=timezone.localdate() - 400 * DAY,
        ends_on=timezone.localdate() - 300 * DAY,
    )
    learning = LearningFactory(
        slug=LEARNING,
        government=government,
        source_secondment=source,
        is_published=True,
        published_on=timezone.localdate(),
        themes=[theme],
    )
    coordinator = UserFactory(is_staff=True)
    coordinator.groups.add(groups[COORDINATORS])
    staff = UserFactory(is_staff=True)
    staff.groups.add(groups[PROGRAMME_STAFF])
    return Focus(
        groups=groups,
        theme=theme,
        government=government,
        event=event,
        full_event=full_event,
        team=team,
        learning=learning,
        participant=participant,
        file_deliverable=file_deliverable,
        users={
            "anonymous": None,
            "participant": participant.user,
            "team_member": participant.user,
            "coordinator": coordinator,
            "staff": staff,
        },
    )


def populate(n, focus):
    """Add ``n`` of everything the pages show, around the focus objects and beside them.

    Each round adds a government (member of the focus team, with a team of its own), a theme,
    an organisation, people of both governments, an event (upcoming and past in turn) with
    sessions, registrations, a session of the focus webinar with speakers, team memberships
    and deliverables, secondments out of, into and by the focus participant, and learnings.
    """
    today = timezone.localdate()
    now = timezone.now().replace(microsecond=0)
    offset = Person.objects.count()  # keeps the participant's secondments from overlapping
    for index in range(n):
        theme = ThemeFactory()
        government = GovernmentFactory(themes=[theme, focus.theme])
        organisation = OrganisationFactory()
        local = PersonFactory(government=focus.government, consents_to_public_listing=True)
        visitor = PersonFactory(government=government, consents_to_public_listing=index % 2 == 0)
        expert = PersonFactory(
            government=None, organisation=organisation, consents_to_public_listing=False
        )

        # Events: upcoming and past in turn, hosted by the focus government.
        starts_at = now + (index + 1) * DAY if index % 2 else now - (index + 1) * DAY
        event = EventFactory(
            kind=Event.Kind.WEBINAR if index % 3 else Event.Kind.WORKSHOP,
            starts_at=starts_at,
            ends_at=starts_at + DAY / 4,
            host_government=focus.government,
            themes=[theme, focus.theme],
        )
        SessionFactory(event=event, speakers=[local, expert], themes=[theme])
        SessionFactory(
            event=event,
            kind=Session.Kind.SITE_VISIT,
            starts_at=starts_at + DAY / 8,
            host_organisation=organisation,
        )
        past = starts_at < now
        RegistrationFactory(
            event=event,
            person=focus.participant,
            status=Registration.Status.ATTENDED if past else Registration.Status.REGISTERED,
        )
        RegistrationFactory(
            event=event,
            person=visitor,
            status=Registration.Status.ABSENT if past else Registration.Status.REGISTERED,
        )
        SessionFactory(
            event=focus.event,
            starts_at=focus.event.starts_at + index * datetime.timedelta(minutes=30),
            speakers=[local, visitor, expert],
            themes=[theme],
            host_organisation=organisation,
            kind=Session.Kind.SITE_VISIT,
        )
        RegistrationFactory(event=focus.event, person=local)
        RegistrationFactory(event=focus.event, person=visitor, status="cancelled")
        RegistrationFactory(event=focus.full_event, person=local)
        Event.objects.filter(pk=focus.full_event.pk).update(capacity=F("capacity") + 1)
        waitlist_order = Registration.objects.filter(event=focus.full_event).count() + 1
        RegistrationFactory(
            event=focus.full_event,
            person=visitor,
            status=Registration.Status.WAITLISTED,
            waitlist_order=waitlist_order,
        )

        # Teams: the focus team grows; a team of the new government has the participant.
        focus.team.member_governments.add(government)
        MembershipFactory(team=focus.team, person=local)
        MembershipFactory(team=focus.team, person=expert, role="expert_adviser")
        DeliverableFactory(team=focus.team, visibility=Deliverable.Visibility.PUBLIC)
        DeliverableFactory(team=focus.team, file=f"deliverables/2025/plan-{index}.pdf")
        DeliverableFactory(
            team=focus.team,
            status=Deliverable.Status.DONE,
            completed_on=today,
            due_on=today - DAY,
            visibility=Deliverable.Visibility.PUBLIC,
        )
        team = InnovationTeamFactory(
            theme=theme, lead_government=government, member_governments=[focus.government]
        )
        MembershipFactory(team=team, person=focus.participant)
        MembershipFactory(team=team, person=visitor)
        DeliverableFactory(team=team, file=f"deliverables/2025/roadmap-{index}.pdf")
        DeliverableFactory(team=team, visibility=Deliverable.Visibility.PUBLIC, due_on=today - DAY)

        # Secondments: out of and into the focus government, and the participant's own.
        SecondmentFactory(
            person=local,
            host_government=government,
            theme=focus.theme,
            team=focus.team,
            status=Secondment.Status.APPROVED,
        )
        SecondmentFactory(
            person=visitor, host_government=focus.government, status=Secondment.Status.UNDER_WAY
        )
        SecondmentFactory(
            person=expert,
            home_government=government,
            host_government=None,
            host_organisation=organisation,
            status=Secondment.Status.COMPLETED,
        )
        starts_on = today + (offset + index) * 100 * DAY
        SecondmentFactory(
            person=focus.participant,
            host_government=None if index % 2 else government,
            host_organisation=organisation if index % 2 else None,
            theme=theme,
            starts_on=starts_on,
            ends_on=starts_on + 30 * DAY,
            status=Secondment.Status.APPROVED if index % 2 else Secondment.Status.PROPOSED,
        )

        # Learnings about the focus government, from each kind of source in turn.
        sources = [
            {"source_event": event},
            {"source_team": team},
            {"source_secondment": Secondment.objects.filter(person=local).first()},
        ]
        LearningFactory(
            government=focus.government,
            organisation=organisation,
            is_published=True,
            published_on=today - index * DAY,
            themes=[theme, focus.theme],
            **sources[index % 3],
        )
        focus.learning.themes.add(theme)


def fill_in(path, focus):
    participant = Person.objects.select_related("user").get(pk=focus.participant.pk)
    user = participant.user
    return path.format(
        token=participant.calendar_token,
        deliverable=focus.file_deliverable.pk,
        uid=urlsafe_base64_encode(force_bytes(user.pk)),
        reset_token=default_token_generator.make_token(user),
    )


def consume(response):
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def statements_of(client, case, focus, django_capture_on_commit_callbacks):
    """The SQL one request runs, with the e-mails it sends after its transaction commits."""
    client.logout()
    user = case.prepare(focus) if case.prepare else focus.users[case.role]
    if user is not None:
        client.force_login(user)
    path = fill_in(case.path, focus)
    with (
        CaptureQueriesContext(connection) as queries,
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = getattr(client, case.method)(path)
        consume(response)
    assert response.status_code == case.status, case.label
    return [query["sql"] for query in queries.captured_queries]


def statements_of_every_case(client, focus, django_capture_on_commit_callbacks):
    return {
        case.label: statements_of(client, case, focus, django_capture_on_commit_callbacks)
        for cases in CASES.values()
        for case in cases
    }


def shape(sql):
    """A statement with its literal values blanked, so repeats of one query look alike."""
    sql = re.sub(r"'[^']*'|%s|\b\d+\b", "?", sql)
    return re.sub(r"IN \((\?, )*\?\)", "IN (…)", sql)


def growth(label, small, large):
    """What a page ran more often with more data: where its N+1 is."""
    grown = Counter(map(shape, large)) - Counter(map(shape, small))
    repeated = "; ".join(f"{times}× {statement[:200]}" for statement, times in grown.items())
    return f"{label}: {len(small)} queries, then {len(large)}; more of: {repeated}"


def rows_per_round(focus):
    """The rows the focus objects' pages list (beside the focus objects themselves), divided
    by the number of populate() rounds that made them."""
    participant, team, government = focus.participant, focus.team, focus.government
    rows = {
        "governments with the focus theme": Government.objects.filter(themes=focus.theme)
        .exclude(pk=government.pk)
        .count(),
        "events hosted": Event.objects.filter(host_government=government)
        .exclude(pk__in=[focus.event.pk, focus.full_event.pk])
        .count(),
        "sessions of the webinar": focus.event.sessions.count(),
        # People without a login: those the POST cases made are left out.
        "registrations for the webinar": focus.event.registrations.filter(
            person__user=None
        ).count(),
        "registrations of the participant": participant.registrations.exclude(
            event=focus.event
        ).count(),
        "teams of the participant": participant.memberships.exclude(team=team).count(),
        "secondments of the participant": participant.secondments.exclude(
            status=Secondment.Status.COMPLETED
        ).count(),
        "members of the team": team.memberships.exclude(person=participant).count(),
        "deliverables of the team": team.deliverables.exclude(pk=focus.file_deliverable.pk).count(),
        "learnings about the government": Learning.objects.filter(government=government)
        .exclude(pk=focus.learning.pk)
        .count(),
        "themes of the learning": focus.learning.themes.exclude(pk=focus.theme.pk).count(),
    }
    return {name: count / LARGE for name, count in rows.items()}


def test_every_url_of_the_site_has_query_count_cases():
    assert sorted(site_routes()) == sorted(CASES)


def test_every_page_costs_the_same_queries_with_ten_times_the_data(
    client, focus, django_capture_on_commit_callbacks
):
    populate(SMALL, focus)
    small = statements_of_every_case(client, focus, django_capture_on_commit_callbacks)
    populate(LARGE - SMALL, focus)

    large = statements_of_every_case(client, focus, django_capture_on_commit_callbacks)

    sent = Message.objects.filter(status=Message.Status.SENT)
    assert Counter(sent.values_list("kind", flat=True)) == {
        "confirmed": 2,
        "waitlisted": 2,
        "promoted": 2,
        "place_cancelled": 4,
    }
    assert rows_per_round(focus) == {
        "governments with the focus theme": 1,
        "events hosted": 1,
        "sessions of the webinar": 1,
        "registrations for the webinar": 2,
        "registrations of the participant": 1,
        "teams of the participant": 1,
        "secondments of the participant": 1,
        "members of the team": 2,
        "deliverables of the team": 3,
        "learnings about the government": 1,
        "themes of the learning": 1,
    }
    grown = [
        growth(label, small[label], large[label])
        for label in small
        if len(small[label]) != len(large[label])
    ]
    assert grown == [], "\n".join(grown)
