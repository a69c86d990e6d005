"""Importing registrations from CSV or XLSX files (see itp.common.importing.reading).

Each row names a person by e-mail address and an event by slug. A registration is made by
``services.register_for_event``, exactly as when the person registers on the site: the
capacity holds, the overflow goes on the waitlist in the order of the file, and the person
gets the same e-mail. A person already registered or waitlisted is left as they are.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from import_export.fields import Field
from import_export.instance_loaders import BaseInstanceLoader

from itp.common.importing.cells import lookup_key
from itp.common.importing.resources import ProgrammeResource
from itp.common.importing.widgets import ChoiceWidget, LookupWidget
from regions.models import Person

from . import services
from .models import Event, Registration


class RegistrationLoader(BaseInstanceLoader):
    """Finds the registration a row is about, if the person already has one for the event,
    reading the registrations for the file's events in one query. Made after the resource's
    ``before_import()``, so the people and events are already looked up."""

    def __init__(self, resource, dataset=None):
        super().__init__(resource, dataset)
        self.person = resource.fields["person"]
        self.event = resource.fields["event"]
        events = self.event.widget.records or {}
        slugs = dataset["Event"] if dataset is not None else []
        named = {events.get(lookup_key(slug)) for slug in slugs}
        self.instances = {
            (registration.person_id, registration.event_id): registration
            for registration in Registration.objects.filter(
                event__in=[event for event in named if event is not None]
            ).select_related("person", "event")
        }

    def get_instance(self, row):
        try:
            person, event = self.person.clean(row), self.event.clean(row)
        except ValueError:
            return None  # a new instance, whose import then reports the unknown person or event
        if person is None or event is None:
            return None
        return self.instances.get((person.pk, event.pk))


class RegistrationResource(ProgrammeResource):
    """Registrations: who (E-mail) registers for what (Event, by slug). The preview's Status
    column shows what the import makes of each row: registered or waitlisted."""

    person = Field(
        "person",
        gettext_noop("E-mail"),
        LookupWidget(
            Person,
            keys=("email",),
            shown_as="email",
            not_found=gettext_lazy("No person with the e-mail address “%(value)s”."),
        ),
    )
    event = Field(
        "event",
        gettext_noop("Event"),
        LookupWidget(
            Event,
            keys=("slug",),
            shown_as="slug",
            not_found=gettext_lazy("No event with the slug “%(value)s”."),
        ),
    )
    status = Field(
        "status", gettext_noop("Status"), ChoiceWidget(Registration.Status.choices), readonly=True
    )

    # Set by register_for_event, never by the file.
    clean_exclude = ("status", "mode", "waitlist_order", "cancelled_at")

    class Meta:
        model = Registration
        name = gettext_lazy("Registrations")
        fields = ("person", "event", "status")
        import_id_fields = ("person", "event")
        instance_loader_class = RegistrationLoader

    def row_key(self, row):
        email, event = row.get("E-mail"), row.get("Event")
        return (lookup_key(email), lookup_key(event)) if email and event else None

    def duplicate_error(self, earlier_row):
        return ValidationError(
            {
                "E-mail": _("Row %(row)d registers the same person for the same event.")
                % {"row": earlier_row}
            }
        )

    def skip_row(self, instance, original, row, import_validation_errors=None):
        """Unchanged: the person already holds a registration or a place on the waitlist.
        A cancelled registration is taken up again."""
        if import_validation_errors or original is None or original.pk is None:
            return False
        return original.status != Registration.Status.CANCELLED

    def do_instance_save(self, instance, is_create):
        try:
            registration = services.register_for_event(event=instance.event, person=instance.person)
        except services.RegistrationRefused as refusal:
            raise ValidationError({"Event": refusal.message}) from refusal
        for field in Registration._meta.concrete_fields:
            setattr(instance, field.attname, getattr(registration, field.attname))
