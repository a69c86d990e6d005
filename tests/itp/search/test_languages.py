"""The search in every content language, on both databases: a word of a German, French or
Italian column is found by a visitor in that language, English words still match."""

import re

import pytest

from tests.factories import EventFactory, LearningFactory, ThemeFactory
from tests.html import plain, text

pytestmark = pytest.mark.django_db


def titles(client, words, language):
    response = client.get("/search/", {"q": words}, HTTP_ACCEPT_LANGUAGE=language)
    # Without spaces: the fallback marks part of a word, and plain() spaces the marks apart.
    found = re.findall(r"<h3[^>]*>(.*?)</h3>", text(response), re.DOTALL)
    return ["".join(plain(title).split()) for title in found]


def unspaced(*titles):
    return ["".join(title.split()) for title in titles]


@pytest.fixture
def heat_pumps():
    return EventFactory(
        title="Industrial heat pumps",
        title_de="Industrielle Wärmepumpen",
        title_fr="Pompes à chaleur industrielles",
        title_it="Pompe di calore industriali",
        title_pl="Przemysłowe pompy ciepła",
        description="",
    )


@pytest.mark.parametrize(
    ("language", "words", "title"),
    [
        ("de", "Wärmepumpen", "Industrielle Wärmepumpen"),
        ("de", "Warmepumpe", "Industrielle Wärmepumpen"),
        ("fr", "pompe à chaleur", "Pompes à chaleur industrielles"),
        ("it", "calore industrial", "Pompe di calore industriali"),
        ("pl", "pompy ciepła", "Przemysłowe pompy ciepła"),
    ],
)
def test_a_visitor_finds_a_word_of_their_languages_title(
    client, heat_pumps, language, words, title
):
    assert titles(client, words, language) == unspaced(title)


def test_english_words_still_find_the_event_in_another_language(client, heat_pumps):
    assert titles(client, "heat pumps", "de") == unspaced("Industrielle Wärmepumpen")


def test_an_untranslated_title_is_shown_and_found_in_english(client):
    EventFactory(title="Steel decarbonisation workshop", description="")

    assert titles(client, "steel", "it") == unspaced("Steel decarbonisation workshop")


def test_a_learning_is_found_by_a_word_of_its_french_summary(client):
    LearningFactory(
        title="District heating",
        title_fr="Réseaux de chaleur",
        summary="Waste heat heats homes.",
        summary_fr="La chaleur fatale chauffe des logements.",
        is_published=True,
        published_on="2026-01-01",
    )

    assert titles(client, "logement", "fr") == unspaced("Réseaux de chaleur")


def test_a_theme_name_in_german_is_not_a_search_type_but_does_not_break_it(client):
    ThemeFactory(name="Sustainable hydrogen", name_de="Nachhaltiger Wasserstoff")

    assert titles(client, "Wasserstoff", "de") == []
