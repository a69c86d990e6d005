"""Staff's texts in six languages: the active language's text, English where it is missing,
English in the original column and the exports, the admin's boxes per language."""

import re

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation

from itp.common.exporting import writers
from itp.models import Theme
from tests.factories import EventFactory, PersonFactory, ThemeFactory
from tests.workshops.test_admin_times import new_event_data
from workshops import services
from workshops.exports import RegistrationsExport
from workshops.models import Event, Registration

pytestmark = pytest.mark.django_db


def test_a_text_without_a_translation_reads_in_english():
    event = EventFactory(title="Heat pumps in dairies")

    with translation.override("pl"):
        assert event.title == "Heat pumps in dairies"
    with translation.override("de"):
        assert Event.objects.get(pk=event.pk).title == "Heat pumps in dairies"


def test_an_empty_translation_reads_in_english():
    event = EventFactory(title="Heat pumps in dairies", title_de="")

    with translation.override("de"):
        assert event.title == "Heat pumps in dairies"


@pytest.mark.parametrize(
    ("language", "title"),
    [
        ("en", "Heat pumps in dairies"),
        ("de", "Wärmepumpen in Molkereien"),
        ("fr", "Pompes à chaleur dans les laiteries"),
        ("cy", "Heat pumps in dairies"),
    ],
)
def test_the_event_page_shows_the_title_in_the_visitors_language(client, language, title):
    event = EventFactory(
        title="Heat pumps in dairies",
        title_de="Wärmepumpen in Molkereien",
        title_fr="Pompes à chaleur dans les laiteries",
    )

    page = client.get(event.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language)

    assert f"<h1>{title}</h1>" in page.content.decode().replace("&#x27;", "'")


def test_the_original_column_keeps_the_english_text_whatever_language_saves():
    event = EventFactory(title="Heat pumps in dairies")

    with translation.override("de"):
        event.title = "Wärmepumpen in Molkereien"
        event.save()

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT title, title_en, title_de FROM workshops_event WHERE id = %s", [event.pk]
        )
        assert cursor.fetchone() == (
            "Heat pumps in dairies",
            "Heat pumps in dairies",
            "Wärmepumpen in Molkereien",
        )


def test_the_registrations_export_keeps_the_english_title_for_a_german_reader():
    event = EventFactory(title="Heat pumps in dairies", title_de="Wärmepumpen in Molkereien")
    services.register_for_event(event=event, person=PersonFactory())

    with translation.override("de"):
        (section,) = RegistrationsExport(Registration.objects.filter(event=event)).sections()
        (row,) = list(section.rows)

    assert "Heat pumps in dairies" in row
    assert "Wärmepumpen in Molkereien" not in row


def test_the_registrations_csv_keeps_the_english_title_for_a_german_reader():
    """On PostgreSQL the database writes the CSV lines itself (exporting/database.py)."""
    event = EventFactory(title="Heat pumps in dairies", title_de="Wärmepumpen in Molkereien")
    services.register_for_event(event=event, person=PersonFactory())

    with translation.override("de"):
        content = "".join(writers.csv_rows(RegistrationsExport(Registration.objects.all())))

    assert "Heat pumps in dairies" in content
    assert "Wärmepumpen" not in content


def test_the_admin_saves_each_languages_title(staff_client):
    response = staff_client.post(
        reverse("admin:workshops_event_add"),
        new_event_data(title_de="Webinar: industrielle Wärmepumpen", title_it=""),
    )

    assert response.status_code == 302
    event = Event.objects.get(slug="webinar-industrial-heat-pumps")
    assert (event.title_en, event.title_de, event.title_it) == (
        "Webinar: industrial heat pumps",
        "Webinar: industrielle Wärmepumpen",
        None,
    )


def test_the_admin_requires_the_english_title_and_no_other(staff_client):
    response = staff_client.post(
        reverse("admin:workshops_event_add"),
        new_event_data(title_en="", title_de="Webinar: industrielle Wärmepumpen"),
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["title_en"]


def test_the_admin_form_shows_a_labelled_box_per_language(staff_client):
    page = staff_client.get(reverse("admin:workshops_event_add")).content.decode()

    names = dict(settings.LANGUAGES)
    for code in settings.MODELTRANSLATION_LANGUAGES:
        name = names[code]
        assert re.search(rf'<label[^>]* for="id_title_{code}">Title \({name}\):</label>', page)


def test_the_admin_search_finds_a_theme_by_its_german_name(staff_client):
    ThemeFactory(name="Sustainable hydrogen", name_de="Nachhaltiger Wasserstoff")

    page = staff_client.get(reverse("admin:itp_theme_changelist"), {"q": "Wasserstoff"})

    assert list(page.context["cl"].result_list.values_list("name_en", flat=True)) == [
        "Sustainable hydrogen"
    ]


def test_two_themes_without_a_german_name_both_save_despite_unique_names(staff_client):
    for name, slug in (("Hydrogen", "hydrogen"), ("Heat", "heat")):
        response = staff_client.post(
            reverse("admin:itp_theme_add"),
            {"name_en": name, "name_de": "", "slug": slug, "description_en": "", "_save": "Save"},
        )
        assert response.status_code == 302

    assert list(Theme.objects.order_by("slug").values_list("name_de", flat=True)) == [None, None]


def test_themes_are_in_the_order_of_their_english_names_in_every_language():
    ThemeFactory(name="Sustainable hydrogen", name_de="Nachhaltiger Wasserstoff")
    ThemeFactory(name="Innovative finance")
    ThemeFactory(name="Energy efficiency", name_de="Energieeffizienz")

    for language in ("en", "de"):
        with translation.override(language):
            assert [theme.name_en for theme in Theme.objects.all()] == [
                "Energy efficiency",
                "Innovative finance",
                "Sustainable hydrogen",
            ]


def test_the_admin_makes_the_slug_from_the_english_title(staff_client):
    page = staff_client.get(reverse("admin:workshops_event_add"), HTTP_ACCEPT_LANGUAGE="de")

    assert "&quot;dependency_list&quot;: [&quot;title_en&quot;]" in page.content.decode()


def test_the_event_calendar_file_is_in_the_visitors_language(client):
    event = EventFactory(
        title="Heat pumps in dairies",
        title_it="Pompe di calore nei caseifici",
        description="Peer learning.",
        description_it="Apprendimento tra pari.",
    )

    ics = client.get(
        reverse("workshops:event-calendar", kwargs={"slug": event.slug}),
        HTTP_ACCEPT_LANGUAGE="it",
    ).content.decode()

    assert "SUMMARY:Pompe di calore nei caseifici" in ics
    assert "Apprendimento tra pari." in ics
