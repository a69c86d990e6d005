"""The load test's own data on top of the demo: small-capacity events and participants.

Run with the venv's python and DATABASE_URL set (loadtest/run.py does). Writes
``<work>/setup.json``: the small events' slugs and modes, the participants' usernames (all
with ``PASSWORD``), and the event the staff edit in the admin.
"""

import datetime
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "loadtest-password-1"
PARTICIPANTS = 40
# (capacity, online capacity or None): few seats, so registrations fill them and queue.
SMALL_EVENTS = [(3, None), (4, None), (5, None), (3, 3), (4, None)]


def main(work):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itp.settings")
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group
    from django.utils import timezone

    from itp.roles import PARTICIPANTS as PARTICIPANTS_GROUP
    from regions.models import Government, Person
    from workshops.models import Event

    government = Government.objects.filter(is_active=True).order_by("pk").first()
    group = Group.objects.get(name=PARTICIPANTS_GROUP)
    User = get_user_model()
    usernames = []
    for number in range(1, PARTICIPANTS + 1):
        username = f"loadtest-{number:03d}"
        user = User.objects.create_user(
            username=username, email=f"{username}@loadtest.example", password=PASSWORD
        )
        user.groups.add(group)
        Person.objects.create(
            name=f"Load Test Participant {number:03d}",
            slug=username,
            email=user.email,
            kind=Person.Kind.GOVERNMENT_OFFICIAL,
            job_title="Energy Officer",
            government=government,
            user=user,
        )
        usernames.append(username)

    starts_at = timezone.now().replace(microsecond=0) + datetime.timedelta(days=20)
    events = []
    for number, (capacity, online_capacity) in enumerate(SMALL_EVENTS, start=1):
        hybrid = online_capacity is not None
        event = Event.objects.create(
            title=f"Load test workshop {number}",
            slug=f"load-test-workshop-{number}",
            kind=Event.Kind.WORKSHOP,
            status=Event.Status.PUBLISHED,
            starts_at=starts_at + datetime.timedelta(days=number),
            ends_at=starts_at + datetime.timedelta(days=number, hours=4),
            time_zone="Europe/Rome",
            venue="Palazzo Lombardia",
            city="Milan",
            country="IT",
            description="A small workshop for the load test: few seats, a waitlist.",
            capacity=capacity,
            attendance_mode=(
                Event.AttendanceMode.HYBRID if hybrid else Event.AttendanceMode.IN_PERSON
            ),
            online_capacity=online_capacity,
        )
        modes = ["in_person", "online"] if hybrid else ["in_person"]
        events.append({"slug": event.slug, "id": event.pk, "modes": modes})

    edited = (
        Event.objects.filter(status=Event.Status.PUBLISHED)
        .exclude(slug__startswith="load-test-")
        .order_by("pk")
        .first()
    )
    setup = {
        "password": PASSWORD,
        "participants": usernames,
        "small_events": events,
        "edited_event_id": edited.pk,
        "government": government.slug,
    }
    (Path(work) / "setup.json").write_text(json.dumps(setup, indent=2))


if __name__ == "__main__":
    main(sys.argv[1])
