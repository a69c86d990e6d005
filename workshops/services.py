"""Writes to events and registrations.

Every function here is one transaction. Registration writes lock the event's row first
(``SELECT ... FOR UPDATE``), so concurrent requests for the same event queue up behind each
other and the capacity can never be exceeded.
"""

from django.db import transaction
from django.db.models import F, Max
from django.utils import timezone

from . import notifications
from .models import SEAT_HOLDING_STATUSES, Event, Registration

# Changes to these fields make calendars update the event (its iCalendar SEQUENCE rises).
CALENDAR_FIELDS = frozenset(
    {
        "title",
        "status",
        "starts_at",
        "ends_at",
        "time_zone",
        "venue",
        "city",
        "country",
        "description",
        "join_url",
    }
)


class RegistrationRefused(Exception):
    """A registration or cancellation that the event's state does not allow."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def register_for_event(*, event, person, now=None, even_if_closed=False):
    """Register ``person`` for ``event``, or put them on its waitlist when it is full.

    Returns the registration. Registering again while registered or waitlisted returns the
    existing registration unchanged (unless the event has been cancelled since); a cancelled
    registration is taken up again. Raises RegistrationRefused, changing nothing, when the
    event is not published, is cancelled, is over, or is outside its registration window.
    ``even_if_closed`` (for the staff's late additions) leaves out the window alone: the
    capacity holds as ever, and a full event puts the person on its waitlist.

    Side effects: locks the event row; may promote waitlisted people into free seats first;
    e-mails the person (confirmed, or waitlisted with the place) and anyone promoted, after
    commit.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(event)
        registration = Registration.objects.filter(event=event, person=person).first()
        held = registration is not None and registration.status != Registration.Status.CANCELLED
        if held and event.status != Event.Status.CANCELLED:
            return registration
        refusal = event.registration_refusal(now, even_if_closed=even_if_closed)
        if refusal:
            raise RegistrationRefused(refusal)
        notifications.notify_promoted(_fill_free_seats(event))
        if _seats_left(event) != 0:
            status, waitlist_order = Registration.Status.REGISTERED, None
        else:
            status, waitlist_order = Registration.Status.WAITLISTED, _next_waitlist_order(event)
        if registration is None:
            registration = Registration(event=event, person=person)
        registration.status = status
        registration.waitlist_order = waitlist_order
        registration.cancelled_at = None
        registration.save()
        notifications.notify_registration(registration)
        return registration


def cancel_registration(*, registration, now=None):
    """Cancel a registration or a place on the waitlist.

    Returns the registrations promoted from the waitlist into the freed seat (empty when the
    cancelled one held no seat). Cancelling an already cancelled registration changes
    nothing. Raises RegistrationRefused for an event that is over.

    Side effects: locks the event row; promotes the first waitlisted person, in order; after
    commit, e-mails the person that their place is cancelled and anyone promoted their seat.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = event
        if registration.status == Registration.Status.CANCELLED:
            return []
        refusal = registration.cancellation_refusal(now)
        if refusal:
            raise RegistrationRefused(refusal)
        registration.status = Registration.Status.CANCELLED
        registration.waitlist_order = None
        registration.cancelled_at = now
        registration.save()
        notifications.notify_place_cancelled(registration)
        promoted = _fill_free_seats(event)
        notifications.notify_promoted(promoted)
        return promoted


def mark_attendance(*, registrations, attended, now=None):
    """Record whether people held a seat at events that have started came or not.

    ``registrations`` is a queryset; those that hold no seat (waitlisted, cancelled) or whose
    event has not started are left alone. Returns (number marked, number left alone).
    """
    now = now or timezone.now()
    status = Registration.Status.ATTENDED if attended else Registration.Status.ABSENT
    with transaction.atomic():
        # Lock and count the selection first: once updated, a queryset filtered on status
        # would no longer count the rows just marked.
        selected = list(registrations.select_for_update().values_list("pk", flat=True))
        eligible = Registration.objects.filter(
            pk__in=selected, status__in=SEAT_HOLDING_STATUSES, event__starts_at__lte=now
        )
        # Saved one by one rather than with update(), so each change enters the audit trail.
        marked = 0
        for registration in eligible:
            registration.status = status
            registration.updated_at = now
            registration.save(update_fields=["status", "updated_at"])
            marked += 1
        return marked, len(selected) - marked


def publish_event(*, event):
    """Publish a draft event on the schedule. Side effect: calendars pick up the change."""
    return _set_event_status(event, Event.Status.PUBLISHED)


def cancel_event(*, event):
    """Cancel an event; feeds then mark it cancelled. Registrations are kept as they are.
    Side effect: everyone registered or waitlisted is e-mailed after commit."""
    return _set_event_status(event, Event.Status.CANCELLED)


def save_event(*, event, changed_fields=()):
    """Save an edited event.

    Side effects: a change that calendars show raises the event's SEQUENCE; a larger
    capacity promotes waitlisted people into the new seats; after commit, e-mails everyone
    registered or waitlisted when a published event's time or place changed or the event was
    cancelled, and anyone promoted.
    """
    with transaction.atomic():
        if event.pk is not None and CALENDAR_FIELDS.intersection(changed_fields):
            # Read under a lock and raise in Python: a saved F() expression cannot be copied
            # into the audit trail.
            stored = Event.objects.select_for_update().values_list("sequence", flat=True)
            event.sequence = stored.get(pk=event.pk) + 1
        event.save()
        if "status" in changed_fields and event.status == Event.Status.CANCELLED:
            notifications.notify_event_cancelled(event)
        elif (
            event.status == Event.Status.PUBLISHED
            and "status" not in changed_fields
            and notifications.NOTIFIED_FIELDS.intersection(changed_fields)
        ):
            notifications.notify_event_changed(event)
        if "capacity" in changed_fields:
            notifications.notify_promoted(_fill_free_seats(_lock_event(event)))
        return event


def record_agenda_change(*, event):
    """Raise the event's SEQUENCE after its sessions changed, so calendars update them."""
    Event.objects.filter(pk=event.pk).update(sequence=F("sequence") + 1, updated_at=timezone.now())


def _set_event_status(event, status):
    with transaction.atomic():
        event = _lock_event(event)
        if event.status == status:
            return event
        event.status = status
        return save_event(event=event, changed_fields=["status"])


def _lock_event(event):
    return Event.objects.select_for_update().get(pk=event.pk)


def _seats_left(event):
    """Free seats of a locked event; None when it has no limit."""
    if event.capacity is None:
        return None
    taken = event.registrations.filter(status__in=SEAT_HOLDING_STATUSES).count()
    return max(event.capacity - taken, 0)


def _next_waitlist_order(event):
    highest = event.registrations.aggregate(highest=Max("waitlist_order"))["highest"]
    return (highest or 0) + 1


def _fill_free_seats(event):
    """Move waitlisted people, first come first served, into a locked event's free seats."""
    free = _seats_left(event)
    waitlist = event.registrations.filter(status=Registration.Status.WAITLISTED).order_by(
        "waitlist_order"
    )
    promoted = list(waitlist if free is None else waitlist[:free])
    for registration in promoted:
        registration.status = Registration.Status.REGISTERED
        registration.waitlist_order = None
        registration.save(update_fields=["status", "waitlist_order", "updated_at"])
    return promoted
