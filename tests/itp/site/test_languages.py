"""Choosing the language: Accept-Language, the menu (/i18n/setlang/), a signed-in person's
saved language, and the headers that keep caches from mixing languages."""

import re

import pytest
from django.conf import settings
from django.db import IntegrityError, transaction
from django.test import Client

from itp.privacy.personal_data import anonymise_person, personal_data
from itp.roles import PARTICIPANTS
from regions.models import Person
from tests.catalogues import install_test_catalogues, marker
from tests.factories import PersonFactory, UserFactory
from tests.html import text

pytestmark = pytest.mark.django_db

COOKIE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture
def catalogues(settings, tmp_path):
    install_test_catalogues(settings, tmp_path, ["de", "fr", "pl"])


@pytest.fixture
def csrf_client():
    return Client(enforce_csrf_checks=True)


def html_lang(response):
    return re.search(r'<html lang="([^"]*)"', text(response))[1]


def vary(response):
    return {value.strip().lower() for value in response.get("Vary", "").split(",")}


def menu_token(client, path="/"):
    """The CSRF token of the language menu on ``path``, or None when it carries none."""
    menu = re.search(r'<form[^>]*action="/i18n/setlang/".*?</form>', text(client.get(path)), re.S)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', menu[0])
    return token[1] if token else None


# Accept-Language, and what every answer says about its language


def test_accept_language_picks_the_page_s_language(client, catalogues):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5")

    assert response["Content-Language"] == "de"
    assert html_lang(response) == "de"
    assert f"{marker('de')} Skip to main content" in text(response)


def test_a_visitor_without_a_choice_reads_english(client):
    response = client.get("/")

    assert response["Content-Language"] == "en"
    assert html_lang(response) == "en"


@pytest.mark.parametrize("path", ["/", "/events/", "/accounts/login/"])
def test_every_answer_varies_on_accept_language_and_cookie(client, path):
    first = client.get(path)
    again = client.get(path)  # from the page cache, where the page is cached

    for response in (first, again):
        assert response.status_code == 200
        assert {"accept-language", "cookie"} <= vary(response)
        assert response["Content-Language"] == "en"


def test_a_german_visitor_never_gets_the_english_page_from_the_cache(client, catalogues):
    english = client.get("/")
    german = client.get("/", HTTP_ACCEPT_LANGUAGE="de")
    english_again = client.get("/")

    assert html_lang(english) == html_lang(english_again) == "en"
    assert html_lang(german) == "de"
    assert german["Content-Language"] == "de"
    assert f"{marker('de')} Skip to main content" in text(german)
    assert marker("de") not in text(english_again)


def test_the_cached_page_holds_the_language_the_cookie_chose(client, catalogues):
    client.get("/")
    client.cookies[COOKIE] = "fr"

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="de")

    assert html_lang(response) == "fr"
    assert response["Content-Language"] == "fr"


# The menu


def test_the_menu_names_each_language_in_itself_and_selects_the_current_one(client):
    page = text(client.get("/events/?theme=heat", HTTP_ACCEPT_LANGUAGE="pl"))

    menu = re.search(r'<form[^>]*action="/i18n/setlang/".*?</form>', page, re.S)[0]
    options = re.findall(r'<option value="(\w+)" lang="(\w+)"( selected)?>([^<]+)</option>', menu)
    assert [(value, lang, name) for value, lang, _selected, name in options] == [
        ("en", "en", "English"),
        ("de", "de", "Deutsch"),
        ("fr", "fr", "Français"),
        ("it", "it", "Italiano"),
        ("pl", "pl", "Polski"),
        ("cy", "cy", "Cymraeg"),
    ]
    assert [value for value, _lang, selected, _name in options if selected] == ["pl"]
    assert '<input type="hidden" name="next" value="/events/?theme=heat">' in menu
    assert re.search(r'<label for="language-menu"[^>]*>', menu)
    assert re.search(r'<button type="submit"', menu)


def test_the_menu_brings_a_person_back_without_a_query_longer_than_any_link(client):
    page = text(client.get("/events/?q=" + "x" * 300))

    assert '<input type="hidden" name="next" value="/events/">' in page


def test_a_visitor_s_menu_carries_no_csrf_token_so_the_page_stays_cached(client):
    assert menu_token(client) is None
    assert not client.cookies.get(settings.CSRF_COOKIE_NAME)


def test_a_visitor_switches_language_without_a_csrf_token(csrf_client):
    response = csrf_client.post("/i18n/setlang/", {"language": "fr", "next": "/events/"})

    assert response.status_code == 302
    assert response.url == "/events/"
    assert response.cookies[COOKIE].value == "fr"
    assert html_lang(csrf_client.get("/events/")) == "fr"


def test_the_language_cookie_is_secure_http_only_and_same_site(csrf_client):
    response = csrf_client.post("/i18n/setlang/", {"language": "de", "next": "/"})

    cookie = response.cookies[COOKIE]
    assert (cookie["secure"], cookie["httponly"], cookie["samesite"]) == (True, True, "Lax")


