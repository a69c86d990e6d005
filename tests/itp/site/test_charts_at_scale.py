"""The shape of the data at coalition scale: charts draw the largest governments and the rest
together, with every row in the table beside them; the governments' list comes a page at a time."""

from decimal import Decimal

import pytest

from itp.site.charts import MOST_BARS, bar_chart, emissions_chart, other_governments
from regions.models import Government
from tests.factories import GovernmentFactory

pytestmark = pytest.mark.django_db

COALITION = 300


def government(number, emissions, share=Decimal("50")):
    """An unsaved government: the chart reads only the instances it is given."""
    return GovernmentFactory.build(
        name=f"Region {number:03}",
        slug=f"region-{number:03}",
        emissions_mt_co2e=Decimal(emissions),
        industry_share_percent=share,
    )


def test_emissions_chart_of_a_coalition_draws_the_largest_and_one_bar_for_the_others():
    governments = [government(number, COALITION - number) for number in range(COALITION)]

    chart = emissions_chart(governments)

    assert len(chart.bars) == MOST_BARS + 1 == 11
    assert [bar.name for bar in chart.bars[:-1]] == [f"Region {n:03}" for n in range(MOST_BARS)]
    others = chart.bars[-1]
    assert others.name == "Other governments (290)"
    assert others.emissions_mt_co2e == sum(COALITION - number for number in range(10, COALITION))
    assert others.industry_mt_co2e == others.emissions_mt_co2e / 2
    assert chart.others == 290
    assert [row.name for row in chart.rows] == [g.name for g in governments]


def test_emissions_chart_scales_to_the_others_bar_when_it_is_the_longest():
    chart = emissions_chart([government(number, 10) for number in range(30)])

    others = chart.bars[-1]
    assert others.emissions_mt_co2e == 200
    assert others.industry_width + others.rest_width == pytest.approx(380, abs=0.1)
    assert chart.bars[0].industry_width + chart.bars[0].rest_width == pytest.approx(19, abs=0.1)


def test_emissions_chart_others_without_any_industry_share_draw_one_undivided_bar():
    governments = [government(number, 100 - number, share=None) for number in range(20)]

    others = emissions_chart(governments).bars[-1]

    assert (others.industry_mt_co2e, others.industry_width) == (None, 0.0)
    assert others.name == "Other governments (10)"


def test_emissions_chart_one_bar_over_draws_every_government():
    chart = emissions_chart([government(number, 50) for number in range(MOST_BARS + 1)])

    assert [bar.name for bar in chart.bars] == [f"Region {n:03}" for n in range(MOST_BARS + 1)]
    assert chart.others == 0


def test_bar_chart_of_three_hundred_draws_the_largest_first_and_sums_the_rest():
    pairs = [(f"Region {number:03}", number % 37) for number in range(COALITION)]

    chart = bar_chart("Participants", pairs, others=other_governments)

    assert len(chart.bars) == MOST_BARS + 1
    largest = sorted(pairs, key=lambda pair: pair[1], reverse=True)
    assert [(bar.label, bar.value) for bar in chart.bars[:-1]] == largest[:MOST_BARS]
    assert (chart.bars[-1].label, chart.bars[-1].value) == (
        "Other governments (290)",
        sum(value for _, value in largest[MOST_BARS:]),
    )
    assert max(bar.width for bar in chart.bars) == pytest.approx(380)


def test_bar_chart_of_other_things_labels_the_rest_plainly_and_counts_missing_as_zero():
    chart = bar_chart("Events by kind", [(f"Kind {n}", None if n == 0 else 1) for n in range(15)])

    assert chart.bars[-1].label == "Others (5)"
    assert chart.bars[-1].value == 4


def test_bar_chart_of_few_pairs_keeps_their_order():
    chart = bar_chart("Teams", [("Proposed", 1), ("Active", 5), ("Completed", 3)])

    assert [bar.label for bar in chart.bars] == ["Proposed", "Active", "Completed"]


def test_home_at_coalition_scale_charts_eleven_bars_and_tables_every_government(client):
    Government.objects.bulk_create(GovernmentFactory.build_batch(COALITION))

    response = client.get("/")

    content = response.content.decode()
    assert len(response.context["chart"].bars) == MOST_BARS + 1
    assert content.count('<rect class="bar-industry"') == MOST_BARS + 1
    assert "Other governments (290)" in content
    assert "then the other 290 governments together" in content
    assert content.count('<th scope="row"><a href="/governments/region-') == COALITION


def test_report_dashboard_at_coalition_scale_charts_the_largest_and_the_others(
    coordinator_client,
):
    Government.objects.bulk_create(GovernmentFactory.build_batch(COALITION))

    response = coordinator_client.get("/reports/")

    (by_government,) = [
        item for item in response.context["sections"] if item.section.title == "By government"
    ]
    assert len(by_government.chart.bars) == MOST_BARS + 1
    assert by_government.chart.bars[-1].label == "Other governments (290)"
    assert len(by_government.rows) == COALITION


@pytest.fixture
def coalition():
    """Three hundred active governments, named so that the name order is the number order."""
    Government.objects.bulk_create(
        GovernmentFactory.build(
            name=f"Region {number:03}",
            slug=f"region-{number:03}",
            population=1_000_000 + number,
        )
        for number in range(COALITION)
    )


def names(response):
    return [government.name for government in response.context["governments"]]


def test_government_list_first_page_shows_a_page_of_the_coalition(client, coalition):
    response = client.get("/governments/")

    assert names(response) == [f"Region {number:03}" for number in range(50)]
    content = response.content.decode()
    assert "300 state and regional governments take part" in content
    assert "Page 1 of 6" in content
    assert 'href="?page=2"' in content


def test_government_list_second_page_shows_the_next_ones(client, coalition):
    response = client.get("/governments/", {"page": 2})

    assert names(response) == [f"Region {number:03}" for number in range(50, 100)]
    assert 'href="?page=1"' in response.content.decode()


def test_government_list_pages_keep_the_sort_order(client, coalition):
    response = client.get("/governments/", {"sort": "population", "page": 2})

    assert names(response) == [f"Region {number:03}" for number in range(249, 199, -1)]
    content = response.content.decode()
    assert 'href="?sort=population&amp;page=3"' in content
    assert 'href="?sort=population&amp;page=1"' in content
    assert '<option value="population" selected>' in content
