"""The teams and secondments a participant follows on /me/."""

import datetime
import re

import pytest
from django.utils import timezone

from teams.models import Deliverable, Membership, Secondment
from tests.factories import (
    DeliverableFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    MembershipFactory,
    OrganisationFactory,
    SecondmentFactory,
)
from tests.html import count_queries, plain, section, text

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def team_headings(response):
    return [
        plain(heading)
        for heading in re.findall(r"<h3[^>]*>(.*?)</h3>", section(response, "teams-heading"))
    ]


def deliverable_cells(response):
    """The first cell of each deliverable row on the page, as text."""
    rows = re.findall(r"<tr>\s*<td>(.*?)</td>", section(response, "teams-heading"), re.DOTALL)
    return [plain(cell) for cell in rows]


def test_me_for_anonymous_redirects_to_login(client):
    response = client.get("/me/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/me/"


def test_me_lists_my_team_with_its_team_only_deliverables(client, participant):
    team = InnovationTeamFactory(name="Hydrogen valleys", slug="hydrogen-valleys")
    MembershipFactory(team=team, person=participant, role=Membership.Role.LEAD)
    today = timezone.localdate()
    DeliverableFactory(
        team=team,
        title="Public roadmap",
        summary="",
        visibility=Deliverable.Visibility.PUBLIC,
        due_on=today + 10 * DAY,
    )
    DeliverableFactory(
        team=team,
        title="Draft bid to the innovation fund",
        summary="",
        visibility=Deliverable.Visibility.TEAM_ONLY,
        due_on=today + 20 * DAY,
    )

    response = client.get("/me/")

    assert team_headings(response) == ["Hydrogen valleys Lead"]
    assert deliverable_cells(response) == [
        "Public roadmap",
        "Draft bid to the innovation fund Team only",
    ]
    assert '<a href="/teams/hydrogen-valleys/">Hydrogen valleys</a>' in text(response)


def test_me_leaves_out_teams_i_left_and_teams_of_others(client, participant):
    MembershipFactory(team=InnovationTeamFactory(name="Waste heat networks"), person=participant)
    MembershipFactory(
        team=InnovationTeamFactory(name="Coal regions in transition"),
        person=participant,
        ended_on=timezone.localdate() - DAY,
    )
    other = MembershipFactory(team=InnovationTeamFactory(name="Green bonds for steel"))
    DeliverableFactory(team=other.team, title="Another team's secret plan")

    response = client.get("/me/")

    assert team_headings(response) == ["Waste heat networks Member"]
    assert "Coal regions in transition" not in text(response)
    assert "Another team's secret plan" not in text(response)


def test_me_without_teams_says_so(client, participant):
    MembershipFactory(team=InnovationTeamFactory(name="Green bonds for steel"))

    response = client.get("/me/")

    assert "You are not in an innovation team." in section(response, "teams-heading")
    assert "Green bonds for steel" not in text(response)


def test_me_lists_my_secondments_in_every_status_latest_first(client, participant):
    for number, status in enumerate(Secondment.Status):
        starts_on = datetime.date(2024, 1, 1) + number * 100 * DAY
        SecondmentFactory(
            person=participant,
            host_government=GovernmentFactory(name=f"Host of the {status.label.lower()} one"),
            starts_on=starts_on,
            ends_on=starts_on + 9 * DAY,
            status=status,
            purpose=f"Why the {status.label.lower()} one",
        )
    SecondmentFactory(status=Secondment.Status.APPROVED, purpose="Someone else's placement")

    response = client.get("/me/")

    secondments = section(response, "secondments-heading")
    items = [plain(item) for item in re.findall(r"<li>(.*?)</li>", secondments, re.DOTALL)]
    assert items == [
        "Host of the cancelled one, 4 Feb 2025 – 13 Feb 2025 (10 days): Cancelled"
        " Why the cancelled one",
        "Host of the completed one, 27 Oct 2024 – 5 Nov 2024 (10 days): Completed"
        " Why the completed one",
        "Host of the under way one, 19 Jul 2024 – 28 Jul 2024 (10 days): Under way"
        " Why the under way one",
        "Host of the approved one, 10 Apr 2024 – 19 Apr 2024 (10 days): Approved"
        " Why the approved one",
        "Host of the proposed one, 1 Jan 2024 – 10 Jan 2024 (10 days): Proposed"
        " Why the proposed one",
    ]
    assert "Someone else's placement" not in text(response)


def test_me_without_secondments_says_so(client, participant):
    SecondmentFactory(status=Secondment.Status.APPROVED)

    response = client.get("/me/")

    assert "You have no secondments." in section(response, "secondments-heading")


def _teams_and_secondments(person, count, *, first_day):
    for number in range(count):
        team = InnovationTeamFactory()
        MembershipFactory(team=team, person=person)
        DeliverableFactory(team=team, visibility=Deliverable.Visibility.PUBLIC)
        DeliverableFactory(team=team, visibility=Deliverable.Visibility.TEAM_ONLY)
        starts_on = first_day + number * 10 * DAY
        SecondmentFactory(
            person=person,
            host_government=None if number % 2 else GovernmentFactory(),
            host_organisation=OrganisationFactory() if number % 2 else None,
            starts_on=starts_on,
            ends_on=starts_on + 5 * DAY,
            status=list(Secondment.Status)[number % len(Secondment.Status)],
        )


def test_me_costs_the_same_queries_for_3_teams_and_secondments_as_for_30(client, participant):
    _teams_and_secondments(participant, 3, first_day=datetime.date(2020, 1, 1))
    with_three = count_queries(client, "/me/")
    _teams_and_secondments(participant, 27, first_day=datetime.date(2022, 1, 1))

    with_thirty = count_queries(client, "/me/")

    response = client.get("/me/")
    assert len(team_headings(response)) == 30
    assert len(deliverable_cells(response)) == 60
    assert len(response.context["secondments"]) == 30
    assert with_thirty == with_three
