"""The signed-in participant's registrations through the API: listing, registering,
reading one and cancelling, with the service's capacity, waitlist and e-mails holding."""

import datetime

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from itp.api_tokens.services import create_token
from itp.models import ApiToken
from tests.factories import (
    EventFactory,
    PersonFactory,
    QuestionFactory,
    RegistrationFactory,
    UserFactory,
)
from workshops.models import Answer, Event, Question, Registration
from workshops.services import register_for_event

pytestmark = pytest.mark.django_db

MINE = "/api/v1/me/registrations/"


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def person(api):
    """A participant signed in on ``api`` by their session."""
    person = PersonFactory(user=UserFactory())
    api.force_login(person.user)
    return person


def register(api, body, **kwargs):
    return api.post(MINE, body, format="json", **kwargs)


def problem_of(response):
    assert response["Content-Type"] == "application/problem+json"
    return response.json()


# Listing


def test_list_gives_own_registrations_in_event_order_with_the_event_and_the_place(api, person):
    later = EventFactory(
        slug="later",
        time_zone="America/Toronto",
        starts_at=datetime.datetime(2031, 3, 1, 15, tzinfo=datetime.UTC),
        ends_at=datetime.datetime(2031, 3, 1, 17, tzinfo=datetime.UTC),
    )
    sooner = EventFactory(slug="sooner", capacity=1)
    register_for_event(event=sooner, person=PersonFactory())
    waitlisted = register_for_event(event=sooner, person=person)
    registered = RegistrationFactory(event=later, person=person)
    RegistrationFactory(event=later)  # someone else's

    response = api.get(MINE)

    results = response.json()["results"]
    assert [result["id"] for result in results] == [waitlisted.pk, registered.pk]
    assert [(r["status"], r["waitlist_place"]) for r in results] == [
        ("waitlisted", 1),
        ("registered", None),
    ]
    assert results[1]["event"] == {
        "slug": "later",
        "title": later.title,
        "status": "published",
        "starts_at": "2031-03-01T10:00:00-05:00",
        "ends_at": "2031-03-01T12:00:00-05:00",
        "time_zone": "America/Toronto",
        "url": "http://testserver/api/v1/events/later/",
        "html_url": "http://testserver/events/later/",
    }
    assert results[1]["cancelled_at"] is None
    assert results[1]["mode"] == "in_person"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=cancelled", ["cancelled"]),
        ("?upcoming=true", ["upcoming"]),
        ("?upcoming=false", ["cancelled", "past"]),
        ("?status=registered&upcoming=true", []),
    ],
)
def test_list_filters_by_status_and_upcoming(api, person, query, expected):
    now = timezone.now()
    RegistrationFactory(
        person=person,
        event=EventFactory(slug="past", starts_at=now - datetime.timedelta(days=3)),
        status=Registration.Status.ATTENDED,
    )
    RegistrationFactory(
        person=person, event=EventFactory(slug="upcoming"), status="waitlisted", waitlist_order=1
    )
    RegistrationFactory(
        person=person,
        event=EventFactory(slug="cancelled", starts_at=now - datetime.timedelta(days=9)),
        status="cancelled",
    )

    response = api.get(MINE + query)

    assert [r["event"]["slug"] for r in response.json()["results"]] == expected


def test_list_with_an_unknown_status_is_a_400_naming_the_filter(api, person):
    response = api.get(MINE + "?status=" + "x" * 5000)

    assert response.status_code == 400
    assert list(problem_of(response)["errors"]) == ["status"]
    assert "x" * 100 not in response.content.decode()


@pytest.mark.parametrize("value", ["yes", "1", "-58800", "True"])
def test_list_with_upcoming_neither_true_nor_false_is_a_400_naming_it(api, person, value):
    response = api.get(MINE + "?upcoming=" + value)

    assert response.status_code == 400
    assert list(problem_of(response)["errors"]) == ["upcoming"]


