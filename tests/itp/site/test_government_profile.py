"""What a government's profile shows of the programme: teams, secondments, events, learnings."""

import datetime
import re

import pytest
from django.utils import timezone

from teams.models import Secondment
from tests.factories import (
    EventFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    LearningFactory,
    OrganisationFactory,
    PersonFactory,
    SecondmentFactory,
)
from tests.html import count_queries, list_items, plain, section, text
from workshops.models import Event

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def secondments_out_and_in(response):
    """The secondment lists of the profile: officials seconded elsewhere, officials hosted."""
    out, _, hosted = section(response, "secondments-heading").partition("Officials hosted")
    return list_items(out), list_items(hosted)


@pytest.fixture
def silesia():
    return GovernmentFactory(name="Silesia", slug="silesia")


def test_government_profile_lists_teams_it_leads_and_joined_by_name(client, silesia):
    InnovationTeamFactory(name="Hydrogen valleys", lead_government=silesia)
    InnovationTeamFactory(name="Coal regions in transition", member_governments=[silesia])
    InnovationTeamFactory(
        name="Waste heat networks",
        starts_on=timezone.localdate() + 30 * DAY,
        member_governments=[silesia, GovernmentFactory()],
    )
    InnovationTeamFactory(name="Green bonds for steel")

    response = client.get("/governments/silesia/")

    assert list_items(section(response, "teams-heading")) == [
        "Coal regions in transition – active",
        "Hydrogen valleys (lead) – active",
        "Waste heat networks – forming",
    ]
    assert "Green bonds for steel" not in text(response)


def test_government_profile_without_teams_says_so(client, silesia):
    InnovationTeamFactory(name="Green bonds for steel")

    response = client.get("/governments/silesia/")

    assert "Not in an innovation team yet." in section(response, "teams-heading")


def test_government_profile_lists_public_secondments_out_and_in(client, silesia):
    wales = GovernmentFactory(name="Wales")
    from_silesia = PersonFactory(name="Katrin Albers", government=silesia)
    SecondmentFactory(
        person=from_silesia,
        host_government=wales,
        starts_on=datetime.date(2023, 3, 6),
        ends_on=datetime.date(2023, 6, 4),
        status=Secondment.Status.COMPLETED,
    )
    SecondmentFactory(
        person=from_silesia,
        host_government=None,
        host_organisation=OrganisationFactory(name="Tenova"),
        starts_on=datetime.date(2024, 9, 1),
        ends_on=datetime.date(2024, 9, 1),
        status=Secondment.Status.UNDER_WAY,
    )
    SecondmentFactory(
        person=PersonFactory(name="Dana Whitfield", government=wales),
        host_government=silesia,
        starts_on=datetime.date(2024, 1, 8),
        ends_on=datetime.date(2024, 2, 6),
        status=Secondment.Status.APPROVED,
    )
    for status in [Secondment.Status.PROPOSED, Secondment.Status.CANCELLED]:
        SecondmentFactory(
            person=PersonFactory(name=f"Out {status}", government=silesia), status=status
        )
        SecondmentFactory(
            person=PersonFactory(name=f"In {status}"), host_government=silesia, status=status
        )
    SecondmentFactory(person=PersonFactory(name="Elsewhere"), status=Secondment.Status.APPROVED)

    response = client.get("/governments/silesia/")

    assert secondments_out_and_in(response) == (
        [
            "Katrin Albers: Silesia → Tenova, 1 Sep 2024 – 1 Sep 2024 (1 day, under way)",
            "Katrin Albers: Silesia → Wales, 6 Mar 2023 – 4 Jun 2023 (91 days, completed)",
        ],
        ["Dana Whitfield: Wales → Silesia, 8 Jan 2024 – 6 Feb 2024 (30 days, approved)"],
    )


def test_government_profile_without_public_secondments_says_none(client, silesia):
    SecondmentFactory(person=PersonFactory(government=silesia), status=Secondment.Status.PROPOSED)

    response = client.get("/governments/silesia/")

    assert secondments_out_and_in(response) == ([], [])
    assert plain(section(response, "secondments-heading")) == (
        "Secondments Officials seconded elsewhere None. Officials hosted None."
    )


