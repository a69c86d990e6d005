"""Importing people and organisations from CSV or XLSX files (see itp.common.importing.reading).

The people import reads exactly the file that the admin's "Export selected to XLSX" (or CSV)
writes for people, so a file exported, corrected and imported again updates the people it
names and changes nothing else.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from import_export.fields import Field

from itp.common.importing.cells import lookup_key
from itp.common.importing.resources import (
    CaseInsensitiveInstanceLoader,
    ProgrammeResource,
    unique_slug,
)
from itp.common.importing.widgets import (
    ChoiceWidget,
    CountryWidget,
    LookupWidget,
    TextWidget,
    WebsiteWidget,
    YesNoWidget,
)

from .models import Government, Organisation, Person


def government_lookup():
    return LookupWidget(
        Government,
        keys=("name", "slug"),
        shown_as="name",
        not_found=gettext_lazy("No government named or with slug “%(value)s”."),
    )


def organisation_lookup():
    return LookupWidget(
        Organisation,
        keys=("name", "slug"),
        shown_as="name",
        not_found=gettext_lazy("No organisation named or with slug “%(value)s”."),
    )


class PersonResource(ProgrammeResource):
    """People, matched by e-mail address without regard to case: a known address updates that
    person, a new one adds a person. The columns are those of the people export."""

    name = Field("name", gettext_noop("Name"), TextWidget())
    email = Field("email", gettext_noop("E-mail"), TextWidget())
    kind = Field("kind", gettext_noop("Kind"), ChoiceWidget(Person.Kind.choices))
    job_title = Field("job_title", gettext_noop("Job title"), TextWidget())
    government = Field("government", gettext_noop("Government"), government_lookup())
    organisation = Field("organisation", gettext_noop("Organisation"), organisation_lookup())
    consents_to_public_listing = Field(
        "consents_to_public_listing", gettext_noop("Listed publicly"), YesNoWidget()
    )

    # The token and the slug (made from the name by Person.save()) are unique by construction;
    # checking them would cost a query a row.
    clean_exclude = ("calendar_token", "slug")

    class Meta:
        model = Person
        name = gettext_lazy("People")
        fields = (
            "name",
            "email",
            "kind",
            "job_title",
            "government",
            "organisation",
            "consents_to_public_listing",
        )
        import_id_fields = ("email",)
        instance_loader_class = CaseInsensitiveInstanceLoader

    def get_queryset(self):
        return Person.objects.select_related("government", "organisation")

    def row_key(self, row):
        email = row.get("E-mail")
        return lookup_key(email) if email else None

    def duplicate_error(self, earlier_row):
        return ValidationError(
            {"E-mail": _("Row %(row)d has the same e-mail address.") % {"row": earlier_row}}
        )


class OrganisationResource(ProgrammeResource):
    """Organisations, matched by name without regard to case. A new organisation's slug is
    made from its name."""

    name = Field("name", gettext_noop("Name"), TextWidget())
    kind = Field("kind", gettext_noop("Kind"), ChoiceWidget(Organisation.Kind.choices))
    country = Field("country", gettext_noop("Country"), CountryWidget())
    city = Field("city", gettext_noop("City"), TextWidget())
    website = Field("website", gettext_noop("Website"), WebsiteWidget())

    # Made from the name, unique by construction (see import_instance).
    clean_exclude = ("slug",)

    class Meta:
        model = Organisation
        name = gettext_lazy("Organisations")
        fields = ("name", "kind", "country", "city", "website")
        import_id_fields = ("name",)
        instance_loader_class = CaseInsensitiveInstanceLoader

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self.slugs_taken = set(Organisation.objects.values_list("slug", flat=True))

    def import_instance(self, instance, row, **kwargs):
        try:
            super().import_instance(instance, row, **kwargs)
        finally:
            if not instance.slug and instance.name:
                instance.slug = unique_slug(instance.name, self.slugs_taken)

    def row_key(self, row):
        name = row.get("Name")
        return lookup_key(name) if name else None

    def duplicate_error(self, earlier_row):
        return ValidationError({"Name": _("Row %(row)d has the same name.") % {"row": earlier_row}})
