"""The search page, on both databases: what it finds, for whom, and how it answers anything."""

import datetime
import re

import pytest
from django.utils import timezone

from itp.models import Material
from itp.roles import PROGRAMME_STAFF
from itp.search.forms import LONGEST_QUERY
from teams.models import Deliverable
from tests.factories import (
    DeliverableFactory,
    EventFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    LearningFactory,
    MaterialFactory,
    OrganisationFactory,
    PersonFactory,
    SessionFactory,
    ThemeFactory,
    UserFactory,
)
from tests.html import plain, plain_text, section, text
from workshops.models import Event

pytestmark = pytest.mark.django_db


def search(client, **query):
    return client.get("/search/", query)


def result_titles(response, type_name=None):
    """The titles of the results, in order, of one type's section or of the whole page."""
    html = section(response, f"results-{type_name}") if type_name else text(response)
    return [plain(title) for title in re.findall(r"<h3[^>]*>(.*?)</h3>", html, re.DOTALL)]


@pytest.fixture
def staff_user():
    return UserFactory(is_staff=True, roles=[PROGRAMME_STAFF])


def test_search_finds_an_event_by_a_word_of_its_title(client):
    EventFactory(title="Hydrogen valleys webinar")
    EventFactory(title="Steel decarbonisation workshop")

    response = search(client, q="hydrogen")

    assert response.status_code == 200
    assert result_titles(response, "events") == ["Hydrogen valleys webinar"]
    events = section(response, "results-events")
    assert "<mark>Hydrogen</mark> valleys webinar" in events


def test_search_ignores_case_and_accents_both_ways(client):
    GovernmentFactory(name="Québec", summary="")
    GovernmentFactory(name="Munster", summary="")

    assert result_titles(search(client, q="QUEBEC"), "governments") == ["Québec"]
    assert result_titles(search(client, q="münster"), "governments") == ["Munster"]


def test_every_word_of_the_query_must_match(client):
    EventFactory(title="Hydrogen valleys webinar")
    EventFactory(title="Hydrogen storage workshop")

    response = search(client, q="hydrogen storage")

    assert result_titles(response, "events") == ["Hydrogen storage workshop"]


def test_a_match_in_the_title_ranks_above_a_match_in_the_description(client):
    EventFactory(title="Annual meeting", description="Ammonia from hydrogen, a case study.")
    EventFactory(title="Ammonia plants", description="Peer learning.")

    response = search(client, q="ammonia")

    assert result_titles(response, "events") == ["Ammonia plants", "Annual meeting"]


def test_a_result_shows_its_type_its_date_and_a_snippet(client):
    EventFactory(
        title="Hydrogen valleys webinar",
        description="How regions plan electrolysers near their steel mills.",
        starts_at=timezone.make_aware(datetime.datetime(2031, 3, 14, 10), datetime.UTC),
        ends_at=timezone.make_aware(datetime.datetime(2031, 3, 14, 12), datetime.UTC),
    )

    events = section(search(client, q="electrolysers"), "results-events")

    assert plain(events).startswith("Events 1 Event · 14 March 2031")
    assert '<time datetime="2031-03-14T11:00:00+01:00">' in events
    assert "<mark>electrolysers</mark>" in events
    assert 'href="/events/' in events


def test_markup_in_content_is_escaped_and_only_matches_are_marked(client):
    EventFactory(
        title="<script>alert('x')</script> hydrogen",
        description="<b>hydrogen</b> & <i>ammonia</i>",
    )

    page = search(client, q="hydrogen").content.decode()

    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; <mark>hydrogen</mark>" in page
    # The snippet: PostgreSQL's headline leaves what looks like a tag out, the fallback
    # escapes it; neither lets it through as markup.
    snippet = re.search(r'<p class="search-result-snippet[^>]*>(.*?)</p>', page, re.DOTALL)[1]
    assert "<mark>hydrogen</mark>" in snippet
    assert re.sub("</?mark>", "", snippet).count("<") == 0
    assert "ammonia" in snippet


def test_drafts_are_found_by_staff_only_and_marked(client, staff_user):
    EventFactory(title="Hydrogen valleys webinar", status=Event.Status.DRAFT)
    SessionFactory(
        title="Hydrogen panel",
        event=EventFactory(title="Draft workshop", status=Event.Status.DRAFT),
    )
    LearningFactory(title="Hydrogen permits", is_published=False)

    assert "Nothing matches this search" in plain_text(search(client, q="hydrogen"))

    client.force_login(staff_user)
    response = search(client, q="hydrogen")
    assert result_titles(response, "events") == ["Hydrogen valleys webinar"]
    assert result_titles(response, "sessions") == ["Hydrogen panel"]
    assert result_titles(response, "learnings") == ["Hydrogen permits"]
    assert plain(section(response, "results-events")).count("Draft") == 1
    assert "Unpublished" in plain(section(response, "results-learnings"))
    # An unpublished learning has no public page: staff reach it in the admin.
    assert 'href="/admin/itp/learning/' in section(response, "results-learnings")


