"""Publishing and withdrawing a learning."""

import datetime

import pytest
from django.utils import timezone

from itp.learnings.services import publish_learning, unpublish_learning
from itp.models import Learning
from tests.factories import LearningFactory

pytestmark = pytest.mark.django_db

MAY_5 = datetime.date(2025, 5, 5)


def published_state(learning):
    saved = Learning.objects.get(pk=learning.pk)
    return (saved.is_published, saved.published_on)


def test_publish_learning_dates_it_today_by_default():
    learning = LearningFactory()

    published = publish_learning(learning=learning)

    assert published_state(learning) == (True, timezone.localdate())
    assert (published.is_published, published.published_on) == (True, timezone.localdate())


def test_publish_learning_takes_the_given_date():
    learning = LearningFactory()

    publish_learning(learning=learning, published_on=MAY_5)

    assert published_state(learning) == (True, MAY_5)


def test_publish_learning_published_before_keeps_its_date():
    learning = LearningFactory()
    publish_learning(learning=learning, published_on=MAY_5)
    unpublish_learning(learning=learning)

    publish_learning(learning=learning)

    assert published_state(learning) == (True, MAY_5)


def test_publish_learning_already_published_keeps_its_date():
    learning = LearningFactory(is_published=True, published_on=MAY_5)

    publish_learning(learning=learning, published_on=timezone.localdate())

    assert published_state(learning) == (True, MAY_5)


def test_publish_learning_makes_it_listed_as_published():
    learning = LearningFactory()
    LearningFactory()

    publish_learning(learning=learning)

    assert list(Learning.objects.published()) == [learning]


def test_unpublish_learning_keeps_the_date():
    learning = LearningFactory(is_published=True, published_on=MAY_5)

    withdrawn = unpublish_learning(learning=learning)

    assert published_state(learning) == (False, MAY_5)
    assert withdrawn.is_published is False
    assert list(Learning.objects.published()) == []


def test_unpublish_learning_never_published_leaves_it_undated():
    learning = LearningFactory()

    unpublish_learning(learning=learning)

    assert published_state(learning) == (False, None)
