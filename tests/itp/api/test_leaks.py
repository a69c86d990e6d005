"""Nothing private ever reaches the public API: drafts, join links, team-only deliverables,
e-mail addresses, unlisted people, secondments not yet approved, unpublished learnings."""

import datetime

import pytest

from teams.models import Deliverable, Secondment
from tests.factories import (
    DeliverableFactory,
    EventFactory,
    InnovationTeamFactory,
    LearningFactory,
    MembershipFactory,
    PersonFactory,
    SecondmentFactory,
    SessionFactory,
)
from workshops.models import Event

pytestmark = pytest.mark.django_db


def everything_public(client):
    """Every public list and the detail of each object in it, as one text."""
    texts = []
    for collection in ("governments", "themes", "events", "teams", "secondments", "learnings"):
        listing = client.get(f"/api/v1/{collection}/?page_size=200")
        texts.append(listing.content.decode())
        for item in listing.json()["results"]:
            texts.append(client.get(item["url"]).content.decode())
    texts.append(client.get("/api/v1/people/?page_size=200").content.decode())
    return "\n".join(texts)


def test_draft_event_is_neither_listed_nor_readable(client):
    draft = EventFactory(status=Event.Status.DRAFT, title="Secret draft summit")

    assert "Secret draft summit" not in everything_public(client)
    assert client.get(f"/api/v1/events/{draft.slug}/").status_code == 404


def test_cancelled_event_is_shown_as_cancelled(client):
    cancelled = EventFactory(status=Event.Status.CANCELLED)

    assert client.get(f"/api/v1/events/{cancelled.slug}/").json()["status"] == "cancelled"


def test_join_link_never_appears(client):
    EventFactory(join_url="https://meet.example.org/secret-room-4711")

    assert "secret-room-4711" not in everything_public(client)


def test_team_only_deliverable_never_appears(client):
    team = InnovationTeamFactory()
    DeliverableFactory(team=team, title="Confidential regulatory barriers")
    DeliverableFactory(team=team, title="Open roadmap", visibility=Deliverable.Visibility.PUBLIC)

    text = everything_public(client)

    assert "Confidential regulatory barriers" not in text
    assert "Open roadmap" in text


def test_unlisted_people_are_never_named_nor_readable(client):
    unlisted = PersonFactory(name="Hidden Official", consents_to_public_listing=False)
    team = InnovationTeamFactory()
    MembershipFactory(team=team, person=unlisted)
    SecondmentFactory(person=unlisted, status=Secondment.Status.UNDER_WAY)
    SessionFactory(event=EventFactory(), speakers=[unlisted])

    text = everything_public(client)

    assert "Hidden Official" not in text
    assert unlisted.slug not in text
    assert client.get(f"/api/v1/people/{unlisted.slug}/").status_code == 404
    assert client.get(f"/api/v1/teams/{team.slug}/").json()["members"] == [
        {"person": None, "role": "member", "started_on": team.starts_on.isoformat()}
    ]


def test_email_addresses_never_appear(client):
    person = PersonFactory(email="private.address@example.org")
    SecondmentFactory(person=person, status=Secondment.Status.APPROVED)
    MembershipFactory(person=person)
    SessionFactory(speakers=[person])

    assert "private.address@example.org" not in everything_public(client)


@pytest.mark.parametrize("status", [Secondment.Status.PROPOSED, Secondment.Status.CANCELLED])
def test_secondment_not_held_is_neither_listed_nor_readable(client, status):
    secondment = SecondmentFactory(status=status, purpose="Unapproved plan")

    assert "Unapproved plan" not in everything_public(client)
    assert client.get(f"/api/v1/secondments/{secondment.pk}/").status_code == 404


def test_unpublished_learning_is_neither_listed_nor_readable(client):
    draft = LearningFactory(title="Unfinished lesson")

    assert "Unfinished lesson" not in everything_public(client)
    assert client.get(f"/api/v1/learnings/{draft.slug}/").status_code == 404


def test_learning_does_not_point_to_a_draft_event_or_an_unheld_secondment(client):
    draft = EventFactory(status=Event.Status.DRAFT)
    proposed = SecondmentFactory(status=Secondment.Status.PROPOSED)
    from_draft = LearningFactory(
        is_published=True, published_on=datetime.date(2030, 1, 1), source_event=draft
    )
    from_proposal = LearningFactory(
        is_published=True, published_on=datetime.date(2030, 1, 1), source_secondment=proposed
    )

    text = everything_public(client)

    assert draft.slug not in text
    assert client.get(f"/api/v1/learnings/{from_draft.slug}/").json()["source_event"] is None
    assert (
        client.get(f"/api/v1/learnings/{from_proposal.slug}/").json()["source_secondment"] is None
    )
