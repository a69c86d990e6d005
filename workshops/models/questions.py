"""Registration questions that staff ask for one event (dietary needs, accessibility, a visa
letter) and the answers people give when they register."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Length, Lower
from django.db.models.lookups import LessThanOrEqual
from django.utils.translation import gettext_lazy as _

from itp.common.validators import validate_multiline_text, validate_single_line

from .events import Event
from .registrations import Registration

# Bounds on what staff define and on what a participant types.
CHOICES_AT_MOST = 20
CHOICE_LENGTH_AT_MOST = 100
ANSWER_LENGTH_AT_MOST = 500

# How a yes/no answer is stored; shown translated.
YES, NO = "yes", "no"


class Question(models.Model):
    """A question an event asks of everyone who registers for it."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Short text")
        CHOICE = "choice", _("Choice")
        YES_NO = "yes_no", _("Yes or no")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), related_name="questions", on_delete=models.CASCADE
    )
    label = models.CharField(_("question"), max_length=200, validators=[validate_single_line])
    help_text = models.CharField(
        _("help text"), max_length=300, blank=True, validators=[validate_single_line]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    choices = models.TextField(
        _("choices"),
        blank=True,
        validators=[validate_multiline_text, MaxLengthValidator(4000)],
        # The figure is CHOICES_AT_MOST's.
        help_text=_("For a choice only: one choice a line, at least two, at most 20."),
    )
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["event", "position", "pk"]
        verbose_name = _("registration question")
        verbose_name_plural = _("registration questions")
        constraints = [
            models.UniqueConstraint(
                "event",
                Lower("label"),
                name="question_unique_label_per_event",
                violation_error_message=_("This event already asks this question."),
            ),
            models.CheckConstraint(
                condition=Q(kind="choice") | Q(choices=""),
                name="question_choices_only_for_a_choice",
                violation_error_message=_("Only a question of the kind “choice” has choices."),
            ),
        ]

    def __str__(self):
        return self.label

    def clean(self):
        super().clean()
        choices = self.choice_list
        if self.kind != self.Kind.CHOICE:
            if choices:
                raise ValidationError(
                    {"choices": _("Only a question of the kind “choice” has choices.")}
                )
            self.choices = ""
        else:
            self._clean_choices(choices)
        self._keep_answers_valid()

    def _clean_choices(self, choices):
        if len(choices) < 2:
            raise ValidationError({"choices": _("Give at least two choices, one a line.")})
        if len(choices) > CHOICES_AT_MOST:
            raise ValidationError(
                {"choices": _("Give at most %(most)d choices.") % {"most": CHOICES_AT_MOST}}
            )
        if any(len(choice) > CHOICE_LENGTH_AT_MOST for choice in choices):
            raise ValidationError(
                {
                    "choices": _("Keep each choice to %(most)d characters.")
                    % {"most": CHOICE_LENGTH_AT_MOST}
                }
            )
        folded = [choice.casefold() for choice in choices]
        if len(set(folded)) != len(folded):
            raise ValidationError({"choices": _("Give each choice once.")})
        # Stored as they are read: trimmed, one a line.
        self.choices = "\n".join(choices)

    def _keep_answers_valid(self):
        """Refuse a change that would leave given answers meaningless: another kind, or a
        choice taken away that someone chose. Adding choices, rewording the question or its
        help, and making it required or not are fine."""
        if self.pk is None:
            return
        stored = Question.objects.filter(pk=self.pk).values("kind", "choices").first()
        if stored is None or (stored["kind"], stored["choices"]) == (self.kind, self.choices):
            return
        answers = Answer.objects.filter(question_id=self.pk)
        if stored["kind"] != self.kind and answers.exists():
            raise ValidationError(
                {"kind": _("People have answered this question; its kind cannot change now.")}
            )
        if self.kind == self.Kind.CHOICE:
            chosen = set(answers.values_list("value", flat=True).distinct())
            removed = sorted(chosen - set(self.choice_list))
            if removed:
                raise ValidationError(
                    {
                        "choices": _(
                            "Keep the choices people have chosen: %(choices)s. You may add others."
                        )
                        % {"choices": ", ".join(removed)}
                    }
                )

    @property
    def choice_list(self):
        """The choices, one a line, trimmed, without empty lines."""
        return [line.strip() for line in self.choices.splitlines() if line.strip()]

    def display(self, value):
        """An answer's stored ``value`` as a reader sees it ("Yes" for "yes")."""
        if self.kind == self.Kind.YES_NO:
            return {YES: _("Yes"), NO: _("No")}.get(value, value)
        return value


class AnswerQuerySet(models.QuerySet):
    def for_reading(self):
        """With their questions, in the event's order of questions."""
        return self.select_related("question").order_by("question__position", "question__pk", "pk")


class Answer(models.Model):
    """What one registration answered to one of its event's questions."""

    registration = models.ForeignKey(
        Registration,
        verbose_name=_("registration"),
        related_name="answers",
        on_delete=models.CASCADE,
    )
    # PROTECT: a question that has been answered is not deleted with its answers unseen.
    question = models.ForeignKey(
        Question, verbose_name=_("question"), related_name="answers", on_delete=models.PROTECT
    )
    value = models.TextField(_("answer"), validators=[MaxLengthValidator(ANSWER_LENGTH_AT_MOST)])
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = AnswerQuerySet.as_manager()

    class Meta:
        ordering = ["registration", "question__position", "question__pk"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "question"],
                name="answer_one_per_registration_and_question",
            ),
            models.CheckConstraint(
                condition=LessThanOrEqual(Length("value"), ANSWER_LENGTH_AT_MOST),
                name="answer_value_bounded",
            ),
        ]

    def __str__(self):
        return f"{self.question}: {self.display_value}"

    def clean(self):
        super().clean()
        if (
            self.registration_id
            and self.question_id
            and self.question.event_id != self.registration.event_id
        ):
            raise ValidationError(
                {"question": _("The question must be one of the registration's event.")}
            )

    @property
    def display_value(self):
        return self.question.display(self.value)
