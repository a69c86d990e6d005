from decimal import Decimal
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont

from itp.site.charts import FONT_SIZE, PLOT_WIDTH, bar_chart, emissions_chart
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


def width_in_dejavu_sans(text, size):
    """How wide ``text`` is in DejaVu Sans, the printed reports' font, from the font's own
    advance widths."""
    (path, *_others) = sorted(Path("/usr/share/fonts").glob("**/DejaVuSans.ttf"))
    font = TTFont(path)
    glyphs, advances = font.getBestCmap(), font["hmtx"]
    units = sum(advances[glyphs[ord(character)]][0] for character in text)
    return units / font["head"].unitsPerEm * size


def test_bar_chart_makes_room_left_of_the_bars_for_the_longest_label():
    chart = bar_chart("Participants", [("Wales", 2), ("North Rhine-Westphalia", 3)])

    longest = width_in_dejavu_sans("North Rhine-Westphalia", FONT_SIZE)
    assert [bar.label for bar in chart.bars] == ["Wales", "North Rhine-Westphalia"]
    assert all(bar.label_x >= longest for bar in chart.bars)
    assert all(bar.x > bar.label_x for bar in chart.bars)


def test_bar_chart_of_short_labels_gives_the_bars_the_room():
    short = bar_chart("Events by kind", [("Webinar", 3), ("Workshop", 2)])
    long = bar_chart("Participants", [("North Rhine-Westphalia", 3)])

    assert short.bars[0].x < long.bars[0].x
    assert short.width < long.width


def test_bar_chart_shortens_a_label_too_long_for_a_chart_and_keeps_it_whole_as_a_title():
    name = "European Association for Low-Carbon Steel and Metal Industry"

    (bar,) = bar_chart("Participants", [(name, 3)]).bars

    assert bar.full_label == name
    assert bar.label.endswith("…")
    assert name.startswith(bar.label.removesuffix("…"))
    assert bar.label_x >= width_in_dejavu_sans(bar.label, FONT_SIZE)


def test_bar_chart_makes_room_right_of_the_longest_bar_for_its_value():
    chart = bar_chart("Population", [("California", 39_560_000), ("Wales", 3_140_000)])

    largest = chart.bars[0]
    assert largest.value_text == "39,560,000"
    assert largest.value_x + width_in_dejavu_sans("39,560,000", FONT_SIZE) <= chart.width
    assert largest.width == pytest.approx(PLOT_WIDTH)