def test_government_profile_names_seconded_people_only_with_consent(client, silesia):
    SecondmentFactory(
        person=PersonFactory(name="Katrin Albers", consents_to_public_listing=True),
        host_government=silesia,
        status=Secondment.Status.APPROVED,
        starts_on=datetime.date(2024, 5, 1),
    )
    SecondmentFactory(
        person=PersonFactory(
            name="Jonas Werner", government=silesia, consents_to_public_listing=False
        ),
        status=Secondment.Status.APPROVED,
    )

    response = client.get("/governments/silesia/")

    out, hosted = secondments_out_and_in(response)
    assert [item.split(":")[0] for item in out + hosted] == ["An official", "Katrin Albers"]
    assert "Jonas Werner" not in text(response)


def test_government_profile_lists_public_events_it_hosted_newest_first(client, silesia):
    now = timezone.now().replace(microsecond=0)
    EventFactory(title="Workshop in Katowice", host_government=silesia, starts_at=now + 40 * DAY)
    EventFactory(
        title="Kick-off in Katowice",
        host_government=silesia,
        starts_at=now - 300 * DAY,
        ends_at=now - 300 * DAY + DAY / 3,
    )
    EventFactory(
        title="Webinar called off",
        host_government=silesia,
        status=Event.Status.CANCELLED,
        starts_at=now + 10 * DAY,
    )
    EventFactory(title="Draft study visit", host_government=silesia, status=Event.Status.DRAFT)
    EventFactory(title="Workshop in Milan", host_government=GovernmentFactory())

    response = client.get("/governments/silesia/")

    events = section(response, "events-heading")
    assert [re.sub(r", \d.*", "", item) for item in list_items(events)] == [
        "Workshop in Katowice",
        "Webinar called off",
        "Kick-off in Katowice",
    ]
    assert '<span class="badge text-bg-danger">Cancelled</span>' in events
    assert "Draft study visit" not in text(response)
    assert "Workshop in Milan" not in text(response)


def test_government_profile_lists_published_learnings_about_it(client, silesia):
    LearningFactory(
        title="Mine water heats homes",
        government=silesia,
        is_published=True,
        published_on=datetime.date(2023, 5, 2),
    )
    LearningFactory(
        title="Coal to solar on the slag heaps",
        government=silesia,
        is_published=True,
        published_on=datetime.date(2024, 5, 2),
    )
    LearningFactory(title="Draft: district heating tariffs", government=silesia)
    LearningFactory(
        title="Hydrogen valleys in Wales",
        government=GovernmentFactory(),
        is_published=True,
        published_on=datetime.date(2024, 5, 2),
    )

    response = client.get("/governments/silesia/")

    assert list_items(section(response, "learnings-heading")) == [
        "Coal to solar on the slag heaps",
        "Mine water heats homes",
    ]
    assert "Draft: district heating tariffs" not in text(response)
    assert "Hydrogen valleys in Wales" not in text(response)


def _programme_rows(government, count):
    """``count`` each of teams led and joined, secondments out and in, events and learnings."""
    for number in range(count):
        InnovationTeamFactory(lead_government=government, member_governments=[GovernmentFactory()])
        InnovationTeamFactory(member_governments=[government, GovernmentFactory()])
        starts_on = datetime.date(2020, 1, 1) + number * 10 * DAY
        SecondmentFactory(
            person=PersonFactory(government=government),
            host_government=None,
            host_organisation=OrganisationFactory(),
            status=Secondment.Status.COMPLETED,
            starts_on=starts_on,
            ends_on=starts_on + 5 * DAY,
        )
        SecondmentFactory(
            host_government=government,
            status=Secondment.Status.APPROVED,
            starts_on=starts_on,
            ends_on=starts_on + 5 * DAY,
        )
        EventFactory(host_government=government)
        LearningFactory(
            government=government, is_published=True, published_on=datetime.date(2024, 1, 1)
        )


def test_government_profile_costs_the_same_queries_for_3_rows_as_for_30(client):
    small = GovernmentFactory()
    large = GovernmentFactory()
    _programme_rows(small, 3)
    _programme_rows(large, 30)
    for_small = count_queries(client, small.get_absolute_url())

    for_large = count_queries(client, large.get_absolute_url())

    response = client.get(large.get_absolute_url())
    government = response.context["government"]
    assert len(response.context["teams"]) == 60
    assert len(government.public_secondments_out) == 30
    assert len(government.public_secondments_in) == 30
    assert len(government.public_hosted_events) == 30
    assert len(government.published_learnings) == 30
    assert for_large == for_small
