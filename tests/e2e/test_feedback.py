"""The survey after an event in a browser: answered on a phone, accessible, once."""

import pytest
from playwright.sync_api import expect

from workshops.feedback import feedback_path
from workshops.models import Registration

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 375


def test_attendee_answers_the_survey_on_a_phone(page, demo, axe_violations):
    # A Milan attendee the demo has no answer from.
    registration = Registration.objects.filter(
        event__slug="milan-kick-off-workshop-2019", status="attended", feedback__isnull=True
    ).first()
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    page.goto(feedback_path(registration))

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Your feedback on ITP kick-off workshop, Milan"
    )
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    assert [f"{v['id']}: {v['help']}" for v in axe_violations(page)] == []
    rating = page.get_by_role("group", name="Overall, how would you rate the event?")
    rating.get_by_role("radio", name="4 – very good").check()
    page.get_by_label("What was most useful to you?").fill("The site visit to Brescia.")
    page.get_by_role("button", name="Send my feedback").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for your feedback")
    page.goto(feedback_path(registration))
    expect(page.get_by_text("You have already answered the survey")).to_be_visible()
    assert registration.__class__.objects.get(pk=registration.pk).feedback.rating == 4
