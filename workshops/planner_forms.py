"""The webinar planner's forms: the day and length to plan, and the slot to start a webinar
at. Bad values are refused on their field, never with a 500."""

import datetime

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .planner import DURATIONS_MINUTES, SLOT_LENGTH, SLOTS_PER_DAY

FIRST_DAY, LAST_DAY = datetime.date(1900, 1, 1), datetime.date(2200, 12, 31)
DEFAULT_DURATION_MINUTES = 60
SLOT_CHOICES = [
    (time, time)
    for time in (
        (datetime.datetime.min + index * SLOT_LENGTH).strftime("%H:%M")
        for index in range(SLOTS_PER_DAY)
    )
]


def duration_label(minutes):
    hours, rest = divmod(minutes, 60)
    if not hours:
        return ngettext("%(minutes)d minute", "%(minutes)d minutes", rest) % {"minutes": rest}
    label = ngettext("%(hours)d hour", "%(hours)d hours", hours) % {"hours": hours}
    if rest:
        label += " " + ngettext("%(minutes)d minute", "%(minutes)d minutes", rest) % {
            "minutes": rest
        }
    return label


def duration_choices():
    # A callable, so the labels are translated when the form is made, not at import.
    return [(minutes, duration_label(minutes)) for minutes in DURATIONS_MINUTES]


class PlannerForm(forms.Form):
    """The day (in UTC) and the webinar's length; ``slot`` picks the half hour whose local
    times are listed."""

    date = forms.DateField(
        label=_("Date"),
        input_formats=["%Y-%m-%d"],
        validators=[MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)],
        widget=forms.DateInput(
            attrs={"type": "date", "min": FIRST_DAY.isoformat(), "max": LAST_DAY.isoformat()}
        ),
        error_messages={"invalid": _("Enter a date as YYYY-MM-DD, e.g. 2026-03-17.")},
    )
    duration = forms.TypedChoiceField(
        label=_("Length of the webinar"),
        coerce=int,
        choices=duration_choices,
        error_messages={
            "invalid_choice": _(
                "Choose a length between 30 minutes and 8 hours, in steps of 15 minutes."
            )
        },
    )
    slot = forms.ChoiceField(
        label=_("Show local times at (UTC)"),
        choices=[("", _("the best slot")), *SLOT_CHOICES],
        required=False,
        error_messages={"invalid_choice": _("Choose a half hour of the day, from 00:00 to 23:30.")},
    )

    @classmethod
    def from_query(cls, query, *, today):
        """The form bound to ``query``, with today and an hour for what it leaves out."""
        data = {
            "date": query.get("date", "").strip() or today.isoformat(),
            "duration": query.get("duration", "").strip() or str(DEFAULT_DURATION_MINUTES),
            "slot": query.get("slot", "").strip(),
        }
        return cls(data)

    def planned_duration(self):
        return datetime.timedelta(minutes=self.cleaned_data["duration"])

    def chosen_time(self):
        slot = self.cleaned_data.get("slot")
        return datetime.time.fromisoformat(slot) if slot else None


class StartWebinarForm(PlannerForm):
    """A slot of the planner to start a draft webinar at."""

    slot = forms.ChoiceField(
        label=_("Start (UTC)"),
        choices=SLOT_CHOICES,
        error_messages={
            "required": _("Choose the slot to start the webinar at."),
            "invalid_choice": _("Choose a half hour of the day, from 00:00 to 23:30."),
        },
    )

    def starts_at(self):
        return datetime.datetime.combine(
            self.cleaned_data["date"], self.chosen_time(), tzinfo=datetime.UTC
        )