def test_an_account_without_a_person_gets_a_403_problem(api):
    api.force_login(UserFactory())

    response = api.get(MINE)

    assert response.status_code == 403
    assert problem_of(response)["detail"] == (
        "Your account is not linked to a participant yet; ask the programme staff."
    )


# Registering


def test_register_creates_a_registration_through_the_service_and_e_mails(
    api, person, commit, mailoutbox
):
    event = EventFactory(slug="webinar-hydrogen", capacity=5)

    with commit():
        response = register(api, {"event": "webinar-hydrogen"})

    assert response.status_code == 201
    registration = Registration.objects.get(person=person, event=event)
    assert response.json()["id"] == registration.pk
    assert response.json()["status"] == "registered"
    assert [email.to for email in mailoutbox] == [[person.email]]


def test_register_again_answers_200_with_the_same_registration(api, person):
    EventFactory(slug="webinar-hydrogen")
    first = register(api, {"event": "webinar-hydrogen"})

    again = register(api, {"event": "webinar-hydrogen"})

    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    assert Registration.objects.count() == 1


def test_register_for_a_full_event_waitlists_and_cancel_promotes_the_next(
    api, person, commit, mailoutbox
):
    event = EventFactory(slug="full-workshop", capacity=1)
    RegistrationFactory(event=event, person=person)  # the one seat, held by the person
    waiting = PersonFactory(user=UserFactory())
    other = APIClient()
    other.force_login(waiting.user)

    with commit():
        waitlisted = register(other, {"event": "full-workshop"})
    assert (waitlisted.json()["status"], waitlisted.json()["waitlist_place"]) == ("waitlisted", 1)
    seat = Registration.objects.get(person=person)
    mailoutbox.clear()

    with commit():
        cancelled = api.post(f"{MINE}{seat.pk}/cancel/")

    assert cancelled.status_code == 200
    assert cancelled.json()["status"] == "cancelled"
    assert cancelled.json()["cancelled_at"] is not None
    promoted = Registration.objects.get(person=waiting)
    assert promoted.status == Registration.Status.REGISTERED
    assert sorted(email.to[0] for email in mailoutbox) == sorted([person.email, waiting.email])
    assert other.get(f"{MINE}{promoted.pk}/").json()["status"] == "registered"


def test_register_for_an_event_that_needs_approval_sends_a_request(api, person):
    EventFactory(slug="study-visit", requires_approval=True)

    response = register(api, {"event": "study-visit"})

    assert (response.status_code, response.json()["status"]) == (201, "pending")


@pytest.mark.parametrize(("mode", "status"), [("online", 201), ("", 400), (None, 400)])
def test_register_for_a_hybrid_event_needs_its_mode(api, person, mode, status):
    EventFactory(
        slug="hybrid-workshop", attendance_mode=Event.AttendanceMode.HYBRID, online_capacity=50
    )
    body = (
        {"event": "hybrid-workshop"} if mode is None else {"event": "hybrid-workshop", "mode": mode}
    )

    response = register(api, body)

    assert response.status_code == status
    if status == 201:
        assert response.json()["mode"] == "online"
    else:
        assert list(problem_of(response)["errors"]) == ["mode"]


def test_register_saves_the_answers_the_event_page_would(api, person):
    event = EventFactory(slug="webinar-hydrogen")
    diet = QuestionFactory(event=event, label="Dietary needs", required=True)
    visa = QuestionFactory(event=event, label="Visa letter", kind=Question.Kind.YES_NO)

    response = register(
        api,
        {"event": "webinar-hydrogen", "answers": {str(diet.pk): "Vegan", str(visa.pk): "yes"}},
    )

    assert response.status_code == 201
    assert dict(Answer.objects.values_list("question__label", "value")) == {
        "Dietary needs": "Vegan",
        "Visa letter": "yes",
    }


