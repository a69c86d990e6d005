"""Staff define an event's registration questions on its admin page and read the answers on
each registration's page."""

import lxml.html
import pytest
from django.db import connection
from django.urls import reverse

from itp.common.exporting import writers
from tests.factories import AnswerFactory, EventFactory, QuestionFactory, RegistrationFactory
from tests.html import text
from tests.workshops.test_admin_times import posted_back
from tests.workshops.test_exports import export_rows
from workshops.exports import RegistrationsExport
from workshops.models import Question, Registration

pytestmark = pytest.mark.django_db


def change_page(client, event):
    return client.get(reverse("admin:workshops_event_change", args=[event.pk]))


def test_staff_add_a_question_on_the_event_page(staff_client):
    event = EventFactory(time_zone="Europe/Warsaw")
    page = change_page(staff_client, event)

    response = staff_client.post(
        page.request["PATH_INFO"],
        posted_back(
            page,
            "event_form",
            **{
                "questions-TOTAL_FORMS": "1",
                "questions-0-label": "Which field visit?",
                "questions-0-kind": "choice",
                "questions-0-choices": "Coal mine museum\r\nHeat plant\r\n",
                "questions-0-required": "on",
                "questions-0-position": "1",
                "questions-0-help_text": "",
            },
        ),
    )

    assert response.status_code == 302
    question = event.questions.get()
    assert (question.label, question.kind, question.required) == (
        "Which field visit?",
        Question.Kind.CHOICE,
        True,
    )
    assert question.choice_list == ["Coal mine museum", "Heat plant"]


def test_staff_adding_a_choice_with_one_choice_get_the_message_on_the_field(staff_client):
    event = EventFactory(time_zone="Europe/Warsaw")
    page = change_page(staff_client, event)

    response = staff_client.post(
        page.request["PATH_INFO"],
        posted_back(
            page,
            "event_form",
            **{
                "questions-TOTAL_FORMS": "1",
                "questions-0-label": "Which field visit?",
                "questions-0-kind": "choice",
                "questions-0-choices": "Heat plant",
                "questions-0-position": "0",
            },
        ),
    )

    assert response.status_code == 200
    (questions,) = [
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Question
    ]
    assert questions.formset.errors[0] == {"choices": ["Give at least two choices, one a line."]}
    assert not event.questions.exists()


def test_staff_cannot_change_the_kind_of_an_answered_question(staff_client):
    answer = AnswerFactory(question__event__time_zone="Europe/Warsaw", value="Vegan")
    question = answer.question
    page = change_page(staff_client, question.event)

    response = staff_client.post(
        page.request["PATH_INFO"], posted_back(page, "event_form", **{"questions-0-kind": "yes_no"})
    )

    assert response.status_code == 200
    assert "People have answered this question; its kind cannot change now." in text(response)
    question.refresh_from_db()
    assert question.kind == Question.Kind.TEXT


def test_staff_cannot_delete_an_answered_question(staff_client):
    answer = AnswerFactory(question__event__time_zone="Europe/Warsaw")
    page = change_page(staff_client, answer.question.event)

    response = staff_client.post(
        page.request["PATH_INFO"], posted_back(page, "event_form", **{"questions-0-DELETE": "on"})
    )

    assert response.status_code == 200
    assert Question.objects.filter(pk=answer.question.pk).exists()


def test_staff_delete_a_question_nobody_answered(staff_client):
    question = QuestionFactory(event__time_zone="Europe/Warsaw")
    page = change_page(staff_client, question.event)

    response = staff_client.post(
        page.request["PATH_INFO"], posted_back(page, "event_form", **{"questions-0-DELETE": "on"})
    )

    assert response.status_code == 302
    assert not Question.objects.exists()


