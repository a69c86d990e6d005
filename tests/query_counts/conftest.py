"""The focus objects of the query-count tests."""

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from itp.roles import COORDINATORS, PARTICIPANTS, PROGRAMME_STAFF
from teams.models import Secondment
from tests.factories import (
    DeliverableFactory,
    EventFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    LearningFactory,
    MembershipFactory,
    PersonFactory,
    RegistrationFactory,
    SecondmentFactory,
    ThemeFactory,
    UserFactory,
)
from workshops.models import Event

from .cases import DAY, EVENT, FULL_EVENT, GOVERNMENT, LEARNING, PERSON, TEAM, THEME
from .programme import Focus


@pytest.fixture
def focus(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    groups = {group.name: group for group in Group.objects.all()}
    theme = ThemeFactory(name="Focus theme", slug=THEME)
    government = GovernmentFactory(name="Focus region", slug=GOVERNMENT, themes=[theme])
    now = timezone.now().replace(microsecond=0)
    event = EventFactory(
        title="Focus webinar",
        slug=EVENT,
        kind=Event.Kind.WEBINAR,
        starts_at=now + 20 * DAY,
        ends_at=now + 22 * DAY,
        capacity=10_000,
        host_government=government,
        join_url="https://meet.example.org/focus",
        themes=[theme],
    )
    full_event = EventFactory(
        title="Focus full workshop",
        slug=FULL_EVENT,
        starts_at=now + 25 * DAY,
        ends_at=now + 25 * DAY + DAY / 3,
        capacity=0,
        host_government=government,
        themes=[theme],
        # A quota in force: the page lists every government's seats left.
        seats_per_government=100,
        quota_released_at=now + 20 * DAY,
    )
    team = InnovationTeamFactory(
        name="Focus team", slug=TEAM, theme=theme, lead_government=government
    )
    participant = PersonFactory(
        name="Focus participant", slug=PERSON, government=government, user=UserFactory()
    )
    participant.user.groups.add(groups[PARTICIPANTS])
    MembershipFactory(team=team, person=participant, role="lead")
    RegistrationFactory(event=event, person=participant)
    file_deliverable = DeliverableFactory(team=team)
    file_deliverable.file.save("barriers.pdf", ContentFile(b"%PDF-1.4 draft"), save=True)
    source = SecondmentFactory(
        person=participant,
        host_government=GovernmentFactory(),
        status=Secondment.Status.COMPLETED,
        starts_on=timezone.localdate() - 400 * DAY,
        ends_on=timezone.localdate() - 300 * DAY,
    )
    learning = LearningFactory(
        slug=LEARNING,
        government=government,
        source_secondment=source,
        is_published=True,
        published_on=timezone.localdate(),
        themes=[theme],
    )
    coordinator = UserFactory(is_staff=True)
    coordinator.groups.add(groups[COORDINATORS])
    staff = UserFactory(is_staff=True)
    staff.groups.add(groups[PROGRAMME_STAFF])
    return Focus(
        groups=groups,
        theme=theme,
        government=government,
        event=event,
        full_event=full_event,
        team=team,
        learning=learning,
        participant=participant,
        file_deliverable=file_deliverable,
        users={
            "anonymous": None,
            "participant": participant.user,
            "team_member": participant.user,
            "coordinator": coordinator,
            "staff": staff,
        },
    )
