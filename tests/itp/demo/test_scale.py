"""manage.py generate_scale_data: synthetic data for benchmarks, seeded and within the rules."""

import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Max, Min, Q

from itp.demo.scale import generate_scale_data, parse_scale, planned_counts
from itp.models import Learning, Theme
from regions.models import Government, Organisation, Person
from teams.models import Deliverable, InnovationTeam, Membership, Secondment
from workshops.models import Event, Registration, Session

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 3, 15)
SCALE_DATA_MODELS = {
    "governments": Government,
    "organisations": Organisation,
    "people": Person,
    "events": Event,
    "sessions": Session,
    "registrations": Registration,
    "teams": InnovationTeam,
    "memberships": Membership,
    "deliverables": Deliverable,
    "secondments": Secondment,
    "learnings": Learning,
}


def generate(*args):
    """Run the command; return what it wrote to standard output and standard error."""
    stdout, stderr = io.StringIO(), io.StringIO()
    call_command("generate_scale_data", *args, stdout=stdout, stderr=stderr)
    return stdout.getvalue(), stderr.getvalue()


def counts():
    return {name: model.objects.count() for name, model in SCALE_DATA_MODELS.items()}


def snapshot():
    """Every generated row by its natural keys, without primary keys and timestamps."""
    return {
        "governments": list(
            Government.objects.order_by("slug").values_list(
                "slug", "name", "country", "kind", "time_zone", "population", "gdp_billion_usd",
                "emissions_mt_co2e", "industry_share_percent", "figures_year", "joined_on",
                "is_active",
            )
        ),
        "government themes": list(
            Government.themes.through.objects.order_by("government__slug", "theme__slug")
            .values_list("government__slug", "theme__slug")
        ),
        "organisations": list(
            Organisation.objects.order_by("slug").values_list(
                "slug", "name", "kind", "country", "city"
            )
        ),
        "people": list(
            Person.objects.order_by("email").values_list(
                "email", "name", "kind", "job_title", "government__slug", "organisation__slug",
                "consents_to_public_listing",
            )
        ),
        "events": list(
            Event.objects.order_by("slug").values_list(
                "slug", "title", "kind", "status", "starts_at", "ends_at", "time_zone", "city",
                "capacity", "host_government__slug", "registration_opens_at",
                "registration_closes_at",
            )
        ),
        "sessions": list(
            Session.objects.order_by("event__slug", "starts_at", "title").values_list(
                "event__slug", "starts_at", "ends_at", "title", "kind", "location",
                "host_organisation__slug",
            )
        ),
        "session speakers": list(
            Session.speakers.through.objects.order_by(
                "session__event__slug", "session__starts_at", "person__email"
            ).values_list("session__event__slug", "session__starts_at", "person__email")
        ),
        "registrations": list(
            Registration.objects.order_by("event__slug", "person__email").values_list(
                "event__slug", "person__email", "status", "waitlist_order", "cancelled_at"
            )
        ),
        "teams": list(
            InnovationTeam.objects.order_by("slug").values_list(
                "slug", "name", "theme__slug", "lead_government__slug", "starts_on", "ends_on"
            )
        ),
        "memberships": list(
            Membership.objects.order_by("team__slug", "person__email").values_list(
                "team__slug", "person__email", "role", "started_on", "ended_on"
            )
        ),
        "deliverables": list(
            Deliverable.objects.order_by("team__slug", "due_on", "title").values_list(
                "team__slug", "title", "kind", "due_on", "status", "completed_on", "visibility"
            )
        ),
        "secondments": list(
            Secondment.objects.order_by("person__email", "starts_on").values_list(
                "person__email", "starts_on", "ends_on", "home_government__slug",
                "host_government__slug", "host_organisation__slug", "status", "team__slug",
                "theme__slug",
            )
        ),
        "learnings": list(
            Learning.objects.order_by("slug").values_list(
                "slug", "title", "government__slug", "organisation__slug", "source_event__slug",
                "source_team__slug", "source_secondment__person__email", "is_published",
                "published_on",
            )
        ),
    }  # fmt: skip


