"""WCAG 2.1 AA in a browser: axe-core on every kind of page, and what axe cannot judge alone.

Each scan also checks that the page's headings do not skip a level and that every form field
has a label, since axe leaves heading order to its best-practice rules (not WCAG ones).
"""

import pytest
from django.conf import settings
from playwright.sync_api import expect

from tests.conftest import DEMO_PASSWORD
from tests.e2e.site_pages import PUBLIC_PAGES

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def listed(problems):
    """The problems by page, one a line, for an assertion message nobody has to unfold."""
    return "\n".join(
        f"{where}: {problem}" for where, found in problems.items() for problem in found
    )


def test_public_pages_have_no_accessibility_problems(page, demo, page_problems):
    problems = {}
    for path in PUBLIC_PAGES:
        page.goto(path)
        if found := page_problems(page):
            problems[path] = found

    assert problems == {}, listed(problems)


def test_login_participant_pages_and_registration_have_no_accessibility_problems(
    page, demo, login, page_problems
):
    problems = {}

    def scan(what):
        if found := page_problems(page):
            problems[what] = found

    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("demo-participant")
    page.get_by_label("Password").fill("not the password")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Please enter a correct username and password")).to_be_visible()
    scan("login form with an error")
    login(page, "demo-participant")
    page.goto("/me/")
    scan("/me/")
    page.goto("/events/webinar-waste-heat/")
    scan("event page, logged in")
    page.get_by_role("button", name="Register").click()
    expect(page.get_by_text("Your registration: Registered.")).to_be_visible()
    scan("event page after registering")
    page.goto("/events/katowice-workshop/")
    scan("hybrid event page with a government quota")
    page.get_by_role("radio", name="In person").check()
    # The workshop asks whether a visa letter is needed, and requires an answer.
    page.get_by_role("radio", name="No", exact=True).check()
    page.get_by_role("button", name="Register").click()
    page.get_by_role("link", name="Leave the waitlist").click()
    expect(page.get_by_role("button", name="Yes, leave the waitlist")).to_be_visible()
    scan("page that asks to confirm leaving the waitlist")
    page.get_by_role("link", name="No, keep my place").click()
    scan("event page on the waitlist")
    page.goto("/me/")
    scan("/me/ with registrations")
    page.goto("/me/profile/")
    scan("/me/profile/")

    assert problems == {}, listed(problems)


def test_reports_have_no_accessibility_problems(page, demo, login, page_problems):
    login(page, "demo-coordinator")
    problems = {}
    for path in [
        "/reports/",
        "/reports/participation/",
        "/reports/programme-summary/",
        "/reports/feedback/",
    ]:
        page.goto(path)
        if found := page_problems(page):
            problems[path] = found

    assert problems == {}, listed(problems)


# The languages besides English. Their pages are English's with other words, so each scans
# the home page and a share of the other public pages (every one in some language), and each
# role's own page: what differs is the language the page declares, and its menu's.
OTHER_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != "en"]
ROLE_PAGES = {"demo-participant": "/me/", "demo-coordinator": "/reports/", "demo-staff": "/admin/"}

# The page's language, and any element that declares another one than the languages of the
# site (the language menu names each language in itself).
DECLARED_LANGUAGES = """() => ({
    page: document.documentElement.lang,
    others: [...document.querySelectorAll('body [lang]')].map(element => element.lang),
})"""


