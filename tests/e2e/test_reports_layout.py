"""The reports' pages in a browser: the downloads come first, and every table fits the screen
of a coordinator's laptop without being cut off or scrolled sideways."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

LAPTOP_WIDTH = 1280  # CSS pixels: the narrowest laptop screens in common use

# Each table that is wider than the box it is in, or reaches past the window's right edge:
# its caption, its width, the width it has, and where it ends.
TABLES_CUT_OFF = """width => [...document.querySelectorAll('main table')]
    .map(table => {
        const box = table.parentElement.getBoundingClientRect();
        const drawn = table.getBoundingClientRect();
        return {
            caption: table.caption ? table.caption.textContent.trim() : '',
            width: table.scrollWidth,
            room: Math.floor(table.parentElement.clientWidth),
            right: Math.ceil(drawn.right),
            boxRight: Math.ceil(box.right),
        };
    })
    .filter(table => table.width > table.room || table.right > width
        || table.right > table.boxRight)"""


@pytest.mark.parametrize(
    "path",
    [
        "/reports/",
        "/reports/participation/",
        "/reports/programme-summary/",
        "/reports/secondments/",
        "/reports/teams/",
        "/reports/attendance/?event=milan-kick-off-workshop-2019",
    ],
)
def test_report_tables_fit_a_laptop_screen(page, demo, login, path):
    page.set_viewport_size({"width": LAPTOP_WIDTH, "height": 800})
    login(page, "demo-coordinator")

    page.goto(path)

    assert page.evaluate(TABLES_CUT_OFF, LAPTOP_WIDTH) == []
    assert page.evaluate("document.documentElement.scrollWidth") <= LAPTOP_WIDTH


def test_dashboard_offers_the_downloads_on_its_first_screen(page, demo, login):
    page.set_viewport_size({"width": LAPTOP_WIDTH, "height": 800})
    login(page, "demo-coordinator")

    page.goto("/reports/")

    downloads = page.get_by_role("region", name="Download the reports")
    expect(downloads).to_be_visible()
    assert downloads.bounding_box()["y"] < 800
    participation = downloads.get_by_role("listitem").filter(
        has=page.get_by_role("link", name="Participation", exact=True)
    )
    for format in ("CSV", "XLSX", "PDF"):
        link = participation.get_by_role("link", name=f"{format} – Participation")
        assert link.bounding_box()["y"] + link.bounding_box()["height"] < 800


@pytest.mark.parametrize(
    "path",
    [
        "/reports/attendance/",
        "/reports/attendance/?event=milan-kick-off-workshop-2019",
        "/reports/attendance.pdf",  # a download asked for without an event: a page, a 400
        "/reports/secondments/?from=2020-01-01",
    ],
)
def test_report_pages_with_their_filters_have_no_accessibility_violations(
    page, demo, login, axe_violations, path
):
    login(page, "demo-coordinator")

    page.goto(path)

    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert [violation["id"] for violation in axe_violations(page)] == []
