"""Writes to events and registrations.

Every function here is one transaction. Registration writes lock the event's row first
(``SELECT ... FOR UPDATE``), so concurrent requests for the same event queue up behind each
other and the capacity can never be exceeded.
"""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from itp.common.exceptions import Refused
from itp.common.validators import has_control_characters

from . import notifications
from .models import Answer, Event, Mailing, Question, Registration, Session
from .models.questions import ANSWER_LENGTH_AT_MOST, NO, YES

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


class RegistrationRefused(Refused):
    """A registration or cancellation that the event's state does not allow."""


def register_for_event(*, event, person, now=None, even_if_closed=False, answers=None):
    """Register ``person`` for ``event``, or put them on its waitlist when it is full.

    Returns the registration. Registering again while registered or waitlisted returns the
    existing registration unchanged (unless the event has been cancelled since); a cancelled
    registration is taken up again. Raises RegistrationRefused, changing nothing, when the
    event is not published, is cancelled, is over, or is outside its registration window.
    ``even_if_closed`` (for the staff's late additions) leaves out the window alone: the
    capacity holds as ever, and a full event puts the person on its waitlist. ``answers``
    ({question: value}, from ``forms.RegistrationQuestionsForm``) are saved with the
    registration, in its transaction.

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
        _save_answers(registration, answers)
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


def update_answers(*, registration, answers, now=None):
    """Replace the answers of ``registration`` to its event's questions with ``answers``
    ({question: value}; a question left out has its answer removed).

    Raises RegistrationRefused, changing nothing, once the event has started or when the
    person holds no place (cancelled, or attendance taken). Side effect: locks the
    registration's row.
    """
    now = now or timezone.now()
    with transaction.atomic():
        registration = (
            Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
        )
        if registration.status not in Registration.Status.active:
            raise RegistrationRefused(_("You hold no place at this event."))
        if registration.event.starts_at <= now:
            raise RegistrationRefused(
                _("This event has started; its answers can no longer change.")
            )
        _save_answers(registration, answers)
        return registration


def _save_answers(registration, answers):
    """Store ``answers`` ({question: value}) as the registration's answers, replacing those
    it had; None leaves them as they are. A question of another event, or a value the
    question does not allow, is refused: the caller's transaction then saves nothing."""
    if answers is None:
        return
    for question, value in answers.items():
        refusal = _answer_refusal(registration, question, value)
        if refusal:
            raise RegistrationRefused(refusal)
    registration.answers.exclude(question__in=list(answers)).delete()
    for question, value in answers.items():
        Answer.objects.update_or_create(
            registration=registration, question=question, defaults={"value": value}
        )


