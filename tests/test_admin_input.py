"""Malformed input to the admin's change lists and actions is a mistake to answer, never a
server error: every registered admin, every hostile parameter."""

import re

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.db import models, transaction
from django.test import override_settings
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from itp.common.admin import RefuseMalformedInputMixin
from itp.demo.programme import load_demo_data
from itp.models import ReportDownload
from itp.reports.services import record_report_download
from teams.models import Deliverable
from tests.conftest import DEMO_PASSWORD
from tests.factories import EventFactory
from workshops.models import Event

# Every test runs against the demo programme (the "programme" fixture below).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("programme")]

BEYOND_ANY_INTEGER = "9" * 23
BEYOND_A_BIG_INTEGER = str(2**63)
MALFORMED_SELECTIONS = ["abc", BEYOND_ANY_INTEGER, BEYOND_A_BIG_INTEGER, "", "1.5"]
REGISTERED = list(admin.site._registry.values())


def _changelist_url(model_admin):
    opts = model_admin.model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")


def _label(model_admin):
    return model_admin.model._meta.label_lower


def _date_hierarchy_queries(field):
    return [
        f"{field}__year={BEYOND_ANY_INTEGER}",
        f"{field}__year=-1",
        f"{field}__year=0",
        f"{field}__year=abc",
        f"{field}__year=",
        f"{field}__year=9999",
        f"{field}__year=10000",
        f"{field}__year=9999&{field}__month=12",
        f"{field}__year=9999&{field}__month=12&{field}__day=31",
        f"{field}__year=2024&{field}__month=13",
        f"{field}__year=2024&{field}__month={BEYOND_ANY_INTEGER}",
        f"{field}__year=2024&{field}__month=2&{field}__day=30",
        f"{field}__year=2024&{field}__month=1&{field}__day=0",
        f"{field}__month=abc",
        f"{field}__day={BEYOND_ANY_INTEGER}",
        f"{field}__gte=notadate",
        f"{field}__gte=0001-01-01 00:00%2B05:00",
    ]


def _hostile_queries(model_admin):
    """The query strings tried on one change list: junk in the list's own parameters, in
    filters, in lookups on every date field, and in its date hierarchy if it has one."""
    queries = [
        "status=no-such-status",
        "government__id__exact=abc",
        f"id__exact={BEYOND_ANY_INTEGER}",
        "id__in=a,b",
        "o=999",
        "o=-abc.1",
        "p=-1",
        f"p={BEYOND_ANY_INTEGER}",
        "e=1",
        "all=",
        "q=" + "x" * 100_000,
        "q=" + "x " * 1_500,
    ]
    for field in model_admin.model._meta.concrete_fields:
        if isinstance(field, models.DateField):
            queries += [f"{field.name}__year={BEYOND_ANY_INTEGER}", f"{field.name}__year=10000"]
    if model_admin.date_hierarchy:
        queries += _date_hierarchy_queries(model_admin.date_hierarchy)
    return list(dict.fromkeys(queries))


def _query_id(query):
    return query if len(query) <= 60 else f"{query[:20]}…({len(query)} characters)"


def _change_list_cases():
    return [
        pytest.param(model_admin, query, id=f"{_label(model_admin)}?{_query_id(query)}")
        for model_admin in REGISTERED
        for query in _hostile_queries(model_admin)
    ]


def _action_names(model_admin):
    names = [name for name, _function in admin.site.actions]
    names += [
        action if isinstance(action, str) else action.__name__
        for action in model_admin.actions or ()
    ]
    return names


def _action_cases():
    return [
        pytest.param(model_admin, name, id=f"{_label(model_admin)}:{name}")
        for model_admin in REGISTERED
        for name in _action_names(model_admin)
    ]


