"""The public learnings: the filtered list and each learning's page with its source."""

import datetime
import re

import pytest

from teams.models import Secondment
from tests.factories import (
    EventFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    LearningFactory,
    OrganisationFactory,
    PersonFactory,
    SecondmentFactory,
    ThemeFactory,
)
from tests.html import count_queries, plain, text
from workshops.models import Event

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
PUBLISHED_ON = datetime.date(2024, 6, 3)


def details(response):
    """The learning page's facts, as the text of each term and its description."""
    facts = re.search(r'<dl class="row mt-4">(.*?)</dl>', text(response), re.DOTALL).group(1)
    terms = re.findall(r"<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", facts, re.DOTALL)
    return {plain(term): plain(description) for term, description in terms}


def titles(response):
    return [learning.title for learning in response.context["learnings"]]


def published(**fields):
    fields.setdefault("published_on", PUBLISHED_ON)
    return LearningFactory(is_published=True, **fields)


# The list


def test_learning_list_shows_published_learnings_only_newest_first(client):
    published(title="Waste heat for district heating", published_on=datetime.date(2023, 1, 9))
    published(
        title="Hydrogen valleys need anchor customers", published_on=datetime.date(2024, 2, 1)
    )
    LearningFactory(title="Draft: green bonds for steel", is_published=False)

    response = client.get("/learnings/")

    assert titles(response) == [
        "Hydrogen valleys need anchor customers",
        "Waste heat for district heating",
    ]
    assert "Draft: green bonds for steel" not in text(response)


def test_learning_list_shows_date_government_organisation_themes_and_summary(client):
    published(
        title="iRecovery at the ORI Martin steelworks",
        summary="Waste heat warms 2,000 families in winter.",
        government=GovernmentFactory(name="Lombardy"),
        organisation=OrganisationFactory(name="ORI Martin"),
        themes=[ThemeFactory(name="Energy efficiency")],
    )

    response = client.get("/learnings/")

    content = plain(text(response))
    assert "3 Jun 2024 · Lombardy · ORI Martin · Energy efficiency" in content
    assert "Waste heat warms 2,000 families in winter." in content


def test_learning_list_filters_by_theme(client):
    hydrogen = ThemeFactory(slug="sustainable-hydrogen")
    finance = ThemeFactory(slug="innovative-finance")
    published(title="Hydrogen only", themes=[hydrogen])
    published(title="Hydrogen and finance", themes=[hydrogen, finance])
    published(title="Finance only", themes=[finance])
    LearningFactory(title="Unpublished hydrogen", themes=[hydrogen])

    response = client.get("/learnings/?theme=sustainable-hydrogen")

    assert sorted(titles(response)) == ["Hydrogen and finance", "Hydrogen only"]


def test_learning_list_filters_by_government(client):
    silesia = GovernmentFactory(slug="silesia")
    published(title="About Silesia", government=silesia)
    published(title="About Wales", government=GovernmentFactory(slug="wales"))
    published(title="About no government", government=None)
    LearningFactory(title="Unpublished about Silesia", government=silesia)

    response = client.get("/learnings/?government=silesia")

    assert titles(response) == ["About Silesia"]


@pytest.mark.parametrize("query", ["theme=nope", "government=nope"])
def test_learning_list_with_a_bad_filter_shows_the_error(client, query):
    published(title="Waste heat for district heating")

    response = client.get(f"/learnings/?{query}")

    assert response.status_code == 200
    assert "Select a valid choice." in text(response)
    assert titles(response) == ["Waste heat for district heating"]


def test_learning_list_without_matches_says_so(client):
    ThemeFactory(slug="sustainable-hydrogen")
    published(themes=[ThemeFactory()])

    response = client.get("/learnings/?theme=sustainable-hydrogen")

    assert titles(response) == []
    assert "No learnings match these filters." in text(response)


# A learning's page


def test_learning_detail_shows_the_learning(client):
    learning = published(
        title="iRecovery at the ORI Martin steelworks",
        summary="Waste heat warms 2,000 families in winter.",
        body="Heat from the furnace flue gases feeds the Brescia district heating network.",
        government=GovernmentFactory(name="Lombardy", slug="lombardy"),
        organisation=OrganisationFactory(name="ORI Martin"),
        themes=[ThemeFactory(name="Energy efficiency"), ThemeFactory(name="Industry partners")],
    )

    response = client.get(f"/learnings/{learning.slug}/")

    content = text(response)
    assert response.context["learning"] == learning
    assert "<h1>iRecovery at the ORI Martin steelworks</h1>" in content
    assert "Heat from the furnace flue gases feeds the Brescia district heating" in content
    assert details(response) == {
        "Published": "3 June 2024",
        "Government": "Lombardy",
        "Organisation": "ORI Martin",
        "Themes": "Energy efficiency; Industry partners",
    }
    assert '<a href="/governments/lombardy/">Lombardy</a>' in content


