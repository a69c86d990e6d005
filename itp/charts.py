"""Charts drawn on the server as SVG, so pages need no script and no chart library."""

from dataclasses import dataclass
from decimal import Decimal

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


@dataclass(frozen=True)
class Bar:
    label: str
    value: Decimal | int
    y: int
    width: float

    label_x = LABEL_WIDTH - 8
    x = LABEL_WIDTH
    height = BAR_HEIGHT

    @property
    def text_y(self):
        return self.y + BAR_HEIGHT * 0.72

    @property
    def value_x(self):
        return LABEL_WIDTH + self.width + 6


@dataclass(frozen=True)
class BarChart:
    """Horizontal bars, one per label, scaled to the largest value."""

    title: str
    bars: tuple[Bar, ...]

    width = LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH

    @property
    def height(self):
        return max(len(self.bars), 1) * ROW_HEIGHT


def bar_chart(title, pairs):
    """Lay out (label, value) pairs as a bar chart; missing values count as zero."""
    pairs = [(str(label), value or 0) for label, value in pairs]
    largest = max((value for _, value in pairs), default=0) or 1
    return BarChart(
        title=str(title),
        bars=tuple(
            Bar(
                label=label,
                value=value,
                y=index * ROW_HEIGHT,
                width=float(value) / float(largest) * PLOT_WIDTH,
            )
            for index, (label, value) in enumerate(pairs)
        ),
    )
