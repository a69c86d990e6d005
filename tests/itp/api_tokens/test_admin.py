import pytest

from itp.models import ApiToken
from tests.factories import ApiTokenFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/itp/apitoken/"


def test_staff_revoke_selected_tokens_in_the_admin(staff_client):
    tokens = ApiTokenFactory.create_batch(2)

    response = staff_client.post(
        CHANGELIST, {"action": "revoke", "_selected_action": [token.pk for token in tokens]}
    )

    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_admin_lists_tokens_without_secrets_and_adds_none(staff_client):
    token = ApiTokenFactory(name="Figures for the funder")

    page = staff_client.get(CHANGELIST).content.decode()

    assert "Figures for the funder" in page
    assert token.digest not in page
    assert staff_client.get(f"{CHANGELIST}add/").status_code == 403


def test_coordinator_cannot_revoke_in_the_admin(coordinator_client):
    token = ApiTokenFactory()

    coordinator_client.post(CHANGELIST, {"action": "revoke", "_selected_action": [token.pk]})

    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_participant_cannot_reach_the_token_admin(participant_client):
    response = participant_client.get(CHANGELIST)

    assert response.status_code == 302
    assert response.url.startswith("/admin/login/")
