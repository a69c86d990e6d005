"""The site's navigation: every public section in order, the current one marked, and the
pagination links under long lists."""

import pytest
from django.core.paginator import Paginator
from django.template.loader import render_to_string

from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_navigation_for_anonymous_user_links_sections_and_login(client):
    response = client.get("/")

    content = response.content.decode()
    navigation = [(item["label"], item["url"]) for item in response.context["navigation"]]
    assert navigation[:2] == [("Governments", "/governments/"), ("Events", "/events/")]
    assert '<a class="navbar-brand" href="/">' in content
    assert '<a class="nav-link" href="/governments/">Governments</a>' in content
    assert 'href="/accounts/login/?next=/">Log in</a>' in content
    assert 'action="/accounts/logout/"' not in content


def test_navigation_marks_the_current_section(client):
    response = client.get("/governments/")

    current = [item["label"] for item in response.context["navigation"] if item["current"]]
    assert current == ["Governments"]
    assert 'href="/governments/" aria-current="page">Governments</a>' in response.content.decode()


def test_navigation_lists_every_public_section_in_order(client):
    response = client.get("/")

    assert [(item["label"], item["url"]) for item in response.context["navigation"]] == [
        ("Governments", "/governments/"),
        ("Events", "/events/"),
        ("Teams", "/teams/"),
        ("Secondments", "/secondments/"),
        ("Learnings", "/learnings/"),
        ("People", "/people/"),
    ]


def test_navigation_marks_secondments_current_on_their_page(client):
    response = client.get("/secondments/")

    current = [item["label"] for item in response.context["navigation"] if item["current"]]
    assert current == ["Secondments"]
    assert 'href="/secondments/" aria-current="page">Secondments</a>' in response.content.decode()


def test_navigation_for_logged_in_user_offers_logout_button(client):
    user = UserFactory(username="giulia")
    client.force_login(user)

    response = client.get("/")

    content = response.content.decode()
    assert '<form method="post" action="/accounts/logout/"' in content
    assert "Log out giulia</button>" in content
    assert ">Log in</a>" not in content


def test_pagination_links_write_page_numbers_past_a_thousand_plainly(rf):
    page = Paginator(range(30_000), 20).page(1_001)
    request = rf.get("/events/", {"kind": "webinar", "page": "1001"})

    html = render_to_string(
        "includes/pagination.html",
        {"is_paginated": True, "page_obj": page, "request": request},
    )

    assert 'href="?kind=webinar&amp;page=1000"' in html
    assert 'href="?kind=webinar&amp;page=1002"' in html
    assert "Page 1,001 of 1,500" in html


def test_navigation_marks_people_current_on_a_person_s_page(client):
    PersonFactory(name="Giulia Ferraro", slug="giulia-ferraro")

    response = client.get("/people/giulia-ferraro/")

    current = [item["label"] for item in response.context["navigation"] if item["current"]]
    assert current == ["People"]
