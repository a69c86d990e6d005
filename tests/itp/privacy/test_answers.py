"""A person's answers to registration questions: in their data export, gone when they are
anonymised."""

import io
import json

import pytest
from django.core.management import call_command

from itp.privacy.personal_data import anonymise_person, personal_data
from tests.factories import AnswerFactory, PersonFactory, QuestionFactory, RegistrationFactory
from workshops.models import Answer, Question, Registration

pytestmark = pytest.mark.django_db


def answered(person):
    """``person`` registered with two answers; someone else with one, to the same event."""
    diet = QuestionFactory(label="Dietary needs", position=0)
    visa = QuestionFactory(
        event=diet.event,
        label="Do you need a visa invitation letter?",
        kind=Question.Kind.YES_NO,
        position=1,
    )
    registration = RegistrationFactory(event=diet.event, person=person)
    AnswerFactory(registration=registration, question=visa, value="yes")
    AnswerFactory(registration=registration, question=diet, value="Gluten-free")
    AnswerFactory(question=diet, value="Vegan")
    return registration


def test_export_person_data_includes_the_answers_in_the_order_of_the_questions():
    person = PersonFactory(email="anna@silesia.example")
    answered(person)

    stdout = io.StringIO()
    call_command("export_person_data", "anna@silesia.example", stdout=stdout)

    (registration,) = json.loads(stdout.getvalue())["registrations"]
    assert registration["answers"] == [
        {"question": "Dietary needs", "answer": "Gluten-free"},
        {"question": "Do you need a visa invitation letter?", "answer": "yes"},
    ]


def test_export_person_data_reads_the_answers_in_one_query_whatever_the_registrations(
    django_assert_max_num_queries,
):
    person = PersonFactory()
    answered(person)
    answered(person)
    personal_data(person)  # warms the caches of the content types and the like

    with django_assert_max_num_queries(9) as captured:
        personal_data(person)
    answer_queries = [query for query in captured if "workshops_answer" in query["sql"]]
    assert len(answer_queries) == 1


def test_anonymise_person_deletes_their_answers_and_keeps_their_registrations():
    person = PersonFactory()
    registration = answered(person)

    anonymise_person(person=person)

    assert not Answer.objects.filter(registration__person=person).exists()
    assert Registration.objects.filter(pk=registration.pk).exists()
    assert list(Answer.objects.values_list("value", flat=True)) == ["Vegan"]
    assert personal_data(person)["registrations"][0]["answers"] == []
