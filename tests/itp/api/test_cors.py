import pytest

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

ORIGIN = "https://coalition-member.example"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/",
        "/api/v1/events/",
        "/api/v1/events/{event}/",
        "/api/v1/governments/",
        "/api/v1/themes/",
        "/api/v1/teams/",
        "/api/v1/secondments/",
        "/api/v1/learnings/",
        "/api/v1/people/",
    ],
)
def test_public_routes_may_be_read_from_any_origin_without_credentials(client, path):
    event = EventFactory()

    response = client.get(path.format(event=event.slug), HTTP_ORIGIN=ORIGIN)

    assert response["Access-Control-Allow-Origin"] == "*"
    assert not response.has_header("Access-Control-Allow-Credentials")


def test_preflight_of_a_public_route_allows_reading_only(client):
    response = client.options(
        "/api/v1/events/", HTTP_ORIGIN=ORIGIN, HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET"
    )

    assert response["Access-Control-Allow-Origin"] == "*"
    assert set(response["Access-Control-Allow-Methods"].split(", ")) == {"GET", "HEAD", "OPTIONS"}


@pytest.mark.parametrize(
    "path",
    [
        "/events/",
        "/governments/",
        "/api/schema/",
        "/api/docs/",
        "/api/v1/me/registrations/",
        "/api/v1/reports/participation/",
        "/api/v1/events/{event}/registrations/",
    ],
)
def test_other_routes_give_no_cors_headers(client, path):
    event = EventFactory()

    response = client.get(path.format(event=event.slug), HTTP_ORIGIN=ORIGIN)

    assert not response.has_header("Access-Control-Allow-Origin")
