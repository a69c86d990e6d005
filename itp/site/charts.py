"""Charts drawn on the server as SVG, so pages need no script and no chart library."""

from dataclasses import dataclass
from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils.translation import ngettext

LABEL_WIDTH = 170
PLOT_WIDTH = 380
VALUE_WIDTH = 70
BAR_HEIGHT = 20
ROW_HEIGHT = 28


# A chart of three hundred governments cannot be read: it draws the largest ones and the rest
# together as one bar, and the table beside it keeps every row.
MOST_BARS = 10


def other_governments(count):
    """The label of the bar that stands for ``count`` governments together."""
    return ngettext("Other government (%(count)s)", "Other governments (%(count)s)", count) % {
        "count": count
    }


def _others(count):
    return ngettext("Other (%(count)s)", "Others (%(count)s)", count) % {"count": count}


def largest_and_rest(items, value, most=None):
    """The ``most`` largest of ``items`` by ``value`` (``MOST_BARS`` unless told), largest
    first, and the rest; or all of them, in their order, and no rest when one bar more would
    draw them all."""
    items = list(items)
    most = MOST_BARS if most is None else most
    if len(items) <= most + 1:
        return items, []
    ranked = sorted(items, key=value, reverse=True)  # stable: equal values keep their order
    return ranked[:most], ranked[most:]


@dataclass(frozen=True)
class EmissionsRow:
    """One government's figures in the table beside the chart."""

    name: str
    url: str
    emissions_mt_co2e: Decimal
    industry_mt_co2e: Decimal | None

    @property
    def rest_mt_co2e(self):
        if self.industry_mt_co2e is None:
            return None
        return self.emissions_mt_co2e - self.industry_mt_co2e


@dataclass(frozen=True)
class EmissionsBar(EmissionsRow):
    """One bar: the industry part from the left, the rest after it."""

    y: int
    industry_width: float
    rest_width: float

    label_x = LABEL_WIDTH - 8
    industry_x = LABEL_WIDTH
    height = BAR_HEIGHT

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT * 0.72

    @property
    def rest_x(self):
        return LABEL_WIDTH + self.industry_width

    @property
    def value_x(self):
        return LABEL_WIDTH + self.industry_width + self.rest_width + 6


@dataclass(frozen=True)
class EmissionsChart:
    """Horizontal bars of emissions by government, split into industry and the rest, and
    ``rows``, every government's figures for the table beside it."""

    bars: tuple[EmissionsBar, ...]
    rows: tuple[EmissionsRow, ...] = ()
    others: int = 0  # how many governments the last bar stands for; 0 without such a bar

    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH

    @property
    def height(self):
        return max(len(self.bars), 1) * ROW_HEIGHT


def _emissions_bar(row, index, largest):
    total_width = float(row.emissions_mt_co2e / largest) * PLOT_WIDTH
    industry_width = 0.0
    if row.industry_mt_co2e is not None and row.emissions_mt_co2e:
        industry_width = total_width * float(row.industry_mt_co2e / row.emissions_mt_co2e)
    return EmissionsBar(
        name=row.name,
        url=row.url,
        emissions_mt_co2e=row.emissions_mt_co2e,
        industry_mt_co2e=row.industry_mt_co2e,
        y=index * ROW_HEIGHT,
        industry_width=round(industry_width, 1),
        rest_width=round(total_width - industry_width, 1),
    )


def emissions_chart(governments):
    """Lay out the largest emitters' bars (``MOST_BARS``), then one bar for the other
    governments together, scaled to the longest bar; every government stays in ``rows``.

    A government without an industry share is drawn as one undivided bar; the others' bar
    splits off the industry of those that report it.
    """
    rows = tuple(
        EmissionsRow(
            name=government.name,
            url=government.get_absolute_url(),
            emissions_mt_co2e=government.emissions_mt_co2e,
            industry_mt_co2e=government.industry_emissions_mt_co2e,
        )
        for government in governments
    )
    drawn, rest = largest_and_rest(rows, value=lambda row: row.emissions_mt_co2e)
    if rest:
        industries = [row.industry_mt_co2e for row in rest if row.industry_mt_co2e is not None]
        drawn.append(
            EmissionsRow(
                name=other_governments(len(rest)),
                url="",
                emissions_mt_co2e=sum((row.emissions_mt_co2e for row in rest), Decimal(0)),
                industry_mt_co2e=sum(industries, Decimal(0)) if industries else None,
            )
        )
    largest = max((row.emissions_mt_co2e for row in drawn), default=0) or 1
    return EmissionsChart(
        bars=tuple(_emissions_bar(row, index, largest) for index, row in enumerate(drawn)),
        rows=rows,
        others=len(rest),
    )


