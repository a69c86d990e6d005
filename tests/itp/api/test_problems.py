import pytest

from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


@pytest.mark.parametrize(
    ("method", "path", "status"),
    [
        ("get", "/api/v1/themes/no-such-theme/", 404),
        ("get", "/api/v1/no-such-collection/", 404),
        ("get", "/api/nothing-here", 404),
        ("post", "/api/v1/themes/", 405),
    ],
)
def test_errors_are_problem_details(client, method, path, status):
    response = getattr(client, method)(path, HTTP_ACCEPT="text/html")

    assert (response.status_code, response["Content-Type"]) == (status, PROBLEM)
    problem = response.json()
    assert (problem["type"], problem["status"]) == ("about:blank", status)
    assert problem["title"]
    assert problem["detail"]


def test_a_format_the_api_does_not_speak_is_a_406_problem(client):
    response = client.get("/api/v1/themes/", HTTP_ACCEPT="text/csv")

    assert (response.status_code, response["Content-Type"]) == (406, PROBLEM)


def test_a_collection_without_its_final_slash_is_redirected_to_it(client):
    response = client.get("/api/v1/events?kind=webinar")

    assert (response.status_code, response["Location"]) == (301, "/api/v1/events/?kind=webinar")


def test_a_wrong_token_is_a_401_problem_even_on_a_public_route(client):
    response = client.get("/api/v1/themes/", HTTP_AUTHORIZATION="Bearer not-a-real-token")

    assert (response.status_code, response["Content-Type"]) == (401, PROBLEM)
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_validation_problem_names_each_field(client):
    problem = client.get("/api/v1/events/?kind=party&from=soon").json()

    assert problem["status"] == 400
    assert sorted(problem["errors"]) == ["from", "kind"]
    assert all(isinstance(message, str) for message in problem["errors"]["from"])


def test_problem_detail_comes_in_the_language_asked_for(client):
    problem = client.get("/api/v1/themes/missing/", HTTP_ACCEPT_LANGUAGE="de").json()

    assert problem["detail"] != client.get("/api/v1/themes/missing/").json()["detail"]


def test_anonymous_reader_over_the_rate_gets_a_429_with_retry_after(client, settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "2/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}

    statuses = [client.get("/api/v1/themes/").status_code for _ in range(3)]
    refused = client.get("/api/v1/themes/")

    assert statuses == [200, 200, 429]
    assert refused["Content-Type"] == PROBLEM
    assert 0 < int(refused["Retry-After"]) <= 60


def test_signed_in_reader_is_not_held_to_the_anonymous_rate(client, settings):
    rates = {**settings.REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"], "anon": "1/min"}
    settings.REST_FRAMEWORK = {**settings.REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": rates}
    client.force_login(UserFactory())

    statuses = [client.get("/api/v1/themes/").status_code for _ in range(3)]

    assert statuses == [200, 200, 200]


@pytest.mark.urls("tests.itp.api.failing_urls")
def test_server_error_under_the_api_is_a_problem_in_json(client):
    client.raise_request_exception = False

    response = client.get("/api/v1/failing/", HTTP_ACCEPT_LANGUAGE="de")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    problem = response.json()
    assert (problem["type"], problem["title"], problem["status"]) == (
        "about:blank",
        "Internal Server Error",
        500,
    )
    assert problem["detail"].startswith("Die Industry Transition Platform")


@pytest.mark.urls("tests.itp.api.failing_urls")
def test_server_error_on_a_page_is_still_the_site_s_500_page(client):
    client.raise_request_exception = False

    response = client.get("/failing/")

    assert response.status_code == 500
    assert response["Content-Type"].startswith("text/html")


def test_body_over_the_upload_limit_is_a_413_problem(client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    client.force_login(PersonFactory(user=UserFactory()).user)

    response = client.post(
        "/api/v1/me/registrations/",
        data=b'{"event": "' + b"a" * 2000 + b'"}',
        content_type="application/json",
    )

    assert response.status_code == 413
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["detail"] == "The request's body is too large."