def read_in(page, live_server, language):
    """From now on, ``page`` asks for ``language``, as the language menu's cookie does."""
    page.context.add_cookies(
        [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": live_server.url}]
    )


def language_problems(page, language):
    """What is wrong with the languages ``page`` declares, reading it in ``language``."""
    declared = page.evaluate(DECLARED_LANGUAGES)
    problems = []
    if declared["page"] != language:
        problems.append(f"<html lang={declared['page']!r}>, not {language!r}")
    known = {code for code, _name in settings.LANGUAGES}
    problems += [
        f"an element in the unknown language {lang!r}"
        for lang in declared["others"]
        if lang not in known
    ]
    return problems


def test_public_pages_in_every_language_have_no_accessibility_problems(
    page, demo, live_server, page_problems
):
    problems = {}
    others = PUBLIC_PAGES[1:]
    for index, language in enumerate(OTHER_LANGUAGES):
        read_in(page, live_server, language)
        for path in [PUBLIC_PAGES[0], *others[index :: len(OTHER_LANGUAGES)]]:
            page.goto(path)
            if found := page_problems(page) + language_problems(page, language):
                problems[f"{path} in {language}"] = found

    assert problems == {}, listed(problems)


def test_each_role_s_page_in_every_language_has_no_accessibility_problems(
    page, demo, login, live_server, page_problems
):
    problems = {}
    for username, path in ROLE_PAGES.items():
        # Logged in in English: the login form is found by its English labels.
        page.context.clear_cookies()
        login(page, username)
        for language in OTHER_LANGUAGES:
            read_in(page, live_server, language)
            page.goto(path)
            if found := page_problems(page) + language_problems(page, language):
                problems[f"{path} as {username} in {language}"] = found

    assert problems == {}, listed(problems)


# The element that has focus, and whether a sighted keyboard user can see where it is: an
# outline of at least 2px, or an opaque box shadow (Bootstrap's faint glow does not count).
FOCUSED = """() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const opaque = colour => /^rgb\\(/.test(colour);
    const outlined = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2
        && opaque(style.outlineColor);
    const shadowed = style.boxShadow !== 'none' && /(^|\\s)rgb\\(/.test(style.boxShadow);
    return {
        element: element === document.body ? 'body' : element.tagName.toLowerCase()
            + (element.id ? `#${element.id}` : '')
            + ` "${(element.innerText || element.value || element.getAttribute('aria-label')
            || '').trim().slice(0, 40)}"`,
        visible: outlined || shadowed,
        inMain: element.closest('main') !== null,
    };
}"""


def tab_through(page, *, until=None, limit=80):
    """Press Tab from the top of the page until ``until(focused)`` or focus leaves the page.

    Returns what had focus at each step.
    """
    # Back to the top first, as a person would, where a form has put the focus in a field.
    for _ in range(limit):
        if page.evaluate("document.activeElement === document.body"):
            break
        page.keyboard.press("Shift+Tab")
    steps = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused["element"] == "body" or (steps and focused == steps[0]):
            break
        steps.append(focused)
        if until is not None and until(focused):
            break
    return steps


def test_skip_link_is_the_first_stop_and_jumps_to_the_main_content(page):
    page.goto("/")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    box = skip_link.bounding_box()
    # Shown once focused, not the 1px box of visually hidden text.
    assert box["width"] > 50
    assert box["height"] > 20
    page.keyboard.press("Enter")
    expect(page).to_have_url(page.url.split("#")[0] + "#main")
    expect(page.get_by_role("main")).to_be_focused()
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inMain"]


def test_every_focused_element_shows_focus(page, login):
    unseen = {}
    for path in ["/", "/events/", "/accounts/login/"]:
        page.goto(path)
        steps = tab_through(page)
        assert len(steps) > 5, path
        if hidden := [step["element"] for step in steps if not step["visible"]]:
            unseen[path] = hidden

    assert unseen == {}, listed(unseen)


def test_keyboard_alone_logs_in_and_registers_for_an_event(page, demo):
    page.goto("/accounts/login/")
    expect(page.get_by_label("Username")).to_be_focused()  # the form puts people there
    page.keyboard.type("demo-participant")
    page.keyboard.press("Tab")
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Log out demo-participant")).to_be_visible()

    page.goto("/events/webinar-waste-heat/")
    steps = tab_through(page, until=lambda focused: focused["element"] == 'button "Register"')
    assert steps[-1]["element"] == 'button "Register"'
    assert [step["element"] for step in steps if not step["visible"]] == []
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text(
        "You are registered for Webinar: waste heat from industry to homes."
    )
    expect(page.get_by_text("Your registration: Registered.")).to_be_visible()


def chart_problems(page):
    """Charts on the page without a name, or whose bars are not also in a table after them."""
    problems = []
    charts = page.get_by_role("main").locator("svg")
    for index in range(charts.count()):
        chart = charts.nth(index)
        name = chart.get_attribute("aria-label") or page.evaluate(
            """ids => ids.split(' ').map(id => document.getElementById(id).textContent)
                .join(' ')""",
            chart.get_attribute("aria-labelledby") or "",
        )
        if chart.get_attribute("role") != "img" or not name.strip():
            problems.append(f"chart {index + 1} is not an image with a name")
        table = chart.locator("xpath=following::table[1]").inner_text()
        labels = [
            label.rstrip("…")
            for label in chart.locator("text[text-anchor=end]").all_text_contents()
        ]
        if not labels or any(label not in table for label in labels):
            problems.append(f"chart {index + 1} ({name}): bars {labels} not all in the table")
    return charts.count(), problems


def test_charts_have_a_name_and_their_figures_in_a_table(page, demo, login):
    page.goto("/")
    charts, problems = chart_problems(page)
    assert (charts, problems) == (1, [])
    expect(page.get_by_role("main").get_by_role("img")).to_have_accessible_name(
        "Emissions by government, in Mt CO2e, split into industry and the rest"
        " The table below the chart gives the same figures."
    )

    login(page, "demo-coordinator")
    page.goto("/reports/")
    charts, problems = chart_problems(page)
    assert charts >= 2
    assert problems == []
    expect(page.get_by_role("main").get_by_role("img").first).to_have_accessible_description(
        "The table below gives the same figures."
    )
