from django import forms
from django.db.models import F
from django.utils.translation import gettext_lazy as _


class GovernmentSortForm(forms.Form):
    """The order of the governments list, taken from the query string."""

    SORTS = {
        "name": ("name",),
        # Largest first; a government whose figure is not known yet comes last on every database.
        "population": (F("population").desc(nulls_last=True), "name"),
        "gdp": (F("gdp_billion_usd").desc(nulls_last=True), "name"),
        "emissions": (F("emissions_mt_co2e").desc(nulls_last=True), "name"),
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
