"""The public team pages and the secondment list, as visitors, members and staff see them."""

import datetime
import html
import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from itp.roles import COORDINATORS, PROGRAMME_STAFF
from teams.models import Deliverable, Membership, Secondment
from tests.factories import (
    DeliverableFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    SecondmentFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PUBLIC = Deliverable.Visibility.PUBLIC
TEAM_ONLY = Deliverable.Visibility.TEAM_ONLY
PUBLIC_TITLE = "Public roadmap for low-carbon steel"
TEAM_ONLY_TITLE = "Draft bid to the innovation fund"


def text(response):
    return html.unescape(response.content.decode())


def plain(fragment):
    """The text of an HTML fragment, without tags and with its spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", "", fragment).split())


def section(response, heading_id):
    """The HTML of the page's <section> labelled by ``heading_id``."""
    match = re.search(
        rf'<section aria-labelledby="{heading_id}".*?</section>', text(response), re.DOTALL
    )
    return match.group(0)


def list_items(fragment):
    return [plain(item) for item in re.findall(r"<li>(.*?)</li>", fragment, re.DOTALL)]


def table_rows(response):
    """Each body row of the page's table, as the text of its cells."""
    body = re.search(r"<tbody[^>]*>(.*?)</tbody>", text(response), re.DOTALL).group(1)
    return [
        [plain(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.DOTALL)
    ]


def deliverable_titles(response):
    return [deliverable.title for deliverable in response.context["deliverables"]]


def purposes(response):
    return [secondment.purpose for secondment in response.context["secondments"]]


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


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

    content = plain(text(response))
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

    content = plain(text(response))
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
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=COORDINATORS))
    return user


def _programme_staff(team):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    return user


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


# The secondments list


def test_secondment_list_shows_approved_under_way_and_completed_only(client):
    for status in Secondment.Status:
        SecondmentFactory(
            status=status, purpose=f"Purpose of the {status.label.lower()} secondment"
        )

    response = client.get("/secondments/")

    content = text(response)
    assert sorted(purposes(response)) == [
        "Purpose of the approved secondment",
        "Purpose of the completed secondment",
        "Purpose of the under way secondment",
    ]
    assert "Purpose of the proposed secondment" not in content
    assert "Purpose of the cancelled secondment" not in content


def test_secondment_list_shows_home_host_dates_duration_theme_and_purpose(client):
    SecondmentFactory(
        person=PersonFactory(name="Katrin Albers", government=GovernmentFactory(name="Silesia")),
        host_government=GovernmentFactory(name="Wales"),
        starts_on=datetime.date(2023, 3, 6),
        ends_on=datetime.date(2023, 6, 4),
        theme=ThemeFactory(name="Sustainable hydrogen"),
        status=Secondment.Status.COMPLETED,
        purpose="Learn how Wales permits hydrogen pipelines.",
    )

    response = client.get("/secondments/")

    assert table_rows(response) == [
        [
            "Katrin Albers",
            "Silesia",
            "Wales",
            "6 Mar 2023 – 4 Jun 2023",
            "91",
            "Sustainable hydrogen",
            "Completed",
            "Learn how Wales permits hydrogen pipelines.",
        ]
    ]


def test_secondment_list_shows_a_host_organisation_and_a_missing_theme(client):
    SecondmentFactory(
        person=PersonFactory(name="Katrin Albers", government=GovernmentFactory(name="Quebec")),
        host_government=None,
        host_organisation=OrganisationFactory(name="ORI Martin"),
        starts_on=datetime.date(2024, 2, 1),
        ends_on=datetime.date(2024, 2, 29),
        theme=None,
        status=Secondment.Status.APPROVED,
        purpose="Study waste heat recovery at the Brescia steelworks.",
    )

    response = client.get("/secondments/")

    assert table_rows(response) == [
        [
            "Katrin Albers",
            "Quebec",
            "ORI Martin",
            "1 Feb 2024 – 29 Feb 2024",
            "29",
            "–",
            "Approved",
            "Study waste heat recovery at the Brescia steelworks.",
        ]
    ]


def test_secondment_list_names_only_people_who_consented(client):
    SecondmentFactory(
        person=PersonFactory(name="Katrin Albers", consents_to_public_listing=True),
        status=Secondment.Status.APPROVED,
        starts_on=datetime.date(2024, 5, 1),
    )
    SecondmentFactory(
        person=PersonFactory(name="Jonas Werner", consents_to_public_listing=False),
        status=Secondment.Status.APPROVED,
        starts_on=datetime.date(2024, 1, 1),
    )

    response = client.get("/secondments/")

    assert [row[0] for row in table_rows(response)] == ["Katrin Albers", "an official"]
    assert "Jonas Werner" not in text(response)


