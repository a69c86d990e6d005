"""The governments: the list with its figures and sorting, and each one's profile."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import GovernmentFactory, PersonFactory, ThemeFactory

pytestmark = pytest.mark.django_db


def names(response):
    return [government.name for government in response.context["governments"]]


def test_government_list_shows_active_governments_only(client):
    GovernmentFactory(name="Wales")
    GovernmentFactory(name="Former member", is_active=False)

    response = client.get("/governments/")

    assert names(response) == ["Wales"]
    assert "Former member" not in response.content.decode()
    assert "1 state or regional government takes part" in response.content.decode()


@pytest.fixture
def five_governments():
    """Five governments, with their 2019 figures, that each sort puts in a different order."""
    for name, population, gdp, emissions in [
        ("Emilia-Romagna", 4_460_000, 190, 40),
        ("Hauts-de-France", 6_000_000, 190, 55),
        ("Minnesota", 5_610_000, 370, 150),
        ("Quebec", 8_390_000, 340, 79),
        ("Silesia", 4_530_000, 70, 78),
    ]:
        GovernmentFactory(
            name=name,
            population=population,
            gdp_billion_usd=Decimal(gdp),
            emissions_mt_co2e=Decimal(emissions),
        )


def test_government_list_is_sorted_by_name_by_default(client, five_governments):
    response = client.get("/governments/")

    assert names(response) == [
        "Emilia-Romagna",
        "Hauts-de-France",
        "Minnesota",
        "Quebec",
        "Silesia",
    ]
    assert response.context["current_sort"] == "name"


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("population", ["Quebec", "Hauts-de-France", "Minnesota", "Silesia", "Emilia-Romagna"]),
        # Emilia-Romagna and Hauts-de-France have the same GDP: the name decides.
        ("gdp", ["Minnesota", "Quebec", "Emilia-Romagna", "Hauts-de-France", "Silesia"]),
        ("emissions", ["Minnesota", "Quebec", "Silesia", "Hauts-de-France", "Emilia-Romagna"]),
    ],
)
def test_government_list_sorted_by_figure_puts_largest_first(
    client, five_governments, sort, expected
):
    response = client.get("/governments/", {"sort": sort})

    assert names(response) == expected
    assert response.context["current_sort"] == sort
    assert f'<option value="{sort}" selected>' in response.content.decode()


def test_government_list_sorted_by_figure_puts_missing_figure_last(client):
    GovernmentFactory(name="Alpha", population=None)
    GovernmentFactory(name="Beta", population=3_000_000)
    GovernmentFactory(name="Gamma", population=2_000_000)

    response = client.get("/governments/", {"sort": "population"})

    assert names(response) == ["Beta", "Gamma", "Alpha"]


def test_government_list_with_unknown_sort_falls_back_to_name_with_warning(client):
    GovernmentFactory(name="Wales", population=3_140_000)
    GovernmentFactory(name="California", population=39_560_000)
    GovernmentFactory(name="Lombardy", population=10_060_000)

    response = client.get("/governments/", {"sort": "bogus"})

    assert names(response) == ["California", "Lombardy", "Wales"]
    assert response.context["current_sort"] == "name"
    assert [str(message) for message in response.context["messages"]] == [
        "Unknown sort order; the list is sorted by name."
    ]
    assert "Unknown sort order" in response.content.decode()


def test_government_list_with_known_sort_shows_no_warning(client):
    GovernmentFactory(name="Wales")

    response = client.get("/governments/", {"sort": "gdp"})

    assert list(response.context["messages"]) == []
    assert "Unknown sort order" not in response.content.decode()


def test_government_detail_shows_figures_source_and_themes(client):
    hydrogen = ThemeFactory(name="Industrial production and use of sustainable hydrogen")
    finance = ThemeFactory(name="Innovative finance and investment models")
    government = GovernmentFactory(
        name="North Rhine-Westphalia",
        country="DE",
        kind="state",
        time_zone="Europe/Berlin",
        population=17_930_000,
        gdp_billion_usd=Decimal("830"),
        emissions_mt_co2e=Decimal("280"),
        industry_share_percent=Decimal("40"),
        figures_year=2019,
        figures_source="State statistical office IT.NRW, 2019.",
        themes=[hydrogen, finance],
    )

    response = client.get(f"/governments/{government.slug}/")

    content = response.content.decode()
    assert response.context["government"] == government
    assert [
        text
        for text in [
            "<h1>North Rhine-Westphalia</h1>",
            "State, Germany",
            "17,930,000",
            "830 billion USD",
            "280 Mt CO2e",
            "40 %",
            '<dd class="col-sm-7">2019</dd>',
            "State statistical office IT.NRW, 2019.",
            "<li>Industrial production and use of sustainable hydrogen</li>",
            "<li>Innovative finance and investment models</li>",
        ]
        if text not in content
    ] == []


def test_government_list_and_profile_write_the_population_with_thousands_separators(client):
    GovernmentFactory(name="California", slug="california", population=39_560_000)

    listing = client.get("/governments/").content.decode()
    profile = client.get("/governments/california/").content.decode()

    assert 'data-label="Population" class="text-end">39,560,000</td>' in listing
    assert '<dd class="col-sm-7">39,560,000</dd>' in profile


def test_government_profile_writes_the_year_of_its_figures_as_a_year(client):
    GovernmentFactory(slug="california", figures_year=2019)

    profile = client.get("/governments/california/").content.decode()

    assert '<dd class="col-sm-7">2019</dd>' in profile
    assert "2,019" not in profile


def test_government_detail_names_only_people_who_consented(client):
    government = GovernmentFactory()
    PersonFactory(name="Katrin Albers", government=government, consents_to_public_listing=True)
    PersonFactory(name="Jonas Werner", government=government, consents_to_public_listing=False)
    PersonFactory(name="Dana Whitfield", consents_to_public_listing=True)

    response = client.get(government.get_absolute_url())

    content = response.content.decode()
    assert [person.name for person in response.context["government"].listed_people] == [
        "Katrin Albers"
    ]
    assert "Katrin Albers" in content
    assert "Jonas Werner" not in content
    assert "Dana Whitfield" not in content


def test_government_detail_without_listed_people_says_so(client):
    government = GovernmentFactory()
    PersonFactory(name="Jonas Werner", government=government, consents_to_public_listing=False)

    response = client.get(government.get_absolute_url())

    content = response.content.decode()
    assert "No one from this government is listed publicly." in content
    assert "Jonas Werner" not in content


def test_government_detail_of_demo_government_shows_its_source(client, demo):
    response = client.get("/governments/lombardy/")

    content = response.content.decode()
    assert "Approximate figures for demonstration only" in content
    assert "Giulia Ferraro" in content
    # Chiara Colombo, the demo participant, works for Lombardy but did not consent.
    assert "Chiara Colombo" not in content


def test_government_detail_of_unknown_slug_is_not_found_in_site_layout(client):
    response = client.get("/governments/atlantis/")

    content = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in content
    assert '<a class="navbar-brand" href="/"><span class="d-lg-none">Industry Transition' in content
    assert 'href="/governments/" aria-current="page">Governments</a>' in content


def test_government_detail_query_count_does_not_grow_with_people_and_themes(client):
    small = GovernmentFactory(themes=[ThemeFactory()])
    PersonFactory(government=small)
    large = GovernmentFactory(themes=ThemeFactory.create_batch(6))
    PersonFactory.create_batch(25, government=large)
    with CaptureQueriesContext(connection) as for_small:
        client.get(small.get_absolute_url())

    with CaptureQueriesContext(connection) as for_large:
        response = client.get(large.get_absolute_url())

    assert len(response.context["government"].listed_people) == 25
    assert len(for_large) == len(for_small)
