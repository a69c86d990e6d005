"""Layout in a browser: phone-sized screens and paper."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.site_pages import PUBLIC_PAGES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PHONE_WIDTH = 375  # CSS pixels: an iPhone SE or mini, the narrowest phones in common use

# What a page shows past the right edge of the window: elements that reach beyond it,
# whether the page scrolls sideways or a box inside it does (a table in Bootstrap's
# .table-responsive scrolls alone and leaves its last columns off-screen). What a box that
# hides its overflow cuts away (visually hidden text) is not shown, so it does not count.
# Only the outermost such elements, named by tag, class and the start of their text.
CUT_OFF = """width => [...document.querySelectorAll('body *')]
    .filter(element => element.getClientRects().length > 0)
    .filter(element => {
        let right = element.getBoundingClientRect().right;
        for (let box = element.parentElement; box; box = box.parentElement) {
            if (['hidden', 'clip'].includes(getComputedStyle(box).overflowX)) {
                right = Math.min(right, box.getBoundingClientRect().right);
            }
        }
        return right > width + 0.5;
    })
    .filter((element, index, all) => !all.includes(element.parentElement))
    .map(element => `${element.tagName.toLowerCase()}.${[...element.classList].join('.')} `
        + `"${element.textContent.trim().replace(/\\s+/g, ' ').slice(0, 40)}"`)"""

# Pages behind a login, with the tables their users read on a phone.
PARTICIPANT_PAGES = ["/me/", "/me/profile/", "/me/tokens/", "/events/", "/secondments/"]
COORDINATOR_PAGES = [
    "/reports/",
    "/reports/programme-summary/",
    "/reports/participation/",
    "/reports/attendance/?event=milan-kick-off-workshop-2019",
    "/reports/teams/",
    "/reports/secondments/",
    "/reports/feedback/",
]


def overflow_of(page, paths, *, window_width=PHONE_WIDTH):
    """The pages among ``paths`` that do not fit the window's width, with what sticks out."""
    page.set_viewport_size({"width": window_width, "height": 800})
    too_wide = {}
    for path in paths:
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        cut_off = page.evaluate(CUT_OFF, window_width)
        if width > window_width or cut_off:
            too_wide[path] = {"page width": width, "cut off": cut_off[:5]}
    return too_wide


def test_public_pages_fit_a_phone_screen_without_scrolling_sideways(page, demo):
    assert overflow_of(page, PUBLIC_PAGES) == {}


def test_participant_pages_fit_a_phone_screen_without_scrolling_sideways(page, demo, login):
    login(page, "demo-participant")
    page.goto("/events/webinar-waste-heat/")
    page.get_by_role("button", name="Register").click()
    page.get_by_text("Your registration: Registered.").wait_for()

    assert overflow_of(page, PARTICIPANT_PAGES) == {}


def test_report_pages_fit_a_phone_screen_without_scrolling_sideways(page, demo, login):
    login(page, "demo-coordinator")

    assert overflow_of(page, COORDINATOR_PAGES) == {}


def accessibility_tree(page):
    """What Chromium hands screen readers: each node's role and name, in document order."""
    nodes = page.context.new_cdp_session(page).send("Accessibility.getFullAXTree")["nodes"]
    return [
        (node["role"]["value"], node.get("name", {}).get("value", ""))
        for node in nodes
        if not node.get("ignored")
    ]


@pytest.mark.parametrize(
    ("path", "headers"),
    [
        ("/events/", ["Date", "Event", "Kind", "Where", "Seats left"]),
        ("/secondments/", ["Who", "From", "To", "Dates", "Days", "Theme", "Status", "Purpose"]),
    ],
)
def test_stacked_tables_stay_tables_for_screen_readers_on_a_phone(page, demo, path, headers):
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 800})
    page.goto(path)

    tree = accessibility_tree(page)
    labels = page.evaluate(
        """() => [...document.querySelectorAll('td[data-label]')]
            .map(cell => getComputedStyle(cell, '::before').content)"""
    )
    assert [role for role, _ in tree].count("table") == 1
    assert [name for role, name in tree if role == "columnheader"] == headers
    cells = [name for role, name in tree if role == "cell"]
    rows = [cells[start : start + len(headers)] for start in range(0, len(cells), len(headers))]
    assert len(rows) >= 3
    assert len(cells) == len(rows) * len(headers)
    # Each line shows its column's name, which screen readers do not read out a second time.
    assert set(labels) == {
        f'"{header}" / ""' for header in headers if header not in ("Event", "Who")
    }
    named_twice = [
        cell
        for row in rows
        for header, cell in zip(headers, row, strict=True)
        if cell.startswith(f"{header} ")
    ]
    assert named_twice == []
    assert page.evaluate("document.querySelector('thead').getBoundingClientRect().width") <= 1


@pytest.mark.parametrize("window_width", [768, 992, 1200])
def test_staff_s_long_menu_fits_tablet_and_laptop_windows(page, demo, login, window_width):
    login(page, "demo-staff")  # every section, Reports, Admin and "Log out demo-staff"

    assert overflow_of(page, ["/"], window_width=window_width) == {}


@pytest.mark.parametrize("username", ["demo-participant", "demo-coordinator", "demo-staff"])
def test_menu_takes_one_line_on_a_laptop(page, demo, login, username):
    login(page, username)
    lines = {}
    for window_width in (1200, 1280, 1400, 1920):
        page.set_viewport_size({"width": window_width, "height": 800})
        page.goto("/")
        tops = page.evaluate(
            """() => [...document.querySelectorAll('.navbar .nav-item')]
                .map(item => Math.round(item.getBoundingClientRect().top))"""
        )
        lines[window_width] = len(set(tops))

    assert lines == {1200: 1, 1280: 1, 1400: 1, 1920: 1}


def test_event_page_prints_its_details_and_agenda_without_navigation_or_forms(page, demo):
    page.goto("/events/milan-kick-off-workshop-2019/")
    print_stylesheet = page.locator('link[rel="stylesheet"][media="print"]')
    expect(print_stylesheet).to_have_attribute(
        "href", re.compile(r"^/static/css/event_print\.[0-9a-f]+\.css$")
    )
    assert page.evaluate("document.querySelector('link[media=print]').sheet.cssRules.length") > 0

    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("link", name="Skip to main content")).to_be_hidden()
    expect(page.get_by_label("Show times also in")).to_be_hidden()
    expect(page.get_by_role("contentinfo")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_have_text("ITP kick-off workshop, Milan")
    expect(page.get_by_role("heading", name="Agenda")).to_be_visible()
    expect(
        page.get_by_role("cell").filter(has_text="Site visit: ORI Martin steel plant and iRecovery")
    ).to_be_visible()

    page.emulate_media(media="screen")
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
