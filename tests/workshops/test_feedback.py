"""The survey after an event: its signed link, its form, and one answer per attendee."""

import datetime
import time

import pytest
from django.core import signing
from django.db import IntegrityError, transaction
from django.test import Client
from django.utils import timezone

from tests.factories import EventFactory, FeedbackResponseFactory, RegistrationFactory
from tests.html import body
from workshops.feedback import (
    TOKEN_MAX_AGE,
    TOKEN_SALT,
    FeedbackAlreadyGiven,
    feedback_path,
    feedback_token,
    submit_feedback,
)
from workshops.models import FEEDBACK_TEXT_MAX_LENGTH, Event, FeedbackResponse, Registration

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


@pytest.fixture
def attendee():
    """An attendance recorded at a workshop that ended two days ago."""
    event = past_event(title="ITP kick-off workshop, Milan")
    return RegistrationFactory(event=event, status=Registration.Status.ATTENDED)


def past_event(**fields):
    """A published workshop that ended two days ago."""
    starts_at = timezone.now().replace(microsecond=0) - 3 * DAY
    return EventFactory(starts_at=starts_at, ends_at=starts_at + DAY, **fields)


def answer(client, registration, **data):
    return client.post(feedback_path(registration), {"rating": "4", **data})


def test_survey_link_shows_the_form_with_the_event_and_three_labelled_questions(client, attendee):
    response = client.get(feedback_path(attendee))

    page = body(response).decode()
    assert response.status_code == 200
    assert "Your feedback on ITP kick-off workshop, Milan" in page
    assert '<meta name="robots" content="noindex">' in page
    for label in (
        "Overall, how would you rate the event?",
        "What was most useful to you?",
        "What should we change next time?",
    ):
        assert label in page
    assert page.count('name="rating" value="') == 5
    assert "5 – excellent" in page
    assert response["Cache-Control"] == "private, no-store"


def test_answer_is_saved_once_and_a_second_visit_says_it_was_answered(client, attendee):
    first = answer(client, attendee, useful="The site visit.", change="More time.")
    visit = client.get(feedback_path(attendee))
    second = answer(client, attendee, useful="Changed my mind.")

    response = FeedbackResponse.objects.get()
    assert (response.registration, response.rating, response.useful, response.change) == (
        attendee,
        4,
        "The site visit.",
        "More time.",
    )
    assert "Your answer on ITP kick-off workshop, Milan is recorded" in body(first).decode()
    assert "You have already answered the survey" in body(visit).decode()
    assert "You have already answered the survey" in body(second).decode()
    assert FeedbackResponse.objects.count() == 1


def test_survey_refuses_a_missing_or_out_of_range_rating_with_a_message(client, attendee):
    messages = {
        "": "Choose a rating from 1 to 5.",
        "0": "Select a valid choice. 0 is not one of the available choices.",
        "6": "Select a valid choice. 6 is not one of the available choices.",
        "five": "Select a valid choice. five is not one of the available choices.",
    }
    for rating in messages:
        response = client.post(feedback_path(attendee), {"rating": rating})

        assert response.status_code == 400, rating
        assert messages[rating] in body(response).decode()
    assert not FeedbackResponse.objects.exists()


def test_survey_refuses_text_too_long_or_with_control_characters(client, attendee):
    too_long = answer(client, attendee, useful="x" * (FEEDBACK_TEXT_MAX_LENGTH + 1))
    control = answer(client, attendee, change="a\x0bb")

    assert too_long.status_code == control.status_code == 400
    assert "Ensure this value has at most 2000 characters" in body(too_long).decode()
    assert "Remove the control characters" in body(control).decode()
    assert not FeedbackResponse.objects.exists()


def test_survey_keeps_line_breaks_in_the_comments(client, attendee):
    answer(client, attendee, useful="The visit.\r\nThe breakouts.")

    assert FeedbackResponse.objects.get().useful == "The visit.\r\nThe breakouts."


def test_tampered_token_is_a_404_page_that_says_so(client, attendee):
    path = feedback_path(attendee)
    tampered = path[:-3] + ("A" if path[-3] != "A" else "B") + path[-2:]

    response = client.get(tampered)

    assert response.status_code == 404
    assert "This survey link is not valid" in body(response).decode()
    assert response["Cache-Control"] == "private, no-store"