def test_sessions_of_published_events_link_to_their_event(client):
    event = EventFactory(title="Milan kick-off workshop")
    SessionFactory(event=event, title="Site visit to the Brescia steelworks")

    sessions = section(search(client, q="brescia"), "results-sessions")

    assert result_titles(search(client, q="brescia"), "sessions") == [
        "Site visit to the Brescia steelworks"
    ]
    assert f'href="{event.get_absolute_url()}"' in sessions


def test_published_learnings_are_found_by_their_body(client):
    learning = LearningFactory(
        title="iRecovery",
        body="Waste heat warms 2,000 families.",
        is_published=True,
        published_on=timezone.localdate(),
    )

    learnings = section(search(client, q="families"), "results-learnings")

    assert f'href="{learning.get_absolute_url()}"' in learnings
    assert "Unpublished" not in learnings


def test_inactive_governments_are_not_found(client):
    GovernmentFactory(name="Hydrogen Land", is_active=False)

    assert "Nothing matches this search" in plain_text(search(client, q="hydrogen"))


def test_teams_are_found_by_their_public_fields_never_by_team_only_work(client):
    team = InnovationTeamFactory(name="Green steel team", summary="Electric arc furnaces.")
    DeliverableFactory(
        team=team, title="Confidential permitting memo", visibility=Deliverable.Visibility.TEAM_ONLY
    )

    assert result_titles(search(client, q="furnaces"), "teams") == ["Green steel team"]
    assert "Nothing matches this search" in plain_text(search(client, q="confidential"))


def test_only_people_who_agreed_to_be_listed_are_found(client):
    listed = PersonFactory(
        name="Giulia Bianchi",
        job_title="Hydrogen strategy lead",
        biography="Runs the electrolyser tenders.",
        consents_to_public_listing=True,
        government=GovernmentFactory(name="Lombardy"),
    )
    PersonFactory(
        name="Giulia Rossi", job_title="Hydrogen adviser", consents_to_public_listing=False
    )

    response = search(client, q="giulia")

    assert result_titles(response, "people") == ["Giulia Bianchi"]
    assert "Rossi" not in text(response)
    people = section(response, "results-people")
    assert f'href="{listed.get_absolute_url()}"' in people
    assert "Person · Lombardy" in plain(people)
    assert result_titles(search(client, q="tenders"), "people") == ["Giulia Bianchi"]
    assert "Rossi" not in text(search(client, q="adviser"))


