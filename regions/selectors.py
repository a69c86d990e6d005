"""Reads across governments that more than one page needs."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, DecimalField, ExpressionWrapper, F, Q, Sum

from .models import Government, Person


@dataclass(frozen=True)
class ProgrammeFigures:
    """Headline figures of the active member governments, as stored in the database."""

    governments: int
    countries: int
    population: int
    gdp_billion_usd: Decimal
    emissions_mt_co2e: Decimal
    industry_share_mean_percent: Decimal | None
    industry_share_weighted_percent: Decimal | None

    @property
    def population_millions(self):
        return Decimal(self.population) / 1_000_000

    @property
    def gdp_trillion_usd(self):
        return self.gdp_billion_usd / 1000


def programme_figures():
    """Return the programme's headline figures, computed in one query.

    The mean industry share is the plain average across governments that report one; the
    weighted share weighs each government's share by its emissions, over the governments
    that report both figures.
    """
    # Divided by 100 in Python, not in SQL: SQLite divides whole numbers as integers.
    emissions_times_share = ExpressionWrapper(
        F("emissions_mt_co2e") * F("industry_share_percent"),
        output_field=DecimalField(max_digits=20, decimal_places=4),
    )
    both_figures = Q(emissions_mt_co2e__isnull=False, industry_share_percent__isnull=False)
    totals = Government.objects.active().aggregate(
        total_governments=Count("pk"),
        total_countries=Count("country", distinct=True),
        total_population=Sum("population"),
        total_gdp=Sum("gdp_billion_usd"),
        total_emissions=Sum("emissions_mt_co2e"),
        mean_share=Avg("industry_share_percent"),
        emissions_times_share=Sum(emissions_times_share, filter=both_figures),
        emissions_with_share=Sum("emissions_mt_co2e", filter=both_figures),
    )
    industry_share_weighted = None
    if totals["emissions_with_share"]:
        weighted_sum = _decimal(totals["emissions_times_share"])
        industry_share_weighted = weighted_sum / _decimal(totals["emissions_with_share"])
    mean = totals["mean_share"]
    return ProgrammeFigures(
        governments=totals["total_governments"],
        countries=totals["total_countries"],
        population=totals["total_population"] or 0,
        gdp_billion_usd=_decimal(totals["total_gdp"]),
        emissions_mt_co2e=_decimal(totals["total_emissions"]),
        industry_share_mean_percent=None if mean is None else _decimal(mean),
        industry_share_weighted_percent=industry_share_weighted,
    )


def _decimal(value):
    # SQLite hands some aggregates back as floats; str() keeps their shortest exact form.
    return Decimal(str(value or 0))


def governments_by_emissions():
    """Active governments that report emissions, largest emitter first, for the chart."""
    return (
        Government.objects.active()
        .filter(emissions_mt_co2e__isnull=False)
        .only("name", "slug", "emissions_mt_co2e", "industry_share_percent")
        .order_by("-emissions_mt_co2e", "name")
    )


def person_of(user):
    """The Person tied to a login account (with their government), or None."""
    if not user.is_authenticated:
        return None
    return Person.objects.filter(user=user).select_related("government").first()


def government_time_zones():
    """The time zones of the active member governments, each once, in order. One query."""
    return list(
        Government.objects.active()
        .order_by("time_zone")
        .values_list("time_zone", flat=True)
        .distinct()
    )
