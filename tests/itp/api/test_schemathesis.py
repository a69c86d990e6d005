"""Every operation of the API's OpenAPI schema, fuzzed by schemathesis with all its checks.

The schema comes from the app itself (/api/schema/ through the WSGI application, in this
process); each operation is a test of its own. Requests carry a real read-write personal token
of a member of staff who is also a participant with a Person (the demo's staff user), so every
operation answers as to someone allowed to use it, over the demo data. Besides the random
values, each operation whose path names an object is also asked for objects that exist (the
explicit examples below), so that detail routes are exercised beyond their 404s.

Bounded and repeatable: a few examples per operation, no deadline, derandomized.
"""

import datetime

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import override_settings
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks

from itp.api_tokens.services import create_token
from itp.demo.programme import load_demo_data
from itp.models import ApiToken, Learning, Theme
from itp.roles import PARTICIPANTS
from regions.models import Government, Person
from teams.models import InnovationTeam, Secondment
from tests.conftest import DEMO_PASSWORD
from workshops.models import Event

pytestmark = [pytest.mark.django_db, pytest.mark.once]

application = get_wsgi_application()
# schemathesis asks for the schema as host "localhost"; the tests' settings allow only
# "testserver" (and nothing at all before the test session starts).
with override_settings(ALLOWED_HOSTS=["localhost"]):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

# Every check schemathesis has (the OpenAPI ones register when first loaded).
load_all_checks()
ALL_CHECKS = CHECKS.get_all()


@pytest.fixture(autouse=True)
def in_process_server(settings):
    """The WSGI application answers in the test's own transaction: Django's handler would
    otherwise close the test's database connection at each request's start and end, as it
    does for a real server (the test client does the same)."""
    settings.ALLOWED_HOSTS = ["localhost"]
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def token(db):
    """A read-write token of the demo's staff user, also a participant with a Person."""
    load_demo_data(password=DEMO_PASSWORD)
    user = get_user_model().objects.get(username="demo-staff")
    user.groups.add(Group.objects.get(name=PARTICIPANTS))
    _token, plaintext = create_token(
        user=user,
        name="schemathesis",
        scope=ApiToken.Scope.READ_WRITE,
        lifetime=datetime.timedelta(days=30),
    )
    return plaintext


# For each operation whose path names an object: the path parameters of one that exists in
# the demo data, looked up when the example runs.
EXISTING = {
    "/api/v1/governments/{slug}/": lambda: {"slug": first(Government.objects.active()).slug},
    "/api/v1/themes/{slug}/": lambda: {"slug": first(Theme.objects.all()).slug},
    "/api/v1/events/{slug}/": lambda: {"slug": first(Event.objects.public()).slug},
    "/api/v1/teams/{slug}/": lambda: {"slug": first(InnovationTeam.objects.all()).slug},
    "/api/v1/secondments/{id}/": lambda: {"id": first(Secondment.objects.public()).pk},
    "/api/v1/learnings/{slug}/": lambda: {"slug": first(Learning.objects.published()).slug},
    "/api/v1/people/{slug}/": lambda: {"slug": first(Person.objects.listed()).slug},
}
# Stands for an existing object's path parameters in an explicit example, until it runs.
LOOK_UP = "existing"


def first(queryset):
    found = queryset.order_by("pk").first()
    assert found is not None, f"The demo data has no {queryset.model.__name__}"
    return found


@schema.hook
def before_add_examples(context, examples):
    """Each operation that names an object is also asked for one that exists, not only for
    the random names that answer 404."""
    operation = context.operation
    if "{" in operation.path:
        names = [parameter.name for parameter in operation.path_parameters]
        examples.append(operation.Case(path_parameters=dict.fromkeys(names, LOOK_UP)))


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_holds_to_its_schema(case, token):
    names_an_existing_object = LOOK_UP in case.path_parameters.values()
    if names_an_existing_object:
        assert case.operation.path in EXISTING, f"Name an existing object for {case.operation}"
        case.path_parameters = EXISTING[case.operation.path]()

    response = case.call_and_validate(
        headers={"Authorization": f"Bearer {token}"}, checks=ALL_CHECKS
    )

    if names_an_existing_object:
        assert response.status_code in (200, 201), response.text
