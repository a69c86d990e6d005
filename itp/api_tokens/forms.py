from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from itp.models import ApiToken


class ApiTokenForm(forms.Form):
    """A new token: its name, scope and lifetime in days."""

    name = forms.CharField(
        label=pgettext_lazy("API token", "Name"),
        max_length=ApiToken._meta.get_field("name").max_length,
        help_text=_("What the token is for, e.g. the tool that uses it."),
    )
    scope = forms.ChoiceField(label=_("Scope"), choices=ApiToken.Scope.choices)
    lifetime_days = forms.TypedChoiceField(
        label=_("Expires after"),
        coerce=int,
        initial=ApiToken.LIFETIME_DAYS[1],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Labelled per request, in the language of the person who asks.
        self.fields["lifetime_days"].choices = [
            (days, ngettext("%(days)s day", "%(days)s days", days) % {"days": days})
            for days in ApiToken.LIFETIME_DAYS
        ]
