"""Public pages cached under the data version: served from the cache to anonymous visitors,
and an edit, however it is written, shows on the next request."""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache, caches
from django.db import connection
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from itp.common import caching
from itp.models import Learning, Theme
from regions.models import Government
from teams.models import InnovationTeam, Secondment
from tests.factories import (
    EventFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    LearningFactory,
    MessageFactory,
    RegistrationFactory,
    SecondmentFactory,
    SessionFactory,
    ThemeFactory,
)
from workshops.models import Event, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    """A little of everything the public pages show."""
    government = GovernmentFactory(name="Lombardy", slug="lombardy")
    theme = ThemeFactory(name="Green steel")
    event = EventFactory(title="Milan workshop", host_government=government)
    event.themes.add(theme)
    SessionFactory(event=event, title="Breakout on waste heat")
    team = InnovationTeamFactory(name="iRecovery", slug="irecovery", lead_government=government)
    secondment = SecondmentFactory(
        host_government=government,
        status=Secondment.Status.APPROVED,
        purpose="Study the permitting desk",
    )
    learning = LearningFactory(
        title="Shared heat networks", is_published=True, published_on=event.starts_at.date()
    )
    return {
        "government": government,
        "theme": theme,
        "event": event,
        "team": team,
        "secondment": secondment,
        "learning": learning,
    }


@dataclass
class Case:
    """A cached page, and an edit to what it shows made one way or another."""

    name: str
    url: Callable
    edit: Callable
    shows: str


CASES = [
    Case(
        "home: a theme renamed with save()",
        lambda p: reverse("home"),
        lambda p: _save(p["theme"], name="Hydrogen valleys"),
        "Hydrogen valleys",
    ),
    Case(
        "the governments: a name changed by a queryset update()",
        lambda p: reverse("regions:government-list"),
        lambda p: Government.objects.filter(pk=p["government"].pk).update(name="Lombardia"),
        "Lombardia",
    ),
    Case(
        "a government's profile: a theme added (many-to-many)",
        lambda p: p["government"].get_absolute_url(),
        lambda p: p["government"].themes.add(ThemeFactory(name="Carbon capture")),
        "Carbon capture",
    ),
    Case(
        "the schedule: an event created",
        lambda p: reverse("workshops:event-list"),
        lambda p: EventFactory(title="Katowice site visit"),
        "Katowice site visit",
    ),
    Case(
        "an event: a session renamed by update()",
        lambda p: p["event"].get_absolute_url(),
        lambda p: Session.objects.filter(event=p["event"]).update(title="Breakout on hydrogen"),
        "Breakout on hydrogen",
    ),
    Case(
        "an event: a seat taken",
        lambda p: p["event"].get_absolute_url(),
        lambda p: _fill(p["event"]),
        "Full",
    ),
    Case(
        "the teams: a team created with bulk_create()",
        lambda p: reverse("teams:team-list"),
        lambda p: _bulk_team(p),
        "Heat pump pioneers",
    ),
    Case(
        "a team: its summary edited",
        lambda p: p["team"].get_absolute_url(),
        lambda p: InnovationTeam.objects.filter(pk=p["team"].pk).update(
            summary="Five regions recovering furnace heat"
        ),
        "Five regions recovering furnace heat",
    ),
    Case(
        "the secondments: a purpose edited",
        lambda p: reverse("teams:secondment-list"),
        lambda p: _save(p["secondment"], purpose="Shadow the hydrogen desk"),
        "Shadow the hydrogen desk",
    ),
    Case(
        "the learnings: one deleted",
        lambda p: reverse("learnings:learning-list"),
        lambda p: _delete_and_publish_another(p),
        "Heat pumps in dairies",
    ),
    Case(
        "a learning: its summary edited",
        lambda p: p["learning"].get_absolute_url(),
        lambda p: Learning.objects.filter(pk=p["learning"].pk).update(
            summary="Parks that share heat cut emissions by a third"
        ),
        "Parks that share heat cut emissions by a third",
    ),
]


def _save(instance, **values):
    for name, value in values.items():
        setattr(instance, name, value)
    instance.save()


def _fill(event):
    Event.objects.filter(pk=event.pk).update(capacity=1)
    RegistrationFactory(event=event)


def _bulk_team(programme):
    InnovationTeam.objects.bulk_create(
        [
            InnovationTeam(
                name="Heat pump pioneers",
                slug="heat-pump-pioneers",
                challenge="Electrify process heat.",
                theme=programme["theme"],
                lead_government=programme["government"],
                starts_on=programme["team"].starts_on,
                ends_on=programme["team"].ends_on,
            )
        ]
    )


def _delete_and_publish_another(programme):
    programme["learning"].delete()
    LearningFactory(
        title="Heat pumps in dairies",
        is_published=True,
        published_on=programme["learning"].published_on,
    )


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_an_edit_shows_on_the_next_request(client, programme, case):
    url = case.url(programme)
    first = client.get(url)
    assert first.status_code == 200
    assert case.shows not in first.content.decode()
    # Served from the cache: the data version is the only query.
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url)
    assert again.content == first.content
    assert len(queries) == 1, [query["sql"] for query in queries]

    case.edit(programme)

    assert case.shows in client.get(url).content.decode()


