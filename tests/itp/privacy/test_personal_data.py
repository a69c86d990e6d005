"""export_person_data and anonymise_person: access to and erasure of a person's data."""

import io
import json
import os
import smtplib

import pytest
from axes.models import AccessAttempt
from django.apps import apps
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.db import connection, models

from itp.privacy.personal_data import anonymise_person
from regions.models import Person
from teams.models import Membership, Secondment
from tests.factories import (
    EventFactory,
    GovernmentFactory,
    MembershipFactory,
    PersonFactory,
    RegistrationFactory,
    SecondmentFactory,
    UserFactory,
)
from tests.regions.photos import image_bytes
from workshops.models import Message, Registration
from workshops.services import cancel_registration, register_for_event

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


class RecipientRefusedBackend(BaseEmailBackend):
    """A mail server that refuses every recipient, naming them, as SMTP servers do."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPRecipientsRefused(
            {
                address: (550, b"5.1.1 User unknown")
                for email in email_messages
                for address in email.to
            }
        )


def test_export_person_data_includes_the_persons_messages(django_capture_on_commit_callbacks):
    person = PersonFactory(email="giulia.ferraro@lombardy.example")
    event = EventFactory(title="Heat pumps for paper mills")
    with django_capture_on_commit_callbacks(execute=True):
        register_for_event(event=event, person=person)
        register_for_event(event=event, person=PersonFactory())

    document = json.loads(run("export_person_data", person.email))

    message = Message.objects.get(person=person)
    assert document["messages"] == [
        {
            "kind": "confirmed",
            "event": "Heat pumps for paper mills",
            "recipient": "giulia.ferraro@lombardy.example",
            "status": "sent",
            "created_at": message.created_at.isoformat(),
            "sent_at": message.sent_at.isoformat(),
        }
    ]


def test_export_person_data_gives_the_place_in_line_not_the_stored_waitlist_order():
    person = PersonFactory(email="giulia.ferraro@lombardy.example")
    event = EventFactory(title="Full webinar", capacity=1)
    register_for_event(event=event, person=PersonFactory())
    ahead = register_for_event(event=event, person=PersonFactory())
    register_for_event(event=event, person=person)
    cancel_registration(registration=ahead)

    document = json.loads(run("export_person_data", person.email))

    stored = Registration.objects.get(person=person)
    assert (stored.status, stored.waitlist_order) == ("waitlisted", 2)
    assert [
        (row["status"], row["mode"], row["waitlist_place"]) for row in document["registrations"]
    ] == [("waitlisted", "in_person", 1)]


def test_anonymise_person_removes_the_address_from_the_email_log(
    django_capture_on_commit_callbacks,
):
    person = PersonFactory(email="giulia.ferraro@lombardy.example")
    with django_capture_on_commit_callbacks(execute=True):
        register_for_event(event=EventFactory(), person=person)

    run("anonymise_person", "giulia.ferraro@lombardy.example")

    person.refresh_from_db()
    assert list(Message.objects.values_list("recipient", flat=True)) == [person.email]
    assert not Message.objects.filter(recipient__icontains="giulia.ferraro").exists()


def test_anonymise_person_leaves_no_trace_in_the_error_of_a_refused_message(
    django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = "tests.itp.test_personal_data.RecipientRefusedBackend"
    person = PersonFactory(email="giulia.ferraro@lombardy.example")
    with django_capture_on_commit_callbacks(execute=True):
        register_for_event(event=EventFactory(), person=person)

    run("anonymise_person", "giulia.ferraro@lombardy.example")

    texts = every_text_value_in_the_database()
    assert [text for text in texts if "giulia.ferraro@lombardy.example" in text] == []


def log(user, record, message=""):
    """The admin's log entry of a change to ``record`` by ``user``, as the admin writes it."""
    return LogEntry.objects.log_actions(
        user.pk, [record], CHANGE, change_message=message, single_object=True
    )


def log_values(entries):
    return list(
        LogEntry.objects.filter(pk__in=[entry.pk for entry in entries])
        .order_by("pk")
        .values("object_repr", "change_message", "object_id", "content_type", "user")
    )


def test_anonymise_person_leaves_the_audit_trail_of_other_records_as_it_was():
    staff = UserFactory(is_staff=True)
    event = EventFactory(title="ITP kick-off workshop, Milan")
    city = GovernmentFactory(name="Metropolitan City of Milan")
    someone_else = RegistrationFactory(event=event, person=PersonFactory(name="Giulia Ferraro"))
    person = PersonFactory(name="Milan", email="milan@example.org")
    RegistrationFactory(event=event, person=person)
    others = [
        log(staff, event, [{"changed": {"fields": ["Title"]}}]),
        log(staff, city),
        log(staff, someone_else),
    ]
    before = log_values(others)
    event_history = list(event.history.values_list("title", flat=True))
    city_history = list(city.history.values_list("name", flat=True))

    run("anonymise_person", "milan@example.org")

    assert log_values(others) == before
    assert before[0]["object_repr"] == "ITP kick-off workshop, Milan"
    assert list(event.history.values_list("title", flat=True)) == event_history
    assert list(city.history.values_list("name", flat=True)) == city_history