@pytest.mark.parametrize("client_fixture", ["staff_client", "coordinator_client"])
def test_registration_page_shows_its_answers_read_only(request, client_fixture):
    client = request.getfixturevalue(client_fixture)
    answer = AnswerFactory(
        question__label="Do you need a visa invitation letter?",
        question__kind=Question.Kind.YES_NO,
        value="yes",
    )

    response = client.get(
        reverse("admin:workshops_registration_change", args=[answer.registration.pk])
    )

    assert response.status_code == 200
    page = lxml.html.fromstring(response.content)
    (question,) = page.xpath("//td[contains(@class, 'field-question')]")
    (value,) = page.xpath("//td[contains(@class, 'field-answer')]")
    assert question.text_content().strip() == "Do you need a visa invitation letter?"
    assert value.text_content().strip() == "Yes"
    assert 'name="answers-0-value"' not in response.content.decode()


def test_registrations_export_has_the_answers_in_one_column_in_the_order_of_the_questions():
    event = EventFactory()
    visa = QuestionFactory(
        event=event,
        label="Do you need a visa invitation letter?",
        kind=Question.Kind.YES_NO,
        position=2,
    )
    diet = QuestionFactory(event=event, label="Dietary needs", position=1)
    answered = RegistrationFactory(event=event)
    AnswerFactory(registration=answered, question=diet, value="Vegan; no nuts")
    AnswerFactory(registration=answered, question=visa, value="yes")
    quiet = RegistrationFactory(event=event)
    queryset = Registration.objects.filter(event=event)

    rows = export_rows(queryset)
    (section,) = RegistrationsExport(queryset).sections()
    database_csv = "".join(writers.csv_rows(RegistrationsExport(queryset), [section]))

    answers = {row["E-mail"]: row["Answers"] for row in rows}
    assert answers == {
        answered.person.email: (
            "Dietary needs: Vegan; no nuts; Do you need a visa invitation letter?: Yes"
        ),
        quiet.person.email: "",
    }
    # The database's CSV (on PostgreSQL) says the same as Python's.
    assert (section.csv_lines is not None) == (connection.vendor == "postgresql")
    assert "Dietary needs: Vegan; no nuts; Do you need a visa invitation letter?: Yes" in (
        database_csv
    )


def test_staff_adding_the_same_question_twice_get_a_message_not_an_error(staff_client):
    page = staff_client.get(reverse("admin:workshops_event_add"))
    question = {"kind": "text", "choices": "", "help_text": ""}
    data = posted_back(
        page,
        "event_form",
        **{
            "title": "Webinar: industrial heat",
            "slug": "webinar-industrial-heat",
            "kind": "webinar",
            "status": "draft",
            "time_zone": "Europe/Berlin",
            "starts_at_0": "2027-01-15",
            "starts_at_1": "15:00",
            "ends_at_0": "2027-01-15",
            "ends_at_1": "16:30",
            "questions-TOTAL_FORMS": "2",
            **{f"questions-0-{name}": value for name, value in question.items()},
            **{f"questions-1-{name}": value for name, value in question.items()},
            "questions-0-label": "Dietary needs",
            "questions-0-position": "0",
            "questions-1-label": "DIETARY NEEDS ",
            "questions-1-position": "1",
        },
    )

    response = staff_client.post(reverse("admin:workshops_event_add"), data)

    assert response.status_code == 200
    (questions,) = [
        inline
        for inline in response.context["inline_admin_formsets"]
        if inline.formset.model is Question
    ]
    assert questions.formset.errors == [{}, {"label": ["This event already asks this question."]}]
    assert not Question.objects.exists()


def test_staff_renaming_a_question_to_another_s_label_get_a_message(staff_client):
    event = EventFactory(time_zone="Europe/Warsaw")
    QuestionFactory(event=event, label="Dietary needs", position=0)
    QuestionFactory(event=event, label="Accessibility needs", position=1)
    page = change_page(staff_client, event)

    response = staff_client.post(
        page.request["PATH_INFO"],
        posted_back(page, "event_form", **{"questions-1-label": "dietary needs"}),
    )

    assert response.status_code == 200
    assert "This event already asks this question." in text(response)
    assert sorted(event.questions.values_list("label", flat=True)) == [
        "Accessibility needs",
        "Dietary needs",
    ]
