"""Personal tokens on a tiny API (tests/itp/api_tokens/api_views.py) that uses the tokens'
authentication, scope permission and throttle."""

import datetime

import pytest
from django.utils import timezone

from itp.api_tokens.services import create_token, revoke_token
from itp.models import ApiToken
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.itp.api_tokens.api_views")]


def make_token(scope=ApiToken.Scope.READ):
    user = UserFactory(username="ada")
    return create_token(user=user, name="Script", scope=scope, lifetime=datetime.timedelta(days=30))


def bearer(plaintext):
    return {"HTTP_AUTHORIZATION": f"Bearer {plaintext}"}


def test_valid_token_authenticates_its_owner_and_notes_the_use(client):
    token, plaintext = make_token()

    response = client.get("/whoami/", **bearer(plaintext))

    token.refresh_from_db()
    assert (response.status_code, response.json()) == (200, {"username": "ada"})
    assert token.last_used is not None


def test_last_used_is_written_at_most_once_a_minute(client):
    token, plaintext = make_token()
    client.get("/whoami/", **bearer(plaintext))
    first_use = ApiToken.objects.get(pk=token.pk).last_used

    client.get("/whoami/", **bearer(plaintext))

    assert ApiToken.objects.get(pk=token.pk).last_used == first_use


def expire(token):
    """Made 31 days ago, with the 30 days' lifetime it was given."""
    made = timezone.now() - datetime.timedelta(days=31)
    ApiToken.objects.filter(pk=token.pk).update(
        created=made, expiry=made + datetime.timedelta(days=30)
    )


@pytest.mark.parametrize(
    ("spoil", "message"),
    [
        (
            lambda token, plaintext: plaintext[:-1] + ("0" if plaintext[-1] != "0" else "1"),
            "Invalid token.",
        ),
        (lambda token, plaintext: "not-a-token", "Invalid token."),
        (
            lambda token, plaintext: revoke_token(token=token, revoked_by=token.user) or plaintext,
            "Invalid token.",
        ),
        (lambda token, plaintext: expire(token) or plaintext, "This token expired on"),
    ],
    ids=["wrong", "malformed", "revoked", "expired"],
)
def test_unusable_token_is_a_401_with_a_json_message(client, spoil, message):
    token, plaintext = make_token()

    response = client.get("/whoami/", **bearer(spoil(token, plaintext)))

    assert (response.status_code, response["Content-Type"]) == (401, "application/problem+json")
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json()["detail"].startswith(message)


@pytest.mark.parametrize(
    ("scope", "status"), [(ApiToken.Scope.READ, 403), (ApiToken.Scope.READ_WRITE, 200)]
)
def test_only_a_read_write_token_may_write(client, scope, status):
    _token, plaintext = make_token(scope)

    response = client.post("/whoami/", **bearer(plaintext))

    assert response.status_code == status
    if status == 403:
        assert "read-only" in response.json()["detail"]


def test_session_requests_are_not_limited_by_token_scope(client):
    client.force_login(UserFactory())

    response = client.post("/whoami/")

    assert response.json() == {"written": True}


def test_token_requests_beyond_the_rate_are_a_429(client, settings):
    settings.API_TOKEN_RATE = "2/min"
    _token, plaintext = make_token()

    statuses = [client.get("/whoami/", **bearer(plaintext)).status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
