"""E-mail to participants about their registrations and events.

A message is recorded in the ``Message`` table inside the transaction that makes the change it
reports, and sent once that transaction has committed: a rolled-back registration sends
nothing, and a mail server that is down never undoes a registration. Messages that could not
be sent stay pending and are retried by ``send_pending_messages`` (run by
``manage.py send_reminders``), up to ``MAX_ATTEMPTS`` times.

Each message is sent while its row is locked (``SELECT ... FOR UPDATE SKIP LOCKED``), so two
app servers sending at once never send the same message twice; reminders carry a unique key,
so queueing them twice creates them once.
"""

import datetime
import logging
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch
from django.shortcuts import resolve_url
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.timesince import timeuntil

from itp.common.links import safe_url
from itp.common.text import one_line
from regions.models import Person

from . import feedback
from .calendars import build_calendar
from .models import Event, EventReminder, FeedbackResponse, Mailing, Message, Registration
from .models.mailings import REMINDER_MAX_MINUTES

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5

# Minutes before the start at which an event without reminders of its own reminds the people
# holding a seat: a week and a day ahead, and for a webinar a quarter of an hour ahead too,
# when its join link is what people need.
WEEK, DAY = 7 * 24 * 60, 24 * 60
DEFAULT_REMINDERS = (WEEK, DAY)
DEFAULT_WEBINAR_REMINDERS = (WEEK, DAY, 15)

# Changes to these fields are worth telling the people registered: when and where.
NOTIFIED_FIELDS = frozenset(
    {"starts_at", "ends_at", "time_zone", "venue", "city", "country", "join_url"}
)


def notify_registration(registration):
    """Record the message that tells a person where their registration stands: confirmed,
    waitlisted (with the place) or promoted from the waitlist; send it after commit."""
    kind = (
        Message.Kind.WAITLISTED
        if registration.status == Registration.Status.WAITLISTED
        else Message.Kind.CONFIRMED
    )
    _queue([_message(kind, registration.person, registration.event)])


def notify_request_received(registration):
    """Record the message that tells a person their request to register awaits the staff's
    approval; send it after commit."""
    _queue([_message(Message.Kind.REQUEST_RECEIVED, registration.person, registration.event)])


def notify_approved(registration):
    """Record the message that tells a person their request is approved: with a seat, or
    with a place on the waitlist; send it after commit."""
    kind = (
        Message.Kind.APPROVED_WAITLISTED
        if registration.status == Registration.Status.WAITLISTED
        else Message.Kind.APPROVED
    )
    _queue([_message(kind, registration.person, registration.event)])


def notify_declined(registration):
    """Record the message that tells a person their request is declined; send after
    commit."""
    _queue([_message(Message.Kind.DECLINED, registration.person, registration.event)])


def notify_promoted(registrations):
    """Record a "promoted from the waitlist" message for each registration; send after
    commit."""
    _queue([_message(Message.Kind.PROMOTED, r.person, r.event) for r in registrations])


def notify_place_cancelled(registration):
    """Record the message that tells a person their registration or waitlist place is
    cancelled, whoever cancelled it; send it after commit. Not keyed: a person may register
    and cancel again, and each cancellation is worth a message."""
    _queue([_message(Message.Kind.PLACE_CANCELLED, registration.person, registration.event)])


def notify_event_changed(event, *, previous_starts_at, previous_ends_at):
    """Tell everyone registered or waitlisted that ``event``'s time or place changed (once per
    revision of the event), and when it was before, except people who turned these notices
    off; send after commit.

    Someone whose notice of an earlier change is still unsent is told the time before that
    one, the last they heard of; the earlier notice is then dropped (``_no_longer_true``).
    """
    untold = {}
    earlier_notices = (
        Message.objects.due()
        .filter(kind=Message.Kind.CHANGED, event=event, previous_starts_at__isnull=False)
        .order_by("pk")
        .values_list("person_id", "previous_starts_at", "previous_ends_at")
    )
    for person_id, starts_at, ends_at in earlier_notices:
        untold.setdefault(person_id, (starts_at, ends_at))
    messages = []
    for person in _people_expecting(event):
        if not person.wants_change_notices:
            continue
        message = _message(Message.Kind.CHANGED, person, event, once_per=event.sequence)
        message.previous_starts_at, message.previous_ends_at = untold.get(
            person.pk, (previous_starts_at, previous_ends_at)
        )
        messages.append(message)
    _queue(messages)