def test_token_of_another_registration_id_without_the_key_is_refused(client, attendee):
    forged = signing.dumps(attendee.pk, salt="another-salt")

    response = client.get(f"/events/{attendee.event.slug}/feedback/{forged}/")

    assert response.status_code == 404


def test_token_for_another_events_address_is_a_404(client, attendee):
    other = past_event()

    response = client.get(f"/events/{other.slug}/feedback/{feedback_token(attendee)}/")
    post = client.post(f"/events/{other.slug}/feedback/{feedback_token(attendee)}/", {"rating": 5})

    assert response.status_code == post.status_code == 404
    assert not FeedbackResponse.objects.exists()


def test_expired_token_is_a_400_that_says_so(client, attendee):
    class SignedLongAgo(signing.TimestampSigner):
        def timestamp(self):
            made_at = time.time() - TOKEN_MAX_AGE.total_seconds() - 60
            return signing.b62_encode(int(made_at))

    token = SignedLongAgo(salt=TOKEN_SALT).sign_object(attendee.pk)

    response = client.get(f"/events/{attendee.event.slug}/feedback/{token}/")

    assert response.status_code == 400
    assert "This survey link has expired" in body(response).decode()


def test_a_link_answers_only_for_its_own_registration(client, attendee):
    neighbour = RegistrationFactory(event=attendee.event, status=Registration.Status.ATTENDED)

    answer(client, attendee, useful="Mine.")

    assert list(FeedbackResponse.objects.values_list("registration", flat=True)) == [attendee.pk]
    assert client.get(feedback_path(neighbour)).status_code == 200


@pytest.mark.parametrize(
    "status", [Registration.Status.ABSENT, Registration.Status.CANCELLED, "waitlisted"]
)
def test_link_of_someone_not_asked_is_a_404(client, attendee, status):
    Registration.objects.filter(pk=attendee.pk).update(
        status=status, waitlist_order=1 if status == "waitlisted" else None
    )

    response = client.post(feedback_path(attendee), {"rating": "5"})

    assert response.status_code == 404
    assert not FeedbackResponse.objects.exists()


def test_without_attendance_recorded_those_registered_are_asked(client):
    event = past_event()
    registered = RegistrationFactory(event=event)

    response = answer(client, registered)

    assert response.status_code == 200
    assert FeedbackResponse.objects.get().registration == registered


def test_survey_opens_only_after_the_event_ended(client):
    upcoming = RegistrationFactory(event=EventFactory())

    response = client.get(feedback_path(upcoming))

    assert response.status_code == 400
    assert "The survey opens once the event has ended" in body(response).decode()


def test_survey_of_a_cancelled_event_is_a_404(client, attendee):
    Event.objects.filter(pk=attendee.event.pk).update(status=Event.Status.CANCELLED)

    assert client.get(feedback_path(attendee)).status_code == 404


def test_survey_post_needs_the_csrf_token(attendee):
    client = Client(enforce_csrf_checks=True)

    response = client.post(feedback_path(attendee), {"rating": "5"})

    assert response.status_code == 403
    assert not FeedbackResponse.objects.exists()


def test_survey_form_carries_the_csrf_token(client, attendee):
    assert 'name="csrfmiddlewaretoken"' in body(client.get(feedback_path(attendee))).decode()


def test_submit_feedback_refuses_a_second_answer():
    response = FeedbackResponseFactory()

    with pytest.raises(FeedbackAlreadyGiven):
        submit_feedback(registration=response.registration, rating=1)

    assert FeedbackResponse.objects.get().rating == 4


def test_database_refuses_a_rating_outside_1_to_5():
    response = FeedbackResponseFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackResponse.objects.filter(pk=response.pk).update(rating=6)


def test_database_refuses_a_second_response_for_a_registration():
    response = FeedbackResponseFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        FeedbackResponse.objects.create(registration=response.registration, rating=3)


def test_token_holds_the_registration_id_under_its_own_salt(attendee):
    token = feedback_token(attendee)

    assert signing.loads(token, salt=TOKEN_SALT) == attendee.pk
    with pytest.raises(signing.BadSignature):
        signing.loads(token)
