from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from itp.admin_fields import HTTPS_URL_FIELDS
from itp.admin_imports import StaffImportMixin
from itp.common.admin import RefuseMalformedInputMixin

from .models import Government, Organisation, Person
from .resources import OrganisationResource


@admin.register(Government)
class GovernmentAdmin(RefuseMalformedInputMixin, SimpleHistoryAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = (
        "name",
        "country",
        "kind",
        "population",
        "gdp_billion_usd",
        "emissions_mt_co2e",
        "industry_share_percent",
        "figures_year",
        "is_active",
    )
    list_filter = ("is_active", "kind", "country", "themes")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("themes",)
    fieldsets = (
        (None, {"fields": ("name", "slug", "country", "kind", "time_zone", "is_active")}),
        (
            _("Figures"),
            {
                "fields": (
                    "population",
                    "gdp_billion_usd",
                    "emissions_mt_co2e",
                    "industry_share_percent",
                    "figures_year",
                    "figures_source",
                )
            },
        ),
        (_("Profile"), {"fields": ("summary", "website", "joined_on", "themes")}),
    )


@admin.register(Organisation)
class OrganisationAdmin(RefuseMalformedInputMixin, StaffImportMixin, admin.ModelAdmin):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ("name", "kind", "country", "city")
    list_filter = ("kind", "country")
    search_fields = ("name", "slug", "city")
    prepopulated_fields = {"slug": ("name",)}
    resource_classes = [OrganisationResource]
    import_help = _(
        "Organisations are matched by name, ignoring case: a known name updates that "
        "organisation, a new one adds it with a slug made from the name. Kind is a label such "
        "as “Industry”; Country is an ISO code (IT) or a name (Italy); a website without "
        "https:// gets it."
    )


@admin.register(Person)
class PersonAdmin(RefuseMalformedInputMixin, SimpleHistoryAdmin):
    list_display = (
        "name",
        "email",
        "kind",
        "job_title",
        "government",
        "organisation",
        "consents_to_public_listing",
    )
    list_filter = ("kind", "government", "organisation__kind", "consents_to_public_listing")
    list_select_related = ("government", "organisation")
    search_fields = ("name", "email", "job_title")
    autocomplete_fields = ("government", "organisation", "user")
