"""Writes to events and registrations.

Every function here is one transaction. Registration writes lock the event's row first
(``SELECT ... FOR UPDATE``), so concurrent requests for the same event queue up behind each
other and the capacity can never be exceeded.
"""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Max
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from itp.common.exceptions import Refused
from itp.common.validators import has_control_characters

from . import notifications
from .models import Answer, Event, Mailing, Mode, Question, Registration, Session
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


# Changes to these fields may free seats for the waitlist.
SEAT_FIELDS = frozenset(
    {"capacity", "online_capacity", "seats_per_government", "quota_released_at"}
)


class RegistrationRefused(Refused):
    """A registration or cancellation that the event's state does not allow."""


def register_for_event(*, event, person, mode=None, now=None, even_if_closed=False, answers=None):
    """Register ``person`` for ``event`` in ``mode``, or put them on that mode's waitlist
    when its seats are taken (or, while the government quota holds, their government's).

    ``mode`` is one of the event's modes (``Mode``); it may be left out for an event that
    offers only one. For an event that requires approval, the registration is a request
    (pending): it holds no seat and no waitlist place until the staff approve it.

    Returns the registration. Registering again while registered, waitlisted or pending
    returns the existing registration unchanged (unless the event has been cancelled since);
    a cancelled or declined registration is taken up again. Raises RegistrationRefused,
    changing nothing, when the event is not published, is cancelled, is over, or is outside
    its registration window, or when it does not offer ``mode``. ``even_if_closed`` (for the
    staff's late additions) leaves out the window alone: the capacity holds as ever.
    ``answers`` ({question: value}, from ``forms.RegistrationQuestionsForm``) are saved with
    the registration, in its transaction.

    Side effects: locks the event row; may promote waitlisted people into free seats first;
    e-mails the person (confirmed, waitlisted with the place, or request received) and anyone
    promoted, after commit.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(event)
        registration = Registration.objects.filter(event=event, person=person).first()
        held = registration is not None and registration.status in Registration.Status.held
        if held and event.status != Event.Status.CANCELLED:
            return registration
        refusal = event.registration_refusal(now, even_if_closed=even_if_closed)
        if refusal:
            raise RegistrationRefused(refusal)
        mode = _chosen_mode(event, mode)
        notifications.notify_promoted(_fill_free_seats(event, now=now))
        if registration is None:
            registration = Registration(event=event, person=person)
        registration.mode = mode
        registration.cancelled_at = None
        if event.requires_approval:
            registration.status, registration.waitlist_order = Registration.Status.PENDING, None
        else:
            _seat_or_waitlist(event, registration, now=now)
        registration.save()
        _save_answers(registration, answers)
        if event.requires_approval:
            notifications.notify_request_received(registration)
        else:
            notifications.notify_registration(registration)
        return registration


def approve_registration(*, registration, now=None):
    """Approve a pending request: the seat is counted now.

    A free seat in the request's mode that the government quota allows makes it registered;
    otherwise the person joins the end of that mode's waitlist, approved, and moves up like
    everyone on it. Returns the registration. Raises RegistrationRefused for a registration
    that is not pending or an event that is cancelled or over.

    Side effects: locks the event row; may promote waitlisted people first (they were
    approved before); e-mails the person (approved, or approved and waitlisted) after commit.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = event
        if registration.status != Registration.Status.PENDING:
            raise RegistrationRefused(_("Only a request awaiting approval can be approved."))
        if refusal := _approval_refusal(event, now):
            raise RegistrationRefused(refusal)
        notifications.notify_promoted(_fill_free_seats(event, now=now))
        _seat_or_waitlist(event, registration, now=now)
        registration.save()
        notifications.notify_approved(registration)
        return registration


