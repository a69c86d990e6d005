"""Every page of the URL × role matrix, every e-mail and every report, rendered in the
pseudo-language, shows no text that escaped translation (see tests/i18n/pseudo.py)."""

import time

import pytest
from django.views.defaults import server_error

from regions.models import Person
from teams.models import Secondment
from tests.factories import ApiTokenFactory
from tests.i18n.pseudo import PSEUDO, Escapes, pseudo
from tests.test_permission_matrix import EVENT, MATRIX, OK, PRIVATE, ROLES
from workshops.feedback import feedback_token

pytestmark = [pytest.mark.django_db, pytest.mark.once]

# The outcomes of the matrix that are pages: 200s, and the error pages people see.
PAGES = {OK, PRIVATE, 403, 404}


def requests_of(role):
    """The matrix's rows in its order (a cancellation follows a registration): its pages, and
    its forms, whose answer is followed to the page that shows what happened."""
    for route, (method, path, expected) in MATRIX.items():
        if method == "post" or expected[role] in PAGES:
            yield route, method, path


def test_pseudo_language_wraps_text_but_not_placeholders_or_tags():
    assert pseudo('Read <a href="%(url)s">the guide</a>, {name}.') == (
        '⟦Read⟧ <a href="%(url)s">⟦the guide⟧</a>, {name}.'
    )


def test_every_page_of_every_role_reads_translated(
    client, users, team_only_file, team_material, pseudo_language
):
    started = time.monotonic()
    # The search page shows the query, and pieces of the texts it found.
    search_escapes = Escapes(["hydrogen"], excerpts=True)
    participant = Person.objects.get(user__username="demo-participant")
    api_token = ApiTokenFactory(user=users["participant"], name="Weekly figures")
    escapes = Escapes()
    client.cookies["django_language"] = PSEUDO
    found = []
    for role in ROLES:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        for route, method, path in requests_of(role):
            participant.refresh_from_db(fields=["calendar_token"])
            url = path.format(
                token=participant.calendar_token,
                deliverable=team_only_file.pk,
                material=team_material.uuid,
                secondment=Secondment.objects.public().order_by("pk").first().pk,
                api_token=api_token.pk,
                feedback=feedback_token(
                    participant.registrations.get(event__slug="milan-kick-off-workshop-2019")
                ),
                registration=participant.registrations.get(event__slug=EVENT.split("/")[2]).pk,
            )
            response = getattr(client, method)(
                url, HTTP_ACCEPT_LANGUAGE=PSEUDO, follow=method == "post"
            )
            if users[role] is not None and route in ("accounts/logout/", "me/calendar/reset/"):
                client.force_login(users[role])
            # The API's problems are its own words: their detail reads translated too.
            if response.get("Content-Type") == "application/problem+json":
                found += [
                    f"{role} {url}: {text}" for text in escapes.in_text(response.json()["detail"])
                ]
                continue
            if response.streaming or "html" not in response.get("Content-Type", ""):
                continue
            assert response["Content-Language"] == PSEUDO, url
            found += [
                f"{role} {url}: {text}"
                for text in (search_escapes if route == "search/" else escapes).in_page(
                    response.content.decode()
                )
            ]
    print(f"pages checked in {time.monotonic() - started:.1f} s")

    assert not found, "Text that escaped translation:\n" + "\n".join(found)


def test_an_unmarked_string_in_a_template_is_caught(
    client, demo, settings, tmp_path, pseudo_language
):
    """The control: the home page with a footer that carries one unmarked sentence."""
    footer = settings.BASE_DIR / "templates" / "includes" / "footer.html"
    (tmp_path / "includes").mkdir()
    (tmp_path / "includes" / "footer.html").write_text(
        footer.read_text().replace("</footer>", "<p>Made in Milan with care</p></footer>")
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]

    response = client.get("/", HTTP_ACCEPT_LANGUAGE=PSEUDO)

    assert Escapes().in_page(response.content.decode()) == ["Made in Milan with care"]


def test_server_error_page_reads_translated(rf, pseudo_language):
    response = server_error(rf.get("/"))

    page = response.content.decode()
    assert '<html lang="en-xa">' in page
    assert Escapes().in_page(page) == []


# Forms sent wrong, and the pages that say what is wrong: (role, method, path, data).
WRONG_FORMS = [
    ("anonymous", "post", "/accounts/login/", {"username": "nobody", "password": "wrong"}),
    ("participant", "post", "/me/profile/", {"time_zone": "Nowhere/Else"}),
    ("participant", "post", "/me/tokens/", {"name": "", "scope": "", "lifetime_days": "7"}),
    (
        "participant",
        "post",
        "/accounts/password_change/",
        {"old_password": "wrong", "new_password1": "a", "new_password2": "b"},
    ),
    ("anonymous", "post", "/accounts/password_reset/", {"email": "not-an-address"}),
    ("staff", "get", "/events/planner/", {"date": "someday", "duration": "-5"}),
    ("staff", "get", "/reports/participation/", {"from": "someday", "government": "nowhere"}),
    ("staff", "get", "/reports/attendance/", {"event": "no-such-event"}),
    ("anonymous", "get", "/events/calendar/", {"month": "2019-13"}),
    ("anonymous", "get", "/people/", {"government": "nowhere", "kind": "alien"}),
    ("anonymous", "get", "/governments/", {"sort": "sideways"}),
    ("anonymous", "get", "/search/", {"q": ""}),
    ("anonymous", "get", "/search/", {"q": "zzzzzz"}),
    (
        "participant",
        "post",
        "/events/milan-kick-off-workshop-2019/feedback/{feedback}/",
        {"rating": "11", "useful": "x" * 5000},
    ),
]


def test_forms_sent_wrong_say_so_translated(client, users, pseudo_language):
    participant = Person.objects.get(user__username="demo-participant")
    token = feedback_token(
        participant.registrations.get(event__slug="milan-kick-off-workshop-2019")
    )
    client.cookies["django_language"] = PSEUDO
    # What the forms were sent is data: shown back, it needs no translation.
    escapes = Escapes(
        ["nobody", "Nowhere/Else", "someday", "nowhere", "alien", "sideways", "zzzzzz"]
        + ["not-an-address", "no-such-event", "2019-13", "x" * 5000]
    )
    found = []
    for role, method, path, data in WRONG_FORMS:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        url = path.format(feedback=token)
        response = getattr(client, method)(url, data, HTTP_ACCEPT_LANGUAGE=PSEUDO)
        assert response.status_code in (200, 400), url
        found += [f"{role} {url}: {text}" for text in escapes.in_page(response.content.decode())]

    assert not found, "Text that escaped translation:\n" + "\n".join(found)


@pytest.mark.login_throttling
def test_lockout_page_after_too_many_failed_logins_reads_translated(
    client, demo, pseudo_language, settings
):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        response = client.post(
            "/accounts/login/",
            {"username": "demo-participant", "password": "wrong"},
            HTTP_ACCEPT_LANGUAGE=PSEUDO,
        )

    assert response.status_code == 429
    assert Escapes().in_page(response.content.decode()) == []
