"""/me/profile/: a participant's own choices (public listing, time zone, e-mail), and /me/ in
their time zone."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.utils import dateformat

from regions.time_zones import IANA_TIME_ZONES
from tests.factories import EventFactory, GovernmentFactory, PersonFactory, UserFactory
from tests.html import messages_of, text
from workshops.services import register_for_event

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
NEXT_YEAR = datetime.date.today().year + 1


@pytest.fixture
def participant(client):
    """A Person of a government in Rome's zone, not listed publicly, with a login, logged in."""
    person = PersonFactory(
        user=UserFactory(),
        government=GovernmentFactory(name="Lombardy", slug="lombardy", time_zone="Europe/Rome"),
        consents_to_public_listing=False,
    )
    client.force_login(person.user)
    return person


CHOICES = {
    "consents_to_public_listing": "on",
    "time_zone": "America/Toronto",
    "wants_change_notices": "on",
}


def test_profile_sends_anonymous_visitors_to_log_in(client):
    response = client.get("/me/profile/")

    assert response.status_code == 302
    assert response.url == "/accounts/login/?next=/me/profile/"


def test_profile_shows_the_person_s_current_choices(client, participant):
    response = client.get("/me/profile/")

    form = response.context["form"]
    assert form.initial == {
        "consents_to_public_listing": False,
        "time_zone": "",
        "language": "",
        "wants_reminders": True,
        "wants_change_notices": True,
        "biography": "",
        "alert_themes": [],
    }
    assert re.search(r'<label\s+for="id_time_zone"', text(response))


def test_profile_offers_no_zone_first_then_the_member_governments_zones_then_all(
    client, participant
):
    GovernmentFactory(time_zone="America/Toronto")
    GovernmentFactory(time_zone="Europe/Rome")
    GovernmentFactory(time_zone="Asia/Tokyo", is_active=False)

    response = client.get("/me/profile/")

    (automatic, (common_label, common), (all_label, every)) = (
        response.context["form"].fields["time_zone"].choices
    )
    assert automatic == ("", "Automatic: my government's (Europe/Rome), else the venue's")
    assert common_label == "Time zones of the member governments"
    assert common == [("America/Toronto", "America/Toronto"), ("Europe/Rome", "Europe/Rome")]
    assert all_label == "All time zones"
    assert [value for value, _label in every] == list(IANA_TIME_ZONES)


def test_profile_saves_the_choices_and_says_so(client, participant):
    response = client.post("/me/profile/", CHOICES)

    participant.refresh_from_db()
    assert response.url == "/me/profile/"
    assert messages_of(response) == ["Your profile is saved."]
    assert (
        participant.consents_to_public_listing,
        participant.time_zone,
        participant.wants_reminders,
        participant.wants_change_notices,
    ) == (True, "America/Toronto", False, True)


def test_profile_refuses_a_zone_that_is_not_iana_and_saves_nothing(client, participant):
    response = client.post("/me/profile/", {**CHOICES, "time_zone": "Mars/Olympus_Mons"})

    participant.refresh_from_db()
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "time_zone": [
            "That is not an IANA time zone name: choose one from the list, such as Europe/Rome."
        ]
    }
    assert (participant.consents_to_public_listing, participant.time_zone) == (False, "")


def test_profile_does_not_show_a_refused_zone_back(client, participant):
    sent = "Mars/" + "x" * 10_000

    response = client.post("/me/profile/", {**CHOICES, "time_zone": sent})

    assert response.context["form"].errors["time_zone"]
    assert "x" * 100 not in response.content.decode()


def test_profile_consent_decides_whether_the_government_page_lists_the_person(client, participant):
    client.post("/me/profile/", CHOICES)
    listed = text(client.get("/governments/lombardy/"))
    client.post("/me/profile/", {**CHOICES, "consents_to_public_listing": ""})
    unlisted = text(client.get("/governments/lombardy/"))

    assert participant.name in listed
    assert participant.name not in unlisted


def test_profile_says_which_e_mails_are_always_sent(client, participant):
    response = client.get("/me/profile/")

    assert "We always e-mail you about your own registrations" in text(response)


def test_profile_without_a_linked_person_explains_and_saves_nothing(client):
    client.force_login(UserFactory())

    page = client.get("/me/profile/")
    response = client.post("/me/profile/", CHOICES)

    assert page.status_code == 200
    assert "Your account is not linked to a participant yet." in text(page)
    assert "form" not in page.context
    assert response.url == "/me/"
    assert messages_of(response) == ["Your account is not linked to a participant yet."]


def test_me_links_to_the_profile(client, participant):
    response = client.get("/me/")

    assert re.search(r'<a [^>]*href="/me/profile/"', text(response))


def registration_dates(response):
    return re.findall(r"<tr>\s*<td>(.*?)</td>", text(response), re.DOTALL)


def test_me_shows_times_in_the_zone_saved_in_the_profile(client, participant):
    starts_at = datetime.datetime(NEXT_YEAR, 7, 15, 10, 0, tzinfo=ROME)
    register_for_event(event=EventFactory(starts_at=starts_at), person=participant)
    client.post("/me/profile/", CHOICES)

    response = client.get("/me/")

    in_toronto = starts_at.astimezone(ZoneInfo("America/Toronto"))
    assert registration_dates(response) == [dateformat.format(in_toronto, "j M Y, H:i T")]
    assert "Times are in your time zone, America/Toronto." in text(response)


def test_me_shows_times_in_the_government_s_zone_when_none_is_saved(client):
    person = PersonFactory(user=UserFactory(), government__time_zone="America/Chicago")
    client.force_login(person.user)
    starts_at = datetime.datetime(NEXT_YEAR, 7, 15, 10, 0, tzinfo=ROME)
    register_for_event(event=EventFactory(starts_at=starts_at), person=person)

    response = client.get("/me/")

    assert registration_dates(response) == [f"15 Jul {NEXT_YEAR}, 03:00 CDT"]


def test_me_shows_the_venue_s_time_to_someone_without_a_zone_or_a_government(client):
    person = PersonFactory(user=UserFactory(), government=None)
    client.force_login(person.user)
    starts_at = datetime.datetime(NEXT_YEAR, 7, 15, 10, 0, tzinfo=ROME)
    register_for_event(event=EventFactory(starts_at=starts_at), person=person)

    response = client.get("/me/")

    assert registration_dates(response) == [f"15 Jul {NEXT_YEAR}, 10:00 CEST"]
