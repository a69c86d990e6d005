import datetime

import pytest
from django.utils import timezone

from itp.models import Learning
from teams.models import Deliverable, Secondment
from tests.factories import (
    DeliverableFactory,
    EventFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    LearningFactory,
    MembershipFactory,
    PersonFactory,
    SecondmentFactory,
    SessionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def test_root_lists_every_public_collection(client):
    response = client.get("/api/v1/")

    assert response.status_code == 200
    assert sorted(response.json()) == [
        "events",
        "governments",
        "learnings",
        "people",
        "secondments",
        "teams",
        "themes",
    ]


def test_event_times_are_in_the_event_zone_with_its_offset_and_name(client):
    starts_at = datetime.datetime(2031, 7, 1, 7, 30, tzinfo=datetime.UTC)
    event = EventFactory(
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=2),
        time_zone="Europe/Rome",
    )
    SessionFactory(event=event, title="Opening", starts_at=starts_at)

    data = client.get(f"/api/v1/events/{event.slug}/").json()

    assert (data["starts_at"], data["ends_at"], data["time_zone"]) == (
        "2031-07-01T09:30:00+02:00",
        "2031-07-01T11:30:00+02:00",
        "Europe/Rome",
    )
    assert data["sessions"][0]["starts_at"] == "2031-07-01T09:30:00+02:00"
    assert data["url"] == f"http://testserver/api/v1/events/{event.slug}/"
    assert data["html_url"] == f"http://testserver/events/{event.slug}/"


def test_event_list_is_ordered_by_start_then_id_a_page_at_a_time(client):
    starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=3)
    same_start = [EventFactory(starts_at=starts_at) for _ in range(3)]
    earlier = EventFactory(starts_at=starts_at - datetime.timedelta(days=1))

    first = client.get("/api/v1/events/?page_size=2").json()
    second = client.get(first["next"]).json()

    slugs = [event["slug"] for event in first["results"] + second["results"]]
    assert slugs == [earlier.slug, *(event.slug for event in same_start)]
    assert (first["count"], second["next"]) == (4, None)


def test_content_comes_in_the_language_asked_for(client):
    theme = ThemeFactory(name="Hydrogen", name_de="Wasserstoff")

    data = client.get(f"/api/v1/themes/{theme.slug}/", HTTP_ACCEPT_LANGUAGE="de").json()

    assert data["name"] == "Wasserstoff"


def test_government_shows_figures_as_numbers_and_its_themes(client):
    theme = ThemeFactory()
    government = GovernmentFactory(themes=[theme])

    data = client.get(f"/api/v1/governments/{government.slug}/").json()

    assert (data["gdp_billion_usd"], data["country"], data["time_zone"]) == (
        190.0,
        "IT",
        "Europe/Rome",
    )
    assert [reference["slug"] for reference in data["themes"]] == [theme.slug]


def test_inactive_government_is_left_out_of_the_list_but_readable(client):
    former = GovernmentFactory(is_active=False)

    listed = client.get("/api/v1/governments/").json()["results"]
    detail = client.get(f"/api/v1/governments/{former.slug}/")

    assert former.slug not in [government["slug"] for government in listed]
    assert detail.json()["is_active"] is False


def test_team_shows_current_members_and_public_deliverables(client):
    team = InnovationTeamFactory()
    MembershipFactory(team=team, person=PersonFactory(name="Anna Listed"))
    DeliverableFactory(team=team, title="Public roadmap", visibility=Deliverable.Visibility.PUBLIC)

    data = client.get(f"/api/v1/teams/{team.slug}/").json()

    assert [member["person"]["name"] for member in data["members"]] == ["Anna Listed"]
    assert [deliverable["title"] for deliverable in data["deliverables"]] == ["Public roadmap"]
    assert data["status"] == "active"


def test_secondment_is_read_by_id(client):
    secondment = SecondmentFactory(status=Secondment.Status.APPROVED)

    data = client.get(f"/api/v1/secondments/{secondment.pk}/").json()

    assert (data["id"], data["person"]["slug"], data["status"]) == (
        secondment.pk,
        secondment.person.slug,
        "approved",
    )


def test_learning_names_its_public_source_event(client):
    event = EventFactory()
    learning = LearningFactory(
        is_published=True, published_on=datetime.date(2030, 1, 1), source_event=event
    )

    data = client.get(f"/api/v1/learnings/{learning.slug}/").json()

    assert data["source_event"]["slug"] == event.slug
    assert (
        Learning.objects.get().updated_at.isoformat().replace("+00:00", "Z") == data["updated_at"]
    )


def test_person_shows_public_profile(client):
    person = PersonFactory(job_title="Hydrogen lead", biography="Works on valleys.")

    data = client.get(f"/api/v1/people/{person.slug}/").json()

    assert (data["name"], data["job_title"], data["photo_url"]) == (
        person.name,
        "Hydrogen lead",
        None,
    )
    assert data["government"]["slug"] == person.government.slug


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_not_allowed(client, method):
    theme = ThemeFactory()

    response = getattr(client, method)(f"/api/v1/themes/{theme.slug}/")

    assert (response.status_code, response["Content-Type"]) == (405, "application/problem+json")


def test_browser_gets_the_browsable_api_under_the_csp(client):
    response = client.get("/api/v1/themes/", HTTP_ACCEPT="text/html")

    assert response["Content-Type"].startswith("text/html")
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "<script>" not in response.content.decode()


def test_schema_comes_as_json_when_asked(client):
    response = client.get("/api/schema/?format=json")

    assert response.json()["info"]["version"] == "1.0.0"


def test_browser_gets_the_event_filters_in_the_browsable_api(client):
    EventFactory()

    response = client.get("/api/v1/events/?kind=webinar", HTTP_ACCEPT="text/html")

    assert response.status_code == 200
    assert 'name="updated_since"' in response.content.decode()


def test_a_link_left_blank_is_null_not_an_empty_string(client):
    government = GovernmentFactory(website="")
    team = InnovationTeamFactory(lead_government=government)
    DeliverableFactory(team=team, url="", visibility=Deliverable.Visibility.PUBLIC)
    DeliverableFactory(
        team=team, url="https://example.org/roadmap", visibility=Deliverable.Visibility.PUBLIC
    )

    links = [d["link"] for d in client.get(f"/api/v1/teams/{team.slug}/").json()["deliverables"]]
    website = client.get(f"/api/v1/governments/{government.slug}/").json()["website"]

    assert sorted(links, key=str) == [None, "https://example.org/roadmap"]
    assert website is None
