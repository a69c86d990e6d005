from decimal import Decimal

import pytest

from itp.charts import PLOT_WIDTH, emissions_chart
from tests.factories import GovernmentFactory

pytestmark = pytest.mark.django_db


def government(name, emissions, share):
    """An unsaved government: the chart reads only the instances it is given."""
    return GovernmentFactory.build(
        name=name,
        slug=name.lower(),
        emissions_mt_co2e=None if emissions is None else Decimal(emissions),
        industry_share_percent=None if share is None else Decimal(share),
    )


def test_emissions_chart_largest_emitter_spans_plot_width():
    chart = emissions_chart([government("California", 425, 24), government("Wales", 45, 51)])

    largest = chart.bars[0]
    assert largest.industry_width + largest.rest_width == pytest.approx(PLOT_WIDTH, abs=0.1)
    assert PLOT_WIDTH == 380


def test_emissions_chart_scales_other_bars_to_largest():
    chart = emissions_chart([government("California", 400, 25), government("Wales", 100, 25)])

    smaller = chart.bars[1]
    assert smaller.industry_width + smaller.rest_width == pytest.approx(95, abs=0.1)
    assert (smaller.industry_width, smaller.rest_width) == (23.8, 71.2)


def test_emissions_chart_half_industry_splits_bar_equally():
    chart = emissions_chart([government("Hauts-de-France", 55, 50)])

    bar = chart.bars[0]
    assert bar.industry_width == bar.rest_width == 190.0
    assert (bar.industry_mt_co2e, bar.rest_mt_co2e) == (Decimal("27.5"), Decimal("27.5"))


def test_emissions_chart_without_industry_share_draws_undivided_bar():
    chart = emissions_chart([government("Quebec", 79, None)])

    bar = chart.bars[0]
    assert (bar.industry_width, bar.rest_width) == (0.0, 380.0)
    assert (bar.industry_mt_co2e, bar.rest_mt_co2e) == (None, None)


def test_emissions_chart_with_zero_emissions_draws_empty_bar():
    chart = emissions_chart([government("Wales", 0, 50)])

    assert (chart.bars[0].industry_width, chart.bars[0].rest_width) == (0.0, 0.0)


def test_emissions_chart_lays_bars_out_in_given_order_one_row_each():
    chart = emissions_chart([government("California", 425, 24), government("Lombardy", 80, 35)])

    assert [(bar.name, bar.y, bar.url) for bar in chart.bars] == [
        ("California", 0, "/governments/california/"),
        ("Lombardy", 28, "/governments/lombardy/"),
    ]
    assert chart.height == 56


def test_emissions_chart_of_no_governments_has_no_bars():
    chart = emissions_chart([])

    assert chart.bars == ()
    assert chart.height == 28
