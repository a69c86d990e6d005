"""The query-count cases: each URL of the site, requested as the role that sees the most of
it, with the objects a case needs prepared."""

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db.models import F
from django.utils import timezone

from itp.roles import PARTICIPANTS
from tests.factories import (
    ApiTokenFactory,
    EventFactory,
    FeedbackResponseFactory,
    PersonFactory,
    RegistrationFactory,
    UserFactory,
)
from workshops.models import Event, Registration

SMALL = 2
LARGE = 10 * SMALL

DAY = datetime.timedelta(days=1)

# The objects the pages are requested for: each gains rows with every populate().
GOVERNMENT = "focus-region"
EVENT = "focus-webinar"
FULL_EVENT = "focus-full-workshop"
TEAM = "focus-team"
LEARNING = "focus-learning"
THEME = "focus-theme"
PERSON = "focus-participant"  # the focus participant's page (regions.Person.slug)
REPORTS = ("programme-summary", "participation", "attendance", "teams", "secondments", "feedback")
REPORT_QUERY = {"attendance": f"?event={EVENT}"}
NEWCOMER = "new participant"  # a participant made just before the request
# What the search cases look for: every type of result has rows populate() adds that match.
SEARCH_WORD = "heat"


@dataclass(frozen=True)
class Case:
    """One request: who makes it, to which path, and what must exist just before it.

    ``path`` may name ``{token}``, ``{deliverable}``, ``{material}``, ``{uid}``,
    ``{reset_token}``, ``{secondment}`` (the first public one's id), ``{feedback}`` (the
    survey link of the attendee ``prepare`` made) and ``{api_token}`` (the id of the token
    ``prepare`` made), which are filled in right before the request (outside the count).
    ``prepare(focus)`` runs outside the count too, and returns the user to log in as for roles
    made per request.
    ``status`` is the response's, checked so that a case cannot count the wrong page (a
    redirect to the login page, a 404) without failing.
    ``body``, when given, is sent as JSON (the API's writes); ``{registration}`` in ``path``
    is the registration ``prepare`` left on ``focus.registration``.
    """

    role: str
    path: str
    method: str = "get"
    prepare: object = field(default=None, compare=False)
    status: int = 200
    data: dict = field(default=None, compare=False)  # a POST's form
    body: object = field(default=None, compare=False)

    @property
    def label(self):
        return f"{self.method.upper()} {self.path} as {self.role}"


# The POST cases are made by a new participant each time, so every count takes the same path
# through the service whatever the cases before it did.


def newcomer(focus):
    """A participant of the focus government with a login and no registration yet."""
    person = PersonFactory(government=focus.government, user=UserFactory())
    person.user.groups.add(focus.groups[PARTICIPANTS])
    return person.user


def seat_holder_of_open_event(focus):
    user = newcomer(focus)
    RegistrationFactory(event=focus.event, person=user.person)
    return user


def seat_holder_of_full_event(focus):
    """Someone whose seat at the full event goes to the first person on its waitlist."""
    user = newcomer(focus)
    Event.objects.filter(pk=focus.full_event.pk).update(capacity=F("capacity") + 1)
    RegistrationFactory(event=focus.full_event, person=user.person)
    return user


def waitlisted_at_full_event(focus):
    user = newcomer(focus)
    last = Registration.objects.filter(event=focus.full_event).count() + 1
    RegistrationFactory(
        event=focus.full_event,
        person=user.person,
        status=Registration.Status.WAITLISTED,
        waitlist_order=last,
    )
    return user


def token_holder(focus):
    """A new participant with an API token, the one the case revokes."""
    user = newcomer(focus)
    focus.api_token = ApiTokenFactory(user=user)
    return user


NEW_TOKEN = {"name": "Weekly figures", "scope": "read", "lifetime_days": "90"}


def photo_of_the_participant(focus):
    """The participant has a photo (made once); the visitor is anonymous."""
    participant = focus.participant
    if not participant.photo:
        participant.photo.save("photo.jpg", ContentFile(b"\xff\xd8 a photo"), save=True)


PAST_EVENT = "focus-past-workshop"


def attendee(focus):
    """A new attendee of the focus theme's workshop that ended yesterday, whose survey link
    ``fill_in`` writes; the visitor is anonymous."""
    event = Event.objects.filter(slug=PAST_EVENT).first()
    if event is None:
        ends_at = timezone.now().replace(microsecond=0) - DAY
        event = EventFactory(
            slug=PAST_EVENT, starts_at=ends_at - DAY / 3, ends_at=ends_at, themes=[focus.theme]
        )
    focus.survey = RegistrationFactory(event=event, status=Registration.Status.ATTENDED)