@pytest.mark.parametrize(
    ("answers", "field"),
    [
        ({}, "answers.{diet}"),  # a required question unanswered
        ({"{visa}": "perhaps"}, "answers.{visa}"),
        ({"{diet}": "line\nbreak"}, "answers.{diet}"),
        ({"{diet}": "x" * 501}, "answers.{diet}"),
        ({"{diet}": 3, "{visa}": ["yes"]}, "answers.{visa}"),
        ({"123456789": "Vegan"}, "answers"),
        ({"x" * 5000: "Vegan"}, "answers"),
    ],
)
def test_register_with_bad_answers_is_a_400_naming_them_and_saves_nothing(
    api, person, answers, field
):
    event = EventFactory(slug="webinar-hydrogen")
    ids = {
        "diet": QuestionFactory(event=event, required=True).pk,
        "visa": QuestionFactory(event=event, kind=Question.Kind.YES_NO).pk,
    }
    body = {key.format(**ids): value for key, value in answers.items()}

    response = register(api, {"event": "webinar-hydrogen", "answers": body})

    assert response.status_code == 400
    assert field.format(**ids) in problem_of(response)["errors"]
    assert "x" * 300 not in response.content.decode()
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "event"),
        ({"event": "no-such-event"}, "event"),
        ({"event": "draft-webinar"}, "event"),
        ({"event": 42}, "event"),
        ({"event": ["webinar-hydrogen"]}, "event"),
        ({"event": "x" * 100_000}, "event"),
        ({"event": "webinar-hydrogen", "mode": "telepathy"}, "mode"),
        ({"event": "webinar-hydrogen", "mode": "online"}, "mode"),  # an in-person event
        ({"event": "webinar-hydrogen", "answers": ["yes"]}, "answers"),
        (["webinar-hydrogen"], "non_field_errors"),
        ("webinar-hydrogen", "non_field_errors"),
    ],
)
def test_register_with_a_bad_body_is_a_400_naming_the_field(api, person, body, field):
    EventFactory(slug="webinar-hydrogen")
    EventFactory(slug="draft-webinar", status=Event.Status.DRAFT)

    response = register(api, body)

    assert response.status_code == 400
    assert list(problem_of(response)["errors"]) == [field]
    assert "x" * 300 not in response.content.decode()
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("content", "content_type", "status"),
    [
        ('{"event": ', "application/json", 400),
        ("event=webinar-hydrogen", "application/x-www-form-urlencoded", 415),
    ],
)
def test_register_with_a_body_that_is_not_json_is_refused(
    api, person, content, content_type, status
):
    EventFactory(slug="webinar-hydrogen")

    response = api.post(MINE, content, content_type=content_type)

    assert response.status_code == status
    assert problem_of(response)["status"] == status
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("event_fields", "message"),
    [
        ({"status": Event.Status.CANCELLED}, "This event has been cancelled."),
        (
            {"registration_closes_at": timezone.now() - datetime.timedelta(days=1)},
            "Registration for this event has closed.",
        ),
    ],
)
def test_register_when_the_service_refuses_is_a_409_with_its_message(
    api, person, event_fields, message
):
    EventFactory(slug="webinar-hydrogen", **event_fields)

    response = register(api, {"event": "webinar-hydrogen"})

    assert response.status_code == 409
    assert problem_of(response)["detail"] == message
    assert Registration.objects.count() == 0


# One registration, and cancelling it


def test_another_persons_registration_is_a_404_to_read_and_to_cancel(api, person):
    theirs = RegistrationFactory()

    read = api.get(f"{MINE}{theirs.pk}/")
    cancel = api.post(f"{MINE}{theirs.pk}/cancel/")

    assert (read.status_code, cancel.status_code) == (404, 404)
    assert problem_of(cancel)["status"] == 404
    theirs.refresh_from_db()
    assert theirs.status == Registration.Status.REGISTERED


@pytest.mark.parametrize(
    "path", ["abc/", "-1/", "1.5/", "99999999999999999999999/", "99999999999999999999999/cancel/"]
)
def test_a_malformed_or_impossible_id_is_a_404(api, person, path):
    response = api.get(MINE + path) if not path.endswith("cancel/") else api.post(MINE + path)

    assert response.status_code == 404
    assert problem_of(response)["status"] == 404