def decline_registration(*, registration, now=None):
    """Decline a pending request. Returns the registration. Raises RegistrationRefused for a
    registration that is not pending. Side effects: locks the event row; e-mails the person
    after commit."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        if registration.status != Registration.Status.PENDING:
            raise RegistrationRefused(_("Only a request awaiting approval can be declined."))
        registration.status = Registration.Status.DECLINED
        registration.save(update_fields=["status", "updated_at"])
        notifications.notify_declined(registration)
        return registration


def fill_seats_after_quota_release(*, now=None):
    """Promote the waitlists of events whose government quota has been released, now that
    their seats are open to all. Idempotent: a second run finds nobody left to promote.

    Returns the registrations promoted. Side effects: locks each such event's row in turn
    (one transaction each); e-mails everyone promoted after commit.
    """
    now = now or timezone.now()
    waiting = Registration.objects.filter(status=Registration.Status.WAITLISTED)
    events = Event.objects.quota_released_by(now).filter(pk__in=waiting.values("event"))
    promoted = []
    for event in events:
        with transaction.atomic():
            newly = _fill_free_seats(_lock_event(event), now=now)
            notifications.notify_promoted(newly)
            promoted.extend(newly)
    return promoted


def cancel_registration(*, registration, now=None):
    """Cancel a registration, a place on the waitlist or a request awaiting approval.

    Returns the registrations promoted from the waitlist into the freed seat (empty when the
    cancelled one held no seat). Cancelling an already cancelled registration changes
    nothing. Raises RegistrationRefused for an event that is over.

    Side effects: locks the event row; promotes the first waitlisted person of that mode
    whose government the quota allows, in order; after commit, e-mails the person that their
    place is cancelled and anyone promoted their seat.
    """
    now = now or timezone.now()
    with transaction.atomic():
        event = _lock_event(registration.event)
        registration = Registration.objects.select_for_update().get(pk=registration.pk)
        registration.event = event
        if registration.status in (Registration.Status.CANCELLED, Registration.Status.DECLINED):
            return []
        refusal = registration.cancellation_refusal(now)
        if refusal:
            raise RegistrationRefused(refusal)
        registration.status = Registration.Status.CANCELLED
        registration.waitlist_order = None
        registration.cancelled_at = now
        registration.save()
        notifications.notify_place_cancelled(registration)
        promoted = _fill_free_seats(event, now=now)
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
        if SEAT_FIELDS.intersection(changed_fields):
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


def _chosen_mode(event, mode):
    """The mode a registration is for: ``mode`` if the event offers it; the event's one mode
    when it offers one and none was chosen. Refuses any other."""
    if not mode and len(event.modes) == 1:
        return event.modes[0]
    if mode not in event.modes:
        raise RegistrationRefused(
            _("Choose how you take part: %(modes)s.")
            % {"modes": ", ".join(str(Mode(choice).label).lower() for choice in event.modes)}
        )
    return Mode(mode)


def _approval_refusal(event, now):
    if event.status == Event.Status.CANCELLED:
        return _("This event has been cancelled.")
    if event.ends_at <= now:
        return _("This event is over.")
    return None


def _seat_or_waitlist(event, registration, *, now):
    """Give ``registration`` a seat in its mode if one is free and the quota allows its
    government one, else the next place on that mode's waitlist (not saved)."""
    seats = _seats_left(event, registration.mode)
    if seats != 0 and _within_quota(event, registration.person, registration.mode, now=now):
        registration.status, registration.waitlist_order = Registration.Status.REGISTERED, None
    else:
        registration.status = Registration.Status.WAITLISTED
        registration.waitlist_order = _next_waitlist_order(event, registration.mode)


def _seats_left(event, mode):
    """Free seats of ``mode`` in a locked event; None when it has no limit."""
    capacity = event.capacity_of(mode)
    if capacity is None:
        return None
    taken = _of_mode(event, mode).filter(status__in=Registration.Status.holding_seat).count()
    return max(capacity - taken, 0)


def _of_mode(event, mode):
    """The registrations of ``event`` in ``mode``: all of them for a single-mode event."""
    if event.is_hybrid:
        return event.registrations.filter(mode=mode)
    return event.registrations.all()


def _government_seats_taken(event, mode):
    """Seats of ``mode`` held at a locked event, by government id."""
    rows = (
        _of_mode(event, mode)
        .filter(status__in=Registration.Status.holding_seat, person__government__isnull=False)
        .order_by()
        .values("person__government")
        .annotate(taken=Count("pk"))
    )
    return {row["person__government"]: row["taken"] for row in rows}


def _within_quota(event, person, mode, *, now):
    """Whether the government quota lets ``person`` take a seat of ``mode`` at ``now``.
    People of no government (experts of organisations) are outside the quota."""
    if not event.quota_in_force(now, mode) or person.government_id is None:
        return True
    taken = _government_seats_taken(event, mode).get(person.government_id, 0)
    return taken < event.seats_per_government


def _next_waitlist_order(event, mode):
    highest = _of_mode(event, mode).aggregate(highest=Max("waitlist_order"))["highest"]
    return (highest or 0) + 1


def _fill_free_seats(event, *, now=None):
    """Move waitlisted people into a locked event's free seats, each mode in turn, first come
    first served, passing over (for now) anyone whose government's quota is taken."""
    now = now or timezone.now()
    promoted = []
    for mode in event.modes:
        free = _seats_left(event, mode)
        if free == 0:
            continue
        waitlist = (
            _of_mode(event, mode)
            .filter(status=Registration.Status.WAITLISTED)
            .select_related("person")
            .order_by("waitlist_order")
        )
        quota = event.quota_in_force(now, mode)
        taken = _government_seats_taken(event, mode) if quota else {}
        for registration in waitlist:
            if free == 0:
                break
            government = registration.person.government_id
            if quota and government is not None:
                if taken.get(government, 0) >= event.seats_per_government:
                    continue
                taken[government] = taken.get(government, 0) + 1
            registration.status = Registration.Status.REGISTERED
            registration.waitlist_order = None
            registration.save(update_fields=["status", "waitlist_order", "updated_at"])
            promoted.append(registration)
            if free is not None:
                free -= 1
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
            attendance_mode=Event.AttendanceMode.ONLINE,
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