def test_secondment_list_filters_by_government_at_home_or_host(client):
    silesia = GovernmentFactory(slug="silesia")
    SecondmentFactory(
        person=PersonFactory(government=silesia),
        status=Secondment.Status.APPROVED,
        purpose="From Silesia",
        starts_on=datetime.date(2024, 3, 1),
    )
    SecondmentFactory(
        host_government=silesia,
        status=Secondment.Status.COMPLETED,
        purpose="To Silesia",
        starts_on=datetime.date(2023, 3, 1),
    )
    SecondmentFactory(status=Secondment.Status.APPROVED, purpose="Elsewhere")
    SecondmentFactory(
        person=PersonFactory(government=silesia),
        status=Secondment.Status.PROPOSED,
        purpose="Proposed from Silesia",
        starts_on=datetime.date(2025, 3, 1),
    )

    response = client.get("/secondments/?government=silesia")

    assert purposes(response) == ["From Silesia", "To Silesia"]


def test_secondment_list_filters_by_theme(client):
    hydrogen = ThemeFactory(name="Sustainable hydrogen", slug="hydrogen")
    SecondmentFactory(theme=hydrogen, status=Secondment.Status.APPROVED, purpose="Hydrogen")
    SecondmentFactory(theme=ThemeFactory(), status=Secondment.Status.APPROVED, purpose="Finance")
    SecondmentFactory(theme=None, status=Secondment.Status.APPROVED, purpose="No theme")

    response = client.get("/secondments/?theme=hydrogen")

    assert purposes(response) == ["Hydrogen"]


def test_secondment_list_filters_by_status(client):
    for status in [
        Secondment.Status.APPROVED,
        Secondment.Status.UNDER_WAY,
        Secondment.Status.COMPLETED,
    ]:
        SecondmentFactory(status=status, purpose=f"{status.label} secondment")

    response = client.get("/secondments/?status=completed")

    assert purposes(response) == ["Completed secondment"]


@pytest.mark.parametrize(
    ("query", "error"),
    [
        ("government=nope", "Select a valid choice."),
        ("theme=nope", "Select a valid choice."),
        ("status=bogus", "Select a valid choice. That choice is not one of the available choices."),
        (
            "status=proposed",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
    ],
)
def test_secondment_list_with_a_bad_filter_shows_the_error(client, query, error):
    SecondmentFactory(status=Secondment.Status.APPROVED, purpose="Still listed")
    SecondmentFactory(status=Secondment.Status.PROPOSED, purpose="Never listed")

    response = client.get(f"/secondments/?{query}")

    assert response.status_code == 200
    assert error in text(response)
    assert purposes(response) == ["Still listed"]


def test_secondment_list_without_matches_says_so(client):
    GovernmentFactory(slug="silesia")
    SecondmentFactory(status=Secondment.Status.APPROVED)

    response = client.get("/secondments/?government=silesia")

    assert purposes(response) == []
    assert "No secondments match these filters." in text(response)


# Query counts


def _teams(count):
    governments = GovernmentFactory.create_batch(2)
    for _ in range(count):
        InnovationTeamFactory(member_governments=governments)


def _members_and_deliverables(team, count):
    for number in range(count):
        MembershipFactory(team=team, person=PersonFactory(organisation=OrganisationFactory()))
        DeliverableFactory(team=team, visibility=PUBLIC if number % 2 else TEAM_ONLY)


def _public_secondments(count):
    theme = ThemeFactory()
    for number in range(count):
        starts_on = datetime.date(2020, 1, 1) + number * 10 * DAY
        SecondmentFactory(
            status=Secondment.Status.COMPLETED,
            starts_on=starts_on,
            ends_on=starts_on + 5 * DAY,
            theme=theme,
            team=InnovationTeamFactory(),
            host_government=None if number % 2 else GovernmentFactory(),
            host_organisation=OrganisationFactory() if number % 2 else None,
        )


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


def test_secondment_list_costs_the_same_queries_for_3_secondments_as_for_30(client):
    _public_secondments(3)
    with_three = count_queries(client, "/secondments/")
    _public_secondments(27)

    with_thirty = count_queries(client, "/secondments/")

    assert len(client.get("/secondments/").context["secondments"]) == 30
    assert with_thirty == with_three
