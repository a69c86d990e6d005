"""export_person_data and anonymise_person: access to and erasure of a person's data."""

import io
import json

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection, models

from regions.models import Person
from teams.models import Membership, Secondment
from workshops.models import Registration

pytestmark = pytest.mark.django_db

EMAIL = "demo-participant@lombardy.example"
NAME = "Chiara Colombo"


def run(command, *args):
    stdout = io.StringIO()
    call_command(command, *args, stdout=stdout)
    return stdout.getvalue()


def test_export_person_data_writes_everything_held_as_json(demo):
    document = json.loads(run("export_person_data", EMAIL.upper()))

    assert document["person"]["name"] == NAME
    assert document["login_account"]["username"] == "demo-participant"
    assert document["login_account"]["roles"] == ["Participants"]
    assert {row["event"] for row in document["registrations"]} >= {"ITP kick-off workshop, Milan"}
    assert [row["team"] for row in document["team_memberships"]] == [
        "Energy efficiency in energy-intensive industry"
    ]
    assert [row["status"] for row in document["secondments"]] == ["approved"]
    assert document["record_history"][0]["email"] == EMAIL


def test_export_person_data_to_a_file(demo, tmp_path):
    target = tmp_path / "chiara.json"

    call_command("export_person_data", EMAIL, output=str(target), stderr=io.StringIO())

    assert json.loads(target.read_text(encoding="utf-8"))["person"]["email"] == EMAIL


@pytest.mark.parametrize("command", ["export_person_data", "anonymise_person"])
def test_commands_refuse_an_unknown_email_and_change_nothing(demo, command):
    people = list(Person.objects.order_by("pk").values())

    with pytest.raises(CommandError) as error:
        call_command(command, "nobody@example.org", stdout=io.StringIO())

    assert str(error.value) == "No person has the e-mail address “nobody@example.org”."
    assert list(Person.objects.order_by("pk").values()) == people


def programme_counts():
    return {
        "people": Person.objects.count(),
        "registrations": Registration.objects.count(),
        "attended": Registration.objects.filter(status="attended").count(),
        "memberships": Membership.objects.count(),
        "secondments": Secondment.objects.count(),
        "secondment_days": sum(s.duration_days for s in Secondment.objects.all()),
        "lombardy_people": Person.objects.filter(government__slug="lombardy").count(),
    }


def every_text_value_in_the_database():
    """Every text column of every table that Django knows, read straight from the database."""
    values = []
    with connection.cursor() as cursor:
        for model in apps.get_models(include_auto_created=True):
            if not model._meta.managed:
                continue
            columns = [
                field.column
                for field in model._meta.local_fields
                if isinstance(field, models.CharField | models.TextField)
            ]
            if not columns:
                continue
            quoted = ", ".join(connection.ops.quote_name(column) for column in columns)
            table = connection.ops.quote_name(model._meta.db_table)
            cursor.execute(f"SELECT {quoted} FROM {table}")  # noqa: S608 - names from Django
            values.extend(str(value) for row in cursor.fetchall() for value in row if value)
    return values


@pytest.mark.login_throttling
def test_anonymise_person_leaves_no_trace_and_keeps_the_totals(admin_client, demo, client):
    person = Person.objects.get(email=EMAIL)
    # Leave traces where they tend to hide: an admin log entry, the audit trail, a failed login.
    admin_client.post(
        f"/admin/regions/person/{person.pk}/change/",
        {
            "name": NAME,
            "email": EMAIL,
            "kind": person.kind,
            "job_title": "Senior Industrial Policy Officer",
            "government": person.government_id,
            "user": person.user_id,
        },
    )
    client.post("/accounts/login/", {"username": EMAIL, "password": "wrong"})
    before = programme_counts()
    assert LogEntry.objects.filter(object_repr=NAME).exists()
    assert AccessAttempt.objects.filter(username=EMAIL).exists()
    assert Person.history.filter(email=EMAIL).count() >= 2

    output = run("anonymise_person", EMAIL)

    texts = every_text_value_in_the_database()
    assert [text for text in texts if NAME in text or EMAIL in text] == []
    assert [text for text in texts if "demo-participant" in text.split("@")[0]] == []
    assert programme_counts() == before
    assert not get_user_model().objects.filter(username="demo-participant").exists()
    assert "Anonymised" in output