def test_materials_are_found_by_title_as_far_as_the_user_may_see_them(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    event = EventFactory(title="Milan kick-off workshop")
    MaterialFactory(title="Minutes of the kick-off", event=event, kind=Material.Kind.MINUTES)
    MaterialFactory(
        title="Staff minutes of the kick-off", event=event, visibility=Material.Visibility.STAFF
    )

    materials = section(search(client, q="minutes"), "results-materials")

    assert result_titles(search(client, q="minutes"), "materials") == ["Minutes of the kick-off"]
    assert f'href="{event.get_absolute_url()}"' in materials
    assert "Material · Milan kick-off workshop" in plain(materials)


def test_organisations_are_found_by_name(client):
    OrganisationFactory(name="Turboden", website="https://www.turboden.com/")

    organisations = section(search(client, q="turboden"), "results-organisations")

    assert 'href="https://www.turboden.com/"' in organisations
    assert "Organisation · Industry" in plain(organisations)


def test_counts_per_type_and_a_type_filter(client):
    EventFactory(title="Hydrogen valleys webinar")
    LearningFactory(title="Hydrogen permits", is_published=True, published_on=timezone.localdate())

    everything = search(client, q="hydrogen")
    events_only = search(client, q="hydrogen", type="events")

    types = re.search(r'<nav aria-label="Types of result".*?</nav>', text(everything), re.DOTALL)
    assert plain(types[0]) == (
        "All types 2 Events 1 Sessions 0 People 0 Learnings 1 Materials 0 Innovation teams 0 "
        "Governments 0 Organisations 0"
    )
    assert result_titles(events_only) == ["Hydrogen valleys webinar"]
    assert 'aria-current="page">Events' in text(events_only)


def test_an_unknown_type_shows_every_type_with_a_message(client):
    EventFactory(title="Hydrogen valleys webinar")

    response = search(client, q="hydrogen", type="<nonsense>")

    assert response.status_code == 200
    assert "There is no type of result called “<nonsense>”" in text(response)
    assert result_titles(response, "events") == ["Hydrogen valleys webinar"]


def test_each_type_shows_its_best_five_and_links_to_all_of_them(client):
    for number in range(7):
        EventFactory(title=f"Hydrogen webinar {number}")

    events = section(search(client, q="hydrogen"), "results-events")

    assert len(re.findall("<h3", events)) == 5
    assert 'href="/search/?q=hydrogen&type=events">All 7 events</a>' in events


def test_one_type_is_paginated_and_a_bad_page_is_not_found(client):
    for number in range(23):
        EventFactory(title=f"Hydrogen webinar {number}")

    first = search(client, q="hydrogen", type="events")
    second = search(client, q="hydrogen", type="events", page="2")

    assert len(result_titles(first)) == 20
    assert len(result_titles(second)) == 3
    assert "Page 2 of 2" in plain_text(second)
    assert "?q=hydrogen&amp;type=events&amp;page=2" in first.content.decode()
    for page in ("3", "0", "abc", "-1", "99999999999999999999"):
        assert search(client, q="hydrogen", type="events", page=page).status_code == 404


def test_an_empty_query_says_what_can_be_searched(client):
    theme = ThemeFactory(name="Sustainable hydrogen", slug="hydrogen")

    response = search(client)

    page = plain_text(response)
    assert response.status_code == 200
    assert "What you can search" in page
    assert f'href="/events/?theme={theme.slug}"' in text(response)
    assert '<form role="search"' in text(response)
    assert '<label for="search-query"' in text(response)


def test_no_results_suggest_what_to_do(client):
    response = search(client, q="zeppelins")

    page = plain_text(response)
    assert "0 results for “zeppelins”" in page
    assert "check the spelling of each word" in page
    assert 'href="/events/">the schedule</a>' in text(response)


def test_a_long_query_is_cut_with_a_message(client):
    EventFactory(title="Hydrogen valleys webinar")

    response = search(client, q="hydrogen " + "x" * 1000)

    assert response.status_code == 200
    assert f"Your search was cut to its first {LONGEST_QUERY} characters." in plain_text(response)
    assert 'value="hydrogen xxx' in text(response)
    assert "x" * LONGEST_QUERY not in text(response)


HOSTILE_QUERIES = {
    "control characters": "hydrogen\x1b[31m\x07\r\n",
    "nul": "hydro\x00gen",
    "only punctuation": ".,;:!?-",
    "tsquery operators": "&|!():*",
    "operators around words": "hydrogen & !(steel | :*)",
    "quotes": "\"hydrogen 'steel",
    "unbalanced quote": '"',
    "minus": "-hydrogen -",
    "ten thousand characters": "hydrogen " * 1200,
    "unicode": "水素 😀 Ünïcødé ß",
    "right to left": "هيدروجين עברית",
    "percent and underscore": "100% _x_ \\",
    "stopwords only": "the and of",
}


@pytest.mark.parametrize("query", HOSTILE_QUERIES.values(), ids=HOSTILE_QUERIES.keys())
@pytest.mark.parametrize("type_name", ["", "events"])
def test_any_query_is_answered_without_an_error(client, query, type_name):
    EventFactory(title="Hydrogen valleys webinar")

    response = client.get("/search/", {"q": query, "type": type_name})

    assert response.status_code == 200
    assert "<h1>Search</h1>" in response.content.decode()


def test_bytes_that_are_not_utf8_are_answered(client):
    response = client.get("/search/?q=%FF%FE%00hydrogen&type=%C3")

    assert response.status_code == 200


def test_repeated_query_parameters_are_answered(client):
    EventFactory(title="Hydrogen valleys webinar")

    response = client.get("/search/?q=steel&q=hydrogen&type=events&type=x&page=1&page=2")

    assert response.status_code == 200


def test_an_edit_shows_on_the_next_request_of_a_visitor(client):
    event = EventFactory(title="Hydrogen valleys webinar")
    assert result_titles(search(client, q="hydrogen"), "events") == ["Hydrogen valleys webinar"]

    event.title = "Hydrogen hubs webinar"
    event.save()

    assert result_titles(search(client, q="hydrogen"), "events") == ["Hydrogen hubs webinar"]


def test_the_header_has_a_labelled_search_box(client):
    page = text(client.get("/"))

    form = re.search(r'<form role="search".*?</form>', page, re.DOTALL)[0]
    assert 'action="/search/"' in form
    label_for = re.search(r'<label[^>]*for="([^"]+)"', form)[1]
    assert f'id="{label_for}"' in form
    assert 'name="q"' in form