def test_cancel_after_the_event_is_a_409(api, person):
    past = EventFactory(starts_at=timezone.now() - datetime.timedelta(days=2))
    registration = RegistrationFactory(event=past, person=person)

    response = api.post(f"{MINE}{registration.pk}/cancel/")

    assert response.status_code == 409
    assert problem_of(response)["detail"] == "This event is over; its registrations are history."


def test_cancel_by_get_is_a_405(api, person):
    registration = RegistrationFactory(person=person)

    response = api.get(f"{MINE}{registration.pk}/cancel/")

    assert response.status_code == 405
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REGISTERED


# With a personal token


def token_client(person, scope):
    """A client that sends a new token of ``person`` with ``scope``, and no session."""
    _token, plaintext = create_token(
        user=person.user, name="Calendar sync", scope=scope, lifetime=datetime.timedelta(days=30)
    )
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plaintext}")
    return client


def test_a_read_write_token_registers_and_cancels(commit, mailoutbox):
    person = PersonFactory(user=UserFactory())
    EventFactory(slug="webinar-hydrogen")
    client = token_client(person, ApiToken.Scope.READ_WRITE)

    with commit():
        registered = client.post(MINE, {"event": "webinar-hydrogen"}, format="json")
    cancelled = client.post(f"{MINE}{registered.json()['id']}/cancel/")

    assert (registered.status_code, cancelled.status_code) == (201, 200)
    assert Registration.objects.get(person=person).status == Registration.Status.CANCELLED
    assert [email.to for email in mailoutbox] == [[person.email]]


def test_a_read_only_token_reads_but_may_not_register_or_cancel():
    person = PersonFactory(user=UserFactory())
    EventFactory(slug="webinar-hydrogen")
    seat = RegistrationFactory(person=person)
    client = token_client(person, ApiToken.Scope.READ)

    listed = client.get(MINE)
    registered = client.post(MINE, {"event": "webinar-hydrogen"}, format="json")
    cancelled = client.post(f"{MINE}{seat.pk}/cancel/")

    assert listed.status_code == 200
    assert (registered.status_code, cancelled.status_code) == (403, 403)
    assert registered.json()["detail"] == (
        "This token is read-only. Create a read-and-write token to make changes."
    )
    seat.refresh_from_db()
    assert seat.status == Registration.Status.REGISTERED
    assert Registration.objects.count() == 1


def test_a_token_of_one_person_never_reaches_anothers_registrations():
    person, other = PersonFactory(user=UserFactory()), PersonFactory(user=UserFactory())
    theirs = RegistrationFactory(person=other)
    client = token_client(person, ApiToken.Scope.READ_WRITE)

    listed = client.get(MINE)
    read = client.get(f"{MINE}{theirs.pk}/")
    cancelled = client.post(f"{MINE}{theirs.pk}/cancel/")

    assert listed.json()["results"] == []
    assert (read.status_code, cancelled.status_code) == (404, 404)
    theirs.refresh_from_db()
    assert theirs.status == Registration.Status.REGISTERED


def test_without_credentials_the_api_asks_for_a_token():
    response = APIClient().get(MINE)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"


def test_session_write_without_the_csrf_token_is_refused_and_registers_nobody(person):
    event = EventFactory()
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(person.user)

    response = browser.post(MINE, {"event": event.slug}, format="json")

    assert response.status_code == 403
    assert response["Content-Type"] == "application/problem+json"
    assert "CSRF" in response.json()["detail"]
    assert not Registration.objects.filter(person=person).exists()


def test_session_write_with_the_csrf_token_registers(person):
    event = EventFactory()
    browser = APIClient(enforce_csrf_checks=True)
    browser.force_login(person.user)
    browser.get("/api/v1/me/registrations/", HTTP_ACCEPT="text/html")
    token = browser.cookies["csrftoken"].value

    response = browser.post(MINE, {"event": event.slug}, format="json", HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 201
    assert Registration.objects.get(person=person).event == event
