"""Production settings, security headers, CSRF, login throttling and escaping."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from regions.models import Person
from tests.factories import (
    PASSWORD,
    EventFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    MembershipFactory,
    PersonFactory,
    UserFactory,
)
from workshops.models import Registration

pytestmark = pytest.mark.django_db

PROJECT_ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENVIRONMENT = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k7Qm2vXr9pL4sT8wZ1yB6nC3dF5gH0jK-production-like-secret-key-value",
    "DJANGO_ALLOWED_HOSTS": "itp.example.org",
    "DJANGO_SECURE_SSL_REDIRECT": "true",
}


def test_check_deploy_passes_with_production_environment():
    environment = {**os.environ, **PRODUCTION_ENVIRONMENT}
    environment.pop("DATABASE_URL", None)

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert (result.returncode, result.stderr.strip()) == (0, "")
    assert "no issues" in result.stdout


def _without_secret_key():
    environment = {**os.environ, "DJANGO_DEBUG": "false"}
    for name in ("DJANGO_SECRET_KEY", "DATABASE_URL"):
        environment.pop(name, None)
    return environment


def test_makemigrations_check_runs_with_debug_off_and_no_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        cwd=PROJECT_ROOT,
        env=_without_secret_key(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert (result.returncode, result.stdout.strip()) == (0, "No changes detected")


def test_app_server_refuses_to_start_with_debug_off_and_no_secret_key():
    result = subprocess.run(
        [sys.executable, "-c", "import itp.wsgi"],
        cwd=PROJECT_ROOT,
        env=_without_secret_key(),
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 1
    assert "Set DJANGO_SECRET_KEY" in result.stderr


def test_secure_response_carries_the_security_headers(client, settings):
    settings.SECURE_HSTS_SECONDS = 31_536_000

    response = client.get("/", secure=True)

    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"


def test_session_and_csrf_cookies_are_secure_and_session_is_http_only(settings):
    assert (settings.DEBUG, settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE) == (
        False,
        True,
        True,
    )
    assert settings.SESSION_COOKIE_HTTPONLY


def test_pages_have_no_inline_script_or_style(client, demo):
    pages = [
        "/",
        "/governments/lombardy/",
        "/events/",
        "/teams/",
        "/learnings/",
        "/events/calendar/?month=2019-04",
    ]

    bodies = [client.get(page).content.decode() for page in pages]

    for page, body in zip(pages, bodies, strict=True):
        assert "<style" not in body, page
        assert ' style="' not in body, page
        assert "<script>" not in body, page
        assert " onclick=" not in body, page


@pytest.fixture
def csrf_checking_participant_client(demo):
    """The demo's participant on a client that checks CSRF tokens, as browsers meet them."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(get_user_model().objects.get(username="demo-participant"))
    return client


@pytest.mark.parametrize(
    "path",
    [
        "/events/katowice-workshop/register/",
        "/events/webinar-hydrogen-valleys/cancel/",
        "/me/calendar/reset/",
        "/accounts/logout/",
        "/accounts/password_change/",
    ],
)
def test_post_without_csrf_token_is_refused_and_changes_nothing(
    csrf_checking_participant_client, path
):
    person = Person.objects.get(user__username="demo-participant")
    registrations = list(Registration.objects.order_by("pk").values("pk", "status"))

    response = csrf_checking_participant_client.post(
        path, {"old_password": "x", "new_password1": "y"}
    )

    assert response.status_code == 403
    assert list(Registration.objects.order_by("pk").values("pk", "status")) == registrations
    assert Person.objects.get(pk=person.pk).calendar_token == person.calendar_token


@pytest.mark.parametrize("path", ["/accounts/login/", "/accounts/password_reset/"])
def test_anonymous_post_without_csrf_token_is_refused(path):
    response = Client(enforce_csrf_checks=True).post(path, {"username": "x", "email": "x@x.x"})

    assert response.status_code == 403


USERNAME = "chiara.colombo"


def log_in(client, password):
    return client.post("/accounts/login/", {"username": USERNAME, "password": password})


