"""Every URL of the site, for every role: what each of them gets.

The rows are checked against the URL resolver: a URL added without a row here (or a row
left behind for a URL that is gone) fails the test. The admin is left out; Django's own
tests cover its permission checks, and tests/teams/test_admin.py, tests/itp/test_roles.py and
tests/itp/test_user_admin.py (who may change which login account) cover what each role may do
there.
"""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import URLResolver, get_resolver

from itp.models import Material
from itp.roles import COORDINATORS, PARTICIPANTS, PROGRAMME_STAFF
from regions.models import Person
from teams.models import Deliverable, InnovationTeam, Secondment
from tests.factories import ApiTokenFactory, MaterialFactory
from workshops.feedback import feedback_token
from workshops.models import Event

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "participant", "other_team_participant", "coordinator", "staff")

TEAM = "/teams/energy-efficiency-in-energy-intensive-industry/"
TEAM_ONLY_DELIVERABLE = "Regulatory barriers to heat recovery"
EVENT = "/events/webinar-hydrogen-valleys/"

# Outcomes: "ok" (200), "ok+private" (200, showing the team's team-only deliverables),
# "login" (redirect to the login page), "redirect" (another redirect, e.g. back to the page
# after a POST), 403, 404, 405 (the URL does not answer that method).
OK, PRIVATE, LOGIN, REDIRECT = "ok", "ok+private", "login", "redirect"


def everyone(outcome):
    return dict.fromkeys(ROLES, outcome)


def signed_in(outcome, *, anonymous=LOGIN):
    return {"anonymous": anonymous, **dict.fromkeys(ROLES[1:], outcome)}


REPORTERS = {
    "anonymous": LOGIN,
    "participant": 403,
    "other_team_participant": 403,
    "coordinator": OK,
    "staff": OK,
}

# The API asks an anonymous request for a token (401) rather than sending it to log in.
API_ANONYMOUS = 401
API_REPORTERS = {**REPORTERS, "anonymous": API_ANONYMOUS}

