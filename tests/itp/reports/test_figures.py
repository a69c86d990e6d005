"""The reports' per-government figures and the summary's totals against a plain recount: every
row read in Python and the filters applied by hand, on a programme with a bit of everything
(people of no government, every registration status, draft events, secondments hosted by
organisations, teams a government leads and belongs to, unpublished learnings)."""

import datetime
from collections import Counter
from decimal import Decimal

import pytest
from django.utils import timezone

from itp.models import Learning
from itp.reports.figures import GovernmentFigures
from itp.reports.filters import ReportFilters
from itp.reports.participation import Participation
from itp.reports.summary import ProgrammeSummary
from regions.models import Person
from teams.models import InnovationTeam, Membership, Secondment
from tests.factories import (
    EventFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    LearningFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RegistrationFactory,
    SecondmentFactory,
    ThemeFactory,
)
from workshops.models import Event, Registration

pytestmark = pytest.mark.django_db

STATUSES = ["registered", "attended", "absent", "cancelled", "waitlisted"]
FIGURES = [
    "registrations",
    "seats",
    "attended",
    "people",
    "participants",
    "events_attended",
    "memberships",
    "secondments_out",
    "secondments_in",
    "secondment_days_out",
    "secondment_days_in",
    "events_hosted",
    "teams",
    "learnings",
]


@pytest.fixture
def programme():
    """Three governments, two themes, events over two years, and everything counted."""
    governments = GovernmentFactory.create_batch(3)
    themes = ThemeFactory.create_batch(2)
    organisation = OrganisationFactory()
    people = [PersonFactory(government=governments[n % 3]) for n in range(9)]
    people += [PersonFactory(government=None, organisation=organisation) for _ in range(2)]
    start = timezone.make_aware(datetime.datetime(2024, 3, 1, 10))
    for n in range(8):
        event = EventFactory(
            host_government=governments[n % 3] if n % 4 else None,
            status=Event.Status.DRAFT if n == 5 else Event.Status.PUBLISHED,
            starts_at=start + datetime.timedelta(days=97 * n),
            capacity=None,
        )
        event.themes.set([themes[n % 2]] if n % 3 else themes)
        for m, person in enumerate(people[n % 4 :: 2]):
            status = STATUSES[(n + m) % 5]
            RegistrationFactory(
                event=event,
                person=person,
                status=status,
                waitlist_order=m if status == "waitlisted" else None,
            )
    for n, person in enumerate(people[:8]):
        SecondmentFactory(
            person=person,
            home_government=person.government,
            host_government=None if n % 3 == 0 else governments[(n + 1) % 3],
            host_organisation=organisation if n % 3 == 0 else None,
            theme=themes[n % 2],
            starts_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=120 * n),
            ends_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=120 * n + 30 + n),
            status=[Secondment.Status.APPROVED, Secondment.Status.COMPLETED][n % 2]
            if n != 4
            else Secondment.Status.PROPOSED,
        )
    for n in range(4):
        team = InnovationTeamFactory(
            lead_government=governments[n % 3],
            theme=themes[n % 2],
            starts_on=datetime.date(2024, 1, 1) + datetime.timedelta(days=200 * n),
            ends_on=None
            if n == 3
            else datetime.date(2024, 6, 1) + datetime.timedelta(days=200 * n),
        )
        team.member_governments.set(governments[: n % 3 + 1])  # the lead among them, too
        for person in people[n::3]:
            MembershipFactory(team=team, person=person)
    for n in range(5):
        learning = LearningFactory(
            government=governments[n % 3] if n != 4 else None,
            is_published=n != 2,
            published_on=datetime.date(2024, 2, 1) + datetime.timedelta(days=150 * n),
        )
        learning.themes.set([themes[n % 2]])
    return {"government": governments[1], "theme": themes[0]}


