from django import forms
from django.utils.translation import gettext_lazy as _

from regions.models import Person
from regions.time_zones import validate_time_zone

from .models import Event, Registration


class TimeZoneForm(forms.Form):
    """The time zone a viewer asked to see times in (``?tz=``)."""

    tz = forms.CharField(
        label=_("Show times in"),
        max_length=64,
        required=False,
        validators=[validate_time_zone],
        help_text=_("An IANA time zone, e.g. America/Toronto."),
    )


class StaffRegistrationForm(forms.Form):
    """The admin's form for registering one person: who and for what, and whether to
    register them though the event's registration window is closed. Saving is left to
    ``services.register_for_event``; the form refuses only a person who holds a place
    already (a cancelled registration is taken up again by the service, which is why this is
    no ModelForm: its validation of the one-per-person constraint would refuse that)."""

    person = forms.ModelChoiceField(Person.objects.all(), label=_("Person"))
    event = forms.ModelChoiceField(Event.objects.all(), label=_("Event"))
    even_if_closed = forms.BooleanField(
        label=_("Register even though registration is closed"),
        required=False,
        help_text=_(
            "For a late addition: registers the person before registration opens or after it "
            "closes. The capacity still holds: when the event is full, they join its waitlist."
        ),
    )

    def clean(self):
        cleaned_data = super().clean()
        person, event = cleaned_data.get("person"), cleaned_data.get("event")
        if person is None or event is None:
            return cleaned_data
        held = (
            Registration.objects.with_waitlist_place()
            .filter(person=person, event=event)
            .exclude(status=Registration.Status.CANCELLED)
            .first()
        )
        if held is None:
            return cleaned_data
        if held.status == Registration.Status.WAITLISTED:
            message = _("%(person)s is already on the waitlist of %(event)s, at place %(place)d.")
        elif held.status == Registration.Status.REGISTERED:
            message = _("%(person)s is already registered for %(event)s.")
        else:
            message = _("%(person)s's registration for %(event)s is history: %(status)s.")
        raise forms.ValidationError(
            message,
            params={
                "person": person,
                "event": event,
                "place": held.waitlist_place,
                "status": held.get_status_display().lower(),
            },
        )
