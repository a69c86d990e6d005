import datetime

import pytest
from django.core.exceptions import ValidationError
from knox.crypto import hash_token

from itp.api_tokens.services import TokenRefused, create_token, revoke_token
from itp.models import ApiToken
from tests.factories import ApiTokenFactory, UserFactory

pytestmark = pytest.mark.django_db

NINETY_DAYS = datetime.timedelta(days=90)


def test_create_token_stores_only_the_hash_of_the_secret():
    user = UserFactory()

    token, plaintext = create_token(
        user=user, name="Dashboard", scope=ApiToken.Scope.READ, lifetime=NINETY_DAYS
    )

    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert stored["digest"] == hash_token(plaintext)
    assert plaintext not in [str(value) for value in stored.values()]
    assert (stored["user_id"], stored["name"], stored["scope"]) == (user.pk, "Dashboard", "read")
    assert stored["expiry"] - stored["created"] == pytest.approx(
        NINETY_DAYS, abs=datetime.timedelta(seconds=5)
    )


def test_create_token_refuses_a_lifetime_not_offered():
    with pytest.raises(TokenRefused):
        create_token(
            user=UserFactory(), name="Forever", scope="read", lifetime=datetime.timedelta(days=3650)
        )


def test_create_token_refuses_an_empty_name():
    with pytest.raises(ValidationError):
        create_token(user=UserFactory(), name="", scope="read", lifetime=NINETY_DAYS)


def test_create_token_refuses_one_more_than_the_limit_of_live_tokens():
    user = UserFactory()
    ApiTokenFactory.create_batch(ApiToken.LIVE_LIMIT, user=user)

    with pytest.raises(TokenRefused, match="already have 10 tokens"):
        create_token(user=user, name="Eleventh", scope="read", lifetime=NINETY_DAYS)

    assert ApiToken.objects.of(user).count() == ApiToken.LIVE_LIMIT


def test_revoke_token_deletes_it_and_records_who_revoked_it():
    token = ApiTokenFactory()
    pk = token.pk
    staff = UserFactory(is_staff=True)

    revoke_token(token=token, revoked_by=staff)

    assert not ApiToken.objects.filter(pk=pk).exists()
    latest = ApiToken.history.filter(id=pk).latest()
    assert (latest.history_type, latest.history_user) == ("-", staff)