def delete_scale_data():
    """Empty the programme's tables again, children before the rows they protect."""
    for model in (Learning, Secondment, InnovationTeam, Registration, Event, Person):
        model.objects.all().delete()
    Organisation.objects.all().delete()
    Government.objects.all().delete()


def test_planned_counts_round_half_up_with_at_least_one_of_each():
    assert planned_counts(Decimal("0.005")) == {
        "governments": 2,
        "organisations": 15,
        "people": 100,
        "events": 10,
        "sessions": 100,
        "registrations": 500,
        "teams": 1,
        "memberships": 10,
        "deliverables": 5,
        "secondments": 5,
        "learnings": 3,
    }


def test_generate_scale_data_writes_the_counts_of_the_scale():
    stdout, stderr = generate("--scale=0.005")

    assert counts() == planned_counts(Decimal("0.005"))
    assert Theme.objects.count() == 5
    assert "registrations: 500 in" in stderr
    assert "Scale data written (scale 0.005, seed 2019)" in stdout
    assert re.search(r"^ +registrations +500$", stdout, re.MULTILINE)


def test_generate_scale_data_marks_every_row_as_synthetic():
    generate("--scale=0.005")

    assert not Government.objects.exclude(slug__startswith="scale-").exists()
    assert not Organisation.objects.exclude(slug__startswith="scale-").exists()
    assert not Person.objects.exclude(email__endswith="@scale.example").exists()
    assert not Event.objects.exclude(slug__startswith="scale-").exists()
    assert not InnovationTeam.objects.exclude(slug__startswith="scale-").exists()
    assert not Learning.objects.exclude(slug__startswith="scale-").exists()


def test_generate_scale_data_is_the_same_for_the_same_seed():
    generate_scale_data(scale=Decimal("0.003"), seed=7, today=TODAY)
    first = snapshot()
    delete_scale_data()

    generate_scale_data(scale=Decimal("0.003"), seed=7, today=TODAY)

    assert len(first["registrations"]) == 300
    assert snapshot() == first


def test_generate_scale_data_differs_with_another_seed():
    generate_scale_data(scale=Decimal("0.003"), seed=7, today=TODAY)
    first = snapshot()
    delete_scale_data()

    generate_scale_data(scale=Decimal("0.003"), seed=8, today=TODAY)

    second = snapshot()
    assert second["people"] != first["people"]
    assert second["events"] != first["events"]


