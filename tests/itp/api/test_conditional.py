import pytest

from tests.factories import ThemeFactory

pytestmark = pytest.mark.django_db


def test_read_has_an_etag_and_the_same_etag_gets_a_304(client):
    theme = ThemeFactory()
    first = client.get(f"/api/v1/themes/{theme.slug}/")

    again = client.get(f"/api/v1/themes/{theme.slug}/", HTTP_IF_NONE_MATCH=first["ETag"])

    assert first.status_code == 200
    assert first["ETag"]
    assert (again.status_code, again.content) == (304, b"")


def test_head_has_the_etag_of_get_and_no_body(client):
    theme = ThemeFactory()

    get = client.get(f"/api/v1/themes/{theme.slug}/")
    head = client.head(f"/api/v1/themes/{theme.slug}/")

    assert (head.status_code, head["ETag"], head.content) == (200, get["ETag"], b"")


def test_etag_changes_with_the_data(client):
    theme = ThemeFactory()
    before = client.get("/api/v1/themes/")["ETag"]
    theme.description = "Rewritten."
    theme.save()

    response = client.get("/api/v1/themes/", HTTP_IF_NONE_MATCH=before)

    assert response.status_code == 200
    assert response["ETag"] != before


def test_etag_differs_between_languages(client):
    ThemeFactory(name="Hydrogen", name_de="Wasserstoff")

    english = client.get("/api/v1/themes/", HTTP_ACCEPT_LANGUAGE="en")
    german = client.get("/api/v1/themes/", HTTP_ACCEPT_LANGUAGE="de")

    assert english["ETag"] != german["ETag"]
    assert "Accept-Language" in german["Vary"]


def test_errors_and_site_pages_carry_no_etag(client):
    assert not client.get("/api/v1/themes/missing/").has_header("ETag")
    assert not client.get("/governments/").has_header("ETag")