def test_learning_detail_links_to_its_source_event(client):
    event = EventFactory(title="Kick-off workshop in Milan", slug="kick-off-milan")
    learning = published(source_event=event)

    response = client.get(f"/learnings/{learning.slug}/")

    assert details(response)["Came from the event"] == "Kick-off workshop in Milan"
    assert '<a href="/events/kick-off-milan/">Kick-off workshop in Milan</a>' in text(response)


def test_learning_detail_does_not_link_to_a_draft_source_event(client):
    event = EventFactory(title="Study visit in planning", status=Event.Status.DRAFT)
    learning = published(source_event=event)

    response = client.get(f"/learnings/{learning.slug}/")

    assert details(response)["Came from the event"] == "Study visit in planning"
    assert f'href="/events/{event.slug}/"' not in text(response)


def test_learning_detail_links_to_its_source_team(client):
    team = InnovationTeamFactory(name="Hydrogen valleys", slug="hydrogen-valleys")
    learning = published(source_team=team)

    response = client.get(f"/learnings/{learning.slug}/")

    assert details(response)["Came from the team"] == "Hydrogen valleys"
    assert '<a href="/teams/hydrogen-valleys/">Hydrogen valleys</a>' in text(response)


@pytest.mark.parametrize(
    ("consents", "shown_as"), [(True, "Katrin Albers"), (False, "an official")]
)
def test_learning_detail_from_a_secondment_names_the_person_only_with_consent(
    client, consents, shown_as
):
    secondment = SecondmentFactory(
        person=PersonFactory(
            name="Katrin Albers",
            government=GovernmentFactory(name="Silesia", slug="silesia"),
            consents_to_public_listing=consents,
        ),
        host_government=GovernmentFactory(name="Wales"),
        starts_on=datetime.date(2023, 3, 6),
        ends_on=datetime.date(2023, 6, 4),
        status=Secondment.Status.COMPLETED,
    )
    learning = published(source_secondment=secondment)

    response = client.get(f"/learnings/{learning.slug}/")

    assert details(response)["Came from the secondment"] == (
        f"{shown_as}, Silesia → Wales (March 2023 – June 2023) · Secondments"
    )
    assert ("Katrin Albers" in text(response)) is consents
    assert '<a href="/secondments/?government=silesia">Secondments</a>' in text(response)


def test_learning_detail_of_an_unpublished_learning_is_not_found(client):
    learning = LearningFactory(title="Draft: green bonds for steel", is_published=False)

    response = client.get(f"/learnings/{learning.slug}/")

    assert response.status_code == 404
    assert "Draft: green bonds for steel" not in text(response)


def test_learning_detail_of_unknown_slug_is_not_found(client):
    response = client.get("/learnings/atlantis/")

    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in text(response)


# Query counts


def _published_learnings(count):
    themes = ThemeFactory.create_batch(2)
    for number in range(count):
        published(
            government=GovernmentFactory(),
            organisation=OrganisationFactory() if number % 2 else None,
            themes=themes,
        )


def test_learning_list_costs_the_same_queries_for_2_learnings_as_for_20(client):
    _published_learnings(2)
    with_two = count_queries(client, "/learnings/")
    _published_learnings(18)

    with_twenty = count_queries(client, "/learnings/")

    assert len(client.get("/learnings/").context["learnings"]) == 20
    assert with_twenty == with_two


@pytest.mark.parametrize(
    "source",
    [
        lambda: {"source_event": EventFactory()},
        lambda: {"source_team": InnovationTeamFactory()},
        lambda: {
            "source_secondment": SecondmentFactory(
                host_government=None, host_organisation=OrganisationFactory()
            )
        },
        lambda: {"source_secondment": SecondmentFactory()},
    ],
    ids=["event", "team", "secondment-at-organisation", "secondment-at-government"],
)
def test_learning_detail_costs_the_same_queries_with_its_links_and_30_themes_as_bare(
    client, source
):
    bare = published(themes=ThemeFactory.create_batch(3))
    linked = published(
        themes=ThemeFactory.create_batch(30),
        government=GovernmentFactory(),
        organisation=OrganisationFactory(),
        **source(),
    )
    for_bare = count_queries(client, f"/learnings/{bare.slug}/")

    for_linked = count_queries(client, f"/learnings/{linked.slug}/")

    assert len(client.get(f"/learnings/{linked.slug}/").context["learning"].themes.all()) == 30
    assert for_linked == for_bare
