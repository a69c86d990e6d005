"""Charts drawn on the server as SVG, so pages need no script and no chart library."""

from dataclasses import dataclass
from decimal import Decimal

from django.template.defaultfilters import floatformat

LABEL_WIDTH = 170
PLOT_WIDTH = 380
VALUE_WIDTH = 70
BAR_HEIGHT = 20
ROW_HEIGHT = 28


@dataclass(frozen=True)
class EmissionsBar:
    """One government's bar: the industry part from the left, the rest after it."""

    name: str
    url: str
    y: int
    emissions_mt_co2e: Decimal
    industry_mt_co2e: Decimal | None
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

    @property
    def rest_mt_co2e(self):
        if self.industry_mt_co2e is None:
            return None
        return self.emissions_mt_co2e - self.industry_mt_co2e


@dataclass(frozen=True)
class EmissionsChart:
    """Horizontal bars of emissions by government, split into industry and the rest."""

    bars: tuple[EmissionsBar, ...]

    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH

    @property
    def height(self):
        return max(len(self.bars), 1) * ROW_HEIGHT


def emissions_chart(governments):
    """Lay out one bar per government, scaled to the largest emitter.

    A government without an industry share is drawn as one undivided bar.
    """
    governments = list(governments)
    largest = max((g.emissions_mt_co2e for g in governments), default=0) or 1
    bars = []
    for index, government in enumerate(governments):
        total_width = float(government.emissions_mt_co2e / largest) * PLOT_WIDTH
        industry = government.industry_emissions_mt_co2e
        industry_width = 0.0
        if industry is not None and government.emissions_mt_co2e:
            industry_width = total_width * float(industry / government.emissions_mt_co2e)
        bars.append(
            EmissionsBar(
                name=government.name,
                url=government.get_absolute_url(),
                y=index * ROW_HEIGHT,
                emissions_mt_co2e=government.emissions_mt_co2e,
                industry_mt_co2e=industry,
                industry_width=round(industry_width, 1),
                rest_width=round(total_width - industry_width, 1),
            )
        )
    return EmissionsChart(bars=tuple(bars))


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


def bar_chart(title, pairs):
    """Lay out (label, value) pairs as a bar chart; missing values count as zero.

    The bars start right of the widest label and the drawing ends right of the widest value,
    both measured (see ``text_width``); a label longer than ``LONGEST_LABEL`` characters is
    shortened with an ellipsis, its full text kept for a tooltip.
    """
    pairs = [(str(label), value or 0) for label, value in pairs]
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
