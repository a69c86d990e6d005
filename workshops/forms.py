import datetime
from zoneinfo import ZoneInfo

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itp.common.forms import INVALID_CHOICE_UNNAMED
from itp.common.validators import validate_single_line
from regions.models import Person
from regions.time_zones import validate_time_zone

from .models import Event, Mode, Question, Registration, Session
from .models.questions import ANSWER_LENGTH_AT_MOST, NO, YES


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
    mode = forms.ChoiceField(
        label=_("Mode"),
        choices=[("", _("The event's only mode")), *Mode.choices],
        required=False,
        help_text=_("For a hybrid event: in person or online."),
    )
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
        mode = cleaned_data.get("mode")
        if (mode or event.is_hybrid) and mode not in event.modes:
            self.add_error(
                "mode",
                _("%(event)s takes registrations: %(modes)s.")
                % {
                    "event": event,
                    "modes": ", ".join(str(Mode(m).label).lower() for m in event.modes),
                },
            )
            return cleaned_data
        held = (
            Registration.objects.with_waitlist_place()
            .filter(person=person, event=event)
            .exclude(status__in=(Registration.Status.CANCELLED, Registration.Status.DECLINED))
            .first()
        )
        if held is None:
            return cleaned_data
        if held.status == Registration.Status.WAITLISTED:
            message = _("%(person)s is already on the waitlist of %(event)s, at place %(place)d.")
        elif held.status == Registration.Status.REGISTERED:
            message = _("%(person)s is already registered for %(event)s.")
        elif held.status == Registration.Status.PENDING:
            message = _("%(person)s's request to register for %(event)s awaits approval.")
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


class VenueTimesForm(forms.ModelForm):
    """A model form that shows and reads its date-times on the clocks of the event's venue.

    The database holds instants; staff think "09:00 in Milan". Each of ``venue_time_fields``
    is shown as the wall-clock time in the zone the record was saved in, and what is typed
    is read in the zone that applies to this submission (``zone_typed_in``), which may have
    been chosen on the same page. A time the zone skips or repeats when its clocks change is
    refused with an error that says so, rather than guessed.
    """

    venue_time_fields = ("starts_at", "ends_at")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        shown_in = self.zone_shown()
        for name in self.venue_time_fields:
            value = self.initial.get(name)
            # A naive initial value is shown as it is: the wall-clock time at the venue.
            if shown_in and isinstance(value, datetime.datetime) and timezone.is_aware(value):
                self.initial[name] = timezone.make_naive(value, ZoneInfo(shown_in))
        self._label_venue_times(self.zone_typed_in() if self.is_bound else shown_in)

    def zone_shown(self):
        """The zone the stored times are shown in; "" when there is none yet."""
        raise NotImplementedError

    def zone_typed_in(self):
        """The zone what is typed is read in; "" when none is known (read as UTC then, and
        the form is invalid anyway for want of a zone)."""
        return self.zone_shown()

    def full_clean(self):
        zone = ZoneInfo(self.zone_typed_in() or "UTC")
        with timezone.override(zone):
            super().full_clean()
        self._explain_clock_changes(zone)

    def _label_venue_times(self, zone_name):
        for name in self.venue_time_fields:
            field = self.fields.get(name)
            if field is None:
                continue
            field.label = _("%(label)s (%(zone)s)") % {
                "label": field.label,
                "zone": zone_name or _("venue's time"),
            }
            venue_clock = _("As the clocks at the venue show it.")
            field.help_text = f"{venue_clock} {field.help_text}" if field.help_text else venue_clock

    def _explain_clock_changes(self, zone):
        # Django reads a typed time in the current zone and refuses one the zone skips or
        # repeats with a general message; say which it is and what to do.
        for name in self.venue_time_fields:
            errors = self._errors.get(name) if self._errors else None
            for index, error in enumerate(errors.data if errors else ()):
                if getattr(error, "code", None) == "ambiguous_timezone":
                    errors.data[index] = clock_change_error(error.params["datetime"], zone)


def known_zone(name):
    """``name`` if it is an IANA time zone, else "": a form may hold one not yet validated."""
    try:
        validate_time_zone(name)
    except ValidationError:
        return ""
    return name


def clock_change_error(wall_time, zone):
    """The error for a wall-clock time that ``zone`` skips (clocks go forward) or passes
    twice (clocks go back)."""
    params = {"time": wall_time.strftime("%Y-%m-%d %H:%M"), "zone": zone.key}
    before_change = wall_time.replace(tzinfo=zone, fold=0).utcoffset()
    after_change = wall_time.replace(tzinfo=zone, fold=1).utcoffset()
    if before_change < after_change:
        return ValidationError(
            _(
                "%(time)s does not exist in %(zone)s: the clocks go forward then. "
                "Enter a time before or after the change."
            ),
            code="time_skipped",
            params=params,
        )
    return ValidationError(
        _(
            "%(time)s happens twice in %(zone)s: the clocks go back then. "
            "Enter a time before or after the change."
        ),
        code="time_repeated",
        params=params,
    )


