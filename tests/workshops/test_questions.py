"""Registration questions: what staff may define, the form a participant answers, the
services that save the answers, and the event page's views."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import (
    AnswerFactory,
    EventFactory,
    PersonFactory,
    QuestionFactory,
    RegistrationFactory,
)
from tests.html import messages_of, text
from tests.workshops.participants import logged_in_participant
from workshops.forms import RegistrationQuestionsForm
from workshops.models import Answer, Question, Registration
from workshops.services import RegistrationRefused, register_for_event, update_answers

pytestmark = pytest.mark.django_db


def visa_question(event, **fields):
    return QuestionFactory(
        event=event,
        label="Do you need a visa invitation letter?",
        kind=Question.Kind.YES_NO,
        required=True,
        **fields,
    )


def field_visit_question(event, **fields):
    return QuestionFactory(
        event=event,
        label="Which field visit?",
        kind=Question.Kind.CHOICE,
        choices="Coal mine museum\nHeat plant",
        **fields,
    )


# The question's own rules


@pytest.mark.parametrize(
    ("choices", "error"),
    [
        ("Only one", "Give at least two choices, one a line."),
        ("Heat plant\nheat plant ", "Give each choice once."),
        ("\n".join(f"Visit {n}" for n in range(21)), "Give at most 20 choices."),
        ("Short\n" + "x" * 101, "Keep each choice to 100 characters."),
    ],
)
def test_question_of_choice_refuses_bad_choices(choices, error):
    question = Question(
        event=EventFactory(), label="Which visit?", kind=Question.Kind.CHOICE, choices=choices
    )

    with pytest.raises(ValidationError) as refused:
        question.full_clean()

    assert refused.value.message_dict["choices"] == [error]


def test_question_of_choice_keeps_its_choices_trimmed_one_a_line():
    question = Question(
        event=EventFactory(),
        label="Which visit?",
        kind=Question.Kind.CHOICE,
        choices=" Coal mine museum \n\n Heat plant",
    )

    question.full_clean()

    assert question.choices == "Coal mine museum\nHeat plant"
    assert question.choice_list == ["Coal mine museum", "Heat plant"]


def test_question_not_a_choice_refuses_choices():
    question = Question(event=EventFactory(), label="Diet", kind=Question.Kind.TEXT, choices="A\nB")

    with pytest.raises(ValidationError) as refused:
        question.full_clean()

    assert "choices" in refused.value.message_dict


def test_question_label_is_unique_per_event_whatever_its_case():
    event = EventFactory()
    QuestionFactory(event=event, label="Dietary needs")
    QuestionFactory(event=EventFactory(), label="Dietary needs")  # another event may ask it

    with pytest.raises(ValidationError) as refused:
        Question(event=event, label="DIETARY NEEDS").full_clean()
    assert refused.value.messages == ["This event already asks this question."]
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(event=event, label="dietary needs")


def test_question_of_choice_without_choices_is_refused_by_the_database():
    with pytest.raises(IntegrityError), transaction.atomic():
        Question.objects.create(
            event=EventFactory(), label="Diet", kind=Question.Kind.TEXT, choices="A\nB"
        )


def test_question_answered_cannot_change_its_kind():
    answer = AnswerFactory(question__kind=Question.Kind.TEXT, value="Vegan")
    question = answer.question
    question.kind = Question.Kind.YES_NO

    with pytest.raises(ValidationError) as refused:
        question.full_clean()

    assert refused.value.message_dict["kind"] == [
        "People have answered this question; its kind cannot change now."
    ]


def test_question_answered_keeps_the_choices_chosen_and_may_gain_others():
    question = field_visit_question(EventFactory())
    AnswerFactory(question=question, value="Heat plant")

    question.choices = "Coal mine museum\nHydrogen valley"
    with pytest.raises(ValidationError) as refused:
        question.full_clean()
    assert refused.value.message_dict["choices"] == [
        "Keep the choices people have chosen: Heat plant. You may add others."
    ]

    question.choices = "Coal mine museum\nHeat plant\nHydrogen valley"
    question.full_clean()  # adding a choice keeps every answer valid


def test_question_without_answers_may_change_its_kind():
    question = QuestionFactory(kind=Question.Kind.TEXT)
    question.kind = Question.Kind.YES_NO

    question.full_clean()


def test_answer_to_a_question_of_another_event_is_refused():
    answer = Answer(
        registration=RegistrationFactory(), question=QuestionFactory(), value="Vegetarian"
    )

    with pytest.raises(ValidationError) as refused:
        answer.full_clean()

    assert "question" in refused.value.message_dict


def test_answer_longer_than_500_characters_is_refused_by_the_database():
    question = QuestionFactory()
    registration = RegistrationFactory(event=question.event)

    with pytest.raises(IntegrityError), transaction.atomic():
        Answer.objects.create(registration=registration, question=question, value="x" * 501)


# The form


def questions_form(event, data):
    return RegistrationQuestionsForm(data, questions=event.questions.all())


def test_questions_form_gives_each_kind_its_answer():
    event = EventFactory()
    diet = QuestionFactory(event=event, label="Dietary needs")
    visa = visa_question(event)
    visit = field_visit_question(event)

    form = questions_form(
        event,
        {
            f"question_{diet.pk}": "  Vegetarian ",
            f"question_{visa.pk}": "no",
            f"question_{visit.pk}": "Heat plant",
        },
    )

    assert form.is_valid(), form.errors
    assert form.cleaned_answers() == {diet: "Vegetarian", visa: "no", visit: "Heat plant"}


def test_questions_form_leaves_out_questions_not_answered_that_are_optional():
    event = EventFactory()
    QuestionFactory(event=event, label="Dietary needs")
    field_visit_question(event)

    form = questions_form(event, {})

    assert form.is_valid(), form.errors
    assert form.cleaned_answers() == {}


def test_questions_form_requires_the_required_questions():
    event = EventFactory()
    visa = visa_question(event)

    form = questions_form(event, {})

    assert form.errors == {f"question_{visa.pk}": ["This field is required."]}


@pytest.mark.parametrize("value", ["Hydrogen valley", "heat plant", "<script>"])
def test_questions_form_refuses_a_value_that_is_not_a_choice_without_echoing_it(value):
    event = EventFactory()
    visit = field_visit_question(event)

    form = questions_form(event, {f"question_{visit.pk}": value})

    assert form.errors == {
        f"question_{visit.pk}": [
            "Select a valid choice. That choice is not one of the available choices."
        ]
    }


@pytest.mark.parametrize("value", ["maybe", "true", "1"])
def test_questions_form_refuses_an_answer_to_yes_or_no_that_is_neither(value):
    event = EventFactory()
    visa = visa_question(event)

    form = questions_form(event, {f"question_{visa.pk}": value})

    assert list(form.errors) == [f"question_{visa.pk}"]


def test_questions_form_refuses_text_longer_than_500_characters():
    event = EventFactory()
    diet = QuestionFactory(event=event)

    form = questions_form(event, {f"question_{diet.pk}": "x" * 501})

    assert form.errors == {
        f"question_{diet.pk}": ["Ensure this value has at most 500 characters (it has 501)."]
    }


@pytest.mark.parametrize("value", ["Vegan\nno nuts", "Veg\x00an", "Veg\u2028an", "Veg\x1ban"])
def test_questions_form_refuses_control_characters_in_text(value):
    event = EventFactory()
    diet = QuestionFactory(event=event)

    form = questions_form(event, {f"question_{diet.pk}": value})

    assert list(form.errors) == [f"question_{diet.pk}"]
    assert form.errors[f"question_{diet.pk}"][0] == (
        "Enter a single line without control characters (such as line breaks)."
    )


# The services


def test_register_for_event_saves_the_answers_with_the_registration():
    event = EventFactory()
    visa, visit = visa_question(event), field_visit_question(event)
    person = PersonFactory()

    registration = register_for_event(
        event=event, person=person, answers={visa: "yes", visit: "Heat plant"}
    )

    assert dict(registration.answers.values_list("question", "value")) == {
        visa.pk: "yes",
        visit.pk: "Heat plant",
    }


def test_register_for_event_refused_saves_no_answers():
    event = EventFactory(status="cancelled")
    visa = visa_question(event)

    with pytest.raises(RegistrationRefused):
        register_for_event(event=event, person=PersonFactory(), answers={visa: "yes"})

    assert Answer.objects.count() == 0
    assert Registration.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "value"),
    [
        (Question.Kind.YES_NO, "maybe"),
        (Question.Kind.CHOICE, "Hydrogen valley"),
        (Question.Kind.TEXT, "x" * 501),
        (Question.Kind.TEXT, "two\nlines"),
        (Question.Kind.TEXT, ""),
    ],
)
def test_register_for_event_with_a_bad_answer_saves_neither_registration_nor_answers(kind, value):
    event = EventFactory()
    question = QuestionFactory(
        event=event, kind=kind, choices="A\nB" if kind == Question.Kind.CHOICE else ""
    )

    with pytest.raises(RegistrationRefused):
        register_for_event(event=event, person=PersonFactory(), answers={question: value})

    assert Registration.objects.count() == 0
    assert Answer.objects.count() == 0


def test_register_for_event_refuses_an_answer_to_another_event_s_question():
    event = EventFactory()
    elsewhere = QuestionFactory()

    with pytest.raises(RegistrationRefused) as refused:
        register_for_event(event=event, person=PersonFactory(), answers={elsewhere: "Vegan"})

    assert refused.value.message == f"“{elsewhere.label}” is not a question of this event."
    assert Registration.objects.count() == 0


def test_update_answers_replaces_the_answers_and_removes_those_left_out():
    event = EventFactory()
    diet, visa = QuestionFactory(event=event), visa_question(event)
    registration = register_for_event(
        event=event, person=PersonFactory(), answers={diet: "Vegan", visa: "no"}
    )

    update_answers(registration=registration, answers={visa: "yes"})

    assert dict(registration.answers.values_list("question", "value")) == {visa.pk: "yes"}


def test_update_answers_is_refused_once_the_event_has_started():
    event = EventFactory()
    diet = QuestionFactory(event=event)
    registration = register_for_event(event=event, person=PersonFactory(), answers={diet: "Vegan"})

    with pytest.raises(RegistrationRefused) as refused:
        update_answers(
            registration=registration,
            answers={diet: "Vegetarian"},
            now=event.starts_at + datetime.timedelta(minutes=1),
        )

    assert refused.value.message == "This event has started; its answers can no longer change."
    assert registration.answers.get().value == "Vegan"


def test_update_answers_is_refused_for_a_cancelled_registration():
    event = EventFactory()
    diet = QuestionFactory(event=event)
    registration = RegistrationFactory(event=event, status=Registration.Status.CANCELLED)

    with pytest.raises(RegistrationRefused):
        update_answers(registration=registration, answers={diet: "Vegan"})

    assert Answer.objects.count() == 0


# The event page and its views


def test_event_page_shows_the_questions_in_the_register_form(client):
    logged_in_participant(client)
    event = EventFactory(slug="katowice")
    visa = visa_question(event, help_text="For the Schengen visa.")
    field_visit_question(event)

    response = client.get("/events/katowice/")

    page = response.content.decode()
    assert f'for="id_question_{visa.pk}_0"' in page
    assert "Do you need a visa invitation letter?" in text(response)
    assert "For the Schengen visa." in text(response)
    assert "Questions from the organisers" in text(response)


def test_event_page_shows_no_questions_to_anonymous_visitors(client):
    event = EventFactory(slug="katowice")
    visa_question(event)

    response = client.get("/events/katowice/")

    assert "Do you need a visa invitation letter?" not in text(response)


def test_register_with_answers_registers_and_saves_them(client):
    person = logged_in_participant(client)
    event = EventFactory(slug="katowice")
    visa, visit = visa_question(event), field_visit_question(event)

    response = client.post(
        "/events/katowice/register/",
        {f"question_{visa.pk}": "yes", f"question_{visit.pk}": "Heat plant"},
    )

    assert response.status_code == 302
    registration = Registration.objects.get(event=event, person=person)
    assert sorted(registration.answers.values_list("value", flat=True)) == ["Heat plant", "yes"]


def test_register_with_bad_answers_shows_the_page_again_with_errors_and_saves_nothing(client):
    logged_in_participant(client)
    event = EventFactory(slug="katowice")
    visa, visit = visa_question(event), field_visit_question(event)

    response = client.post("/events/katowice/register/", {f"question_{visit.pk}": "Elsewhere"})

    assert response.status_code == 200
    assert messages_of(response) == ["Check your answers to the questions: nothing is saved yet."]
    page = response.content.decode()
    assert f'<p id="error_1_id_question_{visa.pk}"><strong>This field is required.</strong>' in page
    assert (
        f'<p id="error_1_id_question_{visit.pk}"><strong>Select a valid choice. That choice is '
        "not one of the available choices.</strong>" in page
    )
    assert Registration.objects.count() == 0
    assert Answer.objects.count() == 0


def test_update_answers_view_changes_the_answers_of_someone_holding_a_place(client):
    person = logged_in_participant(client)
    event = EventFactory(slug="katowice")
    diet = QuestionFactory(event=event, label="Dietary needs")
    registration = register_for_event(event=event, person=person, answers={diet: "Vegan"})

    page = client.get("/events/katowice/")
    response = client.post("/events/katowice/answers/", {f"question_{diet.pk}": "Vegetarian"})

    assert 'value="Vegan"' in page.content.decode()
    assert "Update my answers" in text(page)
    assert messages_of(response) == ["Your answers are saved."]
    assert registration.answers.get().value == "Vegetarian"


def test_update_answers_view_with_bad_answers_changes_nothing(client):
    person = logged_in_participant(client)
    event = EventFactory(slug="katowice")
    diet = QuestionFactory(event=event, label="Dietary needs")
    registration = register_for_event(event=event, person=person, answers={diet: "Vegan"})

    response = client.post("/events/katowice/answers/", {f"question_{diet.pk}": "a\x00b"})

    assert response.status_code == 200
    assert "Enter a single line without control characters" in text(response)
    assert registration.answers.get().value == "Vegan"


def test_update_answers_view_without_a_place_changes_nothing(client):
    logged_in_participant(client)
    event = EventFactory(slug="katowice")
    diet = QuestionFactory(event=event)

    response = client.post("/events/katowice/answers/", {f"question_{diet.pk}": "Vegan"})

    assert response.url == "/events/katowice/"
    assert Answer.objects.count() == 0


def test_update_answers_view_of_someone_else_s_registration_is_impossible(client):
    event = EventFactory(slug="katowice")
    diet = QuestionFactory(event=event)
    other = register_for_event(event=event, person=PersonFactory(), answers={diet: "Vegan"})
    logged_in_participant(client)

    client.post("/events/katowice/answers/", {f"question_{diet.pk}": "Vegetarian"})

    assert other.answers.get().value == "Vegan"


def test_event_page_of_a_started_event_offers_no_answers_to_change(client):
    person = logged_in_participant(client)
    starts_at = timezone.now() - datetime.timedelta(hours=1)
    event = EventFactory(
        slug="katowice", starts_at=starts_at, ends_at=starts_at + datetime.timedelta(days=1)
    )
    diet = QuestionFactory(event=event)
    RegistrationFactory(event=event, person=person)

    response = client.get("/events/katowice/")

    assert "Update my answers" not in text(response)
    assert f"question_{diet.pk}" not in response.content.decode()