def test_without_the_version_moving_the_cache_would_serve_the_old_page(
    client, programme, monkeypatch
):
    """The control run: the tests above fail if writes do not move the data version."""
    url = programme["team"].get_absolute_url()
    client.get(url)
    monkeypatch.setattr(caching, "move_data_version", lambda connection: None)

    InnovationTeam.objects.filter(pk=programme["team"].pk).update(summary="A new summary")

    assert "A new summary" not in client.get(url).content.decode()


def test_a_write_to_content_moves_the_version(programme):
    before = caching.data_version()

    Theme.objects.filter(pk=programme["theme"].pk).update(name="Circular steel")

    assert caching.data_version() > before


def test_a_statement_that_changes_no_row_leaves_the_version(programme):
    before = caching.data_version()

    Event.objects.filter(pk=-1).update(title="nothing")
    Event.objects.filter(pk=-1).delete()

    assert caching.data_version() == before


def test_the_outbox_and_sessions_do_not_move_the_version(programme, client, admin_user):
    person = programme["secondment"].person
    version = caching.data_version()

    MessageFactory(event=programme["event"], person=person)
    client.force_login(admin_user)  # a session row and the user's last login

    assert caching.data_version() == version


@pytest.mark.parametrize(
    ("sql", "writes"),
    [
        ('INSERT INTO "workshops_event" ("title") VALUES (%s)', True),
        ('  update "regions_government" SET "name" = %s', True),
        ('DELETE FROM "teams_innovationteam_member_governments" WHERE id = %s', True),
        ('TRUNCATE "workshops_event", "regions_government"', True),
        ('INSERT INTO "workshops_message" ("subject") VALUES (%s)', False),
        ('INSERT INTO "django_session" ("session_key") VALUES (%s)', False),
        ('UPDATE "auth_user" SET "last_login" = %s', False),
        ('SELECT "workshops_event"."id" FROM "workshops_event"', False),
    ],
)
def test_which_statements_write_content(sql, writes):
    assert caching.writes_content(sql) is writes


def test_a_signed_in_person_never_gets_the_visitors_page(client, programme, django_user_model):
    event = programme["event"]
    client.get(event.get_absolute_url())
    registration = RegistrationFactory(event=event)
    user = django_user_model.objects.create_user("participant", password="x")
    registration.person.user = user
    registration.person.save()
    cache_before = caching.data_version()

    client.force_login(user)
    page = client.get(event.get_absolute_url()).content.decode()

    assert "Cancel my registration" in page
    assert caching.data_version() == cache_before


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page_that_is_not_stored(client, programme):
    url = reverse("teams:team-list")
    storage = CookieStorage(RequestFactory().get("/"))
    client.cookies[storage.cookie_name] = storage._encode(
        [Message(constants.INFO, "You have been logged out.")]
    )

    page = client.get(url)

    assert "You have been logged out." in page.content.decode()
    assert not cache.get(_key_of(url))


def test_a_long_query_string_is_answered_but_not_stored(client, programme):
    url = reverse("workshops:event-list") + "?q=" + "x" * 600

    assert client.get(url).status_code in (200, 400)
    assert not cache.get(_key_of(url))


def test_a_page_not_found_is_not_stored(client, programme):
    url = reverse("workshops:event-detail", args=["no-such-event"])

    assert client.get(url).status_code == 404
    assert not cache.get(_key_of(url))


def test_pages_answer_when_the_cache_server_is_down(client, programme, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    caches["default"].close()
    response = client.get(programme["team"].get_absolute_url())

    assert response.status_code == 200
    assert "iRecovery" in response.content.decode()


def _request_for(client):
    from django.test import RequestFactory

    return RequestFactory().get("/")


def _key_of(url):
    return caching._page_key(RequestFactory().get(url))


def test_remembered_figures_are_computed_again_after_a_write(programme):
    computed = []

    def figures():
        computed.append(1)
        return {"themes": Theme.objects.count()}

    first = caching.remember("figures", ["all"], figures)
    again = caching.remember("figures", ["all"], figures)
    other_filters = caching.remember("figures", ["lombardy"], figures)
    ThemeFactory(name="Carbon capture")
    after_the_write = caching.remember("figures", ["all"], figures)

    themes = Theme.objects.count()
    assert first == again == other_filters == {"themes": themes - 1}
    assert after_the_write == {"themes": themes}
    assert len(computed) == 3


def test_a_page_written_in_pieces_is_stored_and_served_in_one(rf):
    """A feed is written element by element; served from the cache in as many pieces, each
    would go out as a small packet of its own."""

    def view(request):
        response = HttpResponse(content_type="application/atom+xml")
        for part in ("<feed>", "<entry/>", "<entry/>", "</feed>"):
            response.write(part)
        return response

    cached_view = caching.cached_for_visitors(view)
    request = rf.get("/learnings/feed/")
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)

    first = cached_view(request)
    again = cached_view(request)

    assert list(first) == list(again) == [b"<feed><entry/><entry/></feed>"]