# The bar charts' text, in the units of the SVG's own coordinates. Pages may draw it smaller
# (itp.css); the labels' room is measured at this size so that it is never too little.
FONT_SIZE = 14
LABEL_GAP = 8  # between a label and its bar, and round the edges
VALUE_GAP = 6  # between a bar and its value
LONGEST_LABEL = 32  # characters; a longer label is shortened and kept whole as a title

# Advance widths in DejaVu Sans (the printed reports' font), in ems, rounded up by character
# class: enough to reserve room for a label without a font library, and never less than the
# font needs. Browsers draw the pages' charts in narrower fonts, so they fit there too.
_NARROW = frozenset(" !'(),-./:;I[\\]fijlrt|")
_WIDE = frozenset("#%&+<=>@MW^mw~")


def text_width(text, font_size=FONT_SIZE):
    """How wide ``text`` is drawn at ``font_size``, at most: an estimate from the widths of
    DejaVu Sans, rounded up (see the classes above)."""
    ems = 0.0
    for character in text:
        if character in _NARROW:
            ems += 0.42
        elif character in _WIDE:
            ems += 1.0
        elif character.isupper():
            ems += 0.8
        elif character.isascii():
            ems += 0.66  # lower-case letters, digits and the rest of ASCII
        else:
            ems += 1.0  # accented letters, other scripts: as wide as anything
    return ems * font_size


def _shortened(label):
    if len(label) <= LONGEST_LABEL:
        return label
    return label[: LONGEST_LABEL - 1].rstrip() + "…"


@dataclass(frozen=True)
class Bar:
    label: str  # as drawn: shortened when too long for a chart
    full_label: str
    value: Decimal | int
    value_text: str
    y: int
    x: float  # where the bar starts, right of the labels
    width: float

    height = BAR_HEIGHT

    @property
    def label_x(self):
        """Where the label ends (it is drawn right-aligned), just left of the bar."""
        return self.x - LABEL_GAP

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT * 0.72

    @property
    def value_x(self):
        return self.x + self.width + VALUE_GAP

    @property
    def shortened(self):
        return self.label != self.full_label


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per label, scaled to the largest value; as wide as its longest
    label and its longest value need, so that no text falls outside the drawing."""

    title: str
    bars: tuple[Bar, ...]
    width: float
    font_size = FONT_SIZE

    @property
    def height(self):
        return max(len(self.bars), 1) * ROW_HEIGHT


def bar_chart(title, pairs, *, others=None):
    """Lay out (label, value) pairs as a bar chart; missing values count as zero.

    Past ``MOST_BARS`` pairs (and one more), the largest are drawn, largest first, and the
    rest summed into one last bar labelled by ``others(count)`` (``other_governments`` for
    governments; "Others (count)" by default). The bars start right of the widest label and
    the drawing ends right of the widest value, both measured (see ``text_width``); a label
    longer than ``LONGEST_LABEL`` characters is shortened with an ellipsis, its full text
    kept for a tooltip.
    """
    pairs, rest = largest_and_rest(
        [(str(label), value or 0) for label, value in pairs], value=lambda pair: pair[1]
    )
    if rest:
        pairs.append(((others or _others)(len(rest)), sum(value for _, value in rest)))
    largest = max((value for _, value in pairs), default=0) or 1
    labels = [_shortened(label) for label, _ in pairs]
    values = [floatformat(value, "-1g") for _, value in pairs]
    bars_x = LABEL_GAP + max((text_width(label) for label in labels), default=0) + LABEL_GAP
    values_width = max((text_width(value) for value in values), default=0)
    return BarChart(
        title=str(title),
        bars=tuple(
            Bar(
                label=shown,
                full_label=label,
                value=value,
                value_text=value_text,
                y=index * ROW_HEIGHT,
                x=round(bars_x, 1),
                width=float(value) / float(largest) * PLOT_WIDTH,
            )
            for index, ((label, value), shown, value_text) in enumerate(
                zip(pairs, labels, values, strict=True)
            )
        ),
        width=round(bars_x + PLOT_WIDTH + VALUE_GAP + values_width + LABEL_GAP, 1),
    )