def test_generate_scale_data_rows_pass_full_clean():
    generate_scale_data(scale=Decimal("0.005"), today=TODAY)

    for model in SCALE_DATA_MODELS.values():
        rows = list(model.objects.order_by("pk"))
        # About thirty rows of each model, spread over all of them.
        for instance in rows[:: max(1, len(rows) // 30)]:
            instance.full_clean()


def test_generate_scale_data_mixes_past_and_upcoming_events_and_statuses():
    generate_scale_data(scale=Decimal("0.01"), today=TODAY)

    midnight = datetime.datetime.combine(TODAY, datetime.time.min, tzinfo=datetime.UTC)
    assert Event.objects.past(midnight).exists()
    assert Event.objects.upcoming(midnight).exists()
    assert set(Event.objects.values_list("status", flat=True)) == set(Event.Status.values)
    # Requests awaiting approval, and declined ones, are made by people, not generated.
    assert set(Registration.objects.values_list("status", flat=True)) == set(
        Registration.Status.values
    ) - {Registration.Status.PENDING, Registration.Status.DECLINED}
    assert not Event.objects.filter(status=Event.Status.DRAFT, registrations__isnull=False)


def test_generate_scale_data_never_exceeds_capacity_and_waitlists_only_full_events():
    generate_scale_data(scale=Decimal("0.01"), today=TODAY)

    events = Event.objects.with_seats_taken().annotate(
        waitlisted=Count("registrations", filter=Q(registrations__status="waitlisted")),
        first_in_line=Min("registrations__waitlist_order"),
        last_in_line=Max("registrations__waitlist_order"),
    )
    assert not events.filter(seats_taken__gt=F("capacity"))
    waitlisting = events.filter(waitlisted__gt=0)
    assert waitlisting.exists()
    assert not waitlisting.filter(Q(capacity__isnull=True) | Q(seats_taken__lt=F("capacity")))
    assert not waitlisting.exclude(first_in_line=1, last_in_line=F("waitlisted"))


def test_generate_scale_data_marks_attendance_only_after_published_events():
    generate_scale_data(scale=Decimal("0.01"), today=TODAY)

    attendance = Registration.objects.filter(status__in=["attended", "absent"])
    midnight = datetime.datetime.combine(TODAY, datetime.time.min, tzinfo=datetime.UTC)
    assert attendance.exists()
    assert not attendance.filter(event__ends_at__gt=midnight)
    assert not attendance.exclude(event__status=Event.Status.PUBLISHED)


def test_generate_scale_data_keeps_every_session_inside_its_event():
    generate_scale_data(scale=Decimal("0.01"), today=TODAY)

    outside = Session.objects.filter(
        Q(starts_at__lt=F("event__starts_at")) | Q(ends_at__gt=F("event__ends_at"))
    )
    assert Session.objects.count() == 200
    assert not outside.exists()


def test_generate_scale_data_seconds_nobody_twice():
    generate_scale_data(scale=Decimal("0.01"), today=TODAY)

    assert Secondment.objects.values("person").distinct().count() == 10
    assert not Secondment.objects.filter(host_government=F("home_government")).exists()
    assert not Secondment.objects.exclude(home_government=F("person__government")).exists()


def test_generate_scale_data_runs_at_the_smallest_scale():
    generate_scale_data(scale=Decimal("0.0001"), today=TODAY)

    assert Government.objects.count() == 2
    assert Person.objects.count() == 2
    assert Event.objects.count() == 1
    assert Secondment.objects.count() == 1


def test_generate_scale_data_refuses_a_database_with_the_demo(demo):
    with pytest.raises(CommandError, match="did not write .*--force"):
        generate("--scale=0.005")

    assert not Government.objects.filter(slug__startswith="scale-").exists()


def test_generate_scale_data_with_force_adds_to_the_demo_and_reuses_its_themes(demo):
    demo_governments = set(Government.objects.values_list("slug", flat=True))

    generate("--scale=0.005", "--force")

    assert Theme.objects.count() == 5
    assert set(
        Government.objects.exclude(slug__startswith="scale-").values_list("slug", flat=True)
    ) == (demo_governments)
    assert Government.objects.filter(slug__startswith="scale-").count() == 2


def test_generate_scale_data_takes_the_scale_as_a_number_from_code():
    call_command("generate_scale_data", scale=0.002, stdout=io.StringIO(), stderr=io.StringIO())

    assert Person.objects.count() == 40


def test_generate_scale_data_refuses_a_second_run():
    generate("--scale=0.002")

    with pytest.raises(CommandError, match="already holds scale data"):
        generate("--scale=0.002", "--force")


def test_generate_scale_data_writes_nothing_when_it_fails(monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(Learning.objects, "bulk_create", fail)

    with pytest.raises(RuntimeError):
        generate("--scale=0.002")

    assert counts() == dict.fromkeys(SCALE_DATA_MODELS, 0)
    assert not Theme.objects.exists()


@pytest.mark.parametrize(
    ("scale", "message"),
    [
        ("0", "above 0"),
        ("-1", "above 0"),
        ("nan", "above 0"),
        ("many", "must be a number"),
        ("101", "at most 100"),
    ],
)
def test_generate_scale_data_refuses_a_bad_scale(scale, message):
    with pytest.raises(CommandError, match=message):
        generate(f"--scale={scale}")

    assert not Government.objects.exists()


def test_parse_scale_accepts_numbers_and_text():
    assert parse_scale(1) == Decimal(1)
    assert parse_scale(0.01) == Decimal("0.01")
    assert parse_scale(" 2.5 ") == Decimal("2.5")


def test_generate_scale_data_gives_every_person_a_slug_of_their_own():
    generate("--scale=0.005")

    slugs = list(Person.objects.values_list("slug", flat=True))
    assert "" not in slugs
    assert len(set(slugs)) == len(slugs) > 0
