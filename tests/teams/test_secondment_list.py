"""The public list of secondments: which it shows, what it says of each, its filters."""

import datetime

import pytest

from teams.models import Secondment
from tests.factories import (
    GovernmentFactory,
    InnovationTeamFactory,
    OrganisationFactory,
    PersonFactory,
    SecondmentFactory,
    ThemeFactory,
)
from tests.html import count_queries, table_rows, text

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def purposes(response):
    return [secondment.purpose for secondment in response.context["secondments"]]


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


def test_secondment_list_costs_the_same_queries_for_3_secondments_as_for_30(client):
    _public_secondments(3)
    with_three = count_queries(client, "/secondments/")
    _public_secondments(27)

    with_thirty = count_queries(client, "/secondments/")

    assert len(client.get("/secondments/").context["secondments"]) == 30
    assert with_thirty == with_three
