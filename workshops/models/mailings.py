"""E-mail the staff send about an event: mailings to its registrants, and when its reminders
go out."""

import datetime

from django.conf import settings
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.timesince import timeuntil
from django.utils.translation import gettext_lazy as _

from itp.common.validators import validate_multiline_text, validate_single_line

from .events import Event
from .registrations import Registration

MAILING_SUBJECT_MAX_LENGTH = 150
MAILING_BODY_MAX_LENGTH = 10_000
# A reminder further ahead than this is an announcement, not a reminder.
REMINDER_MAX_MINUTES = 60 * 24 * 60


class Mailing(models.Model):
    """An e-mail the staff sent to some of an event's registrants: the log of who was written
    to, and when. Created and sent by ``workshops.services.send_mailing``, once per form
    (``token``), one ``Message`` per recipient."""

    class Audience(models.TextChoices):
        ALL = "all", _("everyone holding a seat or on the waitlist")
        # After the event, those who held a seat: whether they came or not.
        REGISTERED = "registered", _("people holding a seat")
        WAITLISTED = "waitlisted", _("people on the waitlist")
        ATTENDED = "attended", _("people who attended")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), related_name="mailings", on_delete=models.CASCADE
    )
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    subject = models.CharField(
        _("subject"), max_length=MAILING_SUBJECT_MAX_LENGTH, validators=[validate_single_line]
    )
    body = models.TextField(
        _("message"),
        validators=[validate_multiline_text, MaxLengthValidator(MAILING_BODY_MAX_LENGTH)],
        help_text=_("Plain text, at most 10,000 characters; blank lines separate paragraphs."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("sent by"),
        related_name="+",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
    )
    # The form's one-time token: a second submission of the same form finds the mailing sent.
    token = models.UUIDField(_("form token"), unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("queued at"), null=True, blank=True)
    recipients_count = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("mailing")
        verbose_name_plural = _("mailings")
        permissions = [("send_mailing", _("Can e-mail an event's registrants"))]

    def __str__(self):
        return f"{self.subject} – {self.event}"

    @classmethod
    def audience_statuses(cls, audience):
        """The registration statuses ``audience`` writes to."""
        Status = Registration.Status
        return {
            cls.Audience.ALL: {*Status.holding_seat, Status.WAITLISTED},
            cls.Audience.REGISTERED: set(Status.holding_seat),
            cls.Audience.WAITLISTED: {Status.WAITLISTED},
            cls.Audience.ATTENDED: {Status.ATTENDED},
        }[audience]


class EventReminder(models.Model):
    """When, before an event starts, the people holding a seat are reminded of it. An event
    without any has the defaults (``workshops.notifications.DEFAULT_REMINDERS``)."""

    event = models.ForeignKey(
        Event, verbose_name=_("event"), related_name="reminders", on_delete=models.CASCADE
    )
    minutes_before = models.PositiveIntegerField(
        _("minutes before the start"),
        validators=[MinValueValidator(1), MaxValueValidator(REMINDER_MAX_MINUTES)],
        help_text=_("For example 10080 for a week, 1440 for a day, 15 for a quarter of an hour."),
    )

    class Meta:
        ordering = ["event", "-minutes_before"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "minutes_before"],
                name="event_reminder_unique",
                violation_error_message=_("The event has a reminder at that time already."),
            ),
            models.CheckConstraint(
                condition=Q(minutes_before__gte=1, minutes_before__lte=REMINDER_MAX_MINUTES),
                name="event_reminder_minutes_in_range",
            ),
        ]

    def __str__(self):
        return str(describe_lead_time(self.minutes_before))


def describe_lead_time(minutes):
    """``minutes`` as people say it: "7 days", "1 day", "15 minutes", "1 day, 2 hours"."""
    now = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    return timeuntil(now + datetime.timedelta(minutes=minutes), now, depth=2)