def notify_event_cancelled(event):
    """Tell everyone registered or waitlisted that ``event`` is cancelled (once); send after
    commit."""
    _queue(
        [
            _message(Message.Kind.CANCELLED, person, event, once_per=event.sequence)
            for person in _people_expecting(event)
        ]
    )


def reminder_offsets(event):
    """The minutes before ``event``'s start at which its reminders are due, longest first:
    its own (prefetch ``reminders``), else the defaults for its kind."""
    own = sorted({reminder.minutes_before for reminder in event.reminders.all()}, reverse=True)
    if own:
        return own
    return list(
        DEFAULT_WEBINAR_REMINDERS if event.kind == Event.Kind.WEBINAR else DEFAULT_REMINDERS
    )


def due_reminder(event, now):
    """The reminder of ``event`` (its minutes before the start) due at ``now``, or None.

    Each reminder is due from its time until the next, shorter one's (the last until the
    start): a reminder never goes out late, once a nearer one has taken over, so a week's
    reminder is not sent an hour before; someone who registers three days ahead gets the
    week's one then, and the day's one on time.
    """
    until_start = event.starts_at - now
    if until_start <= datetime.timedelta(0):
        return None
    offsets = reminder_offsets(event)
    for minutes, shorter in zip(offsets, [*offsets[1:], 0], strict=True):
        if datetime.timedelta(minutes=shorter) < until_start <= datetime.timedelta(minutes=minutes):
            return minutes
    return None


def queue_reminders(*, now=None):
    """Record the reminder due now (``due_reminder``) for every seat at a published event,
    except for people who turned reminders off in their profile.

    Safe to run any number of times, from any number of servers at once: a reminder's key
    (person, event, start time, minutes before) is unique in the database, so each is created
    once; moving the event to another time makes new reminders due. A reminder goes out only
    when ``send_reminders`` runs inside its window: a quarter of an hour's needs the command
    every five minutes. Returns the number created (when two servers queue at once, both may
    count the same new reminders).
    """
    now = now or timezone.now()
    events = Event.objects.filter(
        status=Event.Status.PUBLISHED,
        starts_at__gt=now,
        starts_at__lte=now + datetime.timedelta(minutes=REMINDER_MAX_MINUTES),
    ).prefetch_related(
        Prefetch("reminders", queryset=EventReminder.objects.only("event", "minutes_before"))
    )
    due = {}
    for event in events:
        minutes = due_reminder(event, now)
        if minutes is not None:
            due[event.pk] = minutes
    if not due:
        return 0
    registrations = Registration.objects.filter(
        status=Registration.Status.REGISTERED,
        event_id__in=due,
        person__wants_reminders=True,
    ).select_related("person", "event")
    reminders = [
        _message(
            Message.Kind.REMINDER,
            registration.person,
            registration.event,
            once_per=_reminder_key(registration.event, due[registration.event_id]),
        )
        for registration in registrations.iterator(chunk_size=1000)
    ]
    keys = {reminder.key for reminder in reminders}
    existing = set(Message.objects.filter(key__in=keys).values_list("key", flat=True))
    Message.objects.bulk_create(reminders, ignore_conflicts=True, batch_size=1000)
    return len(keys - existing)


def _reminder_key(event, minutes):
    return f"{_start_key(event)}:{minutes}m"


def _start_key(event):
    return f"{event.starts_at:%Y%m%dT%H%M%SZ}"


def mailing_recipients(event, audience):
    """The registrations of ``event`` that a mailing to ``audience`` writes to."""
    return event.registrations.filter(status__in=Mailing.audience_statuses(audience))


