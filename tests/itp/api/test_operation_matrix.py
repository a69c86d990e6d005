"""Every operation of the API's schema, for every caller with a personal token: what each gets.

tests/test_permission_matrix.py requests each URL of the site once, with the session; this
matrix takes the API's operations from its OpenAPI schema (so a new operation without a row
fails), each with its own method and body, and sends them as a program does: with a
``Authorization: Bearer`` token, read-write or read-only, or with none.
"""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from drf_spectacular.generators import SchemaGenerator
from rest_framework.test import APIClient

from itp.api_tokens.services import create_token
from itp.models import ApiToken
from itp.roles import PARTICIPANTS
from regions.models import Person
from teams.models import Secondment
from tests.factories import EventFactory
from workshops.models import Registration

pytestmark = pytest.mark.django_db

CALLERS = (
    "anonymous",
    "participant",
    "participant_read_only",
    "other_participant",
    "coordinator",
    "staff",
)

OK, CREATED = 200, 201
EVERYONE = dict.fromkeys(CALLERS, OK)
# Signed in with a read-write token: only the person whose registration it is sees it; a
# read-only token reads it but may not cancel it.
OWNER_READS = {
    "anonymous": 401,
    "participant": OK,
    "participant_read_only": OK,
    "other_participant": 404,
    "coordinator": 404,
    "staff": 404,
}
REPORTERS = {
    "anonymous": 401,
    "participant": 403,
    "participant_read_only": 403,
    "other_participant": 403,
    "coordinator": OK,
    "staff": OK,
}
EVENT = "webinar-hydrogen-valleys"  # the demo participant is registered for it

# (schema path, method): (concrete path, JSON body, {caller: status})
MATRIX = {
    ("/api/v1/governments/", "get"): ("/api/v1/governments/", None, EVERYONE),
    ("/api/v1/governments/{slug}/", "get"): ("/api/v1/governments/lombardy/", None, EVERYONE),
    ("/api/v1/themes/", "get"): ("/api/v1/themes/", None, EVERYONE),
    ("/api/v1/themes/{slug}/", "get"): ("/api/v1/themes/low-carbon-innovation/", None, EVERYONE),
    ("/api/v1/events/", "get"): ("/api/v1/events/", None, EVERYONE),
    ("/api/v1/events/{slug}/", "get"): (f"/api/v1/events/{EVENT}/", None, EVERYONE),
    ("/api/v1/events/{slug}/registrations/", "get"): (
        f"/api/v1/events/{EVENT}/registrations/",
        None,
        REPORTERS,
    ),
    ("/api/v1/teams/", "get"): ("/api/v1/teams/", None, EVERYONE),
    ("/api/v1/teams/{slug}/", "get"): (
        "/api/v1/teams/energy-efficiency-in-energy-intensive-industry/",
        None,
        EVERYONE,
    ),
    ("/api/v1/secondments/", "get"): ("/api/v1/secondments/", None, EVERYONE),
    ("/api/v1/secondments/{id}/", "get"): ("/api/v1/secondments/{secondment}/", None, EVERYONE),
    ("/api/v1/learnings/", "get"): ("/api/v1/learnings/", None, EVERYONE),
    ("/api/v1/learnings/{slug}/", "get"): (
        "/api/v1/learnings/irecovery-waste-heat-ori-martin/",
        None,
        EVERYONE,
    ),
    ("/api/v1/people/", "get"): ("/api/v1/people/", None, EVERYONE),
    ("/api/v1/people/{slug}/", "get"): ("/api/v1/people/paolo-martinelli/", None, EVERYONE),
    ("/api/v1/me/registrations/", "get"): (
        "/api/v1/me/registrations/",
        None,
        {**dict.fromkeys(CALLERS, OK), "anonymous": 401},
    ),
    # Everyone with a person and a read-write token registers for an event with free seats.
    ("/api/v1/me/registrations/", "post"): (
        "/api/v1/me/registrations/",
        {"event": "{open_event}"},
        {
            **dict.fromkeys(CALLERS, CREATED),
            "anonymous": 401,
            "participant_read_only": 403,
        },
    ),
    ("/api/v1/me/registrations/{id}/", "get"): (
        "/api/v1/me/registrations/{registration}/",
        None,
        OWNER_READS,
    ),
    ("/api/v1/me/registrations/{id}/cancel/", "post"): (
        "/api/v1/me/registrations/{registration}/cancel/",
        None,
        {**OWNER_READS, "participant_read_only": 403},
    ),
    ("/api/v1/reports/", "get"): ("/api/v1/reports/", None, REPORTERS),
    ("/api/v1/reports/{name}/", "get"): ("/api/v1/reports/participation/", None, REPORTERS),
}


def schema_operations():
    schema = SchemaGenerator().get_schema(request=None, public=True)
    return {
        (path, method)
        for path, operations in schema["paths"].items()
        for method in operations
        if method in ("get", "post", "put", "patch", "delete")
    }


def test_matrix_has_a_row_for_every_operation_of_the_schema(db):
    assert sorted(MATRIX) == sorted(schema_operations())


@pytest.fixture
def tokens(demo):
    """A token for each caller: the demo participant (read-write and read-only), another
    participant, the demo coordinator and the demo programme manager, all with a person."""
    User = get_user_model()
    other = User.objects.create_user("katrin", password="a-password-for-katrin")
    other.groups.add(Group.objects.get(name=PARTICIPANTS))
    Person.objects.filter(email="katrin.albers@north-rhine-westphalia.example").update(user=other)
    users = {
        "participant": User.objects.get(username="demo-participant"),
        "participant_read_only": User.objects.get(username="demo-participant"),
        "other_participant": other,
        "coordinator": User.objects.get(username="demo-coordinator"),
        "staff": User.objects.get(username="demo-staff"),
    }
    assert all(Person.objects.filter(user=user).exists() for user in users.values())
    scopes = dict.fromkeys(users, ApiToken.Scope.READ_WRITE)
    scopes["participant_read_only"] = ApiToken.Scope.READ
    return {
        caller: create_token(
            user=user,
            name=f"{caller} script",
            scope=scopes[caller],
            lifetime=datetime.timedelta(days=30),
        )[1]
        for caller, user in users.items()
    }


@pytest.mark.parametrize("caller", CALLERS)
def test_every_operation_gives_each_caller_what_the_matrix_says(tokens, caller):
    api = APIClient()
    if caller != "anonymous":
        api.credentials(HTTP_AUTHORIZATION=f"Bearer {tokens[caller]}")
    open_event = EventFactory(
        starts_at=datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=40)
    )
    values = {
        "secondment": Secondment.objects.public().order_by("pk").first().pk,
        "registration": Registration.objects.get(
            event__slug=EVENT, person__user__username="demo-participant"
        ).pk,
        "open_event": open_event.slug,
    }

    statuses = {}
    for operation, (path, body, _expected) in MATRIX.items():
        method = operation[1]
        data = {key: value.format(**values) for key, value in body.items()} if body else None
        response = getattr(api, method)(path.format(**values), data, format="json")
        statuses[operation] = response.status_code

    assert statuses == {
        operation: expected[caller] for operation, (_, _, expected) in MATRIX.items()
    }
