import io
import re

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command

from itp.demo.programme import GOVERNMENTS
from itp.models import Learning
from regions.models import Government, Person
from teams.models import Deliverable, InnovationTeam, Membership, Secondment
from tests.factories import MessageFactory
from workshops.models import Message, Registration

pytestmark = pytest.mark.django_db

PASSWORD = "a-demo-password-chosen-in-the-environment"
GENERATED_PASSWORD = re.compile(r"with the generated password: (\S+)")


def counts_of_every_model():
    """Rows per model of the project's apps and of the login accounts."""
    models = [
        *apps.get_app_config("itp").get_models(),
        *apps.get_app_config("regions").get_models(),
        *apps.get_app_config("workshops").get_models(),
        *apps.get_app_config("teams").get_models(),
        get_user_model(),
    ]
    return {model._meta.label: model.objects.count() for model in models if model._meta.managed}


def load_demo(**kwargs):
    stdout = io.StringIO()
    call_command("load_demo", stdout=stdout, **kwargs)
    return stdout.getvalue()


def test_load_demo_creates_the_programme(monkeypatch):
    monkeypatch.setenv("ITP_DEMO_PASSWORD", PASSWORD)

    load_demo()

    counts = counts_of_every_model()
    assert (
        counts["itp.Theme"],
        counts["regions.Government"],
        counts["regions.Organisation"],
        counts["regions.Person"],
        counts["auth.User"],
    ) == (5, 10, 6, 30, 3)


def test_load_demo_creates_teams_secondments_and_learnings(monkeypatch):
    monkeypatch.setenv("ITP_DEMO_PASSWORD", PASSWORD)

    load_demo()

    teams = InnovationTeam.objects.order_by("slug")
    assert [team.theme.slug for team in teams] == [
        "energy-efficiency-renewables",
        "innovative-finance",
        "sustainable-hydrogen",
    ]
    for team in teams:
        roles = set(team.memberships.values_list("role", flat=True))
        governments = set(team.memberships.values_list("person__government", flat=True))
        assert {"expert_adviser", "systems_change_coach"} <= roles, team.slug
        assert len(governments - {None}) >= 2, team.slug
    assert set(Deliverable.objects.values_list("status", flat=True)) == {
        "planned",
        "in_progress",
        "done",
    }
    assert sorted(Secondment.objects.values_list("status", flat=True)) == [
        "approved",
        "completed",
        "proposed",
        "under_way",
    ]
    irecovery = Learning.objects.get(slug="irecovery-waste-heat-ori-martin")
    assert irecovery.is_published
    assert irecovery.source_event.slug == "milan-kick-off-workshop-2019"
    assert "2,000 families" in irecovery.summary
    assert "700 families" in irecovery.summary


def test_load_demo_twice_leaves_every_team_row_as_it_was(monkeypatch):
    monkeypatch.setenv("ITP_DEMO_PASSWORD", PASSWORD)
    load_demo()
    rows = [
        list(model.objects.order_by("pk").values())
        for model in (InnovationTeam, Membership, Deliverable, Secondment, Learning)
    ]

    load_demo()

    assert [
        list(model.objects.order_by("pk").values())
        for model in (InnovationTeam, Membership, Deliverable, Secondment, Learning)
    ] == rows


def test_load_demo_twice_changes_nothing(monkeypatch):
    monkeypatch.setenv("ITP_DEMO_PASSWORD", PASSWORD)
    load_demo()
    counts_after_first = counts_of_every_model()
    governments_after_first = list(Government.objects.order_by("slug").values())
    themes_after_first = {
        government.slug: sorted(theme.slug for theme in government.themes.all())
        for government in Government.objects.prefetch_related("themes")
    }

    load_demo()

    assert counts_of_every_model() == counts_after_first
    assert list(Government.objects.order_by("slug").values()) == governments_after_first
    assert {
        government.slug: sorted(theme.slug for theme in government.themes.all())
        for government in Government.objects.prefetch_related("themes")
    } == themes_after_first


def test_load_demo_with_password_in_environment_lets_demo_users_log_in(client, monkeypatch):
    monkeypatch.setenv("ITP_DEMO_PASSWORD", PASSWORD)

    output = load_demo()

    assert "have the password in ITP_DEMO_PASSWORD" in output
    assert PASSWORD not in output
    assert [
        client.login(username=username, password=PASSWORD)
        for username in ("demo-staff", "demo-coordinator", "demo-participant")
    ] == [True, True, True]


