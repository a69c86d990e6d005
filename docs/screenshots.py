"""Screenshots of the main pages for the README: `make screenshots`.

Loads the demo data into a throw-away SQLite database, serves it with `manage.py runserver`
as `make run` does (debug on), and saves 1280×800 PNGs of the home page, the schedule, an
event, a team, /me/ (as demo-participant), /reports/ (as demo-coordinator) and the admin's
index (as demo-staff) to docs/screenshots/. Needs Debian's Chromium at /usr/bin/chromium and
the dev requirements.
"""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

PROJECT = Path(__file__).resolve().parent.parent
OUTPUT = PROJECT / "docs" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
VIEWPORT = {"width": 1280, "height": 800}

# (file name, user to log in as or None, path)
SHOTS = [
    ("home.png", None, "/"),
    ("schedule.png", None, "/events/"),
    ("event.png", None, "/events/milan-kick-off-workshop-2019/"),
    ("timetable.png", None, "/events/milan-kick-off-workshop-2019/#agenda-heading"),
    ("calendar.png", None, "/events/calendar/?month=2019-04"),
    ("team.png", None, "/teams/energy-efficiency-in-energy-intensive-industry/"),
    ("search.png", None, "/search/?q=heat"),
    ("people.png", None, "/people/"),
    ("person.png", None, "/people/paolo-martinelli/"),
    ("me.png", "demo-participant", "/me/"),
    ("reports.png", "demo-coordinator", "/reports/"),
    ("planner.png", "demo-staff", "/events/planner/?duration=90"),
    ("feedback.png", "demo-coordinator", "/reports/feedback/"),
    ("admin.png", "demo-staff", "/admin/"),
]


def manage(*arguments, env):
    subprocess.run([sys.executable, "manage.py", *arguments], cwd=PROJECT, env=env, check=True)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_serving(url, server, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"runserver exited with status {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"runserver did not answer at {url} within {seconds} s")


def take_screenshots(url, password):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True)
        for name, username, path in SHOTS:
            context = browser.new_context(base_url=url, viewport=VIEWPORT)
            page = context.new_page()
            if username:
                page.goto("/accounts/login/")
                page.get_by_label("Username").fill(username)
                page.get_by_label("Password").fill(password)
                page.get_by_role("button", name="Log in").click()
                page.get_by_role("button", name=f"Log out {username}").wait_for()
            page.goto(path)
            if "#" in path:
                # An address with an anchor: the section holding it, however long.
                anchor = path.split("#", 1)[1]
                page.locator(f"section:has(> #{anchor})").screenshot(path=OUTPUT / name)
            else:
                page.screenshot(path=OUTPUT / name)
            print(f"docs/screenshots/{name}")
            context.close()
        browser.close()


def main():
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium not found at {CHROMIUM}: apt-get install chromium")
    password = secrets.token_urlsafe(16)
    with tempfile.TemporaryDirectory(prefix="itp-screenshots-") as scratch:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{scratch}/db.sqlite3",
            "DJANGO_DEBUG": "true",
            "DJANGO_MEDIA_ROOT": f"{scratch}/media",
            "ITP_DEMO_PASSWORD": password,
            "EMAIL_URL": "consolemail://",
        }
        manage("migrate", "--noinput", "--verbosity", "0", env=env)
        manage("load_demo", env=env)
        address = f"127.0.0.1:{free_port()}"
        server = subprocess.Popen(
            [sys.executable, "manage.py", "runserver", "--noreload", address],
            cwd=PROJECT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            url = f"http://{address}"
            wait_until_serving(url, server)
            take_screenshots(url, password)
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