def queue_mailing(mailing):
    """Record one message of ``mailing`` per person in its audience (once each: the key names
    the mailing and the person) and send them after commit. Returns the number of
    recipients."""
    registrations = mailing_recipients(mailing.event, mailing.audience).select_related("person")
    messages = []
    for registration in registrations.iterator(chunk_size=1000):
        message = _message(
            Message.Kind.MAILING, registration.person, mailing.event, once_per=mailing.pk
        )
        message.mailing = mailing
        messages.append(message)
    _queue(messages)
    return len(messages)


def notify_new_event(event, *, now=None):
    """Tell the people who asked to hear of new events on any of ``event``'s themes that it is
    on the schedule, once per event and person whatever happens to it later (a re-publication
    after a cancellation sends nothing); send after commit. Nothing for an event that has
    started."""
    now = now or timezone.now()
    if event.status != Event.Status.PUBLISHED or event.starts_at <= now:
        return
    people = Person.objects.filter(alert_themes__events=event).distinct().order_by("pk")
    _queue(
        [
            _message(Message.Kind.NEW_EVENT, person, event, once_per="published")
            for person in people.iterator(chunk_size=1000)
        ]
    )


def queue_feedback_requests(*, now=None):
    """Record a feedback request (the survey link) for everyone asked for feedback about a
    published event that ended within ``feedback.REQUEST_WINDOW`` (see ``feedback.invited``),
    unless they have answered already.

    Safe to run any number of times, from several servers at once: a request's key (person,
    event) is unique in the database, so each registration is asked once. Returns the number
    created (when two servers queue at once, both may count the same new requests).
    """
    now = now or timezone.now()
    registrations = (
        feedback.invited(Registration.objects.all())
        .filter(
            event__status=Event.Status.PUBLISHED,
            event__ends_at__lte=now,
            event__ends_at__gt=now - feedback.REQUEST_WINDOW,
        )
        .exclude(Exists(FeedbackResponse.objects.filter(registration=OuterRef("pk"))))
        .select_related("person", "event")
    )
    requests = [
        _message(
            Message.Kind.FEEDBACK_REQUEST, registration.person, registration.event, once_per="1"
        )
        for registration in registrations.iterator(chunk_size=1000)
    ]
    keys = {request.key for request in requests}
    existing = set(Message.objects.filter(key__in=keys).values_list("key", flat=True))
    Message.objects.bulk_create(requests, ignore_conflicts=True, batch_size=1000)
    return len(keys - existing)


def send_pending_messages(*, ids=None, now=None):
    """Send the messages that are due (only those in ``ids`` when given), one at a time.

    Each message is locked while it is sent, and skipped when another server holds it. A
    failure is logged and counted; after ``MAX_ATTEMPTS`` the message is given up, and so is
    a reminder whose event has already started. Returns (sent, failed) for this run.
    """
    now = now or timezone.now()
    due = Message.objects.due().order_by("pk")
    if ids is not None:
        due = due.filter(pk__in=ids)
    sent = failed = 0
    last_pk = 0
    while True:
        with transaction.atomic():
            message = (
                due.filter(pk__gt=last_pk)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("person__government", "event", "mailing")
                .first()
            )
            if message is None:
                return sent, failed
            last_pk = message.pk
            outdated = _no_longer_true(message, now)
            if outdated:
                message.status = Message.Status.FAILED
                message.last_error = outdated
                message.save(update_fields=["status", "last_error"])
                continue
            message.attempts += 1
            try:
                build_email(message).send()
            except Exception as error:  # noqa: BLE001 - any mail failure is retried later
                # The log and the record name the message, never the address: the record
                # must not keep a person's address once they are anonymised.
                reason = f"{type(error).__name__}: {error}".replace(message.recipient, "…")
                logger.warning("Could not send message %s: %s", message.pk, reason)
                message.last_error = reason[:2000]
                if message.attempts >= MAX_ATTEMPTS:
                    message.status = Message.Status.FAILED
                failed += 1
            else:
                message.status = Message.Status.SENT
                message.sent_at = timezone.now()
                message.last_error = ""
                sent += 1
            message.save(update_fields=["status", "sent_at", "attempts", "last_error"])


