"""The public API's answers cached under the data version: the same answer again costs the
version's query alone, and an edit shows on the next request."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from itp.models import Theme
from regions.models import Government, Person
from teams.models import InnovationTeam, Secondment
from tests.factories import (
    EventFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    LearningFactory,
    PersonFactory,
    SecondmentFactory,
    SessionFactory,
    ThemeFactory,
)
from workshops.models import Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    """One of everything the public collections show."""
    government = GovernmentFactory(name="Lombardy", slug="lombardy")
    theme = ThemeFactory(name="Green steel")
    event = EventFactory(title="Milan workshop", host_government=government)
    SessionFactory(event=event, title="Breakout on waste heat")
    return {
        "government": government,
        "theme": theme,
        "event": event,
        "team": InnovationTeamFactory(name="iRecovery", lead_government=government),
        "secondment": SecondmentFactory(
            host_government=government,
            status=Secondment.Status.APPROVED,
            purpose="Study the permitting desk",
        ),
        "learning": LearningFactory(
            title="Shared heat networks", is_published=True, published_on=event.starts_at.date()
        ),
        "person": PersonFactory(name="Giulia Ferraro", government=government),
    }


@dataclass
class Case:
    """A cached answer, and an edit to what it shows."""

    name: str
    path: Callable
    edit: Callable
    shows: str


CASES = [
    Case(
        "governments: a name changed by update()",
        lambda p: "/api/v1/governments/",
        lambda p: Government.objects.filter(pk=p["government"].pk).update(name="Lombardia"),
        "Lombardia",
    ),
    Case(
        "themes: a name changed by update()",
        lambda p: "/api/v1/themes/",
        lambda p: Theme.objects.filter(pk=p["theme"].pk).update(name_en="Hydrogen valleys"),
        "Hydrogen valleys",
    ),
    Case(
        "events: an event created",
        lambda p: "/api/v1/events/",
        lambda p: EventFactory(title="Katowice site visit"),
        "Katowice site visit",
    ),
    Case(
        "an event: a session renamed by update()",
        lambda p: f"/api/v1/events/{p['event'].slug}/",
        lambda p: Session.objects.filter(event=p["event"]).update(title_en="Breakout on hydrogen"),
        "Breakout on hydrogen",
    ),
    Case(
        "teams: a summary edited",
        lambda p: "/api/v1/teams/",
        lambda p: InnovationTeam.objects.filter(pk=p["team"].pk).update(
            summary="Five regions recovering furnace heat"
        ),
        "Five regions recovering furnace heat",
    ),
    Case(
        "secondments: a purpose edited",
        lambda p: "/api/v1/secondments/",
        lambda p: Secondment.objects.filter(pk=p["secondment"].pk).update(
            purpose="Shadow the hydrogen desk"
        ),
        "Shadow the hydrogen desk",
    ),
    Case(
        "learnings: one published",
        lambda p: "/api/v1/learnings/",
        lambda p: LearningFactory(
            title="Heat pumps in dairies",
            is_published=True,
            published_on=p["learning"].published_on,
        ),
        "Heat pumps in dairies",
    ),
    Case(
        "people: a job title edited",
        lambda p: "/api/v1/people/",
        lambda p: Person.objects.filter(pk=p["person"].pk).update(job_title="Hydrogen envoy"),
        "Hydrogen envoy",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_an_edit_shows_on_the_next_request(client, programme, case):
    path = case.path(programme)
    first = client.get(path)
    assert first.status_code == 200
    assert case.shows not in first.content.decode()
    # Served from the cache: the data version is the only query.
    with CaptureQueriesContext(connection) as queries:
        again = client.get(path)
    assert (again.content, again["Content-Type"]) == (first.content, first["Content-Type"])
    assert len(queries) == 1, [query["sql"] for query in queries]

    case.edit(programme)

    assert case.shows in client.get(path).content.decode()


def test_each_language_and_page_is_kept_apart(client, programme):
    Theme.objects.filter(pk=programme["theme"].pk).update(name_de="Grüner Stahl")

    def names(path, **headers):
        return [theme["name"] for theme in client.get(path, **headers).json()["results"]]

    english = names("/api/v1/themes/")
    german = names("/api/v1/themes/", HTTP_ACCEPT_LANGUAGE="de")
    first, second = (
        names("/api/v1/themes/?page_size=1"),
        names("/api/v1/themes/?page_size=1&page=2"),
    )

    assert ("Green steel" in english, "Grüner Stahl" in german) == (True, True)
    assert (first, second) == (english[:1], english[1:2])
    assert first != second


def test_the_browsable_api_is_never_served_from_the_cache(admin_client, programme):
    admin_client.get("/api/v1/themes/", HTTP_ACCEPT="text/html")

    with CaptureQueriesContext(connection) as queries:
        page = admin_client.get("/api/v1/themes/", HTTP_ACCEPT="text/html")

    assert page["Content-Type"].startswith("text/html")
    assert len(queries) > 1


def test_a_cached_answer_still_counts_towards_the_throttle(client, settings, programme):
    rest_framework = settings.REST_FRAMEWORK
    settings.REST_FRAMEWORK = {
        **rest_framework,
        "DEFAULT_THROTTLE_RATES": {**rest_framework["DEFAULT_THROTTLE_RATES"], "anon": "2/min"},
    }

    statuses = [client.get("/api/v1/themes/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
