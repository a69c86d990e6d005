"""The programme the query counts are measured on: the focus objects the pages are about,
and ``populate`` rounds that add more of everything they show."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.tokens import default_token_generator
from django.db.models import F
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from itp.models import ApiToken, Learning, Material
from regions.models import Government, Person
from teams.models import Deliverable, Secondment
from tests.factories import (
    AnswerFactory,
    ApiTokenFactory,
    DeliverableFactory,
    EventFactory,
    FeedbackResponseFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    LearningFactory,
    MaterialFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    QuestionFactory,
    RegistrationFactory,
    SecondmentFactory,
    SessionFactory,
    ThemeFactory,
)
from workshops.feedback import feedback_token
from workshops.models import Event, Question, Registration, Session

from .cases import DAY, LARGE, SEARCH_WORD

QUESTION_KINDS = (Question.Kind.TEXT, Question.Kind.CHOICE, Question.Kind.YES_NO)


@dataclass
class Focus:
    """The objects the pages are about, and the users who look at them."""

    groups: dict
    theme: object
    government: object
    event: object
    full_event: object
    team: object
    learning: object
    participant: Person
    file_deliverable: Deliverable
    users: dict


def populate(n, focus):
    """Add ``n`` of everything the pages show, around the focus objects and beside them.

    Each round adds a government (member of the focus team, with a team of its own), a theme,
    an organisation, people of both governments, an event (upcoming and past in turn) with
    sessions, registrations, a session of the focus webinar with speakers, team memberships
    and deliverables, secondments out of, into and by the focus participant, and learnings.
    """
    today = timezone.localdate()
    now = timezone.now().replace(microsecond=0)
    offset = Person.objects.count()  # keeps the participant's secondments from overlapping
    for index in range(n):
        theme = ThemeFactory()
        government = GovernmentFactory(themes=[theme, focus.theme])
        organisation = OrganisationFactory()
        local = PersonFactory(government=focus.government, consents_to_public_listing=True)
        visitor = PersonFactory(government=government, consents_to_public_listing=index % 2 == 0)
        expert = PersonFactory(
            government=None, organisation=organisation, consents_to_public_listing=False
        )

        # Events: upcoming and past in turn, hosted by the focus government.
        starts_at = now + (index + 1) * DAY if index % 2 else now - (index + 1) * DAY
        event = EventFactory(
            kind=Event.Kind.WEBINAR if index % 3 else Event.Kind.WORKSHOP,
            starts_at=starts_at,
            ends_at=starts_at + DAY / 4,
            host_government=focus.government,
            themes=[theme, focus.theme],
        )
        SessionFactory(event=event, speakers=[local, expert], themes=[theme])
        SessionFactory(
            event=event,
            kind=Session.Kind.SITE_VISIT,
            starts_at=starts_at + DAY / 8,
            host_organisation=organisation,
        )
        past = starts_at < now
        RegistrationFactory(
            event=event,
            person=focus.participant,
            status=Registration.Status.ATTENDED if past else Registration.Status.REGISTERED,
        )
        # The participant's API tokens, used and not yet.
        ApiTokenFactory(user=focus.participant.user, last_used=now if index % 2 else None)
        RegistrationFactory(
            event=event,
            person=visitor,
            status=Registration.Status.ABSENT if past else Registration.Status.REGISTERED,
        )
        focus_session = SessionFactory(
            event=focus.event,
            starts_at=focus.event.starts_at + index * datetime.timedelta(minutes=30),
            speakers=[local, visitor, expert],
            themes=[theme],
            host_organisation=organisation,
            kind=Session.Kind.SITE_VISIT,
        )
        RegistrationFactory(event=focus.event, person=local)
        RegistrationFactory(event=focus.event, person=visitor, status="cancelled")

        # Registration questions of the webinar (none required, so that a registration posted
        # without answers is taken), and the local person's answers.
        question = QuestionFactory(
            event=focus.event,
            kind=QUESTION_KINDS[index % 3],
            choices="Online\nIn the room" if index % 3 == 1 else "",
        )
        AnswerFactory(
            registration=Registration.objects.get(event=focus.event, person=local),
            question=question,
            value={"text": "Vegetarian", "choice": "Online", "yes_no": "yes"}[question.kind],
        )

        # Materials of every visibility on the webinar, its new session and the learning.
        for owner in ({"event": focus.event}, {"event": None, "session": focus_session}):
            for visibility in Material.Visibility:
                team = focus.team if visibility == Material.Visibility.TEAM else None
                MaterialFactory(visibility=visibility, team=team, **owner)
        MaterialFactory(recording=True, event=focus.event)
        for visibility in ("public", "team", "staff"):
            team = focus.team if visibility == Material.Visibility.TEAM else None
            MaterialFactory(visibility=visibility, team=team, event=None, learning=focus.learning)
        RegistrationFactory(event=focus.full_event, person=local)
        Event.objects.filter(pk=focus.full_event.pk).update(capacity=F("capacity") + 1)
        waitlist_order = Registration.objects.filter(event=focus.full_event).count() + 1
        RegistrationFactory(
            event=focus.full_event,
            person=visitor,
            status=Registration.Status.WAITLISTED,
            waitlist_order=waitlist_order,
        )

        # Teams: the focus team grows; a team of the new government has the participant.
        focus.team.member_governments.add(government)
        MembershipFactory(team=focus.team, person=local)
        MembershipFactory(team=focus.team, person=expert, role="expert_adviser")
        DeliverableFactory(team=focus.team, visibility=Deliverable.Visibility.PUBLIC)
        DeliverableFactory(team=focus.team, file=f"deliverables/2025/plan-{index}.pdf")
        DeliverableFactory(
            team=focus.team,
            status=Deliverable.Status.DONE,
            completed_on=today,
            due_on=today - DAY,
            visibility=Deliverable.Visibility.PUBLIC,
        )
        team = InnovationTeamFactory(
            theme=theme, lead_government=government, member_governments=[focus.government]
        )
        MembershipFactory(team=team, person=focus.participant)
        MembershipFactory(team=team, person=visitor)
        DeliverableFactory(team=team, file=f"deliverables/2025/roadmap-{index}.pdf")
        DeliverableFactory(team=team, visibility=Deliverable.Visibility.PUBLIC, due_on=today - DAY)

        # Secondments: out of and into the focus government, and the participant's own.
        SecondmentFactory(
            person=local,
            host_government=government,
            theme=focus.theme,
            team=focus.team,
            status=Secondment.Status.APPROVED,
        )
        SecondmentFactory(
            person=visitor, host_government=focus.government, status=Secondment.Status.UNDER_WAY
        )
        SecondmentFactory(
            person=expert,
            home_government=government,
            host_government=None,
            host_organisation=organisation,
            status=Secondment.Status.COMPLETED,
        )
        starts_on = today + (offset + index) * 100 * DAY
        SecondmentFactory(
            person=focus.participant,
            host_government=None if index % 2 else government,
            host_organisation=organisation if index % 2 else None,
            theme=theme,
            starts_on=starts_on,
            ends_on=starts_on + 30 * DAY,
            status=Secondment.Status.APPROVED if index % 2 else Secondment.Status.PROPOSED,
        )

        # Learnings about the focus government, from each kind of source in turn.
        sources = [
            {"source_event": event},
            {"source_team": team},
            {"source_secondment": Secondment.objects.filter(person=local).first()},
        ]
        LearningFactory(
            government=focus.government,
            organisation=organisation,
            is_published=True,
            published_on=today - index * DAY,
            themes=[theme, focus.theme],
            **sources[index % 3],
        )
        focus.learning.themes.add(theme)

        # The month calendar: an event over three days from now, cancelled every other round.
        EventFactory(
            starts_at=now + index * datetime.timedelta(hours=1),
            ends_at=now + 2 * DAY,
            status=Event.Status.CANCELLED if index % 2 else Event.Status.PUBLISHED,
            themes=[theme],
        )

        # The participant's page: a session they speak at (and one of a draft event, which
        # it leaves out), and a learning from their secondment.
        SessionFactory(event=event, speakers=[focus.participant])
        SessionFactory(event=EventFactory(status=Event.Status.DRAFT), speakers=[focus.participant])
        LearningFactory(
            is_published=True,
            published_on=today,
            source_secondment=Secondment.objects.filter(person=focus.participant).last(),
        )
        add_search_matches(government, event)

        # The feedback report: the participant's answer on each past event.
        if past:
            FeedbackResponseFactory(
                registration=Registration.objects.get(event=event, person=focus.participant),
                useful=f"{SEARCH_WORD} maps",
                change="Longer breakouts.",
            )


def add_search_matches(government, event):
    """Rows of every type the site search finds for ``SEARCH_WORD`` (events, sessions and
    learnings of the round match it already): a listed person and one who is not, a team, an
    organisation, a material (and the round's government: its summary)."""
    words = f"{SEARCH_WORD} recovery"
    PersonFactory(government=government, consents_to_public_listing=True, biography=words)
    PersonFactory(government=government, consents_to_public_listing=False, job_title=words)
    InnovationTeamFactory(lead_government=government, summary=words)
    OrganisationFactory(name=f"{SEARCH_WORD.title()} works {government.slug}")
    Government.objects.filter(pk=government.pk).update(summary=words)
    MaterialFactory(recording=True, event=event, title=f"Recording: {words}")


def fill_in(path, focus):
    participant = Person.objects.select_related("user").get(pk=focus.participant.pk)
    user = participant.user
    return path.format(
        token=participant.calendar_token,
        deliverable=focus.file_deliverable.pk,
        material=Material.objects.filter(event=focus.event, visibility="participants")
        .order_by("pk")
        .values_list("uuid", flat=True)
        .first(),
        uid=urlsafe_base64_encode(force_bytes(user.pk)),
        reset_token=default_token_generator.make_token(user),
        feedback=feedback_token(focus.survey) if getattr(focus, "survey", None) else "",
        secondment=Secondment.objects.public().order_by("pk").values_list("pk", flat=True).first(),
        api_token=focus.api_token.pk if getattr(focus, "api_token", None) else "",
        registration=focus.registration.pk if getattr(focus, "registration", None) else "",
    )


def rows_per_round(focus):
    """The rows the focus objects' pages list (beside the focus objects themselves), divided
    by the number of populate() rounds that made them."""
    participant, team, government = focus.participant, focus.team, focus.government
    rows = {
        "governments with the focus theme": Government.objects.filter(themes=focus.theme)
        .exclude(pk=government.pk)
        .count(),
        "events hosted": Event.objects.filter(host_government=government)
        .exclude(pk__in=[focus.event.pk, focus.full_event.pk])
        .count(),
        "sessions of the webinar": focus.event.sessions.count(),
        # People without a login: those the POST cases made are left out.
        "registrations for the webinar": focus.event.registrations.filter(
            person__user=None
        ).count(),
        "registrations of the participant": participant.registrations.exclude(
            event=focus.event
        ).count(),
        "teams of the participant": participant.memberships.exclude(team=team).count(),
        "secondments of the participant": participant.secondments.exclude(
            status=Secondment.Status.COMPLETED
        ).count(),
        "members of the team": team.memberships.exclude(person=participant).count(),
        "deliverables of the team": team.deliverables.exclude(pk=focus.file_deliverable.pk).count(),
        "learnings about the government": Learning.objects.filter(government=government)
        .exclude(pk=focus.learning.pk)
        .count(),
        "themes of the learning": focus.learning.themes.exclude(pk=focus.theme.pk).count(),
        "sessions the participant speaks at": participant.sessions_spoken_at.filter(
            event__status=Event.Status.PUBLISHED
        ).count(),
        "materials of the webinar and its sessions": Material.objects.of_event(focus.event).count(),
        "materials of the learning": focus.learning.materials.count(),
        "API tokens of the participant": ApiToken.objects.filter(user=participant.user).count(),
    }
    return {name: count / LARGE for name, count in rows.items()}