def test_load_demo_gives_demo_users_their_roles(monkeypatch):
    monkeypatch.setenv("ITP_DEMO_PASSWORD", PASSWORD)

    load_demo()

    users = {user.username: user for user in get_user_model().objects.all()}
    assert (users["demo-staff"].is_superuser, users["demo-staff"].is_staff) == (True, True)
    assert (users["demo-coordinator"].is_superuser, users["demo-coordinator"].is_staff) == (
        False,
        True,
    )
    assert (users["demo-participant"].is_superuser, users["demo-participant"].is_staff) == (
        False,
        False,
    )


def test_load_demo_links_demo_users_to_their_people(monkeypatch):
    monkeypatch.setenv("ITP_DEMO_PASSWORD", PASSWORD)

    load_demo()

    participant = get_user_model().objects.get(username="demo-participant")
    assert (participant.person.name, participant.person.government.slug) == (
        "Chiara Colombo",
        "lombardy",
    )


def test_load_demo_with_new_password_in_environment_changes_it(client, monkeypatch):
    monkeypatch.setenv("ITP_DEMO_PASSWORD", PASSWORD)
    load_demo()
    monkeypatch.setenv("ITP_DEMO_PASSWORD", "another-demo-password-entirely")

    load_demo()

    assert client.login(username="demo-staff", password=PASSWORD) is False
    assert client.login(username="demo-staff", password="another-demo-password-entirely")


def test_load_demo_without_password_prints_a_generated_one_that_logs_in(client, monkeypatch):
    monkeypatch.delenv("ITP_DEMO_PASSWORD", raising=False)

    output = load_demo()

    generated = GENERATED_PASSWORD.search(output)
    assert generated is not None
    assert len(generated.group(1)) >= 12
    assert client.login(username="demo-participant", password=generated.group(1))


def test_load_demo_without_password_second_run_keeps_passwords(client, monkeypatch):
    monkeypatch.delenv("ITP_DEMO_PASSWORD", raising=False)
    password = GENERATED_PASSWORD.search(load_demo()).group(1)

    output = load_demo()

    assert "already exist; their passwords are unchanged" in output
    assert GENERATED_PASSWORD.search(output) is None
    assert client.login(username="demo-staff", password=password)


def test_load_demo_generated_password_works_for_every_user_it_names(client, monkeypatch):
    monkeypatch.delenv("ITP_DEMO_PASSWORD", raising=False)
    load_demo()
    get_user_model().objects.filter(username="demo-participant").delete()

    output = load_demo()

    password = GENERATED_PASSWORD.search(output).group(1)
    named = re.search(r"Created the demo users (.+) with", output).group(1).split(", ")
    logins = {username: client.login(username=username, password=password) for username in named}
    assert logins == dict.fromkeys(named, True)


def test_load_demo_marks_figures_as_approximations_for_demonstration(demo):
    sources = set(Government.objects.values_list("figures_source", flat=True))

    assert len(sources) == 1
    source = sources.pop()
    assert "Approximate figures for demonstration only" in source
    assert "not official statistics" in source


def test_load_demo_governments_are_the_ten_founding_members(demo):
    names = set(Government.objects.active().values_list("name", flat=True))

    assert names == {government.name for government in GOVERNMENTS}
    assert len(names) == 10


def test_load_demo_sends_no_mail_and_deletes_only_its_own_messages(
    monkeypatch, mailoutbox, django_capture_on_commit_callbacks
):
    monkeypatch.setenv("ITP_DEMO_PASSWORD", PASSWORD)
    earlier = MessageFactory()

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        load_demo()

    assert Registration.objects.count() > 0
    assert len(callbacks) > 0  # the demo's registrations did ask for mail after commit
    assert mailoutbox == []
    assert list(Message.objects.values_list("pk", flat=True)) == [earlier.pk]


def test_load_demo_gives_listed_people_pages_some_with_a_biography(demo, client):
    with_biography = Person.objects.listed().exclude(biography="")

    assert with_biography.count() >= 3
    assert not Person.objects.exclude(consents_to_public_listing=True).exclude(biography="")
    response = client.get("/people/paolo-martinelli/")
    assert response.status_code == 200
    assert "iRecovery" in response.content.decode()
