"""The user mix of `make loadtest` (loadtest/run.py starts Locust with it).

About 70 % anonymous visitors, 20 % participants who register for and cancel the small
events through the site's forms, 5 % coordinators on the reports and exports, 5 % staff
saving an event in the admin. LOADTEST_WORK names the folder with setup.json; each request
is appended to requests.jsonl (time, name, status) and each registration or cancellation, as
the client was told it, to outcomes.jsonl.
"""

import html
import itertools
import json
import os
import random
import re
import threading
import time
import warnings
from html.parser import HTMLParser
from pathlib import Path

from locust import HttpUser, between, events, task

# The balancer's certificate is made for the run: no authority vouches for it.
warnings.filterwarnings("ignore", message="Unverified HTTPS request")

WORK = Path(os.environ["LOADTEST_WORK"])
SETUP = json.loads((WORK / "setup.json").read_text())
DEMO_PASSWORD = os.environ["ITP_DEMO_PASSWORD"]
_lock = threading.Lock()
_requests_file = open(WORK / "requests.jsonl", "a", buffering=1)  # noqa: SIM115 - whole run
_outcomes_file = open(WORK / "outcomes.jsonl", "a", buffering=1)  # noqa: SIM115 - whole run
_accounts = itertools.count()
ALERT = re.compile(r'<div class="alert alert-(\w+)">(.*?)</div>', re.S)


@events.request.add_listener
def record_request(request_type, name, response_time, response, exception, **kwargs):
    status = getattr(response, "status_code", 0) or 0
    line = {"t": time.time(), "name": name, "method": request_type, "status": status}
    with _lock:
        _requests_file.write(json.dumps(line) + "\n")


def record_outcome(user, event, action, result, status, message=""):
    line = {
        "t": time.time(),
        "user": user,
        "event": event,
        "action": action,
        "result": result,
        "status": status,
        "message": message,
    }
    with _lock:
        _outcomes_file.write(json.dumps(line) + "\n")


def csrf_token(text):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', text or "")
    return match.group(1) if match else ""


