"""Public holidays and weekends of a government's country and subdivision.

The calendars come from the ``holidays`` library, keyed by the country's ISO code and the
library's own subdivision code (e.g. DE "NW", GB "SCT", CA "QC", US "CA"); a government
without a subdivision gets its country's holidays. A calendar is built once per (country,
subdivision, year) in each process: building one costs milliseconds, and the planner asks
for every government on every request.
"""

import functools

import holidays as holiday_library
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Holiday names in the site's language (British English) where the country's calendar has
# them, else American English, else the country's own language.
NAME_LANGUAGES = ("en_GB", "en_US")


@functools.cache
def subdivisions_of(country):
    """The library's subdivision codes for ``country`` (ISO 3166 alpha-2), () if none; None
    when the library has no calendar for the country at all."""
    return holiday_library.list_supported_countries().get(str(country))


def validate_holiday_subdivision(country, subdivision):
    """Refuse a subdivision code the library does not know for ``country``."""
    if not subdivision:
        return
    codes = subdivisions_of(country)
    if codes is None:
        raise ValidationError(
            _("There is no public-holiday calendar for this country; leave the subdivision empty."),
            code="no_holiday_calendar",
        )
    if subdivision not in codes:
        if not codes:
            message = _("This country's holidays have no subdivisions; leave this empty.")
        else:
            message = _(
                "“%(subdivision)s” is not a holiday subdivision of this country. "
                "Use one of: %(codes)s; or leave it empty for the country's holidays."
            ) % {"subdivision": subdivision[:20], "codes": ", ".join(codes)}
        raise ValidationError(message, code="unknown_holiday_subdivision")


@functools.lru_cache(maxsize=1024)
def _calendar(country, subdivision, year):
    """(names of the holidays by date, weekdays of the weekend) for one year; None when the
    library has no calendar for the country or does not know the subdivision (any more)."""
    try:
        default = holiday_library.country_holidays(country, subdiv=subdivision or None)
    except NotImplementedError:
        return None
    language = next((name for name in NAME_LANGUAGES if name in default.supported_languages), None)
    calendar = holiday_library.country_holidays(
        country, subdiv=subdivision or None, years=year, language=language
    )
    return dict(calendar.items()), frozenset(calendar.weekend)


def has_holiday_calendar(country, subdivision=""):
    """Whether public holidays are known for the country (and subdivision)."""
    return subdivisions_of(country) is not None and (
        not subdivision or subdivision in subdivisions_of(country)
    )


def holiday_on(country, subdivision, day):
    """The name of the public holiday on ``day`` ("" when none, or when unknown)."""
    if not has_holiday_calendar(country, subdivision):
        return ""
    names, _weekend = _calendar(str(country), subdivision or "", day.year)
    return names.get(day, "")


def is_weekend(country, subdivision, day):
    """Whether ``day`` falls on the country's weekend (Saturday and Sunday when unknown)."""
    if not has_holiday_calendar(country, subdivision):
        return day.weekday() >= 5
    _names, weekend = _calendar(str(country), subdivision or "", day.year)
    return day.weekday() in weekend
