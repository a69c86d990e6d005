from collections import defaultdict

from django.contrib import admin, messages
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from itp.common.admin import (
    HTTPS_URL_FIELDS,
    LanguageNamedLabelsMixin,
    ListFilterMediaMixin,
    RefuseMalformedInputMixin,
    RelatedAutocompleteFilter,
)
from itp.common.admin_paging import LargeTableAdminMixin
from itp.common.content_languages import in_every_language
from itp.common.exporting.admin import ExportSelectedMixin
from itp.common.importing.admin import StaffImportMixin

from . import services
from .exports import PeopleExport
from .forms import PersonAdminForm
from .models import Government, Organisation, Person
from .resources import OrganisationResource, PersonResource


@admin.display(description=_("country"), ordering="country")
def country_name(place):
    """A government's or organisation's country by name. Django would look the code up among
    the labels of all 250 countries for each row: a second for a page of 100."""
    return place.country.name


@admin.register(Government)
class GovernmentAdmin(
    RefuseMalformedInputMixin, LanguageNamedLabelsMixin, TranslationAdmin, SimpleHistoryAdmin
):
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = (
        "name",
        country_name,
        "kind",
        "population",
        "gdp_billion_usd",
        "emissions_mt_co2e",
        "industry_share_percent",
        "figures_year",
        "is_active",
    )
    list_filter = ("is_active", "kind", "country", "themes")
    search_fields = ("name", "slug", *in_every_language("summary"))
    prepopulated_fields = {"slug": ("name",)}
    filter_horizontal = ("themes",)
    fieldsets = (
        (
            None,
            {
                "fields": (
                    "name",
                    "slug",
                    "country",
                    "kind",
                    "time_zone",
                    "holiday_subdivision",
                    "is_active",
                )
            },
        ),
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
    list_display = ("name", "kind", country_name, "city")
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
class PersonAdmin(
    LargeTableAdminMixin,
    ListFilterMediaMixin,
    StaffImportMixin,
    ExportSelectedMixin,
    RefuseMalformedInputMixin,
    SimpleHistoryAdmin,
):
    list_display = (
        "name",
        "email",
        "kind",
        "job_title",
        "government",
        "organisation",
        "consents_to_public_listing",
        "login",
    )
    list_filter = (
        "kind",
        ("government", RelatedAutocompleteFilter),
        "organisation__kind",
        "consents_to_public_listing",
    )
    list_select_related = ("government", "organisation", "user")
    form = PersonAdminForm
    search_fields = ("name", "email", "job_title")
    autocomplete_fields = ("government", "organisation", "user")
    readonly_fields = ("login",)
    actions = ("invite", "export_csv", "export_xlsx")
    export_class = PeopleExport
    resource_classes = [PersonResource]
    import_help = _(
        "The columns are those of “Export selected to XLSX”, so an exported file can be "
        "corrected and imported again. People are matched by e-mail address, ignoring case: a "
        "known address updates that person, a new one adds a person. Kind is a label such as "
        "“Government official”; Government and Organisation are a name or a slug, or empty; "
        "Listed publicly is yes or no."
    )

    def save_model(self, request, obj, form, change):
        replaced = getattr(form.initial.get("photo"), "name", "")
        super().save_model(request, obj, form, change)
        services.delete_replaced_photo(replaced, person=obj)

    @admin.display(description=_("login"))
    def login(self, person):
        account = person.user
        if account is None:
            return _("none")
        if account.last_login is None and not account.has_usable_password():
            return _("invited on %(date)s, not used yet") % {
                "date": formats.date_format(timezone.localdate(account.date_joined))
            }
        return account.get_username()

    def has_invite_permission(self, request):
        # An invitation makes a login account: for those who may add accounts.
        return request.user.has_perm("auth.add_user")

    @admin.action(description=_("Invite to log in"), permissions=["invite"])
    def invite(self, request, queryset):
        """Make each selected person a login and e-mail them a link to choose its password
        (``services.invite_person``); say who was invited, and who not and why."""
        invited, invited_again, refused = [], [], defaultdict(list)
        for person in queryset:
            try:
                _account, created = services.invite_person(person=person)
            except services.InvitationRefused as refusal:
                refused[refusal.message].append(person.name)
            else:
                (invited if created else invited_again).append(person.name)
        if invited:
            self.message_user(
                request,
                ngettext(
                    "Invited %(count)d person to log in: %(people)s.",
                    "Invited %(count)d people to log in: %(people)s.",
                    len(invited),
                )
                % {"count": len(invited), "people": ", ".join(invited)},
                messages.SUCCESS,
            )
        if invited_again:
            self.message_user(
                request,
                _("Sent a new link to those invited before who have not used it: %(people)s.")
                % {"people": ", ".join(invited_again)},
                messages.SUCCESS,
            )
        for reason, people in refused.items():
            self.message_user(
                request,
                _("Not invited: %(people)s. %(reason)s")
                % {"people": ", ".join(people), "reason": reason},
                messages.WARNING,
            )
