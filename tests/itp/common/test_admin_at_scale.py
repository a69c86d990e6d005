"""The admin at coalition scale: large change lists are not counted whole, pages cost the same
number of queries for few rows or many, and every foreign key to a large table is chosen by
autocomplete (or a raw id) and filtered by through a search, rather than a drop-down or a
sidebar of every row."""

import pytest
from django.contrib import admin
from django.db import connection, models
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from itp.common.admin import RelatedAutocompleteFilter
from itp.common.admin_paging import EstimatedCountPaginator
from regions.models import Government, Organisation, Person
from teams.models import InnovationTeam
from tests.factories import (
    EventFactory,
    InnovationTeamFactory,
    MembershipFactory,
    MessageFactory,
    PersonFactory,
    RegistrationFactory,
    SessionFactory,
    ThemeFactory,
)
from workshops.admin.events import EventAdmin
from workshops.models import Event, Registration

pytestmark = pytest.mark.django_db

LARGE_MODELS = (Person, Event, Government, Organisation, Registration, InnovationTeam)

LARGE_CHANGE_LISTS = {
    "admin:regions_person_changelist": lambda: PersonFactory(),
    "admin:workshops_registration_changelist": lambda: RegistrationFactory(),
    "admin:workshops_message_changelist": lambda: MessageFactory(),
    "admin:workshops_session_changelist": lambda: SessionFactory(),
}


def _counts(queries):
    return [query["sql"] for query in queries.captured_queries if "COUNT(" in query["sql"]]


@pytest.mark.parametrize("url_name", LARGE_CHANGE_LISTS)
def test_large_change_list_does_not_count_the_whole_table_a_second_time(admin_client, url_name):
    LARGE_CHANGE_LISTS[url_name]()

    response = admin_client.get(reverse(url_name))

    assert response.context["cl"].full_result_count is None
    assert response.context["cl"].result_count == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's")
@pytest.mark.parametrize("url_name", LARGE_CHANGE_LISTS)
def test_large_unfiltered_change_list_runs_no_count_on_postgresql(
    admin_client, monkeypatch, url_name
):
    for _row in range(3):
        LARGE_CHANGE_LISTS[url_name]()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    # Three rows stand for a table too large to count.
    monkeypatch.setattr(EstimatedCountPaginator, "estimate_above", 0)

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(reverse(url_name))

    assert _counts(queries) == []
    assert response.context["cl"].result_count == 3


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the estimate is PostgreSQL's")
def test_filtered_change_list_is_counted_exactly_on_postgresql(admin_client, monkeypatch):
    kept = RegistrationFactory()
    RegistrationFactory.create_batch(2)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    monkeypatch.setattr(EstimatedCountPaginator, "estimate_above", 0)
    url = reverse("admin:workshops_registration_changelist")

    response = admin_client.get(url, {"event__id__exact": kept.event_id})

    assert response.context["cl"].result_count == 1


@pytest.mark.parametrize(
    "url_name",
    ["admin:workshops_registration_changelist", "admin:workshops_message_changelist"],
)
def test_largest_change_lists_show_the_newest_rows_first_by_their_key(admin_client, url_name):
    LARGE_CHANGE_LISTS[url_name]()

    response = admin_client.get(reverse(url_name))

    # The primary key's index gives the newest 100 rows; any other order (the event's date,
    # an unindexed time) sorts the whole table on every page.
    assert set(response.context["cl"].queryset.query.order_by) == {"-pk"}


def test_small_table_is_counted_exactly_even_when_analysed(admin_client):
    RegistrationFactory.create_batch(3)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    response = admin_client.get(reverse("admin:workshops_registration_changelist"))

    assert response.context["cl"].result_count == 3


