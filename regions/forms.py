from django import forms
from django.utils.translation import gettext_lazy as _


class GovernmentSortForm(forms.Form):
    """The order of the governments list, taken from the query string."""

    SORTS = {
        "name": ("name",),
        "population": ("-population", "name"),
        "gdp": ("-gdp_billion_usd", "name"),
        "emissions": ("-emissions_mt_co2e", "name"),
    }

    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("name", _("Name")),
            ("population", _("Population, largest first")),
            ("gdp", _("GDP, largest first")),
            ("emissions", _("Emissions, largest first")),
        ],
    )

    def ordering(self):
        """The ordering for a valid form; the default (by name) otherwise."""
        sort = self.cleaned_data.get("sort") if self.is_valid() else None
        return self.SORTS.get(sort or "name")