def _answer_refusal(registration, question, value):
    if question.event_id != registration.event_id:
        return _("“%(question)s” is not a question of this event.") % {"question": question}
    if not isinstance(value, str) or not value or len(value) > ANSWER_LENGTH_AT_MOST:
        return _("Answer “%(question)s” in at most %(most)d characters.") % {
            "question": question,
            "most": ANSWER_LENGTH_AT_MOST,
        }
    if question.kind == Question.Kind.TEXT and has_control_characters(value):
        return _("Answer “%(question)s” on one line, without control characters.") % {
            "question": question
        }
    if question.kind == Question.Kind.CHOICE and value not in question.choice_list:
        return _("Choose one of the choices of “%(question)s”.") % {"question": question}
    if question.kind == Question.Kind.YES_NO and value not in (YES, NO):
        return _("Answer “%(question)s” with yes or no.") % {"question": question}
    return None


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
            pk__in=selected, status__in=Registration.Status.holding_seat, event__starts_at__lte=now
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

    ``changed_fields`` names what the editor changed; the stored event, read under a lock
    first, tells whether the instants moved, which they do when only the venue's zone changed
    and the wall-clock times were kept (as the admin keeps them).

    Side effects: when the venue's zone changed, the sessions keep their wall-clock times in
    the new zone, so they move with the event; a change that calendars show raises the
    event's SEQUENCE; a larger capacity promotes waitlisted people into the new seats; after
    commit, e-mails everyone registered or waitlisted when a published event's time or place
    changed (stating the time before the change) or the event was cancelled, and anyone
    promoted.
    """
    changed_fields = set(changed_fields)
    with transaction.atomic():
        stored = None
        if event.pk is not None:
            # Read under a lock and raise in Python: a saved F() expression cannot be copied
            # into the audit trail.
            stored = (
                Event.objects.select_for_update()
                .values("sequence", "starts_at", "ends_at", "time_zone")
                .get(pk=event.pk)
            )
            changed_fields.update(
                name
                for name in ("starts_at", "ends_at", "time_zone")
                if getattr(event, name) != stored[name]
            )
            if "time_zone" in changed_fields:
                _keep_sessions_on_the_venue_clocks(event, previous_zone=stored["time_zone"])
            if CALENDAR_FIELDS.intersection(changed_fields):
                event.sequence = stored["sequence"] + 1
        event.save()
        if "status" in changed_fields and event.status == Event.Status.CANCELLED:
            notifications.notify_event_cancelled(event)
        elif event.status == Event.Status.PUBLISHED and (
            stored is None or "status" in changed_fields
        ):
            notifications.notify_new_event(event)
        elif (
            stored is not None
            and event.status == Event.Status.PUBLISHED
            and "status" not in changed_fields
            and notifications.NOTIFIED_FIELDS.intersection(changed_fields)
        ):
            notifications.notify_event_changed(
                event,
                previous_starts_at=stored["starts_at"],
                previous_ends_at=stored["ends_at"],
            )
        if "capacity" in changed_fields:
            notifications.notify_promoted(_fill_free_seats(_lock_event(event)))
        return event


def _keep_sessions_on_the_venue_clocks(event, *, previous_zone):
    """Move the sessions of ``event``, whose venue's zone is no longer ``previous_zone``, to
    the same wall-clock times in its new zone: a session at 14:00 stays at 14:00. A time the
    new zone skips is read with the offset from before its clocks change."""
    before, after = ZoneInfo(previous_zone), ZoneInfo(event.time_zone)
    sessions = list(Session.objects.select_for_update().filter(event=event))
    for session in sessions:
        session.starts_at = timezone.make_aware(
            timezone.make_naive(session.starts_at, before), after
        )
        session.ends_at = timezone.make_aware(timezone.make_naive(session.ends_at, before), after)
    Session.objects.bulk_update(sessions, ["starts_at", "ends_at"])


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
    taken = event.registrations.filter(status__in=Registration.Status.holding_seat).count()
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


class WebinarRefused(Refused):
    """A draft webinar the planner cannot start."""


def create_draft_webinar(*, starts_at, duration, time_zone, created_by, title="", slug=""):
    """Create a draft webinar at ``starts_at`` lasting ``duration`` (a timedelta), in the
    venue time zone ``time_zone``, for staff to complete in the admin. Returns the event.

    Without ``title`` the webinar is named for its start in UTC; without ``slug`` it gets one
    from its title and date that no other event has. Raises WebinarRefused, creating nothing,
    when the start is in the past or the event would not be valid.

    Side effects: the audit trail records ``created_by`` as the author. Nothing is published
    and nobody is e-mailed: the event stays a draft until staff publish it.
    """
    if starts_at <= timezone.now():
        raise WebinarRefused(_("A webinar can only be planned for a time still to come."))
    title = title or _("Webinar, %(start)s UTC (draft)") % {
        "start": date_format(starts_at.astimezone(datetime.UTC), "j F Y, H:i")
    }
    base = slug or slugify(f"{title[:150]} {starts_at.astimezone(datetime.UTC):%Y%m%d-%H%M}")
    with transaction.atomic():
        return _save_draft_webinar(
            base,
            title=title,
            starts_at=starts_at,
            duration=duration,
            time_zone=time_zone,
            created_by=created_by,
        )


def _save_draft_webinar(base, *, title, starts_at, duration, time_zone, created_by):
    for attempt in range(1, 4):
        event = Event(
            title=title,
            slug=base if attempt == 1 else f"{base[:190]}-{attempt}",
            kind=Event.Kind.WEBINAR,
            status=Event.Status.DRAFT,
            starts_at=starts_at,
            ends_at=starts_at + duration,
            time_zone=time_zone,
        )
        try:
            event.full_clean(validate_unique=False)
        except ValidationError as error:
            raise WebinarRefused(" ".join(error.messages)) from error
        event._history_user = created_by
        try:
            # A savepoint: another webinar may take the slug between the look and the save.
            with transaction.atomic():
                if not Event.objects.filter(slug=event.slug).exists():
                    event.save()
                    return event
        except IntegrityError:
            pass
    raise WebinarRefused(_("Another event has this title and time; give the webinar a title."))


def send_mailing(*, event, audience, subject, body, sent_by, token, now=None):
    """E-mail ``subject`` and ``body`` to the people of ``event``'s ``audience`` (a
    ``Mailing.Audience``), once per ``token`` (the form's): a second submission of the same
    form, even at the same moment, returns the mailing already sent and sends nothing.

    Returns (mailing, created). Raises ValidationError, sending nothing, when a value is
    refused (a subject on two lines, a body too long). Side effects: records the mailing and
    one message per recipient; the messages are sent after commit.
    """
    now = now or timezone.now()
    mailing = Mailing(
        event=event,
        audience=audience,
        subject=subject,
        body=body,
        created_by=sent_by,
        token=token,
        sent_at=now,
    )
    mailing.full_clean(exclude=["token"])
    with transaction.atomic():
        event = _lock_event(event)
        existing = Mailing.objects.filter(token=token).first()
        if existing is not None:
            return existing, False
        try:
            # A concurrent submission of the same form waits here for the first one's
            # transaction, then finds its token taken.
            with transaction.atomic():
                mailing.event = event
                mailing.save()
        except IntegrityError:
            return Mailing.objects.get(token=token), False
        mailing.recipients_count = notifications.queue_mailing(mailing)
        mailing.save(update_fields=["recipients_count"])
        return mailing, True


def announce_new_event(*, event):
    """Tell the people who follow any of ``event``'s themes that it is on the schedule, if it
    is published: once per person and event, so calling it again (after the themes of an
    event just published were saved, as the admin does) adds only the people of its new
    themes. Side effect: the e-mails are sent after commit."""
    notifications.notify_new_event(event)