def _no_longer_true(message, now):
    """Why a message waiting to be (re)sent would now mislead its reader, or "" when it is
    still true: a reminder for an event that started, moved, was cancelled or at which the
    person gave up their seat, or one whose window has passed (a nearer one is due); a notice
    about a registration that has changed since (a cancelled place taken up again, for one);
    news of a new event that has started or is off the schedule."""
    event = message.event
    status = (
        Registration.objects.filter(person_id=message.person_id, event=event)
        .values_list("status", flat=True)
        .first()
    )
    Kind = Message.Kind
    if message.kind == Kind.MAILING:
        # Written by the staff to the people they chose then: sent as it is.
        return ""
    if message.kind == Kind.PLACE_CANCELLED:
        # Still true if the event is cancelled or unpublished since: the place is gone.
        if status != Registration.Status.CANCELLED:
            return "The person's registration has changed since."
        return ""
    if message.kind == Kind.CANCELLED:
        return "" if event.status == Event.Status.CANCELLED else "The event is no longer cancelled."
    if event.status != Event.Status.PUBLISHED:
        return "The event is no longer on the schedule."
    if message.kind == Kind.FEEDBACK_REQUEST:
        asked = feedback.invited(
            Registration.objects.filter(person_id=message.person_id, event=event)
        ).filter(feedback__isnull=True)
        return "" if asked.exists() else "The person is no longer asked for feedback."
    if (
        message.kind == Kind.CHANGED
        and Message.objects.filter(
            kind=Kind.CHANGED, event=event, person_id=message.person_id, pk__gt=message.pk
        ).exists()
    ):
        return "A later notice of a change to the event replaces this one."
    if message.kind == Kind.NEW_EVENT:
        if event.starts_at <= now:
            return "The event started before the news of it could be sent."
        return ""
    if message.kind == Kind.REMINDER:
        if not message.person.wants_reminders:
            return "The person turned reminders off since."
        if event.starts_at <= now:
            return "The event started before the reminder could be sent."
        if f":{_start_key(event)}:" not in f"{message.key}:":
            return "The event has moved since; a reminder for its new time is due instead."
        minutes = message.key.rpartition(":")[2].removesuffix("m")
        if minutes.isdigit() and due_reminder(event, now) != int(minutes):
            return "A nearer reminder is due instead: this one would come late."
    wanted = {
        Kind.CONFIRMED: Registration.Status.holding_seat,
        Kind.PROMOTED: Registration.Status.holding_seat,
        Kind.REMINDER: {Registration.Status.REGISTERED},
        Kind.WAITLISTED: {Registration.Status.WAITLISTED},
        Kind.CHANGED: Registration.Status.active,
        Kind.REQUEST_RECEIVED: {Registration.Status.PENDING},
        Kind.APPROVED: Registration.Status.holding_seat,
        Kind.APPROVED_WAITLISTED: {Registration.Status.WAITLISTED},
        Kind.DECLINED: {Registration.Status.DECLINED},
    }[message.kind]
    if status not in wanted:
        return "The person's registration has changed since."
    return ""