# route pattern: (method, concrete path, {role: outcome})
MATRIX = {
    "": ("get", "/", everyone(OK)),
    "healthz": ("get", "/healthz", everyone(OK)),
    "governments/": ("get", "/governments/", everyone(OK)),
    "governments/<slug:slug>/": ("get", "/governments/lombardy/", everyone(OK)),
    "teams/": ("get", "/teams/", everyone(OK)),
    "teams/<slug:slug>/": (
        "get",
        TEAM,
        {
            "anonymous": OK,
            "participant": PRIVATE,  # a member of this team
            "other_team_participant": OK,
            "coordinator": OK,  # coordinators see team-only work in reports, not here
            "staff": PRIVATE,
        },
    ),
    # The file of a team-only deliverable: a 404 for all who may not see the deliverable.
    "teams/<slug:slug>/deliverables/<int:pk>/file": (
        "get",
        TEAM + "deliverables/{deliverable}/file",
        {
            "anonymous": 404,
            "participant": OK,
            "other_team_participant": 404,
            "coordinator": 404,
            "staff": OK,
        },
    ),
    # A material for the members of the participant's team (on the demo's webinar): a 404
    # for all who may not see it, as a team-only deliverable's file; coordinators are not
    # programme staff here either.
    "materials/<uuid:key>/": (
        "get",
        "/materials/{material}/",
        {
            "anonymous": 404,
            "participant": OK,
            "other_team_participant": 404,
            "coordinator": 404,
            "staff": OK,
        },
    ),
    "secondments/": ("get", "/secondments/", everyone(OK)),
    "learnings/": ("get", "/learnings/", everyone(OK)),
    "learnings/<slug:slug>/": (
        "get",
        "/learnings/irecovery-waste-heat-ori-martin/",
        everyone(OK),
    ),
    "events/": ("get", "/events/", everyone(OK)),
    "events/calendar.ics": ("get", "/events/calendar.ics", everyone(OK)),
    "events/<slug:slug>/": ("get", EVENT, everyone(OK)),
    "events/<slug:slug>/calendar.ics": ("get", f"{EVENT}calendar.ics", everyone(OK)),
    "events/<slug:slug>/register/": ("post", f"{EVENT}register/", signed_in(REDIRECT)),
    # Only one's own answers: with a place, they are saved; without one, nothing is.
    "events/<slug:slug>/answers/": ("post", f"{EVENT}answers/", signed_in(REDIRECT)),
    # Run after the row above, so each role with a participant record has a registration to
    # cancel; a user without one has nothing to cancel there.
    "events/<slug:slug>/cancel/": (
        "post",
        f"{EVENT}cancel/",
        {**signed_in(REDIRECT), "staff": 404},
    ),
    # A participant's own team's team-only deliverables show on their page.
    "me/": ("get", "/me/", {**signed_in(OK), "participant": PRIVATE}),
    # Staff without a participant record get a page that says so.
    "me/profile/": ("get", "/me/profile/", signed_in(OK)),
    "me/calendar/reset/": ("post", "/me/calendar/reset/", signed_in(REDIRECT)),
    # Everyone signed in has their own API tokens; only its owner (here the participant)
    # revokes one, anyone else's is not found.
    "me/tokens/": ("get", "/me/tokens/", signed_in(OK)),
    "me/tokens/<int:pk>/revoke/": (
        "post",
        "/me/tokens/{api_token}/revoke/",
        {**signed_in(404), "participant": REDIRECT},
    ),
    # The token is the credential: whoever holds it reads the feed, and a wrong one is a 404.
    "me/calendar/<str:token>.ics": ("get", "/me/calendar/{token}.ics", everyone(OK)),
    # Drafts are found by staff (and coordinators, as on the event page) only; see
    # tests/itp/search/test_views.py.
    "search/": ("get", "/search/?q=hydrogen", everyone(OK)),
    # Reports: for holders of the export permission; anonymous visitors are sent to log in
    # (a coordinator may simply not be logged in yet), signed-in users without it get a 403.
    "reports/": ("get", "/reports/", REPORTERS),
    "reports/<slug:name>/": ("get", "/reports/participation/", REPORTERS),
    "reports/^(?P<name>[-\\w]+)\\.(?P<format>csv|xlsx|pdf)$": (
        "get",
        "/reports/secondments.csv",
        REPORTERS,
    ),
    # People: listed people for everyone; an unlisted person has no page (see
    # tests/itp/site/test_people.py), and the demo gives no one a photo, so it is not found.
    "people/": ("get", "/people/", everyone(OK)),
    "people/<slug:slug>/": ("get", "/people/paolo-martinelli/", everyone(OK)),
    "people/<slug:slug>/photo/": ("get", "/people/paolo-martinelli/photo/", everyone(404)),
    # The language menu: back to the page it was sent from (here none given: the home page).
    "i18n/setlang/": ("post", "/i18n/setlang/", everyone(REDIRECT)),
    "accounts/login/": ("get", "/accounts/login/", everyone(OK)),
    "accounts/logout/": ("post", "/accounts/logout/", everyone(REDIRECT)),
    "accounts/password_change/": ("get", "/accounts/password_change/", signed_in(OK)),
    "accounts/password_change/done/": (
        "get",
        "/accounts/password_change/done/",
        signed_in(OK),
    ),
    "accounts/password_reset/": ("get", "/accounts/password_reset/", everyone(OK)),
    "accounts/password_reset/done/": ("get", "/accounts/password_reset/done/", everyone(OK)),
    # An invalid link shows a page that says so.
    "accounts/reset/<uidb64>/<token>/": (
        "get",
        "/accounts/reset/MQ/not-a-real-token/",
        everyone(OK),
    ),
    "accounts/reset/done/": ("get", "/accounts/reset/done/", everyone(OK)),
    # The month calendar and the learnings feed: public, the same for every role.
    "events/calendar/": ("get", "/events/calendar/?month=2019-04", everyone(OK)),
    "learnings/feed/": ("get", "/learnings/feed/", everyone(OK)),
    # The webinar planner: for those who may view events (staff and coordinators); only staff
    # start a draft webinar from it (a POST without a slot goes back to the planner).
    "events/planner/": ("get", "/events/planner/?date=2026-03-17&duration=90", REPORTERS),
    "events/planner/webinar/": (
        "post",
        "/events/planner/webinar/",
        {**REPORTERS, "coordinator": 403, "staff": REDIRECT},
    ),
    # The API (itp/api/): its schema, docs and public collections are open to anyone; any other
    # address under /api/ answers a problem 404.
    "api/schema/": ("get", "/api/schema/", everyone(OK)),
    "api/docs/": ("get", "/api/docs/", everyone(OK)),
    "api/v1/": ("get", "/api/v1/", everyone(OK)),
    # Public collections: the same for everyone, a team's members and the staff included (the
    # API never shows team-only deliverables).
    "api/v1/^governments/$": ("get", "/api/v1/governments/", everyone(OK)),
    "api/v1/^governments/(?P<slug>[^/.]+)/$": (
        "get",
        "/api/v1/governments/lombardy/",
        everyone(OK),
    ),
    "api/v1/^themes/$": ("get", "/api/v1/themes/", everyone(OK)),
    "api/v1/^themes/(?P<slug>[^/.]+)/$": (
        "get",
        "/api/v1/themes/low-carbon-innovation/",
        everyone(OK),
    ),
    "api/v1/^events/$": ("get", "/api/v1/events/", everyone(OK)),
    "api/v1/^events/(?P<slug>[^/.]+)/$": ("get", "/api/v1" + EVENT, everyone(OK)),
    "api/v1/^teams/$": ("get", "/api/v1/teams/", everyone(OK)),
    "api/v1/^teams/(?P<slug>[^/.]+)/$": ("get", "/api/v1" + TEAM, everyone(OK)),
    "api/v1/^secondments/$": ("get", "/api/v1/secondments/", everyone(OK)),
    "api/v1/^secondments/(?P<pk>[^/.]+)/$": (
        "get",
        "/api/v1/secondments/{secondment}/",
        everyone(OK),
    ),
    "api/v1/^learnings/$": ("get", "/api/v1/learnings/", everyone(OK)),
    "api/v1/^learnings/(?P<slug>[^/.]+)/$": (
        "get",
        "/api/v1/learnings/irecovery-waste-heat-ori-martin/",
        everyone(OK),
    ),
    "api/v1/^people/$": ("get", "/api/v1/people/", everyone(OK)),
    "api/v1/^people/(?P<slug>[^/.]+)/$": ("get", "/api/v1/people/paolo-martinelli/", everyone(OK)),
    "api/^.*$": ("get", "/api/v0/events/", everyone(404)),
    # The API's personal routes: the signed-in person's own registrations (the participant's
    # for the webinar, cancelled above), a 404 for anyone else's; a 403 for an account with no
    # participant record (staff here). Anonymous requests are refused.
    "api/v1/me/registrations/": (
        "get",
        "/api/v1/me/registrations/",
        {**signed_in(OK, anonymous=API_ANONYMOUS), "staff": 403},
    ),
    "api/v1/me/registrations/<int:pk>/": (
        "get",
        "/api/v1/me/registrations/{registration}/",
        {**signed_in(404, anonymous=API_ANONYMOUS), "participant": OK, "staff": 403},
    ),
    "api/v1/me/registrations/<int:pk>/cancel/": (
        "post",
        "/api/v1/me/registrations/{registration}/cancel/",
        {**signed_in(404, anonymous=API_ANONYMOUS), "participant": OK, "staff": 403},
    ),
    # Report figures: for holders of the export permission, as the report pages.
    "api/v1/reports/": ("get", "/api/v1/reports/", API_REPORTERS),
    "api/v1/reports/<slug:name>/": ("get", "/api/v1/reports/participation/", API_REPORTERS),
    # An event's registrations: for holders of the admin's view-registration permission.
    "api/v1/events/<slug:slug>/registrations/": (
        "get",
        f"/api/v1{EVENT}registrations/",
        API_REPORTERS,
    ),
    # The survey after an event: the signed token is the credential, whoever is logged in
    # (the demo participant's link for the Milan workshop they attended).
    "events/<slug:slug>/feedback/<str:token>/": (
        "get",
        "/events/milan-kick-off-workshop-2019/feedback/{feedback}/",
        everyone(OK),
    ),
}