def test_the_menu_refuses_a_next_address_on_another_host(csrf_client):
    response = csrf_client.post(
        "/i18n/setlang/", {"language": "de", "next": "https://elsewhere.example/"}
    )

    assert response.status_code == 302
    assert response.url == "/"


def test_the_menu_ignores_a_language_the_site_does_not_speak(csrf_client):
    response = csrf_client.post("/i18n/setlang/", {"language": "xx", "next": "/"})

    assert response.status_code == 302
    assert COOKIE not in response.cookies


def test_the_menu_answers_only_posts(client):
    assert client.get("/i18n/setlang/?language=de&next=/").status_code == 405


@pytest.fixture
def person(csrf_client):
    person = PersonFactory(user=UserFactory(roles=[PARTICIPANTS]))
    csrf_client.force_login(person.user)
    return person


def test_a_signed_in_person_s_switch_needs_the_csrf_token(csrf_client, person):
    response = csrf_client.post("/i18n/setlang/", {"language": "de", "next": "/me/"})

    assert response.status_code == 403
    assert COOKIE not in response.cookies
    person.refresh_from_db()
    assert person.language == ""


def test_a_signed_in_person_s_switch_saves_their_language(csrf_client, person):
    token = menu_token(csrf_client, "/me/")

    response = csrf_client.post(
        "/i18n/setlang/", {"language": "cy", "next": "/me/", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert response.url == "/me/"
    assert response.cookies[COOKIE].value == "cy"
    person.refresh_from_db()
    assert person.language == "cy"
    assert person.history.latest().language == "cy"


def test_a_signed_in_account_without_a_person_switches_without_saving(csrf_client):
    csrf_client.force_login(UserFactory(is_staff=True))
    token = menu_token(csrf_client)

    response = csrf_client.post(
        "/i18n/setlang/", {"language": "it", "next": "/", "csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert response.cookies[COOKIE].value == "it"


# A signed-in person's saved language


def test_the_saved_language_wins_over_the_cookie_and_the_browser_after_login(client):
    person = PersonFactory(user=UserFactory(roles=[PARTICIPANTS]), language="pl")
    client.cookies[COOKIE] = "fr"
    client.force_login(person.user)

    response = client.get("/me/", HTTP_ACCEPT_LANGUAGE="de")

    assert response["Content-Language"] == "pl"
    assert html_lang(response) == "pl"
    assert {"accept-language", "cookie"} <= vary(response)


def test_without_a_saved_language_a_signed_in_person_reads_the_cookie_s(client):
    person = PersonFactory(user=UserFactory(roles=[PARTICIPANTS]))
    client.cookies[COOKIE] = "it"
    client.force_login(person.user)

    response = client.get("/me/", HTTP_ACCEPT_LANGUAGE="de")

    assert html_lang(response) == "it"


def test_after_logout_the_browser_s_language_applies_again(client):
    person = PersonFactory(user=UserFactory(roles=[PARTICIPANTS]), language="pl")
    client.force_login(person.user)
    client.post("/accounts/logout/")

    assert html_lang(client.get("/", HTTP_ACCEPT_LANGUAGE="de")) == "de"


def test_the_admin_speaks_the_staff_member_s_saved_language(client):
    staff = UserFactory(is_staff=True, is_superuser=True)
    PersonFactory(user=staff, language="fr")
    client.force_login(staff)

    response = client.get("/admin/")

    assert response["Content-Language"] == "fr"
    assert html_lang(response) == "fr"


def test_the_profile_saves_the_language(client):
    person = PersonFactory(user=UserFactory(roles=[PARTICIPANTS]))
    client.force_login(person.user)

    response = client.post("/me/profile/", {"time_zone": "", "language": "de"})

    assert response.status_code == 302
    person.refresh_from_db()
    assert person.language == "de"
    assert client.get("/me/profile/")["Content-Language"] == "de"


def test_the_profile_refuses_a_language_the_site_does_not_speak(client):
    person = PersonFactory(user=UserFactory(roles=[PARTICIPANTS]), language="it")
    client.force_login(person.user)

    response = client.post("/me/profile/", {"time_zone": "", "language": "xx"})

    assert response.status_code == 200
    assert "language" in response.context["form"].errors
    person.refresh_from_db()
    assert person.language == "it"


def test_the_export_of_a_person_s_data_holds_their_language():
    person = PersonFactory(language="cy")

    assert personal_data(person)["person"]["language"] == "cy"


def test_anonymising_a_person_forgets_their_language():
    person = PersonFactory(language="cy")

    anonymise_person(person=person)

    person.refresh_from_db()
    assert person.language == ""
    assert set(person.history.values_list("language", flat=True)) == {""}


def test_the_database_refuses_a_language_the_site_does_not_speak():
    person = PersonFactory()

    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.filter(pk=person.pk).update(language="xx")