def test_anonymise_person_scrubs_the_admin_log_of_their_own_records():
    staff = UserFactory(is_staff=True)
    event = EventFactory(title="ITP kick-off workshop, Milan")
    person = PersonFactory(
        name="Milan Novák",
        email="milan@example.org",
        user=UserFactory(username="milan.novak", email="Milan@Example.org"),
    )
    # Logged under the name they had then; the message names the record as the admin does,
    # JSON with non-ASCII letters escaped.
    entries = [
        log(staff, person, [{"changed": {"name": "person", "object": "Milan Novák"}}]),
        log(staff, person.user),
    ]
    person.name = "Milan"
    person.save()
    registration = RegistrationFactory(event=event, person=person)
    membership = MembershipFactory(person=person)
    secondment = SecondmentFactory(person=person)
    entries += [log(staff, record) for record in (person, registration, membership, secondment)]

    run("anonymise_person", "milan@example.org")

    placeholder = f"Anonymised person {person.pk}"
    values = log_values(entries)
    assert [entry["object_repr"] for entry in values] == [
        placeholder,
        f"anonymised-{person.pk}",
        placeholder,
        f"{placeholder} – ITP kick-off workshop, Milan",
        f"{placeholder} – {membership.team} (Member)",
        f"{placeholder} at {secondment.host}",
    ]
    assert json.loads(values[0]["change_message"]) == [
        {"changed": {"name": "person", "object": placeholder}}
    ]
    assert [entry["change_message"] for entry in values[1:]] == [""] * 5


def test_anonymise_person_keeps_the_admin_log_of_what_they_did():
    person = PersonFactory(email="milan@example.org", user=UserFactory(is_staff=True))
    event = EventFactory(title="ITP kick-off workshop, Milan")
    entry = log(person.user, event, [{"changed": {"fields": ["Title"]}}])
    before = log_values([entry])

    run("anonymise_person", "milan@example.org")

    assert log_values([entry]) == before
    account = get_user_model().objects.get(pk=person.user_id)
    assert (account.username, account.email, account.first_name, account.last_name) == (
        f"anonymised-{person.pk}",
        "",
        "",
        "",
    )
    assert (account.is_active, account.is_staff, account.has_usable_password()) == (
        False,
        False,
        False,
    )
    assert not account.groups.exists()
    assert not account.user_permissions.exists()


def test_anonymise_person_keeps_their_record_history_without_their_name_or_address():
    person = PersonFactory(name="Milan", email="milan@example.org", job_title="Energy officer")
    person.job_title = "Head of energy"
    person.save()
    changed_at = list(person.history.order_by("history_date").values_list("history_date"))

    run("anonymise_person", "milan@example.org")

    history = person.history.order_by("history_date")
    assert list(history.values_list("history_date"))[: len(changed_at)] == changed_at
    assert set(history.values_list("name", "email", "job_title", "user")) == {
        (f"Anonymised person {person.pk}", f"anonymised-{person.pk}@invalid.example", "", None)
    }


def test_anonymise_person_without_an_address_keeps_everyone_elses_login_attempts():
    """A record written past validation may have no e-mail address and no login: then there
    is no username to forget, and the attempts of others stay."""
    person = PersonFactory(email="")
    AccessAttempt.objects.create(username="someone@example.org", failures_since_start=3)

    anonymise_person(person=person)

    assert list(AccessAttempt.objects.values_list("username", flat=True)) == ["someone@example.org"]


def test_export_person_data_includes_the_biography_and_whether_there_is_a_photo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    person = PersonFactory(
        name="Giulia Ferraro", email="giulia@example.org", biography="Leads the heat group."
    )
    person.photo.save("photo.jpg", ContentFile(image_bytes((40, 40))))

    document = json.loads(run("export_person_data", "giulia@example.org"))

    assert document["person"]["biography"] == "Leads the heat group."
    assert document["person"]["has_photo"] is True
    assert document["person"]["page_address"] == f"/people/{person.slug}/"


def test_anonymise_person_clears_biography_photo_and_the_slug_made_from_the_name(
    settings, tmp_path, client, commit
):
    settings.MEDIA_ROOT = tmp_path
    person = PersonFactory(
        name="Giulia Ferraro", email="giulia@example.org", slug="", biography="Heat networks."
    )
    person.photo.save("photo.jpg", ContentFile(image_bytes((40, 40))))
    photo_path = person.photo.path
    old_page = person.get_absolute_url()
    assert client.get(old_page).status_code == 200

    with commit():
        run("anonymise_person", "giulia@example.org")

    person.refresh_from_db()
    assert person.slug == f"anonymised-{person.pk}"
    assert person.biography == ""
    assert not person.photo
    assert not os.path.exists(photo_path)
    assert set(person.history.values_list("slug", "biography")) == {(f"anonymised-{person.pk}", "")}
    assert client.get(old_page).status_code == 404
    assert client.get(person.get_absolute_url()).status_code == 404
