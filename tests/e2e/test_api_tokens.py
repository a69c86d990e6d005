"""A participant's API token, in the browser: created on /me/tokens/ with the keyboard, copied
once, used by a program to register, revoked, and refused from then on."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_participant_creates_a_token_a_program_registers_with_it_and_revoking_ends_it(
    page, demo, login, page_problems
):
    problems = {}
    login(page, "demo-participant")
    page.goto("/me/profile/")
    page.get_by_role(
        "link", name="Create and revoke the tokens your programs use with the API"
    ).click()
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()
    if found := page_problems(page):
        problems["/me/tokens/ without tokens"] = found

    page.get_by_label("Name").fill("Registration script")
    page.get_by_label("Scope").select_option(label="Read and write")
    page.get_by_label("Name").focus()
    page.keyboard.press("Enter")
    token = page.get_by_role("textbox", name="Your new token “Registration script”")
    expect(token).to_be_visible()
    secret = token.input_value()
    if found := page_problems(page):
        problems["/me/tokens/ showing the new token"] = found

    registered = page.request.post(
        "/api/v1/me/registrations/",
        data={"event": "webinar-waste-heat"},
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert (registered.status, registered.json()["status"]) == (201, "registered")
    page.goto("/me/")
    expect(
        page.get_by_role("link", name="Webinar: waste heat from industry to homes", exact=True)
    ).to_be_visible()

    page.goto("/me/tokens/")
    expect(page.get_by_role("textbox", name="Your new token “Registration script”")).to_have_count(
        0
    )
    page.get_by_role("button", name="Revoke Registration script").click()
    expect(page.get_by_text("You have no API tokens.")).to_be_visible()
    refused = page.request.get(
        "/api/v1/me/registrations/", headers={"Authorization": f"Bearer {secret}"}
    )

    assert refused.status == 401
    assert problems == {}
