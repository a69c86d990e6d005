"""One way of writing an event's date and time wherever it appears: its page, the schedule,
/me/, the coordinator's PDF and the e-mail the participant gets (itp/formats/en/formats.py)."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
from django.utils import formats, timezone, translation
from pypdf import PdfReader

from itp.roles import COORDINATORS
from tests.factories import EventFactory, GovernmentFactory, PersonFactory, UserFactory
from tests.html import body, plain, plain_text
from workshops.services import register_for_event

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
YEAR = timezone.now().year + 1


@pytest.fixture
def workshop():
    """A one-day workshop in Milan on 15 January next year, 09:00 to 17:00 there."""
    starts_at = datetime.datetime(YEAR, 1, 15, 9, 0, tzinfo=ROME)
    return EventFactory(
        slug="heat-workshop",
        title="Heat workshop",
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=8),
        time_zone="Europe/Rome",
    )


@pytest.fixture
def participant(workshop, django_capture_on_commit_callbacks):
    """A participant of a government in Milan's zone, registered for the workshop."""
    person = PersonFactory(
        government=GovernmentFactory(time_zone="Europe/Rome"), user=UserFactory()
    )
    with django_capture_on_commit_callbacks(execute=True):
        register_for_event(event=workshop, person=person)
    return person


def when(workshop):
    """How the event's page writes the workshop's day and hours."""
    weekday = formats.date_format(workshop.starts_at.astimezone(ROME), "l")
    return f"{weekday} 15 January {YEAR}, 09:00 – 17:00 CET"


def test_an_event_s_day_and_hours_read_alike_on_its_page_the_schedule_me_and_the_pdf(
    client, workshop, participant
):
    client.force_login(participant.user)
    event_page = plain_text(client.get("/events/heat-workshop/"))
    schedule = plain_text(client.get("/events/"))
    me = plain_text(client.get("/me/"))
    client.force_login(UserFactory(is_staff=True, roles=[COORDINATORS]))
    pdf = client.get("/reports/attendance.pdf?event=heat-workshop")
    sheet = " ".join(
        " ".join(page.extract_text() for page in PdfReader(io.BytesIO(body(pdf))).pages).split()
    )

    assert f"When {when(workshop)}, Milan" in event_page
    assert f"15 Jan {YEAR} 09:00 CET" in schedule
    assert f"15 Jan {YEAR}, 09:00 CET Heat workshop" in me
    assert f"Date 15 January {YEAR} Venue" in sheet


def test_the_e_mail_writes_an_event_s_day_and_hours_as_its_page_does(
    workshop, participant, mailoutbox
):
    (email,) = mailoutbox

    assert f"When: {when(workshop)} (Europe/Rome)" in email.body
    assert f"{when(workshop)} (Europe/Rome)" in plain(email.alternatives[0].content)


@pytest.mark.parametrize(
    ("language", "date", "short_date", "datetime_", "number"),
    [
        ("en", "15 January 2026", "15 Jan 2026", "15 January 2026, 09:00 CET", "39,560,000.5"),
        ("de", "15. Januar 2026", "15.01.2026", "15. Januar 2026, 09:00 CET", "39.560.000,5"),
        (
            "fr",
            "15 janvier 2026",
            "15/01/2026",
            "15 janvier 2026 à 09:00 CET",
            "39\xa0560\xa0000,5",
        ),
        ("it", "15 gennaio 2026", "15/01/2026", "15 gennaio 2026, 09:00 CET", "39.560.000,5"),
        (
            "pl",
            "15 stycznia 2026",
            "15.01.2026",
            "15 stycznia 2026, 09:00 CET",
            "39\xa0560\xa0000,5",
        ),
        ("cy", "15 Ionawr 2026", "15/01/2026", "15 Ionawr 2026, 09:00 CET", "39,560,000.5"),
    ],
)
def test_each_language_writes_dates_and_numbers_its_own_way_with_the_zone_beside_times(
    language, date, short_date, datetime_, number
):
    moment = datetime.datetime(2026, 1, 15, 9, 0, tzinfo=ROME)
    with translation.override(language):
        assert formats.date_format(moment, "DATE_FORMAT").casefold() == date.casefold()
        assert formats.date_format(moment, "SHORT_DATE_FORMAT") == short_date
        assert formats.date_format(moment, "DATETIME_FORMAT").casefold() == datetime_.casefold()
        assert formats.number_format(39560000.5, 1, use_l10n=True, force_grouping=True) == number
        # Forms in every language still read the ISO dates that date inputs send.
        assert "%Y-%m-%d" in formats.get_format("DATE_INPUT_FORMATS")
