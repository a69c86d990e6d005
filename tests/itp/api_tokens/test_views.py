import pytest
from knox.crypto import hash_token

from itp.models import ApiToken
from tests.factories import ApiTokenFactory, UserFactory

pytestmark = pytest.mark.django_db


def body(response):
    return response.content.decode()


NEW_TOKEN = {"name": "Weekly figures", "scope": "read-write", "lifetime_days": "30"}


def test_token_page_lists_own_tokens_without_their_secrets(client):
    mine = ApiTokenFactory(name="Calendar sync")
    ApiTokenFactory(name="Another persons script")
    client.force_login(mine.user)

    page = body(client.get("/me/tokens/"))

    assert "Calendar sync" in page
    assert "Another persons script" not in page
    assert mine.token_key not in page
    assert mine.digest not in page


def test_creating_a_token_shows_its_secret_once(client):
    user = UserFactory()
    client.force_login(user)

    created = client.post("/me/tokens/", NEW_TOKEN)
    token = ApiToken.objects.get(user=user)
    plaintext = created.context["plaintext"]
    later = body(client.get("/me/tokens/"))

    assert (token.name, token.scope, token.digest) == (
        "Weekly figures",
        "read-write",
        hash_token(plaintext),
    )
    assert plaintext in body(created)
    assert "no-store" in created["Cache-Control"]
    assert "Weekly figures" in later
    assert plaintext not in later


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**NEW_TOKEN, "lifetime_days": "0"}, "Select a valid choice"),
        ({**NEW_TOKEN, "name": ""}, "This field is required"),
    ],
)
def test_creating_a_token_with_bad_input_makes_none(client, data, message):
    user = UserFactory()
    client.force_login(user)

    response = client.post("/me/tokens/", data)

    assert message in body(response)
    assert not ApiToken.objects.filter(user=user).exists()


def test_creating_a_token_beyond_the_limit_says_why(client):
    user = UserFactory()
    ApiTokenFactory.create_batch(ApiToken.LIVE_LIMIT, user=user)
    client.force_login(user)

    response = client.post("/me/tokens/", NEW_TOKEN)

    assert "You already have 10 tokens that have not expired." in body(response)
    assert ApiToken.objects.filter(user=user).count() == ApiToken.LIVE_LIMIT


def test_revoking_own_token_deletes_it(client):
    token = ApiTokenFactory()
    client.force_login(token.user)

    response = client.post(f"/me/tokens/{token.pk}/revoke/")

    assert response.url == "/me/tokens/"
    assert not ApiToken.objects.filter(pk=token.pk).exists()


def test_revoking_another_persons_token_is_a_404(client):
    token = ApiTokenFactory()
    client.force_login(UserFactory())

    response = client.post(f"/me/tokens/{token.pk}/revoke/")

    assert response.status_code == 404
    assert ApiToken.objects.filter(pk=token.pk).exists()


def test_profile_page_links_to_the_token_page(client):
    client.force_login(UserFactory())

    assert 'href="/me/tokens/"' in body(client.get("/me/profile/"))
