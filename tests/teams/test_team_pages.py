"""The public team pages: the list of teams and a team's page, as visitors, members and
staff see them."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from itp.roles import COORDINATORS, PROGRAMME_STAFF
from teams.models import Deliverable, Membership
from tests.factories import (
    DeliverableFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    ThemeFactory,
    UserFactory,
)
from tests.html import count_queries, list_items, plain_text, section, text

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PUBLIC = Deliverable.Visibility.PUBLIC
TEAM_ONLY = Deliverable.Visibility.TEAM_ONLY
PUBLIC_TITLE = "Public roadmap for low-carbon steel"
TEAM_ONLY_TITLE = "Draft bid to the innovation fund"


def deliverable_titles(response):
    return [deliverable.title for deliverable in response.context["deliverables"]]


# The teams list


def test_team_list_shows_each_team_with_theme_and_governments(client):
    hydrogen = ThemeFactory(name="Sustainable hydrogen")
    steel = ThemeFactory(name="Low-carbon steel")
    InnovationTeamFactory(
        name="Hydrogen valleys",
        challenge="Supply green hydrogen to the chemical parks of the Rhine.",
        theme=hydrogen,
        lead_government=GovernmentFactory(name="North Rhine-Westphalia"),
        member_governments=[
            GovernmentFactory(name="Silesia"),
            GovernmentFactory(name="Hauts-de-France"),
        ],
    )
    InnovationTeamFactory(
        name="Electric arc furnaces",
        theme=steel,
        lead_government=GovernmentFactory(name="Lombardy"),
    )

    response = client.get("/teams/")

    content = plain_text(response)
    assert [team.name for team in response.context["teams"]] == [
        "Electric arc furnaces",
        "Hydrogen valleys",
    ]
    assert "Supply green hydrogen to the chemical parks of the Rhine." in content
    assert "Active Sustainable hydrogen" in content
    assert "Active Low-carbon steel" in content
    assert "Led by North Rhine-Westphalia; with Hauts-de-France, Silesia" in content
    assert "Led by Lombardy" in content
    assert "Led by Lombardy; with" not in content


def test_team_list_without_teams_says_so(client):
    response = client.get("/teams/")

    assert list(response.context["teams"]) == []
    assert "No innovation teams yet." in text(response)


# A team's page


def test_team_detail_shows_challenge_dates_and_governments(client):
    team = InnovationTeamFactory(
        name="Hydrogen valleys",
        challenge="Supply green hydrogen to the chemical parks of the Rhine.",
        theme=ThemeFactory(name="Sustainable hydrogen"),
        lead_government=GovernmentFactory(name="North Rhine-Westphalia"),
        member_governments=[
            GovernmentFactory(name="Silesia"),
            GovernmentFactory(name="Hauts-de-France"),
        ],
        starts_on=datetime.date(2020, 3, 1),
        ends_on=None,
    )

    response = client.get(f"/teams/{team.slug}/")

    content = plain_text(response)
    assert response.context["team"] == team
    assert "The challenge Supply green hydrogen to the chemical parks of the Rhine." in content
    assert "Lead government North Rhine-Westphalia" in content
    assert "Member governments Hauts-de-France, Silesia" in content
    assert "Dates 1 March 2020 – open-ended" in content
    assert "Active Sustainable hydrogen" in content


def test_team_detail_lists_current_members_lead_first_with_roles(client):
    team = InnovationTeamFactory()
    lombardy = GovernmentFactory(name="Lombardy")
    for name, role in [
        ("Marco Bianchi", Membership.Role.MEMBER),
        ("Anna Rossi", Membership.Role.SYSTEMS_CHANGE_COACH),
        ("Luca Conti", Membership.Role.LEAD),
        ("Elena Greco", Membership.Role.EXPERT_ADVISER),
        ("Aldo Moretti", Membership.Role.MEMBER),
    ]:
        MembershipFactory(
            team=team, role=role, person=PersonFactory(name=name, government=lombardy)
        )
    MembershipFactory(
        team=team,
        person=PersonFactory(name="Paola Ricci", government=lombardy),
        started_on=team.starts_on,
        ended_on=timezone.localdate() - DAY,
    )
    MembershipFactory(person=PersonFactory(name="Katrin Albers"))

    response = client.get(f"/teams/{team.slug}/")

    assert list_items(section(response, "members-heading")) == [
        "Luca Conti – Lead, Lombardy",
        "Aldo Moretti – Member, Lombardy",
        "Marco Bianchi – Member, Lombardy",
        "Elena Greco – Expert adviser, Lombardy",
        "Anna Rossi – Systems change coach, Lombardy",
    ]
    assert "Paola Ricci" not in text(response)
    assert "Katrin Albers" not in text(response)


def test_team_detail_without_members_says_so(client):
    team = InnovationTeamFactory()

    response = client.get(f"/teams/{team.slug}/")

    assert "No members yet." in section(response, "members-heading")


def test_team_detail_of_unknown_slug_is_not_found(client):
    InnovationTeamFactory(slug="hydrogen-valleys")

    response = client.get("/teams/atlantis/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in text(response)


def test_team_detail_names_only_members_who_consented(client):
    team = InnovationTeamFactory()
    wales = GovernmentFactory(name="Wales")
    MembershipFactory(
        team=team, person=PersonFactory(name="Katrin Albers", consents_to_public_listing=True)
    )
    MembershipFactory(
        team=team,
        person=PersonFactory(
            name="Jonas Werner", government=wales, consents_to_public_listing=False
        ),
    )

    response = client.get(f"/teams/{team.slug}/")

    members = list_items(section(response, "members-heading"))
    assert "a participant from Wales – Member" in members
    assert "Katrin Albers" in text(response)
    assert "Jonas Werner" not in text(response)


# Who sees a team's team-only deliverables


@pytest.fixture
def team():
    """A team with one public and one team-only deliverable."""
    team = InnovationTeamFactory()
    today = timezone.localdate()
    DeliverableFactory(team=team, title=PUBLIC_TITLE, visibility=PUBLIC, due_on=today + 30 * DAY)
    DeliverableFactory(
        team=team, title=TEAM_ONLY_TITLE, visibility=TEAM_ONLY, due_on=today + 60 * DAY
    )
    return team


def _current_member(team):
    return MembershipFactory(team=team, person=PersonFactory(user=UserFactory())).person.user


def _member_of_another_team(team):
    return MembershipFactory(person=PersonFactory(user=UserFactory())).person.user


def _former_member(team):
    membership = MembershipFactory(
        team=team,
        person=PersonFactory(user=UserFactory()),
        ended_on=timezone.localdate() - DAY,
    )
    return membership.person.user


def _member_from_tomorrow(team):
    membership = MembershipFactory(
        team=team,
        person=PersonFactory(user=UserFactory()),
        started_on=timezone.localdate() + DAY,
    )
    return membership.person.user


def _staff_without_the_permission(team):
    return UserFactory(is_staff=True)


def _coordinator(team):
    return UserFactory(is_staff=True, roles=[COORDINATORS])


def _programme_staff(team):
    return UserFactory(is_staff=True, roles=[PROGRAMME_STAFF])


def _user_with_the_permission(team):
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="view_team_only_deliverable"))
    return user


def _superuser(team):
    return UserFactory(is_staff=True, is_superuser=True)


@pytest.mark.parametrize(
    "viewer",
    [_current_member, _user_with_the_permission, _programme_staff, _superuser],
)
def test_team_detail_shows_team_only_deliverables_to(client, team, viewer):
    client.force_login(viewer(team))

    response = client.get(f"/teams/{team.slug}/")

    content = text(response)
    assert deliverable_titles(response) == [PUBLIC_TITLE, TEAM_ONLY_TITLE]
    assert TEAM_ONLY_TITLE in content
    assert PUBLIC_TITLE in content
    assert '<span class="badge text-bg-warning">Team only</span>' in content
    assert "You see the team-only deliverables too" in content


@pytest.mark.parametrize(
    "viewer",
    [
        _member_of_another_team,
        _former_member,
        _member_from_tomorrow,
        _staff_without_the_permission,
        _coordinator,
    ],
)
def test_team_detail_hides_team_only_deliverables_from(client, team, viewer):
    client.force_login(viewer(team))

    response = client.get(f"/teams/{team.slug}/")

    content = text(response)
    assert deliverable_titles(response) == [PUBLIC_TITLE]
    assert TEAM_ONLY_TITLE not in content
    assert PUBLIC_TITLE in content
    assert "Team only" not in content


def test_team_detail_hides_team_only_deliverables_from_anonymous_visitors(client, team):
    response = client.get(f"/teams/{team.slug}/")

    content = text(response)
    assert deliverable_titles(response) == [PUBLIC_TITLE]
    assert TEAM_ONLY_TITLE not in content
    assert PUBLIC_TITLE in content


def test_team_detail_with_only_team_only_deliverables_says_none_published(client):
    team = InnovationTeamFactory()
    DeliverableFactory(team=team, title=TEAM_ONLY_TITLE, visibility=TEAM_ONLY)

    response = client.get(f"/teams/{team.slug}/")

    assert "No deliverables published yet." in section(response, "deliverables-heading")
    assert TEAM_ONLY_TITLE not in text(response)


# Query counts


def _teams(count):
    governments = GovernmentFactory.create_batch(2)
    for _ in range(count):
        InnovationTeamFactory(member_governments=governments)


def _members_and_deliverables(team, count):
    for number in range(count):
        MembershipFactory(team=team, person=PersonFactory(organisation=OrganisationFactory()))
        DeliverableFactory(team=team, visibility=PUBLIC if number % 2 else TEAM_ONLY)


def test_team_list_costs_the_same_queries_for_3_teams_as_for_30(client):
    _teams(3)
    with_three = count_queries(client, "/teams/")
    _teams(27)

    with_thirty = count_queries(client, "/teams/")

    assert len(client.get("/teams/").context["teams"]) == 30
    assert with_thirty == with_three


def test_team_detail_for_a_member_costs_the_same_queries_for_3_rows_as_for_30(client):
    small = InnovationTeamFactory(member_governments=GovernmentFactory.create_batch(1))
    large = InnovationTeamFactory(member_governments=GovernmentFactory.create_batch(10))
    _members_and_deliverables(small, 3)
    _members_and_deliverables(large, 30)
    member = PersonFactory(user=UserFactory())
    MembershipFactory(team=small, person=member)
    MembershipFactory(team=large, person=member)
    client.force_login(member.user)
    for_small = count_queries(client, f"/teams/{small.slug}/")

    for_large = count_queries(client, f"/teams/{large.slug}/")

    response = client.get(f"/teams/{large.slug}/")
    assert response.context["sees_team_only"] is True
    assert len(response.context["deliverables"]) == 30
    assert len(response.context["team"].current_memberships) == 31
    assert for_large == for_small