class FormFields(HTMLParser):
    """The fields a browser would submit from the page's <form> whose id is ``form_id``."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id = form_id
        self.fields, self.in_form, self.done = [], False, False
        self._select = self._textarea = None
        self._options = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and not self.done and attrs.get("id") == self.form_id:
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name and "disabled" not in attrs:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                return
            self.fields.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select" and name:
            self._select, self._options = (name, "multiple" in attrs), []
        elif tag == "option" and self._select:
            self._options.append((attrs.get("value", ""), "selected" in attrs))
        elif tag == "textarea" and name:
            self._textarea = [name, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "select" and self._select:
            name, multiple = self._select
            chosen = [value for value, selected in self._options if selected]
            if not chosen and not multiple and self._options:
                chosen = [self._options[0][0]]
            self.fields.extend((name, value) for value in chosen)
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            self.fields.append((self._textarea[0], self._textarea[1].removeprefix("\n")))
            self._textarea = None
        elif tag == "form" and self.in_form:
            self.in_form, self.done = False, True


def prepare(user):
    user.client.verify = False
    user.client.headers["Accept-Language"] = "en"


def log_in(user, username, password):
    page = user.client.get("/accounts/login/", name="login form")
    response = user.client.post(
        "/accounts/login/",
        data={
            "username": username,
            "password": password,
            "csrfmiddlewaretoken": csrf_token(page.text),
        },
        headers={"Referer": user.host + "/accounts/login/"},
        name="log in",
        allow_redirects=False,
    )
    return response.status_code == 302


class Visitor(HttpUser):
    """Anonymous: the schedule, events, governments, learnings, search, the API lists."""

    weight = 14
    wait_time = between(1, 3)
    event_slugs = [event["slug"] for event in SETUP["small_events"]]

    def on_start(self):
        prepare(self)

    @task(4)
    def schedule(self):
        page = self.client.get("/events/", name="/events/")
        slugs = re.findall(r'href="/events/([-\w]+)/"', page.text or "")
        if slugs:
            self.client.get(f"/events/{random.choice(slugs)}/", name="/events/<slug>/")

    @task(2)
    def home(self):
        self.client.get("/", name="/")

    @task(2)
    def governments(self):
        page = self.client.get("/governments/", name="/governments/")
        slugs = re.findall(r'href="/governments/([-\w]+)/"', page.text or "")
        if slugs:
            self.client.get(f"/governments/{random.choice(slugs)}/", name="/governments/<slug>/")

    @task(2)
    def learnings(self):
        self.client.get("/learnings/", name="/learnings/")

    @task(1)
    def search(self):
        word = random.choice(["heat", "hydrogen", "steel", "skills", "energy"])
        self.client.get(f"/search/?q={word}", name="/search/?q=")

    @task(2)
    def api(self):
        kind = random.choice(["events", "governments", "learnings"])
        self.client.get(f"/api/v1/{kind}/", name=f"/api/v1/{kind}/")

    @task(1)
    def health(self):
        self.client.get("/healthz", name="/healthz")


class Participant(HttpUser):
    """Logs in through the form, registers for and cancels the small events, opens /me/."""

    weight = 4
    wait_time = between(1, 3)

    def on_start(self):
        prepare(self)
        participants = SETUP["participants"]
        self.username = participants[next(_accounts) % len(participants)]
        self.logged_in = log_in(self, self.username, SETUP["password"])

    @task(4)
    def register_or_cancel(self):
        if not self.logged_in:
            self.logged_in = log_in(self, self.username, SETUP["password"])
            return
        event = random.choice(SETUP["small_events"])
        slug = event["slug"]
        page = self.client.get(f"/events/{slug}/", name="/events/<slug>/ (signed in)")
        token = csrf_token(page.text)
        if page.status_code != 200 or not token:
            return
        holds_place = f'href="/events/{slug}/cancel/' in page.text
        if holds_place:
            confirm = self.client.get(
                f"/events/{slug}/cancel/", name="/events/<slug>/cancel/ (ask)"
            )
            if confirm.status_code == 200 and csrf_token(confirm.text):
                self.cancel(slug, csrf_token(confirm.text))
        else:
            self.register(slug, token, random.choice(event["modes"]))

    def _told(self, response):
        """What the page after the redirect said: (level, text) of its first alert."""
        if response.status_code != 302:
            return "", ""
        follow = self.client.get(response.headers["Location"], name="/events/<slug>/ (told)")
        alerts = ALERT.findall(follow.text or "") if follow.status_code == 200 else []
        if not alerts:
            return "", ""
        level, text = alerts[0]
        return level, html.unescape(re.sub(r"\s+", " ", text).strip())

    def register(self, slug, token, mode):
        response = self.client.post(
            f"/events/{slug}/register/",
            data={"csrfmiddlewaretoken": token, "mode": mode},
            headers={"Referer": f"{self.host}/events/{slug}/"},
            name="/events/<slug>/register/",
            allow_redirects=False,
        )
        level, text = self._told(response)
        if response.status_code != 302:
            result = "failed"
        elif level == "success" and "You are registered" in text:
            result = "registered"
        elif "waitlist" in text:
            result = "waitlisted"
        elif level == "danger":
            result = "refused"
        else:
            result = "unknown"  # the POST went through; the page telling how was not read
        record_outcome(self.username, slug, "register", result, response.status_code, text)

    def cancel(self, slug, token):
        response = self.client.post(
            f"/events/{slug}/cancel/",
            data={"csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.host}/events/{slug}/"},
            name="/events/<slug>/cancel/",
            allow_redirects=False,
        )
        level, text = self._told(response)
        if response.status_code != 302:
            result = "failed"
        elif level == "success":
            result = "cancelled"
        elif level == "danger":
            result = "refused"
        else:
            result = "unknown"
        record_outcome(self.username, slug, "cancel", result, response.status_code, text)

    @task(1)
    def my_programme(self):
        if self.logged_in:
            self.client.get("/me/", name="/me/")


class Coordinator(HttpUser):
    """The reports: the dashboard, a report, a CSV or XLSX export."""

    weight = 1
    wait_time = between(2, 5)

    def on_start(self):
        prepare(self)
        log_in(self, "demo-coordinator", DEMO_PASSWORD)

    @task
    def reports(self):
        self.client.get("/reports/", name="/reports/")
        name = random.choice(["participation", "programme-summary", "attendance"])
        self.client.get(f"/reports/{name}/", name="/reports/<name>/")
        export = random.choice(["csv", "xlsx"])
        self.client.get(f"/reports/participation.{export}", name=f"/reports/<name>.{export}")


class Staff(HttpUser):
    """The admin: an event's change form, saved with a small edit to its description."""

    weight = 1
    wait_time = between(2, 5)

    def on_start(self):
        prepare(self)
        log_in(self, "demo-staff", DEMO_PASSWORD)
        self.edits = 0

    @task
    def edit_event(self):
        address = f"/admin/workshops/event/{SETUP['edited_event_id']}/change/"
        page = self.client.get(address, name="/admin/workshops/event/<id>/change/")
        if page.status_code != 200:
            return
        parser = FormFields("event_form")
        parser.feed(page.text)
        fields = [(name, value) for name, value in parser.fields if name != "_save"]
        self.edits += 1
        fields = [
            (name, value.split("\n\n[load test")[0] + f"\n\n[load test edit {self.edits}]")
            if name in ("description", "description_en")
            else (name, value)
            for name, value in fields
        ]
        fields.append(("_save", "Save"))
        with self.client.post(
            address,
            data=fields,
            headers={"Referer": self.host + address},
            name="/admin/workshops/event/<id>/change/ (save)",
            allow_redirects=False,
            catch_response=True,
        ) as response:
            if response.status_code == 200:
                response.failure("the admin refused the form")
