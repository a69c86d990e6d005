"""End-to-end tests in a real browser: Debian's Chromium driven by Playwright.

The site runs in pytest-django's ``live_server`` (a real HTTP server in a thread of the test
process, on the test database), so every test here is a transactional test: the database is
emptied after each one, and a test loads the demo data itself when it needs it.
"""

import os
from pathlib import Path

import pytest
from django.core.handlers.wsgi import WSGIHandler
from playwright.sync_api import sync_playwright
from pytest_django.live_server_helper import LiveServer

from tests.conftest import DEMO_PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
AXE_SOURCE = (Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js").read_text()
# The WCAG 2.0 and 2.1 success criteria at levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Auto-waiting makes a healthy step take milliseconds; a broken one fails after this long
# rather than after Playwright's default of half a minute.
TIMEOUT_MILLISECONDS = 10_000


@pytest.hookimpl(trylast=True)  # after pytest-django's own ordering, which it keeps
def pytest_collection_modifyitems(items):
    """Run the browser tests after every other test of their process.

    Playwright's synchronous API keeps an asyncio event loop marked as running in the test
    thread while the browser is open (see ``browser``), so the browser should be open for as
    short a part of the session as possible. pytest-django already puts transactional tests
    last; this moves these to the very end.
    """
    items.sort(key=lambda item: item.get_closest_marker("e2e") is not None)


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium for the whole session; each test gets its own context."""
    if not CHROMIUM.exists():
        reason = f"Chromium not found at {CHROMIUM}"
        if os.environ.get("ITP_E2E_REQUIRED") == "1":
            pytest.fail(f"{reason}, and ITP_E2E_REQUIRED=1 says the browser tests must run")
        pytest.skip(reason)
    # Between its calls, Playwright's synchronous API leaves its event loop marked as running
    # in this thread, and Django then refuses database access from the thread ("you cannot
    # call this from an async context"). The tests are plain synchronous code that never
    # shares a connection with a coroutine, so the check has nothing to protect here.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


def site_as_deployed(_test_handler):
    """The site's own WSGI application, without the static and media handlers of the tests.

    Django's live server answers /static/ from the source folders and /media/ from
    MEDIA_ROOT before a request reaches the site. Neither happens in production: WhiteNoise
    serves the collected, hashed static files, and uploads are never public (a team-only
    deliverable's file goes through its permission-checking view). The browser tests see the
    site as people do.
    """
    return WSGIHandler()


@pytest.fixture(scope="session")
def live_server(request):
    """pytest-django's live server (same address rules), serving the site as deployed."""
    address = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    server = LiveServer(address, start=False)
    server.thread.static_handler = site_as_deployed
    server.start()
    yield server
    server.stop()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser tab (own cookies, 1280×800) whose relative URLs go to the live server."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 1280, "height": 800}, accept_downloads=True
    )
    context.set_default_timeout(TIMEOUT_MILLISECONDS)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def axe_violations():
    """``axe_violations(page)``: what axe-core finds against WCAG 2.0/2.1 A and AA on the page.

    axe is evaluated through the DevTools protocol rather than added as a <script>: the
    site's Content-Security-Policy allows scripts from the site only, and it stays in force,
    so the page axe checks is the page people get (``bypass_csp`` would also let through
    anything the policy blocks, such as an inline style).
    """

    def run(page):
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(AXE_SOURCE)
        # Only the violations cross back to Python: the passes would be most of the page.
        return page.evaluate(
            """tags => axe.run(document, {runOnly: {type: 'tag', values: tags},
                                          resultTypes: ['violations']})
                .then(results => results.violations)""",
            AXE_TAGS,
        )

    return run


# Heading levels in document order (role="heading" with aria-level counts too).
HEADING_LEVELS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role=heading]')]
    .filter(heading => heading.getClientRects().length > 0)
    .map(heading => Number(heading.getAttribute('aria-level') || heading.tagName.slice(1)))"""

# Form fields a person fills in, with no label, aria-label or aria-labelledby text.
UNLABELLED_FIELDS = """() => {
    const textOf = ids => ids.split(/\\s+/).map(id => document.getElementById(id))
        .map(element => element ? element.textContent : '').join(' ');
    return [...document.querySelectorAll('input, select, textarea')]
        .filter(field => !['hidden', 'submit', 'button', 'reset', 'image'].includes(field.type))
        .filter(field => {
            const name = [...(field.labels || [])].map(label => label.textContent).join(' ')
                + (field.getAttribute('aria-label') || '')
                + textOf(field.getAttribute('aria-labelledby') || '');
            return name.trim() === '';
        })
        .map(field => field.outerHTML.slice(0, 120));
}"""


def heading_problems(levels):
    """What is wrong with the order of a page's heading levels, if anything."""
    if not levels or levels[0] != 1:
        return [f"the first heading is not an h1: {levels[:1]}"]
    problems = [f"{levels.count(1)} h1 headings"] if levels.count(1) > 1 else []
    for previous, level in zip(levels, levels[1:], strict=False):
        if level > previous + 1:
            problems.append(f"h{previous} is followed by h{level}")
    return problems


@pytest.fixture
def page_problems(axe_violations):
    """``page_problems(page)``: axe violations, skipped heading levels, unlabelled fields."""

    def check(page):
        problems = [
            f"{violation['id']}: {violation['help']} "
            f"({', '.join(str(node['target']) for node in violation['nodes'][:3])})"
            for violation in axe_violations(page)
        ]
        problems += heading_problems(page.evaluate(HEADING_LEVELS))
        problems += [f"unlabelled field {field}" for field in page.evaluate(UNLABELLED_FIELDS)]
        return problems

    return check


@pytest.fixture
def login():
    """``login(page, username)``: log in through the login form, as a person would."""

    def log_in(page, username, password=DEMO_PASSWORD):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        # The form sends people home; the navigation then offers to log them out.
        page.get_by_role("button", name=f"Log out {username}").wait_for()

    return log_in
