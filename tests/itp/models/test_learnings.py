"""A learning's integrity: the database and clean() refuse what the model forbids."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from itp.models import Learning
from tests.factories import (
    EventFactory,
    InnovationTeamFactory,
    LearningFactory,
    SecondmentFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

MAY_5 = datetime.date(2025, 5, 5)


def published_state(learning):
    saved = Learning.objects.get(pk=learning.pk)
    return (saved.is_published, saved.published_on)


def test_learning_published_without_date_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Learning.objects.create(
            title="Heat networks in industrial parks",
            slug="heat-networks-in-industrial-parks",
            summary="Sharing heat cuts emissions.",
            is_published=True,
            published_on=None,
        )

    assert Learning.objects.count() == 0


def test_learning_unpublished_with_a_date_is_accepted_by_the_database():
    learning = LearningFactory(is_published=False, published_on=MAY_5)

    assert published_state(learning) == (False, MAY_5)


@pytest.mark.parametrize(
    "sources",
    [
        ("source_event", "source_team"),
        ("source_event", "source_secondment"),
        ("source_team", "source_secondment"),
        ("source_event", "source_team", "source_secondment"),
    ],
    ids=["event-and-team", "event-and-secondment", "team-and-secondment", "all-three"],
)
def test_learning_with_two_sources_is_refused_by_the_database(sources):
    learning = LearningFactory()
    candidates = {
        "source_event": EventFactory(),
        "source_team": InnovationTeamFactory(),
        "source_secondment": SecondmentFactory(),
    }
    for field in sources:
        setattr(learning, field, candidates[field])

    with pytest.raises(IntegrityError), transaction.atomic():
        learning.save()

    saved = Learning.objects.get(pk=learning.pk)
    assert (saved.source_event, saved.source_team, saved.source_secondment) == (None, None, None)


@pytest.mark.parametrize(
    ("field", "source_factory"),
    [
        ("source_event", EventFactory),
        ("source_team", InnovationTeamFactory),
        ("source_secondment", SecondmentFactory),
    ],
    ids=["event", "team", "secondment"],
)
def test_learning_with_one_source_is_accepted_by_the_database(field, source_factory):
    source = source_factory()

    learning = LearningFactory(**{field: source})

    assert getattr(Learning.objects.get(pk=learning.pk), field) == source


# clean(): the messages forms and the admin show.


def test_learning_clean_with_two_sources_reports_on_source_event():
    learning = LearningFactory.build(
        source_team=InnovationTeamFactory(), source_secondment=SecondmentFactory()
    )

    with pytest.raises(ValidationError) as raised:
        learning.clean()

    assert raised.value.message_dict == {
        "source_event": ["A learning comes from one event, team or secondment at most."]
    }


def test_learning_clean_published_without_date_reports_on_published_on():
    learning = LearningFactory.build(is_published=True, published_on=None)

    with pytest.raises(ValidationError) as raised:
        learning.clean()

    assert raised.value.message_dict == {"published_on": ["Say when the learning was published."]}


def test_learning_full_clean_with_one_source_and_themes_passes():
    theme = ThemeFactory()
    learning = LearningFactory(
        source_team=InnovationTeamFactory(), is_published=True, published_on=MAY_5, themes=[theme]
    )

    learning.full_clean()

    assert list(learning.themes.all()) == [theme]
