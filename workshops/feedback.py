"""Feedback after events: who is asked, the signed survey link, and saving an answer.

**Who is asked.** The people marked as having attended an event, once it has ended. When the
staff recorded no attendance at all for an event (nobody marked attended or absent), everyone
who still held a seat (status registered) is asked instead: an event nobody took attendance
at should not go without feedback. Cancelled and waitlisted registrations are never asked.

**The link** ``/events/<slug>/feedback/<token>/`` needs no login: the token is the
registration's id signed with the site's secret key under a salt of its own, with the time
it was made; it is valid for ``TOKEN_MAX_AGE`` and only for its own event's address.

**One answer each.** A registration has at most one response (a unique database constraint);
a second answer is refused, and the page says the survey was already answered. Answers are not
editable: the figures in the reports stay as they were reported.
"""

import datetime

from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from itp.common.exceptions import Refused

from .models import Event, FeedbackResponse, Registration

TOKEN_SALT = "workshops.feedback"
TOKEN_MAX_AGE = datetime.timedelta(days=60)
# Events that ended within this long ago get their feedback requests queued.
REQUEST_WINDOW = datetime.timedelta(days=14)


class FeedbackRefused(Refused):
    """A survey link that cannot be answered; ``status`` is the HTTP status of its page."""

    status = 404


class FeedbackLinkInvalid(FeedbackRefused):
    """A tampered or unknown token, or one for another event or for someone not asked."""


class FeedbackLinkExpired(FeedbackRefused):
    status = 400


class FeedbackNotOpen(FeedbackRefused):
    """The event has not ended yet."""

    status = 400


class FeedbackAlreadyGiven(FeedbackRefused):
    status = 200


def invited(registrations):
    """The registrations of ``registrations`` whose holders are asked for feedback: those
    attended, or, at an event with no attendance recorded, those registered."""
    attendance_taken = Registration.objects.filter(
        event=OuterRef("event"), status__in=Registration.Status.attendance_recorded
    )
    return registrations.filter(
        Q(status=Registration.Status.ATTENDED)
        | Q(status=Registration.Status.REGISTERED) & ~Exists(attendance_taken)
    )


def feedback_token(registration):
    """The signed token of ``registration``'s survey link."""
    return signing.dumps(registration.pk, salt=TOKEN_SALT, compress=False)


def feedback_path(registration):
    """The path of ``registration``'s survey page."""
    return reverse(
        "workshops:feedback",
        kwargs={"slug": registration.event.slug, "token": feedback_token(registration)},
    )


def registration_for_token(*, slug, token, now=None):
    """The registration whose survey ``token`` opens at the event ``slug``, with its event,
    person and response (if any) read.

    Raises ``FeedbackLinkInvalid`` (tampered, unknown, another event's address, someone not
    asked), ``FeedbackLinkExpired`` or ``FeedbackNotOpen`` (the event has not ended)."""
    now = now or timezone.now()
    try:
        registration_id = signing.loads(
            token, salt=TOKEN_SALT, max_age=TOKEN_MAX_AGE.total_seconds()
        )
    except signing.SignatureExpired:
        raise FeedbackLinkExpired(
            _(
                "This survey link has expired. Write to the programme staff if you still want "
                "to give your feedback."
            )
        ) from None
    except signing.BadSignature:
        raise _invalid() from None
    if not isinstance(registration_id, int):
        raise _invalid()
    registration = (
        invited(Registration.objects.all())
        .filter(pk=registration_id, event__slug=slug, event__status=Event.Status.PUBLISHED)
        .select_related("event", "person", "feedback")
        .first()
    )
    if registration is None:
        raise _invalid()
    if registration.event.ends_at > now:
        raise FeedbackNotOpen(_("The survey opens once the event has ended."))
    return registration


def submit_feedback(*, registration, rating, useful="", change=""):
    """Save ``registration``'s answer to the survey, in one transaction, and return it.

    The registration's row is locked first, so two answers sent at once save one; the unique
    constraint on the registration backs this up where there are no row locks (SQLite).
    Raises ``FeedbackAlreadyGiven`` when there is an answer already. The values are validated
    by the model (rating 1–5, bounded texts without control characters)."""
    already = FeedbackAlreadyGiven(_("You have already answered this survey. Thank you!"))
    try:
        with transaction.atomic():
            Registration.objects.select_for_update().get(pk=registration.pk)
            if FeedbackResponse.objects.filter(registration_id=registration.pk).exists():
                raise already
            response = FeedbackResponse(
                registration_id=registration.pk, rating=rating, useful=useful, change=change
            )
            response.full_clean(exclude=["registration"])
            response.save()
    except IntegrityError:
        raise already from None
    return response


def _invalid():
    return FeedbackLinkInvalid(
        _(
            "This survey link is not valid. Use the link from your e-mail as it is, or write "
            "to the programme staff."
        )
    )