class EventAdminForm(VenueTimesForm):
    """The admin's event form: times on the venue's clocks, in the zone chosen on the form.

    Changing the zone of an existing event keeps the wall-clock times on the form (09:00
    stays 09:00, now in the new zone): staff correct a wrongly chosen zone far more often
    than they move an event to another zone. The event's instants move, and so do its
    sessions' (``services.save_event``).
    """

    venue_time_fields = (
        "starts_at",
        "ends_at",
        "registration_opens_at",
        "registration_closes_at",
        "quota_released_at",
    )

    class Meta:
        model = Event
        # The fields this form reads; an admin using it names all the fields it shows.
        fields = (
            "time_zone",
            "starts_at",
            "ends_at",
            "registration_opens_at",
            "registration_closes_at",
            "quota_released_at",
        )
        help_texts = {
            "time_zone": _(
                "The IANA name of the venue's time zone, e.g. Europe/Rome. The times on this "
                "page, the sessions' too, are read on the venue's clocks in this zone. "
                "Changing it keeps the times as they are written here (09:00 stays 09:00, "
                "now in the new zone): the event and its sessions move, and everyone "
                "registered or waitlisted is told."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "attendance_mode" in self.fields:
            # Left out, it follows the kind: a webinar is online, anything else in person.
            self.fields["attendance_mode"].required = False

    def clean_attendance_mode(self):
        chosen = self.cleaned_data.get("attendance_mode")
        if chosen:
            return chosen
        if self.cleaned_data.get("kind") == Event.Kind.WEBINAR:
            return Event.AttendanceMode.ONLINE
        return Event.AttendanceMode.IN_PERSON

    def zone_shown(self):
        return self.instance.time_zone

    def zone_typed_in(self):
        if self.is_bound and "time_zone" in self.fields:
            # An unknown zone is the field's error; the times are read as stored meanwhile.
            typed = known_zone((self["time_zone"].data or "").strip())
            if typed:
                return typed
        return self.zone_shown()


class SessionAdminForm(VenueTimesForm):
    """The admin's session form, alone or inline on its event's page: times on the clocks of
    the event's venue. Inline, ``event`` is the event being edited on the same page, whose
    zone may just have been chosen or changed there; alone, the event chosen on the form."""

    class Meta:
        model = Session
        # The fields this form reads; an admin using it names all the fields it shows.
        fields = ("event", "starts_at", "ends_at")

    def __init__(self, *args, event=None, **kwargs):
        self.event = event
        super().__init__(*args, **kwargs)

    def zone_shown(self):
        if self.event is not None:
            # Inline, the event may hold a zone typed on the page that is not one.
            return known_zone(self.event.time_zone)
        return self.instance.event.time_zone if self.instance.event_id else ""

    def zone_typed_in(self):
        if self.event is None and self.is_bound and "event" in self.fields:
            chosen = self._event_chosen()
            if chosen is not None:
                return chosen.time_zone
        return self.zone_shown()

    def _event_chosen(self):
        if not hasattr(self, "_chosen_event"):
            try:
                self._chosen_event = self.fields["event"].clean(self["event"].data)
            except ValidationError:
                self._chosen_event = None  # the field says what is wrong
        return self._chosen_event


class SessionInlineFormSet(forms.BaseInlineFormSet):
    """Gives each session form of an event's page that event, to read its zone from."""

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "event": self.instance}


class RegistrationQuestionsForm(forms.Form):
    """An event's registration questions, one field each (``question_<pk>``), in their order.

    ``cleaned_answers()`` gives {question: value} for the questions answered, each value as
    ``Answer`` stores it: the text typed, the choice chosen, or "yes"/"no". ``answers`` (the
    stored answers of a registration) fill the fields in when answers are changed.
    """

    def __init__(self, *args, questions, answers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        given = {answer.question_id: answer.value for answer in answers}
        for question in self.questions:
            name = self.field_name(question)
            self.fields[name] = self._field_for(question)
            if question.pk in given:
                self.initial[name] = given[question.pk]

    @staticmethod
    def field_name(question):
        return f"question_{question.pk}"

    def _field_for(self, question):
        common = {
            "label": question.label,
            "help_text": question.help_text,
            "required": question.required,
        }
        if question.kind == Question.Kind.CHOICE:
            return forms.ChoiceField(
                choices=[(choice, choice) for choice in question.choice_list],
                widget=forms.RadioSelect,
                error_messages=INVALID_CHOICE_UNNAMED,
                **common,
            )
        if question.kind == Question.Kind.YES_NO:
            return forms.ChoiceField(
                choices=[(YES, _("Yes")), (NO, _("No"))],
                widget=forms.RadioSelect,
                error_messages=INVALID_CHOICE_UNNAMED,
                **common,
            )
        return forms.CharField(
            max_length=ANSWER_LENGTH_AT_MOST,
            validators=[validate_single_line],
            **common,
        )

    def cleaned_answers(self):
        """{question: value} for the questions answered; an empty answer is left out."""
        return {
            question: self.cleaned_data[self.field_name(question)]
            for question in self.questions
            if self.cleaned_data.get(self.field_name(question))
        }


class QuestionInlineFormSet(forms.BaseInlineFormSet):
    """The questions of an event's page: each label once, whatever its case. The database's
    constraint says the same, but the formset saves its forms one by one, and two new
    questions of the same label would otherwise meet it as an error, not a message."""

    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or self._should_delete_form(form):
                continue
            label = (form.cleaned_data.get("label") or "").strip().casefold()
            if not label:
                continue
            if label in seen:
                form.add_error("label", _("This event already asks this question."))
            seen.add(label)
