import datetime

import pytest
from django.core.exceptions import ValidationError

from regions.holidays import (
    has_holiday_calendar,
    holiday_on,
    is_weekend,
    validate_holiday_subdivision,
)
from regions.models import Government
from tests.factories import GovernmentFactory
from tests.regions.test_admin import GOVERNMENT_ADD_URL, government_form_data

pytestmark = pytest.mark.django_db


def test_holiday_on_st_andrews_day_is_scotlands_not_waless():
    st_andrews_day = datetime.date(2026, 11, 30)

    assert (holiday_on("GB", "SCT", st_andrews_day), holiday_on("GB", "WLS", st_andrews_day)) == (
        "Saint Andrew's Day",
        "",
    )


def test_holiday_on_fete_nationale_is_quebecs_not_ontarios():
    fete_nationale = datetime.date(2026, 6, 24)

    assert "John the Baptist" in holiday_on("CA", "QC", fete_nationale)
    assert holiday_on("CA", "ON", fete_nationale) == ""


def test_holiday_on_sant_ambrogio_is_milans_not_the_country_levels_of_lombardy():
    # The library's Italian subdivisions are provinces and cities: Sant'Ambrogio is Milan's
    # patron saint's day, not a holiday of the region of Lombardy.
    sant_ambrogio = datetime.date(2026, 12, 7)

    assert (holiday_on("IT", "MI", sant_ambrogio), holiday_on("IT", "", sant_ambrogio)) == (
        "Saint Ambrose's Day",
        "",
    )


def test_holiday_on_corpus_christi_is_north_rhine_westphalias_not_berlins():
    corpus_christi = datetime.date(2026, 6, 4)

    assert (holiday_on("DE", "NW", corpus_christi), holiday_on("DE", "BE", corpus_christi)) == (
        "Corpus Christi",
        "",
    )


def test_holiday_on_a_subdivision_the_library_does_not_know_is_none_known():
    # Every country has a calendar; a code the library has dropped since it was saved has
    # none, and the page says the holidays are not known rather than failing.
    new_year = datetime.date(2026, 1, 1)

    assert (has_holiday_calendar("GB", "XX"), holiday_on("GB", "XX", new_year)) == (False, "")
    assert holiday_on("GB", "", new_year) == "New Year's Day"


def test_is_weekend_on_saturday_and_not_on_monday():
    assert (
        is_weekend("PL", "24", datetime.date(2026, 3, 14)),
        is_weekend("PL", "24", datetime.date(2026, 3, 16)),
    ) == (True, False)


@pytest.mark.parametrize(
    ("country", "subdivision"),
    [("DE", "NW"), ("GB", "SCT"), ("GB", "WLS"), ("CA", "QC"), ("US", "CA"), ("US", "MN"),
     ("PL", "24"), ("IT", ""), ("FR", "")],
)  # fmt: skip
def test_validate_holiday_subdivision_accepts_the_demo_governments_codes(country, subdivision):
    validate_holiday_subdivision(country, subdivision)


def test_validate_holiday_subdivision_refuses_a_code_of_another_country_and_lists_the_codes():
    with pytest.raises(ValidationError) as refusal:
        validate_holiday_subdivision("GB", "NW")

    assert "“NW” is not a holiday subdivision of this country" in refusal.value.messages[0]
    assert "ENG, NIR, SCT, WLS" in refusal.value.messages[0]


def test_government_clean_refuses_an_unknown_subdivision_on_its_field():
    government = GovernmentFactory(country="IT", holiday_subdivision="Lombardy")

    with pytest.raises(ValidationError) as refusal:
        government.full_clean()

    assert list(refusal.value.message_dict) == ["holiday_subdivision"]


def test_government_clean_accepts_a_subdivision_of_its_country():
    government = GovernmentFactory(
        country="CA", time_zone="America/Toronto", holiday_subdivision="QC"
    )

    government.full_clean()

    assert government.holiday_subdivision == "QC"


def test_government_admin_refuses_a_subdivision_of_another_country_on_the_field(admin_client):
    data = government_form_data(country="GB", time_zone="Europe/London", holiday_subdivision="QC")

    response = admin_client.post(GOVERNMENT_ADD_URL, data)

    errors = response.context["adminform"].form.errors
    assert list(errors) == ["holiday_subdivision"]
    assert "“QC” is not a holiday subdivision of this country" in errors["holiday_subdivision"][0]
    assert Government.objects.count() == 0


def test_government_admin_saves_a_subdivision_of_its_country(admin_client):
    data = government_form_data(country="GB", time_zone="Europe/London", holiday_subdivision="WLS")

    admin_client.post(GOVERNMENT_ADD_URL, data)

    assert Government.objects.get().holiday_subdivision == "WLS"
