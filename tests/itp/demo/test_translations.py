"""The demo's themes, Milan workshop and iRecovery learning in all six languages."""

import pytest
from django.conf import settings
from django.utils import translation

from itp.demo.translations import IRECOVERY_SLUG, KICK_OFF_SLUG, load_demo_translations
from itp.models import Learning, Theme
from workshops.models import Event, Session

pytestmark = pytest.mark.django_db

LANGUAGES = settings.MODELTRANSLATION_LANGUAGES


def untranslated(rows, fields):
    """(row, column) of every empty language column of ``fields``."""
    return [
        (str(row), f"{field}_{language}")
        for row in rows
        for field in fields
        for language in LANGUAGES
        if not getattr(row, f"{field}_{language}")
    ]


def test_demo_themes_workshop_and_learning_are_in_the_six_languages(demo):
    kick_off = Event.objects.get(slug=KICK_OFF_SLUG)

    assert Theme.objects.count() == 5
    assert untranslated(Theme.objects.all(), ["name", "description"]) == []
    assert untranslated([kick_off], ["title", "description"]) == []
    assert untranslated(Session.objects.filter(event=kick_off), ["title"]) == []
    assert (
        untranslated(Learning.objects.filter(slug=IRECOVERY_SLUG), ["title", "summary", "body"])
        == []
    )


def test_demo_texts_differ_from_language_to_language(demo):
    kick_off = Event.objects.get(slug=KICK_OFF_SLUG)

    titles = {language: getattr(kick_off, f"title_{language}") for language in LANGUAGES}

    assert len(set(titles.values())) == len(LANGUAGES)
    with translation.override("de"):
        assert kick_off.title == "ITP-Auftaktworkshop, Mailand"
    with translation.override("it"):
        assert kick_off.title == "Workshop di avvio dell'ITP, Milano"


def test_loading_the_demo_translations_again_changes_nothing(demo):
    kick_off = Event.objects.get(slug=KICK_OFF_SLUG)
    history = kick_off.history.count()
    learning_updated = Learning.objects.get(slug=IRECOVERY_SLUG).updated_at

    load_demo_translations()

    assert kick_off.history.count() == history
    assert Learning.objects.get(slug=IRECOVERY_SLUG).updated_at == learning_updated


def test_demo_workshop_page_reads_in_the_visitors_language(client, demo):
    page = client.get(
        Event.objects.get(slug=KICK_OFF_SLUG).get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fr"
    ).content.decode()

    assert "Atelier de lancement de l&#x27;ITP, Milan" in page
    assert "Visite de site : aciérie ORI Martin et iRecovery" in page
