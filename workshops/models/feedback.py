"""Feedback after an event: one short survey response per attendee."""

from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itp.common.validators import validate_multiline_text

from .registrations import Registration

# A few paragraphs: enough to say what helped and what to change, not a report.
FEEDBACK_TEXT_MAX_LENGTH = 2000


class FeedbackResponse(models.Model):
    """An attendee's answer to the survey after an event: a rating from 1 to 5 and two
    optional comments. One per registration, so one per person and event; the comments are
    for programme staff and coordinators only, and are deleted when the person is
    anonymised (the rating stays, counted anonymously)."""

    class Rating(models.IntegerChoices):
        POOR = 1, _("1 – poor")
        FAIR = 2, _("2 – fair")
        GOOD = 3, _("3 – good")
        VERY_GOOD = 4, _("4 – very good")
        EXCELLENT = 5, _("5 – excellent")

    # CASCADE: the response belongs to the registration; registrations themselves are
    # protected from deletion (they are the attendance history).
    registration = models.OneToOneField(
        Registration,
        verbose_name=_("registration"),
        related_name="feedback",
        on_delete=models.CASCADE,
    )
    rating = models.PositiveSmallIntegerField(
        _("rating"),
        choices=Rating.choices,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    useful = models.TextField(
        _("what was useful"),
        blank=True,
        validators=[validate_multiline_text, MaxLengthValidator(FEEDBACK_TEXT_MAX_LENGTH)],
    )
    change = models.TextField(
        _("what to change"),
        blank=True,
        validators=[validate_multiline_text, MaxLengthValidator(FEEDBACK_TEXT_MAX_LENGTH)],
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)

    class Meta:
        ordering = ["-submitted_at", "-pk"]
        verbose_name = _("feedback response")
        verbose_name_plural = _("feedback responses")
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5), name="feedback_rating_1_to_5"
            ),
        ]

    def __str__(self):
        return f"{self.registration} – {self.rating}"
