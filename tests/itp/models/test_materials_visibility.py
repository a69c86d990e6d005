"""Who sees which material: ``Material.objects.visible_to``, each visibility × each role, on an
event, one of its sessions and a learning from it."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from itp.models import Material
from itp.roles import COORDINATORS, PARTICIPANTS, PROGRAMME_STAFF
from tests.factories import (
    EventFactory,
    InnovationTeamFactory,
    LearningFactory,
    MaterialFactory,
    MembershipFactory,
    PersonFactory,
    RegistrationFactory,
    SessionFactory,
    UserFactory,
)
from workshops.models import Event, Registration

pytestmark = pytest.mark.django_db

PUBLIC = Material.Visibility.PUBLIC
PARTICIPANTS_ONLY = Material.Visibility.PARTICIPANTS
TEAM = Material.Visibility.TEAM
STAFF = Material.Visibility.STAFF
EVERY_VISIBILITY = {PUBLIC, PARTICIPANTS_ONLY, TEAM, STAFF}

# What each role sees of the materials of an event it is (or is not) tied to.
EXPECTED = {
    "anonymous": {PUBLIC},
    "participant registered": {PUBLIC, PARTICIPANTS_ONLY},
    "participant who attended": {PUBLIC, PARTICIPANTS_ONLY},
    "participant marked absent": {PUBLIC, PARTICIPANTS_ONLY},
    "participant waitlisted": {PUBLIC},
    "participant who cancelled": {PUBLIC},
    "participant registered for another event": {PUBLIC},
    "participant not registered": {PUBLIC},
    "team member": {PUBLIC, TEAM},
    "former team member": {PUBLIC},
    "member of another team": {PUBLIC},
    "coordinator": {PUBLIC},
    "coordinator registered": {PUBLIC, PARTICIPANTS_ONLY},
    "staff": EVERY_VISIBILITY,
    "superuser": EVERY_VISIBILITY,
}


def participant_user(**person):
    return PersonFactory(user=UserFactory(roles=[PARTICIPANTS]), **person).user


def registered(event, status):
    person = PersonFactory(user=UserFactory(roles=[PARTICIPANTS]))
    waitlist_order = 1 if status == Registration.Status.WAITLISTED else None
    RegistrationFactory(event=event, person=person, status=status, waitlist_order=waitlist_order)
    return person.user


def member_of(team, **membership):
    person = PersonFactory(user=UserFactory(roles=[PARTICIPANTS]))
    MembershipFactory(team=team, person=person, **membership)
    return person.user


def users(event, team):
    coordinator_registered = PersonFactory(user=UserFactory(is_staff=True, roles=[COORDINATORS]))
    RegistrationFactory(event=event, person=coordinator_registered)
    today = timezone.localdate()
    return {
        "anonymous": AnonymousUser(),
        "participant registered": registered(event, Registration.Status.REGISTERED),
        "participant who attended": registered(event, Registration.Status.ATTENDED),
        "participant marked absent": registered(event, Registration.Status.ABSENT),
        "participant waitlisted": registered(event, Registration.Status.WAITLISTED),
        "participant who cancelled": registered(event, Registration.Status.CANCELLED),
        "participant registered for another event": registered(
            EventFactory(), Registration.Status.REGISTERED
        ),
        "participant not registered": participant_user(),
        "team member": member_of(team),
        "former team member": member_of(
            team,
            started_on=team.starts_on,
            ended_on=today - datetime.timedelta(days=1),
        ),
        "member of another team": member_of(InnovationTeamFactory()),
        "coordinator": UserFactory(is_staff=True, roles=[COORDINATORS]),
        "coordinator registered": coordinator_registered.user,
        "staff": UserFactory(is_staff=True, roles=[PROGRAMME_STAFF]),
        "superuser": UserFactory(is_staff=True, is_superuser=True),
    }


def one_of_each_visibility(team, **owner):
    for visibility in EVERY_VISIBILITY:
        MaterialFactory(
            visibility=visibility,
            team=team if visibility == TEAM else None,
            title=f"{visibility} material",
            **owner,
        )


def owners(event):
    return {
        "event": {"event": event},
        "session": {"event": None, "session": SessionFactory(event=event)},
        "learning": {
            "event": None,
            "learning": LearningFactory(
                source_event=event, is_published=True, published_on=datetime.date(2025, 5, 5)
            ),
        },
    }


@pytest.mark.parametrize("owner", ["event", "session", "learning"])
def test_each_role_sees_the_materials_its_visibility_names(owner):
    event = EventFactory()
    team = InnovationTeamFactory()
    one_of_each_visibility(team, **owners(event)[owner])
    # Materials of another event, shown to its participants and a team: never leak.
    other_event = EventFactory()
    one_of_each_visibility(InnovationTeamFactory(), event=other_event)

    seen = {
        role: set(
            Material.objects.visible_to(user)
            .filter(**{f"{owner}__isnull": False})
            .exclude(event=other_event)
            .values_list("visibility", flat=True)
        )
        for role, user in users(event, team).items()
    }

    assert seen == EXPECTED


@pytest.mark.parametrize("role", ["staff", "superuser"])
def test_staff_see_materials_of_other_events_and_teams_too(role):
    one_of_each_visibility(InnovationTeamFactory(), event=EventFactory())
    user = users(EventFactory(), InnovationTeamFactory())[role]

    assert Material.objects.visible_to(user).count() == len(EVERY_VISIBILITY)


def test_a_material_is_listed_once_however_many_ways_it_is_seen():
    event = EventFactory()
    material = MaterialFactory(visibility=PARTICIPANTS_ONLY, event=event)
    user = registered(event, Registration.Status.REGISTERED)
    # A second registration of someone else and a session make the joins wider.
    RegistrationFactory(event=event)
    SessionFactory(event=event)

    assert list(Material.objects.visible_to(user)) == [material]


@pytest.mark.parametrize("owner", ["event", "session"])
@pytest.mark.parametrize(
    ("role", "sees"),
    [
        ("anonymous", False),
        ("participant registered", False),
        ("coordinator", True),
        ("staff", True),
    ],
)
def test_materials_of_a_draft_event_only_for_those_who_see_drafts(owner, role, sees):
    event = EventFactory(status=Event.Status.DRAFT)
    MaterialFactory(visibility=PUBLIC, **owners(event)[owner])
    user = users(event, InnovationTeamFactory())[role]

    assert Material.objects.visible_to(user).exists() is sees


def test_materials_of_a_cancelled_event_stay_visible():
    event = EventFactory(status=Event.Status.CANCELLED)
    MaterialFactory(visibility=PUBLIC, event=event)

    assert Material.objects.visible_to(AnonymousUser()).count() == 1


@pytest.mark.parametrize(
    ("role", "sees"),
    [("anonymous", False), ("participant registered", False), ("staff", True)],
)
def test_materials_of_an_unpublished_learning_only_for_staff(role, sees):
    event = EventFactory()
    MaterialFactory(visibility=PUBLIC, event=None, learning=LearningFactory(source_event=event))
    user = users(event, InnovationTeamFactory())[role]

    assert Material.objects.visible_to(user).exists() is sees


def test_a_team_material_is_not_shown_to_a_member_who_has_not_started_yet():
    team = InnovationTeamFactory()
    MaterialFactory(visibility=TEAM, team=team)
    user = member_of(team, started_on=timezone.localdate() + datetime.timedelta(days=1))

    assert not Material.objects.visible_to(user).exists()


def test_an_inactive_staff_account_sees_only_public_materials():
    one_of_each_visibility(InnovationTeamFactory(), event=EventFactory())
    user = UserFactory(is_staff=True, roles=[PROGRAMME_STAFF], is_active=False)

    assert set(Material.objects.visible_to(user).values_list("visibility", flat=True)) == {PUBLIC}
