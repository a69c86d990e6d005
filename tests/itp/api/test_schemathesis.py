"""Every operation of the API's OpenAPI schema, fuzzed by schemathesis with all its checks.

The schema comes from the app itself (/api/schema/ through the WSGI application, in this
process); each operation is a test of its own. Requests carry a real read-write personal token
of a member of staff who is also a participant with a Person (the demo's staff user), so every
operation answers as to someone allowed to use it, over the demo data. Besides the random
values, each operation whose path names an object is also asked for one that exists (an
explicit example, see ``EXISTING``), so that detail routes are exercised beyond their 404s.

Bounded and repeatable: a few examples per operation, no deadline, derandomized; the demo data
is loaded once for the module and each test's writes are rolled back.
"""

import datetime

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from django.test import override_settings
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS, load_all_checks

from itp.api_tokens.services import create_token
from itp.demo.programme import load_demo_data
from itp.models import ApiToken, Learning, Theme
from itp.roles import PARTICIPANTS
from regions.models import Government, Person
from teams.models import InnovationTeam, Secondment
from tests.conftest import DEMO_PASSWORD
from workshops.models import Event, Registration
from workshops.services import RegistrationRefused, register_for_event

pytestmark = [pytest.mark.django_db, pytest.mark.once]

application = get_wsgi_application()
# schemathesis asks for the schema as host "localhost"; the tests' settings allow only
# "testserver" (and nothing at all before the test session starts).
with override_settings(ALLOWED_HOSTS=["localhost"]):
    schema = schemathesis.openapi.from_wsgi("/api/schema/", application)

# Every check schemathesis has (the OpenAPI ones register when first loaded).
load_all_checks()
ALL_CHECKS = CHECKS.get_all()
# The checks that cannot apply to an operation, by name, each with why.
INAPPLICABLE = {
    # A body the schema allows may name an event that does not exist or is not published, or
    # answer a question the event does not ask (its keys are question ids): the schema cannot
    # list the events or their questions, and such a body is rightly refused with the
    # documented 400 that names the field. Bodies the schema forbids must still be refused.
    "POST /api/v1/me/registrations/": {"positive_data_acceptance"},
}

TOKEN_HOLDER = "demo-staff"

# For each operation whose path names an object: the path parameters of one that exists in
# the demo data, looked up when its example runs.
EXISTING = {
    "/api/v1/governments/{slug}/": lambda: {"slug": first(Government.objects.active()).slug},
    "/api/v1/themes/{slug}/": lambda: {"slug": first(Theme.objects.all()).slug},
    "/api/v1/events/{slug}/": lambda: {"slug": first(Event.objects.public()).slug},
    "/api/v1/teams/{slug}/": lambda: {"slug": first(InnovationTeam.objects.all()).slug},
    "/api/v1/secondments/{id}/": lambda: {"id": first(Secondment.objects.public()).pk},
    "/api/v1/learnings/{slug}/": lambda: {"slug": first(Learning.objects.published()).slug},
    "/api/v1/people/{slug}/": lambda: {"slug": first(Person.objects.listed()).slug},
    "/api/v1/me/registrations/{id}/": lambda: {"id": own_registration().pk},
    "/api/v1/me/registrations/{id}/cancel/": lambda: {"id": own_registration().pk},
    "/api/v1/reports/{name}/": lambda: {"name": "programme-summary"},
    "/api/v1/events/{slug}/registrations/": lambda: {"slug": first(Event.objects.all()).slug},
}
# Stands for an existing object's path parameters in an explicit example, until it runs.
LOOK_UP = "existing"


def first(queryset):
    found = queryset.order_by("pk").first()
    assert found is not None, f"The demo data has no {queryset.model.__name__}"
    return found


def own_registration():
    return first(Registration.objects.filter(person__user__username=TOKEN_HOLDER))


@schema.hook
def before_add_examples(context, examples):
    """Each operation that names an object is also asked for one that exists, not only for
    the random names that answer 404."""
    operation = context.operation
    if "{" in operation.path:
        names = [parameter.name for parameter in operation.path_parameters]
        examples.append(operation.Case(path_parameters=dict.fromkeys(names, LOOK_UP)))


@pytest.fixture(scope="module")
def demo_programme(django_db_setup, django_db_blocker):
    """The demo data, loaded once for the module in a transaction of its own that is rolled
    back after its tests; each test runs in a savepoint inside it (as TestCase.setUpTestData
    does), so that no test sees what another wrote. The token's holder, the demo's staff user,
    is also a participant, with a place at the first upcoming event that takes registrations."""
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo_data(password=DEMO_PASSWORD)
        user = get_user_model().objects.get(username=TOKEN_HOLDER)
        user.groups.add(Group.objects.get(name=PARTICIPANTS))
        register_somewhere(user.person)
        yield
        transaction.set_rollback(True)


def register_somewhere(person):
    upcoming = Event.objects.filter(status=Event.Status.PUBLISHED, starts_at__gt=timezone.now())
    for event in upcoming.order_by("starts_at", "pk"):
        for mode in event.modes:
            try:
                return register_for_event(event=event, person=person, mode=mode)
            except RegistrationRefused:
                continue
    raise AssertionError("No demo event takes registrations")


@pytest.fixture
def token(demo_programme, db):
    """A read-write personal token of the demo's staff user."""
    _token, plaintext = create_token(
        user=get_user_model().objects.get(username=TOKEN_HOLDER),
        name="schemathesis",
        scope=ApiToken.Scope.READ_WRITE,
        lifetime=datetime.timedelta(days=30),
    )
    return plaintext


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


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    database=None,  # nothing replayed from earlier runs: each run is the same
    suppress_health_check=list(HealthCheck),
)
def test_every_operation_holds_to_its_schema(case, token):
    names_an_existing_object = LOOK_UP in case.path_parameters.values()
    if names_an_existing_object:
        assert case.operation.path in EXISTING, f"Name an existing object for {case.operation}"
        case.path_parameters = EXISTING[case.operation.path]()
    inapplicable = INAPPLICABLE.get(case.operation.label, set())
    checks = [check for check in ALL_CHECKS if check.__name__ not in inapplicable]

    response = case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=checks)

    if names_an_existing_object:
        assert response.status_code in (200, 201), response.text
