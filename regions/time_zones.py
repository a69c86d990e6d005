"""The IANA time zones that governments and event venues may use.

The names come from the pinned `tzdata` package rather than from the operating system, so
every machine, the validators and the database constraints agree on one list.
"""

import importlib.resources

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

IANA_TIME_ZONES = tuple(
    sorted(importlib.resources.files("tzdata").joinpath("zones").read_text().split())
)
_IANA_TIME_ZONE_SET = frozenset(IANA_TIME_ZONES)


def validate_time_zone(value):
    """Refuse a name that is not an IANA time zone, with an example of one that is."""
    if value not in _IANA_TIME_ZONE_SET:
        raise ValidationError(
            _("“%(value)s” is not an IANA time zone name; use one such as Europe/Rome."),
            code="invalid_time_zone",
            params={"value": value},
        )