def build_email(message):
    """The e-mail for ``message`` in the recipient's language (``Person.preferred_language``: the
    subject, both bodies, dates and the calendar attachment; a staff mailing's own subject
    and text stay as written): plain-text and HTML bodies, times in the recipient's zone
    (the one saved in their profile, else their government's, else the venue's), links to the
    event and to the participant's own page (``settings.PERSONAL_PAGE_URL``), the join link
    (an http(s) one only) for whoever ``Registration.gets_join_url``, and the event's .ics for
    a confirmed, promoted or changed registration. The subject is one line, whatever the
    stored title holds."""
    person, event = message.person, message.event
    zone_name = person.preferred_time_zone(default=event.time_zone)
    zone = ZoneInfo(zone_name)
    registration = (
        Registration.objects.with_waitlist_place().filter(person=person, event=event).first()
    )
    holds_seat = registration is not None and registration.holds_seat
    gets_join_url = registration is not None and registration.gets_join_url
    previously = (message.previous_starts_at, message.previous_ends_at)
    moved = (
        message.kind == Message.Kind.CHANGED
        and None not in previously
        and previously != (event.starts_at, event.ends_at)
    )
    context = {
        "kind": message.kind,
        "person": person,
        "event": event,
        "starts_at": event.starts_at.astimezone(zone),
        "ends_at": event.ends_at.astimezone(zone),
        "previous_starts_at": previously[0].astimezone(zone) if moved else None,
        "previous_ends_at": previously[1].astimezone(zone) if moved else None,
        "zone_name": zone_name,
        "waitlist_place": getattr(registration, "waitlist_place", None),
        # The event is over when its survey is asked for: its join link is no use any more.
        "join_url": safe_url(event.join_url)
        if gets_join_url and message.kind != Message.Kind.FEEDBACK_REQUEST
        else "",
        "holds_seat": holds_seat,
        "mailing": message.mailing,
        "event_url": absolute_url(event.get_absolute_url()),
        "me_url": absolute_url(resolve_url(settings.PERSONAL_PAGE_URL)),
        "feedback_url": absolute_url(feedback.feedback_path(registration))
        if message.kind == Message.Kind.FEEDBACK_REQUEST and registration is not None
        else "",
    }
    language = person.preferred_language()
    with timezone.override(zone), translation.override(language):
        context["starts_in"] = timeuntil(event.starts_at, depth=1)
        subject = render_to_string("workshops/email/subject.txt", context)
        text = render_to_string("workshops/email/message.txt", context)
        html = render_to_string("workshops/email/message.html", context)
        # A header holds one line: a line break stored in a title would make Django refuse it.
        email = EmailMultiAlternatives(
            subject=" ".join(one_line(subject).split()),
            body=text,
            to=[message.recipient],
            headers={"Content-Language": language},
        )
        email.attach_alternative(html, "text/html")
        if holds_seat and message.kind in (
            Message.Kind.CONFIRMED,
            Message.Kind.PROMOTED,
            Message.Kind.CHANGED,
            Message.Kind.APPROVED,
        ):
            calendar = build_calendar(
                [Event.objects.prefetch_related("sessions").get(pk=event.pk)],
                absolute_url=absolute_url,
                name=event.title,
                join_url_event_ids={event.pk} if gets_join_url else frozenset(),
            )
            email.attach(f"{event.slug}.ics", calendar, "text/calendar; method=PUBLISH")
    return email


def absolute_url(path):
    """``path`` on the site's public address (ITP_SITE_URL)."""
    return settings.ITP_SITE_URL.rstrip("/") + path


def _message(kind, person, event, once_per=None):
    """A message to ``person`` about ``event``; with ``once_per`` (a revision, a start time),
    the database refuses a second one of this kind for the same person, event and value."""
    return Message(
        kind=kind,
        person=person,
        event=event,
        recipient=person.email,
        key="" if once_per is None else f"{kind}:{event.pk}:{person.pk}:{once_per}",
    )


def _queue(messages):
    """Record ``messages`` and send them once the surrounding transaction commits. A message
    whose key exists already is left out rather than failing the change it reports."""
    if not messages:
        return
    keyed = [message for message in messages if message.key]
    Message.objects.bulk_create(keyed, ignore_conflicts=True)
    ids = list(
        Message.objects.due()
        .filter(key__in=[message.key for message in keyed])
        .values_list("pk", flat=True)
    )
    for message in messages:
        if not message.key:
            message.save()
            ids.append(message.pk)
    transaction.on_commit(lambda: _send_after_commit(ids))


def _send_after_commit(ids):
    try:
        send_pending_messages(ids=ids)
    except Exception:  # the change is committed; the next send_reminders run retries
        logger.exception("Could not send messages %s", ids)


def _people_expecting(event):
    registrations = event.registrations.filter(
        status__in=Registration.Status.active
    ).select_related("person")
    return [registration.person for registration in registrations]
