"""A participant answers the Katowice workshop's questions from the keyboard, is taken to the
required one left out, and changes an answer later."""

import pytest
from playwright.sync_api import expect

from workshops.models import Answer

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

VISA = "Do you need a visa invitation letter?"


def test_participant_answers_the_questions_fixes_a_missing_one_and_changes_an_answer(
    page, demo, login
):
    login(page, "demo-participant")
    page.goto("/events/katowice-workshop/")

    page.get_by_label("Dietary needs").fill("Vegetarian")
    page.get_by_role("button", name="Register", exact=True).click()

    # The browser asks for the required answer first: the visa question takes the focus,
    # and nothing is sent.
    visa = page.get_by_role("group", name=VISA)
    expect(visa.get_by_role("radio", name="Yes", exact=True)).to_be_focused()
    assert not Answer.objects.filter(
        registration__person__user__username="demo-participant"
    ).exists()

    page.keyboard.press("Space")
    page.get_by_role("radio", name="Tauron heat plant").check()
    page.get_by_role("button", name="Register", exact=True).press("Enter")

    expect(page.get_by_role("status")).to_contain_text("You are number 1 on the waitlist.")
    expect(page.get_by_label("Dietary needs")).to_have_value("Vegetarian")
    expect(page.get_by_role("radio", name="Yes", exact=True)).to_be_checked()

    page.get_by_label("Dietary needs").fill("Vegan")
    page.get_by_role("button", name="Update my answers").click()

    expect(page.get_by_role("status")).to_contain_text("Your answers are saved.")
    answers = dict(
        Answer.objects.filter(
            registration__person__user__username="demo-participant",
            registration__event__slug="katowice-workshop",
        ).values_list("question__label", "value")
    )
    assert answers == {
        "Dietary needs": "Vegan",
        VISA: "yes",
        "Which field visit?": "Tauron heat plant",
    }
