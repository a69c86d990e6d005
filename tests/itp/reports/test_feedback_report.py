"""The feedback report: response rate, mean and spread of ratings per event and per theme,
the comments for staff and coordinators only, and its downloads."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from itp.reports.feedback import Feedback
from itp.reports.filters import ReportFilters
from tests.factories import (
    EventFactory,
    FeedbackResponseFactory,
    RegistrationFactory,
    ThemeFactory,
)
from tests.html import body
from workshops.models import Registration

from .downloads import csv_sections, workbook

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def past_event(days_ago, **fields):
    starts_at = timezone.now().replace(microsecond=0) - days_ago * DAY
    return EventFactory(starts_at=starts_at, ends_at=starts_at + DAY / 3, **fields)


@pytest.fixture
def programme():
    """Two past events of the theme "Hydrogen", the second also of "Finance", and an upcoming
    one. The first: four attendees (ratings 5, 4, 4), one absent; the second, with no
    attendance recorded: two registered, one answer (2)."""
    hydrogen = ThemeFactory(name="Hydrogen")
    finance = ThemeFactory(name="Finance")
    first = past_event(20, title="Hydrogen valleys", themes=[hydrogen])
    second = past_event(10, title="Financing hydrogen", themes=[hydrogen, finance])
    attendees = RegistrationFactory.create_batch(
        4, event=first, status=Registration.Status.ATTENDED
    )
    RegistrationFactory(event=first, status=Registration.Status.ABSENT)
    for registration, rating, useful in zip(
        attendees, (5, 4, 4), ("The valley maps.", "", ""), strict=False
    ):
        FeedbackResponseFactory(registration=registration, rating=rating, useful=useful, change="")
    registered = RegistrationFactory.create_batch(2, event=second)
    FeedbackResponseFactory(registration=registered[0], rating=2, useful="", change="Less talk.")
    upcoming = EventFactory(themes=[hydrogen])
    RegistrationFactory(event=upcoming)
    return first, second


def rows(report):
    return [[list(row) for row in section.rows] for section in report.sections()]


def test_feedback_report_gives_rate_mean_and_spread_per_event(programme):
    first, second = programme

    by_event, _by_theme, _comments = rows(Feedback(ReportFilters()))

    assert [row[0] for row in by_event] == ["Hydrogen valleys", "Financing hydrogen"]
    assert by_event[0][2:] == [4, 3, Decimal("75.0"), Decimal("4.33"), 0, 0, 0, 2, 1]
    assert by_event[1][2:] == [2, 1, Decimal("50.0"), Decimal("2.00"), 0, 1, 0, 0, 0]


def test_feedback_report_adds_up_each_themes_events(programme):
    _by_event, by_theme, _comments = rows(Feedback(ReportFilters()))

    assert by_theme == [
        ["Finance", 1, 2, 1, Decimal("50.0"), Decimal("2.00"), 0, 1, 0, 0, 0],
        ["Hydrogen", 2, 6, 4, Decimal("66.7"), Decimal("3.75"), 0, 1, 0, 2, 1],
    ]


def test_feedback_report_lists_comments_without_names(programme):
    _by_event, _by_theme, comments = rows(Feedback(ReportFilters()))

    assert [(row[0], row[2], row[3], row[4]) for row in comments] == [
        ("Hydrogen valleys", 5, "The valley maps.", ""),
        ("Financing hydrogen", 2, "", "Less talk."),
    ]


def test_feedback_report_of_an_event_without_answers_has_no_mean(programme):
    silent = past_event(5, title="Nobody answered")
    RegistrationFactory(event=silent, status=Registration.Status.ATTENDED)

    by_event, _by_theme, _comments = rows(Feedback(ReportFilters()))

    assert by_event[-1][:6] == ["Nobody answered", by_event[-1][1], 1, 0, Decimal("0.0"), None]


def test_feedback_report_csv_and_xlsx_hold_the_figures_and_comments(programme, coordinator_client):
    csv_response = coordinator_client.get("/reports/feedback.csv")
    xlsx_response = coordinator_client.get("/reports/feedback.xlsx")

    by_event, by_theme, comments = csv_sections(csv_response)
    assert by_event[1][2:] == ["4", "3", "75.0", "4.33", "0", "0", "0", "2", "1"]
    assert by_theme[1][0] == "Finance"
    assert comments[2][2:] == ["2", "", "Less talk."]
    sheets = workbook(xlsx_response).worksheets
    assert [sheet.max_row for sheet in sheets] == [3, 3, 3]


def test_feedback_report_is_refused_to_participants(programme, participant_client):
    response = participant_client.get("/reports/feedback/")

    assert response.status_code == 403
    assert "Less talk." not in body(response).decode()


def test_comments_show_on_no_public_page(programme, client):
    first, _second = programme

    pages = [client.get(path) for path in ("/", "/events/", first.get_absolute_url())]

    assert all(response.status_code == 200 for response in pages)
    assert not [r for r in pages if "The valley maps." in body(r).decode()]


def test_feedback_report_page_shows_the_comments_to_coordinators(programme, coordinator_client):
    response = coordinator_client.get("/reports/feedback/")

    page = body(response).decode()
    assert "Less talk." in page
    assert "Feedback by theme" in page
