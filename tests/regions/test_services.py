import pytest
from django.core.exceptions import ValidationError

from regions.services import update_profile
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_update_profile_saves_the_person_s_choices():
    person = PersonFactory(consents_to_public_listing=False)

    update_profile(
        person=person,
        consents_to_public_listing=True,
        time_zone="America/Toronto",
        wants_reminders=False,
        wants_change_notices=False,
    )

    person.refresh_from_db()
    assert (
        person.consents_to_public_listing,
        person.time_zone,
        person.wants_reminders,
        person.wants_change_notices,
    ) == (True, "America/Toronto", False, False)


def test_update_profile_keeps_a_history_record_of_the_change():
    person = PersonFactory(consents_to_public_listing=True)

    update_profile(
        person=person,
        consents_to_public_listing=False,
        time_zone="",
        wants_reminders=True,
        wants_change_notices=True,
    )

    latest = person.history.first()
    assert (latest.history_type, latest.consents_to_public_listing) == ("~", False)


def test_update_profile_refuses_a_zone_that_is_not_iana_and_saves_nothing():
    person = PersonFactory(consents_to_public_listing=False, time_zone="Europe/Rome")

    with pytest.raises(ValidationError) as refusal:
        update_profile(
            person=person,
            consents_to_public_listing=True,
            time_zone="Mars/Olympus_Mons",
            wants_reminders=True,
            wants_change_notices=True,
        )

    person.refresh_from_db()
    assert list(refusal.value.message_dict) == ["time_zone"]
    assert (person.consents_to_public_listing, person.time_zone) == (False, "Europe/Rome")
