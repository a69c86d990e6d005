"""A person's survey answers: in their data export; their comments gone when anonymised,
their rating kept and counted without a name."""

import io
import json

import pytest
from django.core.management import call_command

from itp.privacy.personal_data import anonymise_person
from itp.reports.feedback import Feedback
from itp.reports.filters import ReportFilters
from tests.factories import FeedbackResponseFactory
from workshops.models import FeedbackResponse

pytestmark = pytest.mark.django_db


def test_export_person_data_includes_their_survey_answers():
    response = FeedbackResponseFactory(
        rating=5, useful="The site visit.", change="Longer breakouts."
    )
    stdout = io.StringIO()

    call_command("export_person_data", response.registration.person.email, stdout=stdout)

    assert json.loads(stdout.getvalue())["feedback"] == [
        {
            "event": response.registration.event.title,
            "rating": 5,
            "useful": "The site visit.",
            "change": "Longer breakouts.",
            "submitted_at": response.submitted_at.isoformat(),
        }
    ]


def test_anonymise_person_deletes_their_comments_and_keeps_the_rating_counted():
    response = FeedbackResponseFactory(rating=2, useful="Ask Giulia.", change="Less talk.")
    other = FeedbackResponseFactory(useful="Kept.")

    anonymise_person(person=response.registration.person)

    response.refresh_from_db()
    assert (response.rating, response.useful, response.change) == (2, "", "")
    assert FeedbackResponse.objects.get(pk=other.pk).useful == "Kept."
    by_event, _by_theme, comments = Feedback(ReportFilters()).sections()
    assert sorted(row[3] for row in by_event.rows) == [1, 1]
    assert [row[3] for row in comments.rows] == ["Kept."]
