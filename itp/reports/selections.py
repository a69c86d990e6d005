"""Rows chosen in the admin, exported with the same writers as the reports."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itp.common.exporting.tables import DATE, INTEGER, TEXT, Column, Export, Section
from regions.models import Person
from workshops.models import Registration


class SelectionExport(Export):
    """Rows chosen in the admin, exported with the same writers as the reports."""

    def __init__(self, queryset):
        super().__init__()
        self.queryset = queryset


class PeopleExport(SelectionExport):
    name = "people"
    title = _("People")

    def sections(self):
        people = self.queryset.select_related("government", "organisation").order_by("name")
        kinds = dict(Person.Kind.choices)
        return [
            Section(
                _("People"),
                [
                    Column(_("Name"), TEXT, 26),
                    Column(_("E-mail"), TEXT, 32),
                    Column(_("Kind"), TEXT, 22),
                    Column(_("Job title"), TEXT, 30),
                    Column(_("Government"), TEXT, 22),
                    Column(_("Organisation"), TEXT, 22),
                    Column(_("Listed publicly"), TEXT, 10),
                ],
                (
                    (
                        person.name,
                        person.email,
                        kinds[person.kind],
                        person.job_title,
                        person.government.name if person.government else "",
                        person.organisation.name if person.organisation else "",
                        _("yes") if person.consents_to_public_listing else _("no"),
                    )
                    for person in people.iterator(chunk_size=2000)
                ),
            )
        ]


class RegistrationsExport(SelectionExport):
    name = "registrations"
    title = _("Registrations")

    def values(self):
        """The export's columns as plain values, in order. Values rather than model instances:
        five objects per row would cost more than the export itself."""
        registrations = self.queryset.with_waitlist_place()
        return registrations.order_by("event__starts_at", "person__name").values_list(
            "event__title",
            "event__starts_at",
            "person__name",
            "person__email",
            "person__government__name",
            "person__organisation__name",
            "status",
            "waitlist_place",
            "created_at",
        )

    def sections(self):
        rows = self.values()
        statuses = {value: str(label) for value, label in Registration.Status.choices}
        zone = timezone.get_current_timezone()
        return [
            Section(
                _("Registrations"),
                [
                    Column(_("Event"), TEXT, 34),
                    Column(_("Event date"), DATE, 12),
                    Column(_("Name"), TEXT, 26),
                    Column(_("E-mail"), TEXT, 32),
                    Column(_("Government"), TEXT, 22),
                    Column(_("Organisation"), TEXT, 22),
                    Column(_("Status"), TEXT, 12),
                    Column(_("Waitlist place"), INTEGER, 10),
                    Column(_("Registered at"), DATE, 18),
                ],
                (
                    (
                        title,
                        starts_at.date(),
                        name,
                        email,
                        government or "",
                        organisation or "",
                        statuses[status],
                        waitlist_place,
                        created_at.astimezone(zone).replace(tzinfo=None),
                    )
                    for (
                        title,
                        starts_at,
                        name,
                        email,
                        government,
                        organisation,
                        status,
                        waitlist_place,
                        created_at,
                    ) in rows.iterator(chunk_size=5000)
                ),
            )
        ]
