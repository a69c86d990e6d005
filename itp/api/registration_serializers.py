"""What the personal and staff routes show of registrations, and what registering reads.

An event's times are ISO 8601 in its venue's zone, with the offset, beside the zone's IANA name;
the registration's own times (``created_at``, ``cancelled_at``) are UTC.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from itp.api.serializers import (
    GovernmentReferenceSerializer,
    HTMLLinkField,
    ZonedDateTimeField,
    api_link,
)
from itp.common.forms import INVALID_CHOICE_UNNAMED
from regions.models import Person
from workshops.forms import RegistrationQuestionsForm
from workshops.models import Event, Mode, Registration
from workshops.models.questions import ANSWER_LENGTH_AT_MOST

# Longer than any slug (Event.slug holds 200 characters): refused before a query is made.
SLUG_LENGTH_AT_MOST = 200
# Question ids are primary keys: digits, and no more of them than a bigint holds.
QUESTION_ID_DIGITS_AT_MOST = 18

WAITLIST_PLACE_HELP = (
    "For a waitlisted registration, its place in its mode's queue (1 = next), as the site "
    "shows it; otherwise null."
)


class EventSummarySerializer(serializers.ModelSerializer):
    """The event of a registration: enough to show it and to find it in the public API."""

    starts_at = ZonedDateTimeField(zone_source="time_zone", read_only=True)
    ends_at = ZonedDateTimeField(zone_source="time_zone", read_only=True)
    url = api_link("event", help_text="The event's address in the API's public events.")
    html_url = HTMLLinkField(help_text="The event's page on the site.")

    class Meta:
        model = Event
        fields = ("slug", "title", "status", "starts_at", "ends_at", "time_zone", "url", "html_url")


class RegistrationSerializer(serializers.ModelSerializer):
    """A registration of the signed-in person, read from ``selectors.registrations_of``."""

    event = EventSummarySerializer(read_only=True)
    waitlist_place = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=WAITLIST_PLACE_HELP
    )

    class Meta:
        model = Registration
        fields = ("id", "event", "status", "mode", "waitlist_place", "created_at", "cancelled_at")


@extend_schema_field({"type": "string", "format": "idn-email"})
class InternationalEmailField(serializers.EmailField):
    """An e-mail address as Django accepts it: its local part may be in any script
    (``piotr.zieliński@...``), which JSON Schema calls ``idn-email``, not ``email``."""


class RegisteredPersonSerializer(serializers.ModelSerializer):
    government = GovernmentReferenceSerializer(read_only=True, allow_null=True)
    email = InternationalEmailField(read_only=True, help_text="The person's e-mail address.")

    class Meta:
        model = Person
        fields = ("slug", "name", "email", "government")


class EventRegistrationSerializer(serializers.ModelSerializer):
    """A registration of an event, for the staff: who, and where they stand."""

    person = RegisteredPersonSerializer(read_only=True)
    waitlist_place = serializers.IntegerField(
        read_only=True, allow_null=True, help_text=WAITLIST_PLACE_HELP
    )

    class Meta:
        model = Registration
        fields = ("id", "person", "status", "mode", "waitlist_place", "created_at", "cancelled_at")


class AnswersField(serializers.DictField):
    """Answers by question id: each id is checked to be one before the answers are read, so
    that an error about an answer names its question, never a long made-up key."""

    def to_internal_value(self, data):
        if isinstance(data, dict) and not all(
            isinstance(key, str) and key.isdecimal() and len(key) <= QUESTION_ID_DIGITS_AT_MOST
            for key in data
        ):
            raise serializers.ValidationError(_("Name each question by its id, a number."))
        return super().to_internal_value(data)


class RegisterSerializer(serializers.Serializer):
    """What registering reads: the event, the mode and the answers to the event's questions,
    validated as the event page's form validates them. The service decides the rest."""

    event = serializers.CharField(
        max_length=SLUG_LENGTH_AT_MOST, help_text="The slug of a published event."
    )
    mode = serializers.ChoiceField(
        choices=Mode.choices,
        required=False,
        allow_blank=True,
        error_messages=INVALID_CHOICE_UNNAMED,
        help_text="How you take part; may be left out for an event that offers one mode.",
    )
    answers = AnswersField(
        child=serializers.CharField(max_length=ANSWER_LENGTH_AT_MOST, allow_blank=True),
        required=False,
        help_text="Answers to the event's registration questions, by question id.",
    )

    def validate_event(self, slug):
        event = Event.objects.public().filter(slug=slug).first()
        if event is None:
            raise serializers.ValidationError(_("No published event has this slug."))
        return event

    def validate(self, data):
        event, mode = data["event"], data.get("mode", "")
        if (mode or event.is_hybrid) and mode not in event.modes:
            raise serializers.ValidationError(
                {
                    "mode": _("%(event)s takes registrations: %(modes)s.")
                    % {
                        "event": event,
                        "modes": ", ".join(str(Mode(m).label).lower() for m in event.modes),
                    }
                }
            )
        data["answers"] = self._cleaned_answers(event, data.get("answers") or {})
        return data

    def _cleaned_answers(self, event, answers):
        """{question: value}, read by the event page's form, which any answer it refuses
        names by its question's id; answers to questions the event does not ask are refused."""
        questions = list(event.questions.all())
        names = {str(question.pk): question for question in questions}
        if any(key not in names for key in answers):
            raise serializers.ValidationError(
                {
                    "answers": _("Answer the event's questions by their ids: %(ids)s.")
                    % {"ids": ", ".join(names) or "–"}
                }
            )
        form = RegistrationQuestionsForm(
            {
                RegistrationQuestionsForm.field_name(names[key]): value
                for key, value in answers.items()
            },
            questions=questions,
        )
        if not form.is_valid():
            raise serializers.ValidationError(
                {
                    "answers": {
                        name.removeprefix("question_"): messages
                        for name, messages in form.errors.items()
                    }
                }
            )
        return form.cleaned_answers()
