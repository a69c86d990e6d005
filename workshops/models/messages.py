"""The e-mail outbox: one record per message to a person about an event."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regions.models import Person

from .events import Event


class MessageQuerySet(models.QuerySet):
    def due(self):
        """Messages still to send: never sent, and not given up on."""
        return self.filter(status=Message.Status.PENDING)


class Message(models.Model):
    """An e-mail to a person about an event, recorded before it is sent.

    The record is the outbox and the log at once: a message is written in the same
    transaction as the change it reports, sent after that transaction commits, and retried
    by ``manage.py send_reminders`` when sending failed. ``key`` is set on messages that must
    never be sent twice (a reminder for one event's start, a notice of one revision), so a
    second attempt to create one is refused by the database.
    """

    class Kind(models.TextChoices):
        CONFIRMED = "confirmed", _("registration confirmed")
        WAITLISTED = "waitlisted", _("placed on the waitlist")
        PROMOTED = "promoted", _("promoted from the waitlist")
        CHANGED = "changed", _("event changed")
        CANCELLED = "cancelled", _("event cancelled")
        # A registration or waitlist place given up, by the person or by the staff.
        PLACE_CANCELLED = "place_cancelled", _("registration cancelled")
        REMINDER = "reminder", _("reminder")
        MAILING = "mailing", _("mailing from the staff")
        NEW_EVENT = "new_event", _("new event on a theme of interest")
        # After the event: the survey link for an attendee.
        FEEDBACK_REQUEST = "feedback_request", _("feedback request")
        REQUEST_RECEIVED = "request_received", _("registration request received")
        APPROVED = "approved", _("registration approved")
        APPROVED_WAITLISTED = "approved_waitlisted", _("approved and placed on the waitlist")
        DECLINED = "declined", _("registration declined")

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("given up")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    person = models.ForeignKey(
        Person, verbose_name=_("person"), related_name="messages", on_delete=models.CASCADE
    )
    event = models.ForeignKey(
        Event, verbose_name=_("event"), related_name="messages", on_delete=models.CASCADE
    )
    # Set on the messages of a staff mailing: its subject and text.
    mailing = models.ForeignKey(
        "workshops.Mailing",
        verbose_name=_("mailing"),
        related_name="messages",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
    )
    recipient = models.EmailField(_("recipient"), max_length=254)
    key = models.CharField(_("key"), max_length=100, blank=True, editable=False)
    # A "changed" message states the time before the change, which the event no longer holds.
    previous_starts_at = models.DateTimeField(
        _("previously starting at"), null=True, blank=True, editable=False
    )
    previous_ends_at = models.DateTimeField(
        _("previously ending at"), null=True, blank=True, editable=False
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-mail message")
        verbose_name_plural = _("e-mail messages")
        constraints = [
            models.UniqueConstraint(
                fields=["key"], condition=~Q(key=""), name="message_key_unique"
            ),
            models.CheckConstraint(
                condition=Q(status="sent", sent_at__isnull=False)
                | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="message_sent_at_only_when_sent",
            ),
        ]
        indexes = [models.Index(fields=["status", "id"])]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.recipient} – {self.event}"