def site_routes(patterns=None, prefix=""):
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route != "admin/":
                yield from site_routes(pattern.url_patterns, route)
        else:
            yield route


def test_matrix_has_a_row_for_every_url_of_the_site():
    assert sorted(site_routes()) == sorted(MATRIX)


@pytest.fixture
def team_only_file(demo, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    deliverable = Deliverable.objects.get(title=TEAM_ONLY_DELIVERABLE)
    deliverable.file.save("barriers.pdf", ContentFile(b"%PDF-1.4 draft"), save=True)
    return deliverable


@pytest.fixture
def team_material(team_only_file):
    return MaterialFactory(
        event=Event.objects.get(slug=EVENT.strip("/").rpartition("/")[2]),
        visibility=Material.Visibility.TEAM,
        team=InnovationTeam.objects.get(slug=TEAM.strip("/").rpartition("/")[2]),
        title="Team notes on heat recovery",
    )


@pytest.fixture
def users(demo):
    User = get_user_model()
    other_team_user = User.objects.create_user("katrin", password="a-password-for-katrin")
    other_team_user.groups.add(Group.objects.get(name=PARTICIPANTS))
    Person.objects.filter(email="katrin.albers@north-rhine-westphalia.example").update(
        user=other_team_user
    )
    staff_user = User.objects.create_user("amelia", is_staff=True, password="a-password")
    staff_user.groups.add(Group.objects.get(name=PROGRAMME_STAFF))
    coordinator = User.objects.get(username="demo-coordinator")
    assert list(coordinator.groups.values_list("name", flat=True)) == [COORDINATORS]
    return {
        "anonymous": None,
        "participant": User.objects.get(username="demo-participant"),
        "other_team_participant": other_team_user,
        "coordinator": coordinator,
        "staff": staff_user,
    }


def outcome_of(response):
    if response.streaming:
        return OK if response.status_code == 200 else response.status_code
    if response.status_code == 302:
        return LOGIN if response.url.startswith("/accounts/login/") else REDIRECT
    if response.status_code == 200:
        shows_private = TEAM_ONLY_DELIVERABLE in response.content.decode()
        return PRIVATE if shows_private else OK
    return response.status_code


@pytest.mark.parametrize("role", ROLES)
def test_every_url_gives_each_role_what_the_matrix_says(
    client, users, team_only_file, team_material, role
):
    api_token = ApiTokenFactory(user=users["participant"])
    participant = Person.objects.get(user__username="demo-participant")
    if users[role] is not None:
        client.force_login(users[role])

    outcomes = {}
    for route, (method, path, _expected) in MATRIX.items():
        participant.refresh_from_db(fields=["calendar_token"])
        response = getattr(client, method)(
            path.format(
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
        )
        outcomes[route] = outcome_of(response)
        if users[role] is not None and route in ("accounts/logout/", "me/calendar/reset/"):
            client.force_login(users[role])

    assert outcomes == {route: expected[role] for route, (_, _, expected) in MATRIX.items()}


def test_matrix_size_is_every_url_times_every_role():
    assert (len(MATRIX), len(ROLES)) == (len(list(site_routes())), 5)


def test_team_member_downloads_the_team_only_file_itself(client, users, team_only_file):
    client.force_login(users["participant"])

    response = client.get(f"{TEAM}deliverables/{team_only_file.pk}/file")

    assert b"".join(response.streaming_content) == b"%PDF-1.4 draft"
    assert response["Content-Disposition"].startswith("attachment;")


def test_file_of_a_deliverable_of_another_team_is_a_404(client, users, team_only_file):
    client.force_login(users["participant"])

    response = client.get(
        f"/teams/hydrogen-in-heavy-industry/deliverables/{team_only_file.pk}/file"
    )

    assert response.status_code == 404
