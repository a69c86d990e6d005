"""The attendance report's columns for an event's registration questions: one per question,
in the CSV, the XLSX, the page and the sign-in sheet, at a constant number of queries."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    AnswerFactory,
    EventFactory,
    PersonFactory,
    QuestionFactory,
    RegistrationFactory,
)
from tests.html import body, text
from workshops.models import Question, Registration

from .downloads import csv_sections, squeezed, workbook
from .test_attendance import sign_in_sheet

pytestmark = pytest.mark.django_db

SLUG = "katowice-workshop"


@pytest.fixture
def katowice():
    """An event with three questions; a seat holder who answered two, one who answered none,
    and someone on the waitlist who answered the visa question."""
    event = EventFactory(slug=SLUG, title="ITP workshop, Katowice")
    diet = QuestionFactory(event=event, label="Dietary needs", position=0)
    visa = QuestionFactory(
        event=event,
        label="Do you need a visa invitation letter?",
        kind=Question.Kind.YES_NO,
        required=True,
        position=1,
    )
    QuestionFactory(
        event=event,
        label="Which field visit?",
        kind=Question.Kind.CHOICE,
        choices="Coal mine museum\nHeat plant",
        position=2,
    )
    answered = RegistrationFactory(event=event, person=PersonFactory(name="Anna Answered"))
    AnswerFactory(registration=answered, question=diet, value="Vegetarian")
    AnswerFactory(registration=answered, question=visa, value="yes")
    RegistrationFactory(event=event, person=PersonFactory(name="Quiet Person"))
    waiting = RegistrationFactory(
        event=event,
        person=PersonFactory(name="Wanda Waiting"),
        status=Registration.Status.WAITLISTED,
        waitlist_order=1,
    )
    AnswerFactory(registration=waiting, question=visa, value="no")
    return event


def test_attendance_csv_has_a_column_per_question_with_each_answer(coordinator_client, katowice):
    response = coordinator_client.get(f"/reports/attendance.csv?event={SLUG}")

    seats, waitlist, _awaiting_approval = csv_sections(response)
    questions = ["Dietary needs", "Do you need a visa invitation letter?", "Which field visit?"]
    assert seats[0][-3:] == questions
    assert waitlist[0][-3:] == questions
    by_name = {row[2]: row[-3:] for row in seats[1:]}
    assert by_name == {"Anna Answered": ["Vegetarian", "Yes", ""], "Quiet Person": ["", "", ""]}
    assert waitlist[1][3] == "Wanda Waiting"
    assert waitlist[1][-3:] == ["", "No", ""]


def test_attendance_xlsx_has_a_column_per_question(coordinator_client, katowice):
    response = coordinator_client.get(f"/reports/attendance.xlsx?event={SLUG}")

    seats = list(workbook(response).worksheets[0].iter_rows(values_only=True))
    assert seats[0][-1] == "Which field visit?"
    (anna,) = [row for row in seats if row[2] == "Anna Answered"]
    assert anna[-3:-1] == ("Vegetarian", "Yes")


def test_attendance_page_shows_the_answers(coordinator_client, katowice):
    response = coordinator_client.get(f"/reports/attendance/?event={SLUG}")

    assert response.status_code == 200
    assert "Do you need a visa invitation letter?" in text(response)
    assert "Vegetarian" in text(response)


def test_attendance_pdf_shows_each_person_s_answers(coordinator_client, katowice):
    response = coordinator_client.get(f"/reports/attendance.pdf?event={SLUG}")

    to_sign, waitlist = sign_in_sheet(response)
    assert squeezed("Dietary needs Vegetarian") in to_sign
    assert squeezed("Do you need a visa invitation letter? Yes") in to_sign
    assert squeezed("Do you need a visa invitation letter? No") in waitlist


def test_attendance_of_an_event_without_questions_has_no_question_columns(coordinator_client):
    EventFactory(slug="no-questions")

    response = coordinator_client.get("/reports/attendance.csv?event=no-questions")

    seats, _waitlist, _awaiting_approval = csv_sections(response)
    assert seats[0][-1] == "Mode"


def test_attendance_report_with_answers_reads_in_the_same_queries_for_more_people(
    coordinator_client, katowice
):
    def queries():
        cache.clear()
        with CaptureQueriesContext(connection) as captured:
            body(coordinator_client.get(f"/reports/attendance.csv?event={SLUG}"))
        return len(captured)

    queries()
    before = queries()
    questions = list(katowice.questions.all())
    for _ in range(10):
        registration = RegistrationFactory(event=katowice)
        for question in questions:
            AnswerFactory(
                registration=registration,
                question=question,
                value="yes" if question.kind == Question.Kind.YES_NO else "Heat plant",
            )

    assert queries() == before


def test_attendance_report_with_answers_is_refused_to_participants(participant_client, katowice):
    response = participant_client.get(f"/reports/attendance.csv?event={SLUG}")

    assert response.status_code in (302, 403)
    assert b"Vegetarian" not in response.content