@pytest.mark.login_throttling
def test_repeated_wrong_passwords_lock_the_user_out_with_a_clear_message(client, settings):
    UserFactory(username=USERNAME)
    settings.AXES_FAILURE_LIMIT = 3

    failures = [log_in(client, "wrong-password").status_code for _ in range(2)]
    locked = log_in(client, "wrong-password")
    right_password_while_locked = log_in(client, PASSWORD)

    assert failures == [200, 200]
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert right_password_while_locked.status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.login_throttling
def test_successful_login_resets_the_failure_count(client, settings):
    UserFactory(username=USERNAME)
    settings.AXES_FAILURE_LIMIT = 3
    log_in(client, "wrong-password")
    log_in(client, "wrong-password")

    success = log_in(client, PASSWORD)
    client.post("/accounts/logout/")
    after_reset = [log_in(client, "wrong-password").status_code for _ in range(2)]

    assert success.status_code == 302
    assert after_reset == [200, 200]


@pytest.mark.login_throttling
def test_lockout_is_per_address_behind_the_configured_proxy(client, settings):
    UserFactory(username=USERNAME)
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_IPWARE_PROXY_COUNT = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    first_address = {"HTTP_X_FORWARDED_FOR": "203.0.113.7, 10.0.0.1"}
    second_address = {"HTTP_X_FORWARDED_FOR": "198.51.100.4, 10.0.0.1"}
    credentials = {"username": USERNAME, "password": "wrong-password"}

    for _ in range(2):
        client.post("/accounts/login/", credentials, **first_address)
    locked = client.post("/accounts/login/", credentials, **first_address)
    elsewhere = client.post("/accounts/login/", credentials, **second_address)

    assert (locked.status_code, elsewhere.status_code) == (429, 200)


SCRIPT = "<script>alert('x')</script>"


def test_stored_script_comes_out_escaped_on_every_page_that_shows_it(client):
    government = GovernmentFactory(slug="north-rhine-westphalia")
    katrin = PersonFactory(
        name=f"Katrin {SCRIPT}", government=government, consents_to_public_listing=True
    )
    event = EventFactory(slug="webinar-hydrogen-valleys", title=f"Webinar {SCRIPT}")
    team = InnovationTeamFactory(
        slug="hydrogen-in-heavy-industry",
        challenge=f"Challenge {SCRIPT}",
        lead_government=government,
    )
    MembershipFactory(team=team, person=katrin)
    pages = [
        "/",
        "/events/",
        f"/events/{event.slug}/",
        "/teams/",
        "/teams/hydrogen-in-heavy-industry/",
        "/governments/north-rhine-westphalia/",
    ]

    bodies = {page: client.get(page).content.decode() for page in pages}

    for page, body in bodies.items():
        assert SCRIPT not in body, page
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body, page


def test_stored_script_comes_out_escaped_in_the_admin(admin_client, demo):
    Person.objects.filter(email="katrin.albers@north-rhine-westphalia.example").update(
        name=f"Katrin {SCRIPT}"
    )

    body = admin_client.get("/admin/regions/person/").content.decode()

    assert SCRIPT not in body
    assert "Katrin &lt;script&gt;" in body


@pytest.mark.parametrize(
    "path",
    [
        "/events/?kind={long}&theme={long}&government={long}&when={long}",
        "/events/webinar-hydrogen-valleys/?tz={long}",
        "/governments/?sort={long}",
        "/secondments/?government={long}&theme={long}&status={long}",
        "/learnings/?theme={long}&government={long}",
        "/teams/?page={long}",
    ],
)
def test_over_long_query_values_get_an_answer_not_an_error(client, demo, path):
    response = client.get(path.format(long="x" * 5000))

    assert response.status_code in (200, 404)


def test_over_long_login_input_is_refused_with_a_message(client):
    response = client.post("/accounts/login/", {"username": "x" * 5000, "password": "y" * 5000})

    assert response.status_code == 200
    assert response.context["form"].errors
