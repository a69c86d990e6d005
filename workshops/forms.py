from django import forms
from django.utils.translation import gettext_lazy as _

from regions.time_zones import validate_time_zone


class TimeZoneForm(forms.Form):
    """The time zone a viewer asked to see times in (``?tz=``)."""

    tz = forms.CharField(
        label=_("Show times in"),
        max_length=64,
        required=False,
        validators=[validate_time_zone],
        help_text=_("An IANA time zone, e.g. America/Toronto."),
    )