def recount(filters):
    """Every figure counted the plain way: each row read and tested against the filters."""
    start, end, government, theme = (
        filters.date_from,
        filters.date_to,
        filters.government,
        filters.theme,
    )

    def in_period(first, last):
        return (start is None or last >= start) and (end is None or first <= end)

    def event_counted(event):
        day = timezone.localdate(event.starts_at)
        return (
            event.status == Event.Status.PUBLISHED
            and in_period(day, day)
            and (theme is None or theme in event.themes.all())
        )

    registrations = [
        registration
        for registration in Registration.objects.select_related("event", "person")
        if event_counted(registration.event)
        and (government is None or registration.person.government == government)
    ]

    def by_government(rows):
        return Counter(registration.person.government_id for registration in rows)

    attended = [r for r in registrations if r.status == Registration.Status.ATTENDED]
    secondments = [
        secondment
        for secondment in Secondment.objects.all()
        if secondment.status in Secondment.Status.held
        and government in (None, secondment.home_government, secondment.host_government)
        and in_period(secondment.starts_on, secondment.ends_on)
        and (theme is None or secondment.theme == theme)
    ]
    teams = [
        team
        for team in InnovationTeam.objects.all()
        if in_period(team.starts_on, team.ends_on or datetime.date.max)
        and (theme is None or team.theme == theme)
        and (
            government is None
            or team.lead_government == government
            or government in team.member_governments.all()
        )
    ]
    learnings = [
        learning
        for learning in Learning.objects.filter(is_published=True)
        if in_period(learning.published_on, learning.published_on)
        and (theme is None or theme in learning.themes.all())
        and (government is None or learning.government == government)
    ]
    days_out, days_in = Counter(), Counter()
    for secondment in secondments:
        days_out[secondment.home_government_id] += secondment.duration_days
        days_in[secondment.host_government_id] += secondment.duration_days
    return {
        "registrations": by_government(registrations),
        "seats": by_government(r for r in registrations if r.holds_seat),
        "attended": by_government(attended),
        "people": Counter(person.government_id for person in Person.objects.all()),
        "participants": Counter(
            government
            for government, _person in {
                (r.person.government_id, r.person_id) for r in registrations
            }
        ),
        "events_attended": Counter(
            government
            for government, _event in {(r.person.government_id, r.event_id) for r in attended}
        ),
        "memberships": Counter(
            membership.person.government_id
            for membership in Membership.objects.filter(team__in=teams)
        ),
        "secondments_out": Counter(s.home_government_id for s in secondments),
        "secondments_in": Counter(s.host_government_id for s in secondments),
        "secondment_days_out": days_out,
        "secondment_days_in": days_in,
        "events_hosted": Counter(
            event.host_government_id
            for event in Event.objects.all()
            if event_counted(event) and government in (None, event.host_government)
        ),
        "teams": Counter(
            taking_part.pk
            for team in teams
            for taking_part in {team.lead_government, *team.member_governments.all()}
        ),
        "learnings": Counter(learning.government_id for learning in learnings),
        "team_count": len(teams),
        "secondment_count": len(secondments),
        "learning_count": len(learnings),
    }


FILTERS = {
    "none": {},
    "government": {"government": True},
    "theme": {"theme": True},
    "dates": {"date_from": datetime.date(2024, 6, 1), "date_to": datetime.date(2025, 6, 30)},
    "all": {
        "government": True,
        "theme": True,
        "date_from": datetime.date(2024, 6, 1),
        "date_to": datetime.date(2025, 6, 30),
    },
}


def filters_of(programme, name):
    chosen = {
        key: programme[key] if value is True else value for key, value in FILTERS[name].items()
    }
    return ReportFilters(**chosen)


@pytest.mark.parametrize("name", FILTERS)
def test_government_figures_equal_a_plain_recount(programme, name):
    filters = filters_of(programme, name)
    expected = recount(filters)

    figures = GovernmentFigures(Participation(filters))

    # Filtered by a government, a report shows that government's row only.
    if filters.government:
        shown = lambda counts: counts[filters.government.pk]  # noqa: E731
    else:
        shown = lambda counts: +counts  # noqa: E731
    assert {figure: shown(getattr(figures, figure)) for figure in FIGURES} == {
        figure: shown(expected[figure]) for figure in FIGURES
    }
    # Every figure is put to the test, and each filter leaves something to count.
    assert all(expected[figure] for figure in FIGURES) or name != "none"
    assert [figure for figure in FIGURES if not expected[figure]] != FIGURES


@pytest.mark.parametrize("name", FILTERS)
def test_summary_totals_equal_a_plain_recount(programme, name):
    filters = filters_of(programme, name)
    expected = recount(filters)

    activity = dict(ProgrammeSummary(filters).sections()[0].rows)

    seats, attended = sum(expected["seats"].values()), sum(expected["attended"].values())
    assert activity["Registrations"] == sum(expected["registrations"].values())
    assert activity["Attendance rate (%)"] == (
        None if not seats else (Decimal(100 * attended) / seats).quantize(Decimal("0.1"))
    )
    assert activity["Teams"] == expected["team_count"]
    assert activity["Secondments"] == expected["secondment_count"]
    assert activity["Secondment-days"] == sum(expected["secondment_days_out"].values())
    assert activity["Learnings published"] == expected["learning_count"]