def _queries_to_get(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


@pytest.mark.parametrize("url_name", LARGE_CHANGE_LISTS)
def test_large_change_list_costs_the_same_queries_for_more_rows(admin_client, url_name):
    url = reverse(url_name)
    LARGE_CHANGE_LISTS[url_name]()
    admin_client.get(url)  # the first page of a session caches the content types
    few = _queries_to_get(admin_client, url)
    for _row in range(10):
        LARGE_CHANGE_LISTS[url_name]()

    many = _queries_to_get(admin_client, url)

    assert many == few


def test_event_change_form_costs_the_same_queries_for_more_registrations(admin_client):
    first = RegistrationFactory()
    event = first.event
    SessionFactory(event=event)
    url = reverse("admin:workshops_event_change", args=[event.pk])
    admin_client.get(url)  # the first page of a session caches the content types
    few = _queries_to_get(admin_client, url)
    RegistrationFactory.create_batch(20, event=event)

    many = _queries_to_get(admin_client, url)

    assert many == few


def _session_with_a_speaker_and_a_theme(event):
    return SessionFactory(event=event, speakers=[PersonFactory()], themes=[ThemeFactory()])


def test_event_change_form_costs_the_same_queries_for_more_sessions(admin_client):
    event = EventFactory()
    _session_with_a_speaker_and_a_theme(event)
    url = reverse("admin:workshops_event_change", args=[event.pk])
    admin_client.get(url)  # the first page of a session caches the content types
    few = _queries_to_get(admin_client, url)
    for _session in range(5):
        _session_with_a_speaker_and_a_theme(event)

    many = _queries_to_get(admin_client, url)

    assert many == few


def test_event_change_form_shows_each_sessions_speakers_and_themes(admin_client):
    session = _session_with_a_speaker_and_a_theme(EventFactory())
    speaker, theme = session.speakers.get(), session.themes.get()
    url = reverse("admin:workshops_event_change", args=[session.event_id])

    page = admin_client.get(url).content.decode()

    assert f'<option value="{speaker.pk}" selected>{speaker.name}</option>' in page
    assert f'<option value="{theme.pk}" selected>{theme.name}</option>' in page


def test_event_form_past_the_inline_limit_links_to_its_sessions_instead(admin_client, monkeypatch):
    monkeypatch.setattr(EventAdmin, "inline_sessions_at_most", 2)
    event = EventFactory()
    SessionFactory.create_batch(3, event=event)
    url = reverse("admin:workshops_event_change", args=[event.pk])

    page = admin_client.get(url).content.decode()

    sessions = reverse("admin:workshops_session_changelist")
    assert 'name="sessions-TOTAL_FORMS"' not in page
    assert f'href="{sessions}?event__id__exact={event.pk}"' in page
    assert f'href="{reverse("admin:workshops_session_add")}?event={event.pk}"' in page


def test_event_form_past_the_inline_limit_costs_the_same_queries_for_more_sessions(
    admin_client, monkeypatch
):
    monkeypatch.setattr(EventAdmin, "inline_sessions_at_most", 2)
    event = EventFactory()
    SessionFactory.create_batch(3, event=event)
    url = reverse("admin:workshops_event_change", args=[event.pk])
    admin_client.get(url)  # the first page of a session caches the content types
    few = _queries_to_get(admin_client, url)
    SessionFactory.create_batch(5, event=event)

    many = _queries_to_get(admin_client, url)

    assert many == few


def test_team_change_form_costs_the_same_queries_for_more_members(admin_client):
    team = InnovationTeamFactory()
    MembershipFactory(team=team)
    url = reverse("admin:teams_innovationteam_change", args=[team.pk])
    admin_client.get(url)  # the first page of a session caches the content types
    few = _queries_to_get(admin_client, url)
    MembershipFactory.create_batch(5, team=team)

    many = _queries_to_get(admin_client, url)

    assert many == few


def test_event_change_form_counts_registrations_and_links_to_them(admin_client):
    registration = RegistrationFactory()
    url = reverse("admin:workshops_event_change", args=[registration.event_id])

    page = admin_client.get(url).content.decode()

    changelist = reverse("admin:workshops_registration_changelist")
    assert f'href="{changelist}?event__id__exact={registration.event_id}"' in page
    assert f"1 {Registration.Status(registration.status).label}" in page


def _admins_with_forms():
    for model_admin in admin.site._registry.values():
        yield model_admin
        yield from (inline(model_admin.model, admin.site) for inline in model_admin.inlines)


def _fields_shown(model_admin, request):
    return set(admin.utils.flatten_fieldsets(model_admin.get_fieldsets(request)))


def test_every_foreign_key_to_a_large_table_is_autocomplete_or_raw_id(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    drop_downs = []
    for model_admin in _admins_with_forms():
        shown = _fields_shown(model_admin, request)
        chosen_by_search = set(model_admin.get_autocomplete_fields(request)) | set(
            model_admin.raw_id_fields
        )
        read_only = set(model_admin.get_readonly_fields(request))
        for field in model_admin.model._meta.get_fields():
            if not isinstance(field, models.ForeignKey | models.ManyToManyField):
                continue
            if field.related_model not in LARGE_MODELS or field.name not in shown:
                continue
            if field.name not in chosen_by_search | read_only:
                drop_downs.append(f"{model_admin}.{field.name}")

    assert drop_downs == []


def test_every_change_list_filter_over_a_large_table_searches_instead_of_listing():
    listed = []
    for model_admin in admin.site._registry.values():
        for entry in model_admin.list_filter:
            path, filter_class = entry if isinstance(entry, list | tuple) else (entry, None)
            if not isinstance(path, str):
                continue
            field = admin.utils.get_fields_from_path(model_admin.model, path)[-1]
            if (
                field.related_model in LARGE_MODELS
                and filter_class is not RelatedAutocompleteFilter
            ):
                listed.append(f"{model_admin}.{path}")

    assert listed == []


def test_filter_by_event_costs_the_same_queries_and_names_no_more_events_as_they_grow(
    admin_client,
):
    chosen = RegistrationFactory()
    url = f"{reverse('admin:workshops_registration_changelist')}?event__id__exact={chosen.event_id}"
    admin_client.get(url)  # the first page of a session caches the content types
    few = _queries_to_get(admin_client, url)
    others = EventFactory.create_batch(10)

    many = _queries_to_get(admin_client, url)

    page = admin_client.get(url).content.decode()
    assert many == few
    assert [event.title for event in others if event.title in page] == []
