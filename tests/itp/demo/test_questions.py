"""The demo's Katowice workshop asks its registration questions, and a few registrants have
answered them; loading the demo again changes none of it."""

import io

import pytest
from django.core.management import call_command

from workshops.models import Answer, Question

pytestmark = pytest.mark.django_db


def load_demo():
    call_command("load_demo", stdout=io.StringIO())


def test_load_demo_gives_katowice_its_questions_and_some_answers(monkeypatch):
    monkeypatch.setenv("ITP_DEMO_PASSWORD", "a-demo-password-chosen-in-the-environment")
    load_demo()

    questions = Question.objects.filter(event__slug="katowice-workshop")
    assert [(q.label, q.kind, q.required) for q in questions] == [
        ("Dietary needs", "text", False),
        ("Accessibility needs", "text", False),
        ("Do you need a visa invitation letter?", "yes_no", True),
        ("Which field visit?", "choice", False),
    ]
    for question in questions:
        question.full_clean()  # the demo's questions keep the rules staff are held to
    answers = Answer.objects.filter(question__event__slug="katowice-workshop")
    assert answers.values("registration").distinct().count() == 3
    assert set(answers.filter(question__kind="yes_no").values_list("value", flat=True)) == {
        "yes",
        "no",
    }


def test_load_demo_twice_leaves_questions_and_answers_as_they_were(monkeypatch):
    monkeypatch.setenv("ITP_DEMO_PASSWORD", "a-demo-password-chosen-in-the-environment")
    load_demo()
    questions = list(Question.objects.order_by("pk").values())
    answers = list(Answer.objects.order_by("pk").values())

    load_demo()

    assert list(Question.objects.order_by("pk").values()) == questions
    assert list(Answer.objects.order_by("pk").values()) == answers
