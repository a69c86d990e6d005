"""The change lists' filters by a relation to a large table: the chosen row in a box that
searches the others, with Django's own parameters, rather than a link for every row."""

import re

import pytest
from django.urls import reverse

from tests.factories import (
    EventFactory,
    GovernmentFactory,
    PersonFactory,
    RegistrationFactory,
)

pytestmark = pytest.mark.django_db

REGISTRATIONS = "admin:workshops_registration_changelist"


def _sidebar(response):
    page = response.content.decode()
    return page[page.index('id="changelist-filter"') :]


def _shown(response):
    return {row.pk for row in response.context["cl"].result_list}


def test_filter_by_event_keeps_the_parameter_links_elsewhere_use(admin_client):
    kept = RegistrationFactory()
    RegistrationFactory()

    response = admin_client.get(reverse(REGISTRATIONS), {"event__id__exact": kept.event_id})

    assert _shown(response) == {kept.pk}


def test_filter_by_event_shows_the_chosen_event_and_no_list_of_the_others(admin_client):
    chosen = EventFactory(title="Milan round table")
    other = EventFactory(title="Lyon site visit")
    RegistrationFactory(event=chosen)
    RegistrationFactory(event=other)

    response = admin_client.get(reverse(REGISTRATIONS), {"event__id__exact": chosen.pk})

    sidebar = _sidebar(response)
    assert f'<option value="{chosen.pk}" selected>Milan round table</option>' in sidebar
    assert "Lyon site visit" not in sidebar


def test_filter_box_is_labelled_and_searches_through_the_admin_autocomplete(admin_client):
    RegistrationFactory()

    response = admin_client.get(reverse(REGISTRATIONS))

    sidebar = _sidebar(response)
    select = re.search(r"<select[^>]*>", sidebar)[0]
    assert 'name="event__id__exact"' in select
    assert 'class="admin-autocomplete"' in select
    assert f'data-ajax--url="{reverse("admin:autocomplete")}"' in select
    assert 'data-app-label="workshops"' in select
    assert 'data-model-name="registration"' in select
    assert 'data-field-name="event"' in select
    select_id = re.search(r'id="([^"]+)"', select)[1]
    assert re.search(rf'<label [^>]*for="{select_id}">Event</label>', sidebar)


def test_filter_box_finds_events_through_the_autocomplete_it_names(admin_client):
    event = EventFactory(title="Milan round table")
    EventFactory(title="Lyon site visit")

    found = admin_client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "workshops",
            "model_name": "registration",
            "field_name": "event",
            "term": "round table",
        },
    ).json()

    assert found["results"] == [{"id": str(event.pk), "text": "Milan round table"}]


def test_change_list_with_a_filter_box_loads_the_autocomplete_scripts(admin_client):
    page = admin_client.get(reverse(REGISTRATIONS)).content.decode()

    assert "admin/js/vendor/select2/select2.full" in page
    assert "admin/js/autocomplete" in page


def test_filter_form_keeps_the_other_parameters_of_the_list(admin_client):
    RegistrationFactory()

    response = admin_client.get(
        reverse(REGISTRATIONS), {"status__exact": "registered", "q": "Giulia", "o": "2"}
    )

    hidden = dict(
        re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', _sidebar(response))
    )
    assert hidden == {"status__exact": "registered", "q": "Giulia", "o": "2"}


def test_filter_form_sent_without_a_choice_shows_the_whole_list(admin_client):
    registrations = RegistrationFactory.create_batch(2)

    response = admin_client.get(reverse(REGISTRATIONS), {"event__id__exact": ""})

    assert response.status_code == 200
    assert _shown(response) == {registration.pk for registration in registrations}


def test_filter_without_javascript_finds_events_by_the_words_typed(admin_client):
    kept = RegistrationFactory(event=EventFactory(title="Milan round table"))
    RegistrationFactory(event=EventFactory(title="Lyon site visit"))

    response = admin_client.get(reverse(REGISTRATIONS), {"event__matching": "round table"})

    assert _shown(response) == {kept.pk}
    assert 'name="event__matching" value="round table"' in _sidebar(response)


def test_filter_by_no_government_keeps_its_empty_choice(admin_client):
    without = PersonFactory(government=None)
    PersonFactory(government=GovernmentFactory())

    response = admin_client.get(
        reverse("admin:regions_person_changelist"), {"government__isnull": "True"}
    )

    assert _shown(response) == {without.pk}


def test_filter_counts_only_the_chosen_event(admin_client):
    chosen = RegistrationFactory().event
    RegistrationFactory.create_batch(2)

    response = admin_client.get(
        reverse(REGISTRATIONS), {"event__id__exact": chosen.pk, "_facets": "True"}
    )

    assert f"{chosen.title} (1)" in _sidebar(response)
