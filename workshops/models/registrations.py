"""Registrations: a person's seat at an event, their place on its waitlist, or what became of
either."""

import enum

from django.db import models
from django.db.models import Case, Count, OuterRef, Q, Subquery, When
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from regions.models import Person

from .events import Event, Mode


class RegistrationQuerySet(models.QuerySet):
    def with_waitlist_place(self):
        """Annotate ``waitlist_place`` (1 = next in line) on waitlisted registrations; each
        mode of a hybrid event has its own waitlist."""
        ahead = (
            Registration.objects.filter(
                event=OuterRef("event"),
                mode=OuterRef("mode"),
                status=Registration.Status.WAITLISTED,
                waitlist_order__lt=OuterRef("waitlist_order"),
            )
            .order_by()
            .values("event")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(
            waitlist_place=Case(
                When(
                    status=Registration.Status.WAITLISTED,
                    then=Coalesce(Subquery(ahead), 0) + 1,
                ),
                default=None,
                output_field=models.IntegerField(),
            )
        )


class Registration(models.Model):
    """A person's place at an event: registered, on the waitlist, or what became of it."""

    class Status(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", pgettext_lazy("registration status", "Cancelled")
        ATTENDED = "attended", _("Attended")
        ABSENT = "absent", _("Absent")
        # Awaiting the staff's approval: no seat and no waitlist place yet.
        PENDING = "pending", _("Awaiting approval")
        DECLINED = "declined", _("Declined")

        # Groups of values, not members of the enum.
        # The statuses that hold one of the event's seats (those attended or absent held
        # one too).
        holding_seat = enum.nonmember(frozenset({"registered", "attended", "absent"}))
        # A place the person still expects to take up: a seat or a waitlist place, before
        # attendance is taken. Its holder may cancel it and hears of changes to the event.
        active = enum.nonmember(frozenset({"registered", "waitlisted", "pending"}))
        # Attendance taken: the registration is history.
        attendance_recorded = enum.nonmember(frozenset({"attended", "absent"}))
        # Taken up, or history: registering again returns such a registration unchanged.
        held = enum.nonmember(active | attendance_recorded)

    # PROTECT on both sides: registrations are the programme's attendance history.
    event = models.ForeignKey(
        Event, verbose_name=_("event"), related_name="registrations", on_delete=models.PROTECT
    )
    person = models.ForeignKey(
        Person, verbose_name=_("person"), related_name="registrations", on_delete=models.PROTECT
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    # One of the event's modes; the service keeps it so (a constraint cannot see the event).
    # The default serves rows written directly (imports of history, fixtures): a single-mode
    # event counts all its registrations whatever their mode.
    mode = models.CharField(_("mode"), max_length=20, choices=Mode.choices, default=Mode.IN_PERSON)
    # Order of joining the waitlist; the place in the queue is counted from it.
    waitlist_order = models.PositiveIntegerField(_("waitlist order"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["event__starts_at", "created_at"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "event"],
                name="registration_one_per_person_and_event",
                violation_error_message=_("This person is already registered for this event."),
            ),
            models.UniqueConstraint(
                fields=["event", "mode", "waitlist_order"],
                condition=Q(waitlist_order__isnull=False),
                name="registration_unique_waitlist_order_per_mode",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "registered",
                        "waitlisted",
                        "cancelled",
                        "attended",
                        "absent",
                        "pending",
                        "declined",
                    ]
                ),
                name="registration_status_known",
            ),
            models.CheckConstraint(
                condition=Q(mode__in=["in_person", "online"]),
                name="registration_mode_known",
            ),
            models.CheckConstraint(
                condition=(Q(status="waitlisted") & Q(waitlist_order__isnull=False))
                | (~Q(status="waitlisted") & Q(waitlist_order__isnull=True)),
                name="registration_waitlist_order_only_when_waitlisted",
            ),
        ]
        indexes = [models.Index(fields=["event", "status"])]

    def __str__(self):
        return f"{self.person} – {self.event}"

    @property
    def holds_seat(self):
        return self.status in self.Status.holding_seat

    @property
    def gets_join_url(self):
        """Whether the person is given the event's online join link: when they hold a seat.

        A seat, not a waitlist place: the link lets anyone in, so it goes only to the people
        the capacity counts. Taking attendance does not take it back: someone marked absent
        on the first day of a workshop that goes on still holds their seat. The event page,
        the e-mails and the personal calendar feed all ask this, so they always agree.
        """
        return self.holds_seat

    def cancellation_refusal(self, now):
        """Why this registration cannot be cancelled at ``now``, or None when it can (an
        already cancelled one can: cancelling it again changes nothing)."""
        if self.status in self.Status.attendance_recorded or self.event.ends_at <= now:
            return _("This event is over; its registrations are history.")
        return None
