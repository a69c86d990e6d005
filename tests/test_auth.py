import re

import pytest
from django.contrib.auth import SESSION_KEY
from django.core import mail
from pytest_django.asserts import assertContains

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_login_page_renders_site_login_form(client):
    response = client.get("/accounts/login/")

    assert response.templates[0].name == "registration/login.html"
    assertContains(
        response,
        '<label for="id_username" class="form-label requiredField">'
        'Username<span class="asteriskField">*</span></label>',
        html=True,
    )
    assertContains(
        response,
        '<label for="id_password" class="form-label requiredField">'
        'Password<span class="asteriskField">*</span></label>',
        html=True,
    )
    assertContains(
        response, '<a href="/accounts/password_reset/">Forgotten your password?</a>', html=True
    )


def test_login_with_correct_password_redirects_home(client):
    user = UserFactory(username="katrin")

    response = client.post("/accounts/login/", {"username": "katrin", "password": PASSWORD})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.session[SESSION_KEY] == str(user.pk)


def test_login_with_next_redirects_there(client):
    UserFactory(username="katrin")

    response = client.post(
        "/accounts/login/",
        {"username": "katrin", "password": PASSWORD, "next": "/governments/"},
    )

    assert response["Location"] == "/governments/"


def test_login_with_wrong_password_shows_error(client):
    UserFactory(username="katrin")

    response = client.post("/accounts/login/", {"username": "katrin", "password": "wrong"})

    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "Please enter a correct username and password. Note that both fields may be case-sensitive."
    ]
    assert "Please enter a correct username and password." in response.content.decode()
    assert SESSION_KEY not in client.session


def test_password_reset_for_known_email_sends_one_link(client):
    UserFactory(username="giulia", email="giulia.ferraro@lombardy.example")

    response = client.post(
        "/accounts/password_reset/", {"email": "giulia.ferraro@lombardy.example"}
    )

    assert response["Location"] == "/accounts/password_reset/done/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["giulia.ferraro@lombardy.example"]
    assert message.subject == "Reset your password for the Industry Transition Platform"
    assert re.search(r"http://testserver/accounts/reset/[\w-]+/[\w-]+/", message.body)
    assert "Your user name is giulia." in message.body


def test_password_reset_link_lets_user_choose_new_password(client):
    UserFactory(username="giulia", email="giulia.ferraro@lombardy.example")
    client.post("/accounts/password_reset/", {"email": "giulia.ferraro@lombardy.example"})
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mail.outbox[0].body).group(1)

    form_page = client.get(link, follow=True)
    client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "hydrogen-valleys-2019", "new_password2": "hydrogen-valleys-2019"},
    )

    assert client.login(username="giulia", password="hydrogen-valleys-2019")


def test_password_reset_for_unknown_email_sends_nothing(client):
    response = client.post("/accounts/password_reset/", {"email": "nobody@example.org"})

    assert response["Location"] == "/accounts/password_reset/done/"
    assert mail.outbox == []


def test_logout_by_post_redirects_home(client):
    client.force_login(UserFactory())

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert SESSION_KEY not in client.session


def test_logout_by_get_is_refused(client):
    client.force_login(UserFactory())

    response = client.get("/accounts/logout/")

    assert response.status_code == 405
    assert SESSION_KEY in client.session
