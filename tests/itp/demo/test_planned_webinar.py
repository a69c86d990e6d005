import datetime

import pytest
from django.utils import timezone

from itp.demo.events import PLANNED_WEBINAR_SLUG
from itp.demo.programme import load_demo_data
from regions.models import Government
from workshops.models import Event
from workshops.selectors import planned_day

pytestmark = pytest.mark.django_db


def test_demo_governments_have_holiday_subdivisions_the_library_knows(demo):
    governments = Government.objects.order_by("name")

    for government in governments:
        government.full_clean()
    assert {government.slug: government.holiday_subdivision for government in governments} == {
        "california": "CA",
        "emilia-romagna": "",
        "hauts-de-france": "",
        "lombardy": "",
        "minnesota": "MN",
        "north-rhine-westphalia": "NW",
        "quebec": "QC",
        "scotland": "SCT",
        "silesia": "24",
        "wales": "WLS",
    }


def test_demo_webinar_is_a_draft_at_the_planners_best_slot_about_three_weeks_ahead(demo):
    event = Event.objects.get(slug=PLANNED_WEBINAR_SLUG)

    day = event.starts_at.astimezone(datetime.UTC).date()
    best = planned_day(day, event.ends_at - event.starts_at).best[0]
    assert (event.kind, event.status, event.starts_at) == (
        Event.Kind.WEBINAR,
        Event.Status.DRAFT,
        best.starts_at,
    )
    assert 21 <= (day - timezone.localdate()).days < 28
    assert day.weekday() == 1
    assert event.history.earliest().history_user.username == "demo-staff"


def test_demo_webinar_loaded_again_stays_as_it_was(demo):
    before = Event.objects.filter(slug=PLANNED_WEBINAR_SLUG).values().get()

    load_demo_data(password="another-run")

    assert Event.objects.filter(slug=PLANNED_WEBINAR_SLUG).values().get() == before


def test_demo_webinar_once_over_is_planned_again(demo):
    past = timezone.now() - datetime.timedelta(days=30)
    Event.objects.filter(slug=PLANNED_WEBINAR_SLUG).update(
        starts_at=past, ends_at=past + datetime.timedelta(minutes=90)
    )

    load_demo_data(password="another-run")

    assert Event.objects.get(slug=PLANNED_WEBINAR_SLUG).starts_at > timezone.now()
