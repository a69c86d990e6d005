"""/me/profile/: the themes whose new events a participant hears of."""

import re

import pytest

from tests.factories import PersonFactory, ThemeFactory, UserFactory
from tests.html import text

pytestmark = pytest.mark.django_db


@pytest.fixture
def participant(client):
    person = PersonFactory(user=UserFactory())
    client.force_login(person.user)
    return person


def test_profile_offers_every_theme_as_a_checkbox_with_a_label(client, participant):
    hydrogen = ThemeFactory(name="Sustainable hydrogen")
    participant.alert_themes.add(hydrogen)

    response = client.get("/me/profile/")

    page = response.content.decode()
    assert "New events" in text(response)
    checkbox = re.search(r'<input type="checkbox"[^>]*name="alert_themes"[^>]*>', page)[0]
    assert f'value="{hydrogen.pk}"' in checkbox
    assert "checked" in checkbox
    assert re.search(r'<label for="id_alert_themes_0"[^>]*>\s*Sustainable hydrogen', page)
    assert response.context["form"].initial["alert_themes"] == [hydrogen]


def test_profile_saves_the_chosen_themes_and_unticking_all_drops_them(client, participant):
    hydrogen, finance = ThemeFactory(), ThemeFactory()

    client.post("/me/profile/", {"alert_themes": [hydrogen.pk, finance.pk]})
    chosen = set(participant.alert_themes.all())
    client.post("/me/profile/", {})
    after_unticking = list(participant.alert_themes.all())

    assert chosen == {hydrogen, finance}
    assert after_unticking == []


def test_profile_refuses_a_theme_that_does_not_exist_with_a_message(client, participant):
    response = client.post("/me/profile/", {"alert_themes": ["999999"]})

    assert response.status_code == 200
    assert response.context["form"].errors["alert_themes"] == ["Choose themes from the list."]
    assert participant.alert_themes.count() == 0


def test_profile_refuses_a_malformed_theme_without_an_error_page(client, participant):
    response = client.post("/me/profile/", {"alert_themes": ["not-a-number"]})

    assert response.status_code == 200
    assert response.context["form"].errors["alert_themes"]
