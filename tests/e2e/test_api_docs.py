"""The API's documentation page runs Swagger UI within the site's Content-Security-Policy."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_shows_every_collection_with_nothing_blocked_by_the_csp(page):
    refused = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    page.goto("/api/docs/")

    for collection in ("events", "governments", "learnings", "people", "teams", "themes"):
        expect(page.get_by_text(f"/api/v1/{collection}/", exact=True).first).to_be_visible()
    assert refused == []
    assert all(url.startswith(page.url.split("/api/")[0]) for url in requested)