def attendee_who_answered(focus):
    attendee(focus)
    FeedbackResponseFactory(registration=focus.survey)


def api_seat_holder_of_full_event(focus):
    user = seat_holder_of_full_event(focus)
    focus.registration = user.person.registrations.get()
    return user


def api_waitlisted_at_full_event(focus):
    user = waitlisted_at_full_event(focus)
    focus.registration = user.person.registrations.get()
    return user


def anonymous(*paths):
    return tuple(Case("anonymous", path) for path in paths)


# route pattern: the cases that count it
CASES = {
    "": anonymous("/"),
    "healthz": anonymous("/healthz"),
    "governments/": anonymous("/governments/", "/governments/?sort=emissions"),
    "governments/<slug:slug>/": anonymous(f"/governments/{GOVERNMENT}/"),
    "teams/": anonymous("/teams/"),
    "teams/<slug:slug>/": (
        Case("anonymous", f"/teams/{TEAM}/"),
        Case("team_member", f"/teams/{TEAM}/"),
        Case("staff", f"/teams/{TEAM}/"),
    ),
    "teams/<slug:slug>/deliverables/<int:pk>/file": (
        Case("team_member", f"/teams/{TEAM}/deliverables/{{deliverable}}/file"),
    ),
    "secondments/": anonymous(
        "/secondments/",
        f"/secondments/?government={GOVERNMENT}&theme={THEME}&status=approved",
    ),
    "learnings/": anonymous("/learnings/", f"/learnings/?theme={THEME}&government={GOVERNMENT}"),
    # Signed in, the learning's materials for its team and the staff show too.
    "learnings/<slug:slug>/": (
        Case("anonymous", f"/learnings/{LEARNING}/"),
        Case("team_member", f"/learnings/{LEARNING}/"),
        Case("staff", f"/learnings/{LEARNING}/"),
    ),
    "events/": anonymous(
        "/events/",
        "/events/?when=upcoming",
        "/events/?when=past",
        "/events/?kind=webinar",
        f"/events/?theme={THEME}",
        f"/events/?government={GOVERNMENT}",
        f"/events/?kind=workshop&theme={THEME}&government={GOVERNMENT}&when=past",
    )
    # The participant's registrations mark the schedule's rows.
    + (Case("participant", "/events/"), Case("participant", "/events/?when=past")),
    "events/calendar.ics": anonymous("/events/calendar.ics"),
    "events/<slug:slug>/": (
        Case("anonymous", f"/events/{EVENT}/"),
        Case("anonymous", f"/events/{EVENT}/?tz=America/Toronto"),
        Case("participant", f"/events/{EVENT}/"),
        Case("staff", f"/events/{EVENT}/"),
        # A government quota in force: a row per government.
        Case("anonymous", f"/events/{FULL_EVENT}/"),
        Case("participant", f"/events/{FULL_EVENT}/"),
    ),
    "events/<slug:slug>/calendar.ics": anonymous(f"/events/{EVENT}/calendar.ics"),
    # A seat at the open event; the waitlist of the full one. Cancelling a seat at the full
    # event promotes the first person waiting, who is e-mailed.
    "events/<slug:slug>/register/": (
        Case(NEWCOMER, f"/events/{EVENT}/register/", "post", newcomer, 302),
        Case(NEWCOMER, f"/events/{FULL_EVENT}/register/", "post", newcomer, 302),
    ),
    # GET asks to confirm, with the waitlist place or whether someone is waiting for the seat.
    "events/<slug:slug>/cancel/": (
        Case(NEWCOMER, f"/events/{FULL_EVENT}/cancel/", "get", seat_holder_of_full_event),
        Case(NEWCOMER, f"/events/{FULL_EVENT}/cancel/", "get", waitlisted_at_full_event),
        Case(NEWCOMER, f"/events/{EVENT}/cancel/", "post", seat_holder_of_open_event, 302),
        Case(NEWCOMER, f"/events/{FULL_EVENT}/cancel/", "post", seat_holder_of_full_event, 302),
    ),
    # The webinar asks questions (populate() adds them): a seat holder's answers, on the event
    # page and saved again.
    "events/<slug:slug>/answers/": (
        Case(NEWCOMER, f"/events/{EVENT}/", "get", seat_holder_of_open_event),
        Case(NEWCOMER, f"/events/{EVENT}/answers/", "post", seat_holder_of_open_event, 302),
    ),
    # The API: each list and object as anyone reads them, the events' filters too. A page of
    # the API lists up to 50 rows, more than populate() makes.
    "api/schema/": anonymous("/api/schema/"),
    "api/docs/": anonymous("/api/docs/"),
    "api/v1/": anonymous("/api/v1/"),
    "api/^.*$": (Case("anonymous", "/api/v1/nothing/", status=404),),
    "api/v1/^governments/$": anonymous("/api/v1/governments/"),
    "api/v1/^governments/(?P<slug>[^/.]+)/$": anonymous(f"/api/v1/governments/{GOVERNMENT}/"),
    "api/v1/^themes/$": anonymous("/api/v1/themes/"),
    "api/v1/^themes/(?P<slug>[^/.]+)/$": anonymous(f"/api/v1/themes/{THEME}/"),
    "api/v1/^events/$": anonymous(
        "/api/v1/events/",
        f"/api/v1/events/?kind=webinar&theme={THEME}&government={GOVERNMENT}",
        "/api/v1/events/?from=2000-01-01&to=2100-01-01&updated_since=2000-01-01T00:00:00Z",
    )
    + (Case("anonymous", "/api/v1/events/?kind=party", status=400),),
    "api/v1/^events/(?P<slug>[^/.]+)/$": anonymous(f"/api/v1/events/{EVENT}/"),
    "api/v1/^teams/$": anonymous("/api/v1/teams/"),
    "api/v1/^teams/(?P<slug>[^/.]+)/$": anonymous(f"/api/v1/teams/{TEAM}/"),
    "api/v1/^secondments/$": anonymous("/api/v1/secondments/"),
    "api/v1/^secondments/(?P<pk>[^/.]+)/$": anonymous("/api/v1/secondments/{secondment}/"),
    "api/v1/^learnings/$": anonymous("/api/v1/learnings/"),
    "api/v1/^learnings/(?P<slug>[^/.]+)/$": anonymous(f"/api/v1/learnings/{LEARNING}/"),
    "api/v1/^people/$": anonymous("/api/v1/people/"),
    "api/v1/^people/(?P<slug>[^/.]+)/$": anonymous(f"/api/v1/people/{PERSON}/"),
    "me/": (Case("participant", "/me/"),),
    # Saving the profile of a new participant each time: with no data, every choice is "off".
    "me/profile/": (
        Case("participant", "/me/profile/"),
        Case(NEWCOMER, "/me/profile/", "post", newcomer, 302),
    ),
    "me/calendar/reset/": (Case("participant", "/me/calendar/reset/", "post", status=302),),
    "me/calendar/<str:token>.ics": anonymous("/me/calendar/{token}.ics"),
    # The participant's tokens; a new token shown on the page that lists them.
    "me/tokens/": (
        Case("participant", "/me/tokens/"),
        Case(NEWCOMER, "/me/tokens/", "post", newcomer, data=NEW_TOKEN),
    ),
    "me/tokens/<int:pk>/revoke/": (
        Case(NEWCOMER, "/me/tokens/{api_token}/revoke/", "post", token_holder, 302),
    ),
    "reports/": (Case("coordinator", "/reports/"),),
    "reports/<slug:name>/": tuple(
        Case("coordinator", f"/reports/{name}/{REPORT_QUERY.get(name, '')}") for name in REPORTS
    )
    + (Case("coordinator", f"/reports/participation/?government={GOVERNMENT}&theme={THEME}"),),
    "reports/^(?P<name>[-\\w]+)\\.(?P<format>csv|xlsx|pdf)$": tuple(
        Case("coordinator", f"/reports/{name}.{format}{REPORT_QUERY.get(name, '')}")
        for name in REPORTS
        for format in ("csv", "xlsx", "pdf")
    ),
    "search/": anonymous(
        "/search/",
        f"/search/?q={SEARCH_WORD}",
        f"/search/?q={SEARCH_WORD}&type=events",
        f"/search/?q={SEARCH_WORD}&type=people",
    )
    # Staff find drafts and unpublished learnings too.
    + (Case("staff", f"/search/?q={SEARCH_WORD}"),),
    "people/": anonymous("/people/", f"/people/?government={GOVERNMENT}&kind=government_official"),
    "people/<slug:slug>/": (
        Case("anonymous", f"/people/{PERSON}/"),
        Case("participant", f"/people/{PERSON}/"),
    ),
    "people/<slug:slug>/photo/": (
        Case("anonymous", f"/people/{PERSON}/photo/", prepare=photo_of_the_participant),
    ),
    # A material for the webinar's registered participants, downloaded by one of them.
    "materials/<uuid:key>/": (Case("participant", "/materials/{material}/"),),
    # The language menu: for a signed-in person it also reads their record.
    "i18n/setlang/": (
        Case("anonymous", "/i18n/setlang/", "post", status=302),
        Case("participant", "/i18n/setlang/", "post", status=302),
    ),
    "accounts/login/": anonymous("/accounts/login/"),
    "accounts/logout/": (Case("participant", "/accounts/logout/", "post", status=302),),
    "accounts/password_change/": (Case("participant", "/accounts/password_change/"),),
    "accounts/password_change/done/": (Case("participant", "/accounts/password_change/done/"),),
    "accounts/password_reset/": anonymous("/accounts/password_reset/"),
    "accounts/password_reset/done/": anonymous("/accounts/password_reset/done/"),
    # A valid link: Django keeps the token in the session and redirects to the form.
    "accounts/reset/<uidb64>/<token>/": (
        Case("anonymous", "/accounts/reset/{uid}/{reset_token}/", status=302),
    ),
    "accounts/reset/done/": anonymous("/accounts/reset/done/"),
    # This month, where populate() adds events over several days; a month it cannot show.
    "events/calendar/": (
        Case("anonymous", "/events/calendar/"),
        Case("anonymous", "/events/calendar/?tz=America/Toronto"),
        Case("participant", "/events/calendar/"),
        Case("anonymous", "/events/calendar/?month=2026-13", status=400),
    ),
    "learnings/feed/": anonymous("/learnings/feed/"),
    # Every active government (populate() adds one a round) at every half hour of a day; staff
    # also see the buttons that start a draft webinar, and a POST without a slot goes back.
    "events/planner/": (
        Case("coordinator", "/events/planner/?date=2026-03-17&duration=90"),
        Case("staff", "/events/planner/?date=2026-11-30&duration=60&slot=14:00"),
        Case("coordinator", "/events/planner/?date=2026-02-30", status=400),
    ),
    "events/planner/webinar/": (Case("staff", "/events/planner/webinar/", "post", status=302),),
    # The survey after an event, through a new attendee's signed link: the form, the page
    # that says it was answered, and a refused answer (the form shown again with messages).
    # The API's personal routes: the participant's registrations; a newcomer's registering
    # (a seat at the open event, the waitlist of the full one), one registration and its
    # cancelling (the seat at the full event goes to the first person waiting, e-mailed).
    "api/v1/me/registrations/": (
        Case("participant", "/api/v1/me/registrations/"),
        Case("participant", "/api/v1/me/registrations/?status=registered&upcoming=true"),
        Case(NEWCOMER, "/api/v1/me/registrations/", "post", newcomer, 201, body={"event": EVENT}),
        Case(
            NEWCOMER, "/api/v1/me/registrations/", "post", newcomer, 201, body={"event": FULL_EVENT}
        ),
    ),
    "api/v1/me/registrations/<int:pk>/": (
        Case(
            NEWCOMER,
            "/api/v1/me/registrations/{registration}/",
            "get",
            api_waitlisted_at_full_event,
        ),
    ),
    "api/v1/me/registrations/<int:pk>/cancel/": (
        Case(
            NEWCOMER,
            "/api/v1/me/registrations/{registration}/cancel/",
            "post",
            api_seat_holder_of_full_event,
        ),
    ),
    # Report figures, as the report pages above.
    "api/v1/reports/": (Case("coordinator", "/api/v1/reports/"),),
    "api/v1/reports/<slug:name>/": tuple(
        Case("coordinator", f"/api/v1/reports/{name}/{REPORT_QUERY.get(name, '')}")
        for name in REPORTS
    )
    + (
        Case(
            "coordinator", f"/api/v1/reports/participation/?government={GOVERNMENT}&theme={THEME}"
        ),
    ),
    # An event's registrations, with the waitlist places of the full one.
    "api/v1/events/<slug:slug>/registrations/": (
        Case("staff", f"/api/v1/events/{EVENT}/registrations/"),
        Case("staff", f"/api/v1/events/{EVENT}/registrations/?status=registered"),
        Case("staff", f"/api/v1/events/{FULL_EVENT}/registrations/"),
    ),
    "events/<slug:slug>/feedback/<str:token>/": (
        Case("anonymous", f"/events/{PAST_EVENT}/feedback/{{feedback}}/", prepare=attendee),
        Case(
            "anonymous",
            f"/events/{PAST_EVENT}/feedback/{{feedback}}/",
            prepare=attendee_who_answered,
        ),
        Case(
            "anonymous",
            f"/events/{PAST_EVENT}/feedback/{{feedback}}/",
            "post",
            prepare=attendee,
            status=400,
        ),
    ),
}
