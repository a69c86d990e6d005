import datetime

import pytest
from django.utils import timezone
from rest_framework.request import Request

from itp.api.pagination import PagePagination
from tests.factories import EventFactory, GovernmentFactory, ThemeFactory
from workshops.models import Event

pytestmark = pytest.mark.django_db


def slugs(client, query):
    response = client.get(f"/api/v1/events/?{query}")
    assert response.status_code == 200, response.content
    return [event["slug"] for event in response.json()["results"]]


def at(day):
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)


def test_events_filtered_by_kind_theme_and_host_government(client):
    theme, host = ThemeFactory(), GovernmentFactory()
    webinar = EventFactory(kind=Event.Kind.WEBINAR)
    on_theme = EventFactory(themes=[theme])
    hosted = EventFactory(host_government=host)

    assert slugs(client, "kind=webinar") == [webinar.slug]
    assert slugs(client, f"theme={theme.slug}") == [on_theme.slug]
    assert slugs(client, f"government={host.slug}") == [hosted.slug]


def test_events_filtered_by_dates(client):
    may, june, july = (datetime.date(2031, month, 10) for month in (5, 6, 7))
    in_may, in_june, in_july = (EventFactory(starts_at=at(day)) for day in (may, june, july))

    assert slugs(client, "from=2031-06-01") == [in_june.slug, in_july.slug]
    assert slugs(client, "to=2031-06-10") == [in_may.slug, in_june.slug]
    assert slugs(client, "from=2031-06-01&to=2031-06-30") == [in_june.slug]


def test_events_filtered_by_last_change(client):
    old = EventFactory()
    Event.objects.filter(pk=old.pk).update(updated_at=timezone.now() - datetime.timedelta(days=9))
    recent = EventFactory()
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()

    assert slugs(client, "updated_since=" + since.replace("+", "%2B")) == [recent.slug]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("kind=party", "kind"),
        ("from=yesterday", "from"),
        ("to=2031-13-01", "to"),
        ("updated_since=last-week", "updated_since"),
        # No UTC time is that early: 00:00 on 1 January of year 1, five hours east.
        ("updated_since=0001-01-01T00:00:00%2B05:00", "updated_since"),
        ("page=0", "page"),
        ("page=", "page"),
        ("page=last-but-one", "page"),
        ("page_size=0", "page_size"),
        ("page_size=ten", "page_size"),
        # Digits to str.isdigit(), but not numbers to int().
        ("page=%C2%B2", "page"),
        ("page_size=%C2%B2", "page_size"),
        ("page=1&page=2", "page"),
        ("kind=webinar&kind=workshop", "kind"),
    ],
)
def test_bad_filter_or_page_is_a_400_naming_the_parameter(client, query, field):
    EventFactory()

    response = client.get(f"/api/v1/events/?{query}")

    assert (response.status_code, response["Content-Type"]) == (400, "application/problem+json")
    assert list(response.json()["errors"]) == [field]


def test_page_size_is_capped_at_two_hundred(rf):
    request = Request(rf.get("/api/v1/themes/", {"page_size": "100000"}))

    assert PagePagination().get_page_size(request) == 200


def test_a_page_number_longer_than_python_converts_is_past_the_last(client):
    EventFactory()

    response = client.get("/api/v1/events/?page=1" + "0" * 5000)

    assert (response.status_code, response["Content-Type"]) == (404, "application/problem+json")


def test_a_page_size_longer_than_python_converts_is_capped(client):
    EventFactory()

    response = client.get("/api/v1/events/?page_size=1" + "0" * 5000)

    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_a_slug_that_names_nothing_matches_no_event(client):
    EventFactory()

    assert slugs(client, "theme=no-such-theme") == []
    assert slugs(client, "government=atlantis") == []


def test_a_page_past_the_last_is_not_found(client):
    EventFactory()

    response = client.get("/api/v1/events/?page=99")

    assert (response.status_code, response["Content-Type"]) == (404, "application/problem+json")
    assert response.json()["detail"] == "No such page: pages run from 1 to the last."


def test_updated_since_takes_any_offset_up_to_a_day(client):
    event = EventFactory()
    Event.objects.filter(pk=event.pk).update(updated_at=at(datetime.date(2030, 1, 2)))

    # Offsets beyond PostgreSQL's: 3 January 2030 at 02:21 UTC, then 1 January at 15:39.
    assert slugs(client, "updated_since=2030-01-02T09:00:00-17:21") == []
    assert slugs(client, "updated_since=2030-01-02T09:00:00%2B17:21") == [event.slug]