@pytest.fixture(scope="module")
def programme(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo programme, loaded once for the whole module and rolled back after it.

    Loading it costs a second or two, and the tests here only read it or prove that it stayed
    as it was, so they share one copy; each test still runs in its own savepoint. The demo's
    files go to a folder of the module's own, not into the working tree.
    """
    fast_hasher = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=fast_hasher, MEDIA_ROOT=tmp_path_factory.mktemp("media")
        ),
        transaction.atomic(),
    ):
        load_demo_data(password=DEMO_PASSWORD)
        record_report_download(
            user=get_user_model().objects.get(username="demo-coordinator"),
            report="people",
            format="csv",
            filters={},
        )
        yield
        transaction.set_rollback(True)


def _rows(model):
    return list(model._default_manager.order_by("pk").values())


def test_every_admin_refuses_malformed_input():
    unguarded = [
        _label(model_admin)
        for model_admin in REGISTERED
        if not isinstance(model_admin, RefuseMalformedInputMixin)
    ]

    assert unguarded == []


@pytest.mark.parametrize(("model_admin", "query"), _change_list_cases())
def test_change_list_answers_malformed_parameters_without_a_server_error(
    staff_client, model_admin, query
):
    response = staff_client.get(f"{_changelist_url(model_admin)}?{query}")

    assert response.status_code < 500


@pytest.mark.parametrize(
    ("model_admin", "query"),
    [
        pytest.param(model_admin, query, id=f"{_label(model_admin)}?{_query_id(query)}")
        for model_admin in REGISTERED
        if model_admin.date_hierarchy
        for query in _date_hierarchy_queries(model_admin.date_hierarchy)
    ],
)
def test_change_list_answers_malformed_dates_without_a_server_error_for_a_coordinator(
    coordinator_client, model_admin, query
):
    response = coordinator_client.get(f"{_changelist_url(model_admin)}?{query}")

    assert response.status_code < 500


@pytest.mark.parametrize(
    "path",
    [
        f"/admin/workshops/event/?starts_at__year={BEYOND_ANY_INTEGER}",
        f"/admin/teams/deliverable/?due_on__year={BEYOND_ANY_INTEGER}",
        f"/admin/itp/reportdownload/?created_at__year={BEYOND_ANY_INTEGER}",
        "/admin/teams/deliverable/?due_on__year=9999&due_on__month=12",
        f"/admin/workshops/event/?created_at__year={BEYOND_ANY_INTEGER}",
        "/admin/teams/secondment/?ends_on__year=10000",
    ],
)
def test_change_list_with_an_impossible_date_shows_the_whole_list_with_a_message(
    staff_client, path
):
    response = staff_client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"{path.split('?')[0]}?e=1"
    page = staff_client.get(response["Location"])
    assert page.status_code == 200
    assert "could not be filtered that way" in page.text


def test_over_long_search_shows_the_whole_list_and_says_why(staff_client):
    response = staff_client.get("/admin/regions/person/?q=" + "x" * 100_000, follow=True)

    assert response.redirect_chain == [("/admin/regions/person/?e=1", 302)]
    assert "Searches are limited to 200 characters" in response.text
    assert "x" * 201 not in response.text


def test_over_long_autocomplete_term_finds_nothing(staff_client):
    response = staff_client.get(
        "/admin/autocomplete/",
        {
            "term": "x" * 100_000,
            "app_label": "workshops",
            "model_name": "event",
            "field_name": "host_government",
        },
    )

    assert response.status_code == 200
    assert response.json()["results"] == []


def test_search_of_ordinary_length_still_finds(staff_client):
    response = staff_client.get("/admin/regions/government/?q=Lombardy")

    assert [str(government) for government in response.context["cl"].result_list] == ["Lombardy"]


@pytest.mark.parametrize(("model_admin", "action"), _action_cases())
def test_action_on_a_malformed_selection_changes_nothing(staff_client, model_admin, action):
    url = _changelist_url(model_admin)
    before = (_rows(model_admin.model), LogEntry.objects.count())

    statuses = []
    for selection in MALFORMED_SELECTIONS:
        for path in ({"index": "0"}, {"post": "yes"}):
            response = staff_client.post(
                url, {"action": action, "_selected_action": selection, **path}
            )
            statuses.append(response.status_code)

    assert max(statuses) < 500
    assert (_rows(model_admin.model), LogEntry.objects.count()) == before


def test_publish_on_a_malformed_selection_says_the_selection_is_not_valid(staff_client):
    draft = EventFactory(status=Event.Status.DRAFT)

    response = staff_client.post(
        "/admin/workshops/event/",
        {"action": "publish", "_selected_action": [str(draft.pk), "abc"], "index": "0"},
        follow=True,
    )

    assert response.status_code == 200
    assert "The selection is not valid" in response.text
    draft.refresh_from_db()
    assert draft.status == Event.Status.DRAFT


def test_action_on_a_well_formed_selection_still_runs(staff_client):
    deliverable = Deliverable.objects.exclude(status=Deliverable.Status.DONE).first()

    response = staff_client.post(
        "/admin/teams/deliverable/",
        {"action": "mark_done", "_selected_action": str(deliverable.pk), "index": "0"},
    )

    assert response.status_code == 302
    deliverable.refresh_from_db()
    assert deliverable.status == Deliverable.Status.DONE


@pytest.mark.parametrize("url", ["/admin/regions/person/", "/admin/workshops/registration/"])
@pytest.mark.parametrize("action", ["export_csv", "export_xlsx"])
@pytest.mark.parametrize("selection", MALFORMED_SELECTIONS)
def test_export_of_a_malformed_selection_records_nothing_for_a_coordinator(
    coordinator_client, url, action, selection
):
    downloads = ReportDownload.objects.count()

    response = coordinator_client.post(
        url, {"action": action, "_selected_action": selection, "index": "0"}
    )

    assert response.status_code == 302
    assert ReportDownload.objects.count() == downloads


def test_publish_of_ids_no_event_has_changes_nothing(staff_client):
    missing = Event.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000
    before = _rows(Event)

    response = staff_client.post(
        "/admin/workshops/event/",
        {"action": "publish", "_selected_action": str(missing), "index": "0"},
    )

    assert response.status_code == 302
    assert _rows(Event) == before


HISTORY_ADMINS = [
    model_admin for model_admin in REGISTERED if isinstance(model_admin, SimpleHistoryAdmin)
]


@pytest.mark.parametrize("object_id", ["abc", BEYOND_A_BIG_INTEGER, "1.5"])
@pytest.mark.parametrize("model_admin", REGISTERED, ids=_label)
def test_history_of_a_malformed_id_is_not_found(staff_client, model_admin, object_id):
    opts = model_admin.model._meta

    response = staff_client.get(f"/admin/{opts.app_label}/{opts.model_name}/{object_id}/history/")

    assert response.status_code in (302, 404)


@pytest.mark.parametrize("version_id", ["abc", BEYOND_A_BIG_INTEGER, "1.5"])
@pytest.mark.parametrize("model_admin", HISTORY_ADMINS, ids=_label)
def test_historical_version_of_a_malformed_id_is_not_found(staff_client, model_admin, version_id):
    opts = model_admin.model._meta
    object_id = model_admin.model._default_manager.values_list("pk", flat=True).first() or 1

    response = staff_client.get(
        f"/admin/{opts.app_label}/{opts.model_name}/{object_id}/history/{version_id}/"
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        "host_government=abc",
        f"host_government={BEYOND_ANY_INTEGER}",
        "themes=abc,1",
        "starts_at=abc",
        "starts_at=2030-05-04 09:30",
        "status=no-such-status",
        "capacity=abc",
        "title=Kick-off%00",
    ],
)
def test_add_form_ignores_prefilled_values_the_model_refuses(staff_client, query):
    response = staff_client.get(f"/admin/workshops/event/add/?{query}")

    assert response.status_code == 200
    assert "\x00" not in response.text


def test_add_form_keeps_prefilled_values_the_model_accepts(staff_client):
    response = staff_client.get("/admin/workshops/event/add/?title=Kick-off&capacity=40")

    assert response.context["adminform"].form.initial == {"title": "Kick-off", "capacity": 40}


@pytest.mark.parametrize(
    "query", ["q=a%00b", "status__exact=a%00b", "o=1%00", "kind=%1b[31m", "a%00=1"]
)
def test_change_list_shows_no_control_character_back(staff_client, query):
    response = staff_client.get(f"/admin/workshops/event/?{query}", follow=True)

    assert response.redirect_chain == [("/admin/workshops/event/?e=1", 302)]
    assert "could not be filtered that way" in response.text
    assert re.findall("[\x00-\x08\x0b-\x1f\x7f]", response.content.decode()) == []


def _autocomplete_cases():
    return [
        pytest.param(model_admin, name, value, id=f"{_label(model_admin)}-{name}-{value[:8]}")
        for model_admin in REGISTERED
        for name in model_admin.autocomplete_fields
        for value in ("abc", BEYOND_ANY_INTEGER, "1.5", "a\x00b")
    ]


@pytest.mark.parametrize(("model_admin", "name", "value"), _autocomplete_cases())
def test_add_form_answers_a_malformed_id_in_an_autocomplete_field(
    staff_client, model_admin, name, value
):
    # The form refuses the value; its autocomplete widget then looks the value up to show
    # it again, and must not fail on it.
    opts = model_admin.model._meta
    before = _rows(model_admin.model)

    response = staff_client.post(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_add"), {name: value}
    )

    assert response.status_code == 200
    assert _rows(model_admin.model) == before
