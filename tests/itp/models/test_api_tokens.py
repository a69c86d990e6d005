import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from itp.models import ApiToken
from tests.factories import ApiTokenFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "values",
    [
        {"scope": "admin"},
        {"name": ""},
        {"expiry": timezone.now() - datetime.timedelta(days=1)},
    ],
    ids=["unknown scope", "empty name", "expiry before creation"],
)
def test_api_token_refused_by_the_database(values):
    with pytest.raises(IntegrityError):
        ApiTokenFactory(**values)


def test_api_token_live_leaves_out_the_expired():
    live = ApiTokenFactory()
    made = timezone.now() - datetime.timedelta(days=31)
    expired = ApiTokenFactory(user=live.user)
    ApiToken.objects.filter(pk=expired.pk).update(
        created=made, expiry=made + datetime.timedelta(days=30)
    )

    assert list(ApiToken.objects.of(live.user).live()) == [live]
