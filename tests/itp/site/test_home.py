import json
import re
from decimal import Decimal

import pytest
from django.db import OperationalError, connection
from django.test.utils import CaptureQueriesContext

from itp.demo.programme import GOVERNMENTS, THEMES
from regions.models import Government
from tests.factories import GovernmentFactory

pytestmark = pytest.mark.django_db

FIGURE = re.compile(r'data-figure="(?P<name>[\w-]+)">(?P<value>[^<]*)</dd>')


def rendered_figures(response):
    """The headline figures as the page shows them, by their data-figure name."""
    return {match["name"]: match["value"] for match in FIGURE.finditer(response.content.decode())}


def test_home_shows_demo_programme_figures_in_context(client, demo):
    response = client.get("/")

    figures = response.context["figures"]
    assert (figures.governments, figures.countries) == (10, 7)
    assert figures.population == 105_120_000
    assert figures.gdp_billion_usd == Decimal("5740")
    assert figures.emissions_mt_co2e == Decimal("1273")
    assert figures.industry_share_mean_percent == Decimal("36")
    # Weighted by emissions: (280 × 40 + 80 × 35 + … + 40 × 35) / 1,273 = 40,831 / 1,273.
    assert figures.industry_share_weighted_percent.quantize(Decimal("0.0001")) == Decimal("32.0746")


def test_home_shows_demo_programme_figures_in_page(client, demo):
    response = client.get("/")

    assert rendered_figures(response) == {
        "governments": "10",
        "countries": "7",
        "population": "105.12 million",
        "gdp": "5.74 trillion USD",
        "emissions": "1,273 Mt CO2e",
        "industry-share-mean": "36.0 %",
        "industry-share-weighted": "32.1 %",
    }


def test_home_lists_the_five_themes(client, demo):
    response = client.get("/")

    content = response.content.decode()
    assert [theme.name for theme in response.context["themes"]] == sorted(
        name for _, name, _ in THEMES
    )
    assert [name for _, name, _ in THEMES if name in content] == [name for _, name, _ in THEMES]


def test_home_chart_has_a_bar_and_table_row_for_every_government(client, demo):
    response = client.get("/")

    bars = response.context["chart"].bars
    content = response.content.decode()
    expected = sorted(GOVERNMENTS, key=lambda g: (-g.emissions_mt_co2e, g.name))
    assert [bar.name for bar in bars] == [government.name for government in expected]
    assert [
        government.slug
        for government in GOVERNMENTS
        if f'<th scope="row"><a href="/governments/{government.slug}/">{government.name}</a></th>'
        in content
    ] == [government.slug for government in GOVERNMENTS]


def test_home_follows_a_changed_figure(client, demo):
    Government.objects.filter(slug="california").update(emissions_mt_co2e=Decimal("525"))

    response = client.get("/")

    assert response.context["figures"].emissions_mt_co2e == Decimal("1373")
    assert rendered_figures(response)["emissions"] == "1,373 Mt CO2e"
    assert response.context["chart"].bars[0].emissions_mt_co2e == Decimal("525")


def test_home_leaves_out_inactive_government(client, demo):
    GovernmentFactory(
        name="Former member",
        country="JP",
        population=9_000_000,
        gdp_billion_usd=Decimal("500"),
        emissions_mt_co2e=Decimal("900"),
        industry_share_percent=Decimal("90"),
        is_active=False,
    )

    response = client.get("/")

    figures = response.context["figures"]
    assert (figures.governments, figures.countries, figures.population) == (10, 7, 105_120_000)
    assert figures.emissions_mt_co2e == Decimal("1273")
    assert figures.industry_share_mean_percent == Decimal("36")
    assert "Former member" not in [bar.name for bar in response.context["chart"].bars]


def test_home_without_governments_shows_zero_and_no_chart(client):
    response = client.get("/")

    figures = rendered_figures(response)
    assert (figures["governments"], figures["industry-share-mean"]) == ("0", "–")
    assert "No government has reported its emissions yet." in response.content.decode()


def test_home_weighted_share_counts_only_governments_reporting_both_figures(client):
    GovernmentFactory(emissions_mt_co2e=Decimal("300"), industry_share_percent=Decimal("20"))
    GovernmentFactory(emissions_mt_co2e=Decimal("100"), industry_share_percent=Decimal("60"))
    GovernmentFactory(emissions_mt_co2e=Decimal("500"), industry_share_percent=None)
    GovernmentFactory(emissions_mt_co2e=None, industry_share_percent=Decimal("90"))

    response = client.get("/")

    figures = response.context["figures"]
    # (300 × 20 + 100 × 60) / (300 + 100) = 30; the mean is (20 + 60 + 90) / 3.
    assert figures.industry_share_weighted_percent == Decimal("30")
    assert figures.industry_share_mean_percent.quantize(Decimal("0.01")) == Decimal("56.67")
    assert figures.emissions_mt_co2e == Decimal("900")


@pytest.mark.parametrize(
    ("path", "rows_shown"),
    [
        # The home page's table has every government (its chart only the largest).
        pytest.param("/", lambda response: len(response.context["chart"].rows), id="home"),
        # The list is paginated: the count covers all of them, the page its share.
        pytest.param(
            "/governments/",
            lambda response: response.context["paginator"].count,
            id="governments",
        ),
    ],
)
def test_page_query_count_does_not_grow_with_governments(client, path, rows_shown):
    Government.objects.bulk_create(GovernmentFactory.build_batch(10))
    with CaptureQueriesContext(connection) as with_ten:
        client.get(path)
    Government.objects.bulk_create(GovernmentFactory.build_batch(190))

    with CaptureQueriesContext(connection) as with_two_hundred:
        response = client.get(path)

    assert rows_shown(response) == 200
    assert len(with_two_hundred) == len(with_ten)


@pytest.mark.parametrize("path", ["/", "/governments/"])
def test_page_query_count_is_small(client, django_assert_max_num_queries, path):
    GovernmentFactory.create_batch(20)

    with django_assert_max_num_queries(5):
        client.get(path)


def test_healthz_when_database_answers_is_ok(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_when_database_refuses_is_unavailable(client):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    with connection.execute_wrapper(refuse):
        response = client.get("/healthz")

    assert response.status_code == 503
    assert json.loads(response.content)["status"] == "unavailable"


def test_home_when_database_fails_shows_plain_error_page(client):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection refused")

    client.raise_request_exception = False

    with connection.execute_wrapper(refuse):
        response = client.get("/")

    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.content.decode()


SVG_NUMBER = re.compile(r'\s(?:x|y|width|height|font-size|viewBox)="([^"]*)"')


def svg_numbers(response):
    """Every coordinate and size written into the page's SVG charts."""
    charts = re.findall(r"<svg\b.*?</svg>", response.content.decode(), re.DOTALL)
    return [value for chart in charts for value in SVG_NUMBER.findall(chart)]


def test_home_chart_writes_plain_numbers_even_past_a_thousand(client, monkeypatch):
    # Every government gets its own bar, so that the drawing grows past a thousand units.
    monkeypatch.setattr("itp.site.charts.MOST_BARS", 100)
    GovernmentFactory.create_batch(60)

    numbers = svg_numbers(client.get("/"))

    assert len(numbers) > 60 * 4
    assert [number for number in numbers if not re.fullmatch(r"[\d.]+( [\d.]+)*", number)] == []
    assert max(float(number) for number in numbers if " " not in number) > 1000
