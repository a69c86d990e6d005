from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError

from regions.models import Government, Person
from regions.time_zones import validate_time_zone
from tests.factories import GovernmentFactory, PersonFactory

pytestmark = pytest.mark.django_db


def government_fields(**overrides):
    """Valid fields for Government.objects.create, so each test changes only one."""
    fields = {
        "name": "Lombardy",
        "slug": "lombardy",
        "country": "IT",
        "kind": Government.Kind.REGION,
        "time_zone": "Europe/Rome",
        "population": 10_060_000,
        "gdp_billion_usd": Decimal("460"),
        "emissions_mt_co2e": Decimal("80"),
        "industry_share_percent": Decimal("35"),
    }
    return fields | overrides


def test_government_create_with_valid_figures_is_saved():
    Government.objects.create(**government_fields())

    assert Government.objects.get(slug="lombardy").population == 10_060_000


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"population": -1}, id="negative population"),
        pytest.param({"gdp_billion_usd": Decimal("-0.01")}, id="negative gdp"),
        pytest.param({"emissions_mt_co2e": Decimal("-5")}, id="negative emissions"),
        pytest.param({"industry_share_percent": Decimal("120")}, id="industry share over 100"),
        pytest.param({"industry_share_percent": Decimal("-1")}, id="negative industry share"),
        pytest.param({"time_zone": "Mars/Olympus_Mons"}, id="unknown time zone"),
    ],
)
def test_government_create_with_invalid_value_is_refused_by_database(overrides):
    with pytest.raises(IntegrityError), transaction.atomic():
        Government.objects.create(**government_fields(**overrides))

    assert Government.objects.count() == 0


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"population": -5}, id="negative population"),
        pytest.param({"industry_share_percent": Decimal("100.01")}, id="industry share over 100"),
        pytest.param({"time_zone": "Mars/Olympus_Mons"}, id="unknown time zone"),
    ],
)
def test_government_update_to_invalid_value_is_refused_by_database(overrides):
    government = GovernmentFactory(population=1_000, time_zone="Europe/Rome")

    with pytest.raises(IntegrityError), transaction.atomic():
        Government.objects.filter(pk=government.pk).update(**overrides)

    government.refresh_from_db()
    assert (government.population, government.time_zone) == (1_000, "Europe/Rome")


def test_government_industry_share_at_bounds_is_accepted():
    low = Government.objects.create(**government_fields(industry_share_percent=Decimal("0")))
    high = Government.objects.create(
        **government_fields(name="Wales", slug="wales", industry_share_percent=Decimal("100"))
    )

    assert (low.industry_share_percent, high.industry_share_percent) == (0, 100)


def test_government_without_figures_is_accepted():
    government = Government.objects.create(
        **government_fields(
            population=None,
            gdp_billion_usd=None,
            emissions_mt_co2e=None,
            industry_share_percent=None,
        )
    )

    assert Government.objects.get(pk=government.pk).population is None


def test_government_duplicate_slug_is_refused_by_database():
    GovernmentFactory(slug="silesia")

    with pytest.raises(IntegrityError), transaction.atomic():
        Government.objects.create(**government_fields(slug="silesia"))

    assert Government.objects.filter(slug="silesia").count() == 1


def test_person_email_differing_only_in_case_is_refused_by_database():
    PersonFactory(email="giulia.ferraro@lombardy.example")

    with pytest.raises(IntegrityError), transaction.atomic():
        Person.objects.create(
            name="Giulia Ferraro",
            email="Giulia.Ferraro@Lombardy.example",
            kind=Person.Kind.GOVERNMENT_OFFICIAL,
        )

    assert Person.objects.count() == 1


def test_person_validate_constraints_reports_duplicate_email_ignoring_case():
    PersonFactory(email="giulia.ferraro@lombardy.example")
    duplicate = PersonFactory.build(email="GIULIA.FERRARO@lombardy.example", government=None)

    with pytest.raises(ValidationError) as raised:
        duplicate.validate_constraints()

    assert raised.value.messages == ["A person with this e-mail address already exists."]


def test_government_delete_with_person_is_protected():
    person = PersonFactory()

    with pytest.raises(ProtectedError), transaction.atomic():
        person.government.delete()

    assert Government.objects.filter(pk=person.government_id).exists()


def test_government_delete_without_people_removes_it():
    government = GovernmentFactory()

    government.delete()

    assert Government.objects.count() == 0


def test_validate_time_zone_accepts_iana_name():
    assert validate_time_zone("Europe/Rome") is None


def test_validate_time_zone_refuses_unknown_name_and_names_it():
    with pytest.raises(ValidationError) as raised:
        validate_time_zone("Europe/Atlantis")

    assert raised.value.code == "invalid_time_zone"
    assert raised.value.messages == [
        "“Europe/Atlantis” is not an IANA time zone name; use one such as Europe/Rome."
    ]


def test_government_full_clean_refuses_unknown_time_zone_on_the_field():
    government = GovernmentFactory.build(time_zone="Europe/Atlantis")

    with pytest.raises(ValidationError) as raised:
        government.full_clean()

    assert list(raised.value.message_dict) == ["time_zone"]


def test_government_industry_emissions_is_share_of_emissions():
    government = GovernmentFactory.build(
        emissions_mt_co2e=Decimal("280"), industry_share_percent=Decimal("40")
    )

    assert government.industry_emissions_mt_co2e == Decimal("112")


@pytest.mark.parametrize(
    ("emissions", "share"),
    [(None, Decimal("40")), (Decimal("280"), None)],
)
def test_government_industry_emissions_without_a_figure_is_none(emissions, share):
    government = GovernmentFactory.build(emissions_mt_co2e=emissions, industry_share_percent=share)

    assert government.industry_emissions_mt_co2e is None


def test_government_population_millions():
    government = GovernmentFactory.build(population=17_930_000)

    assert government.population_millions == Decimal("17.93")


def test_government_population_millions_without_population_is_none():
    government = GovernmentFactory.build(population=None)

    assert government.population_millions is None


def test_government_absolute_url_uses_slug():
    government = GovernmentFactory.build(slug="hauts-de-france")

    assert government.get_absolute_url() == "/governments/hauts-de-france/"


def test_person_affiliation_is_government_or_organisation():
    official = PersonFactory.build(government=GovernmentFactory.build(name="Quebec"))

    assert str(official.affiliation) == "Quebec"


def test_person_slug_is_made_from_the_name_when_empty():
    person = PersonFactory(name="Giulia Ferraro", slug="")

    assert person.slug == "giulia-ferraro"


def test_person_slug_is_numbered_when_another_person_has_it():
    PersonFactory(name="Giulia Ferraro", slug="")
    PersonFactory(name="Giulia Ferraro", slug="")
    third = PersonFactory(name="Giulia  Ferraro!", slug="")

    assert third.slug == "giulia-ferraro-3"


def test_person_slug_is_kept_when_the_name_changes():
    person = PersonFactory(name="Giulia Ferraro", slug="")
    person.name = "Giulia Bianchi"
    person.save()

    assert person.slug == "giulia-ferraro"


def test_person_slug_of_a_name_without_letters_is_person():
    assert PersonFactory(name="—", slug="").slug == "person"


def test_person_saved_with_update_fields_gets_its_slug_saved_too():
    person = PersonFactory(name="Giulia Ferraro")
    Person.objects.filter(pk=person.pk).update(slug="")
    person.refresh_from_db()
    person.job_title = "Adviser"

    person.save(update_fields=["job_title"])

    assert Person.objects.get(pk=person.pk).slug == "giulia-ferraro"


def test_person_biography_longer_than_2000_characters_is_refused():
    person = PersonFactory.build(biography="a" * 2001)

    with pytest.raises(ValidationError) as error:
        person.full_clean(exclude=["government"])

    assert "biography" in error.value.message_dict


def test_person_biography_with_control_characters_is_refused():
    person = PersonFactory.build(biography="Line one\nline two\x00")

    with pytest.raises(ValidationError) as error:
        person.full_clean(exclude=["government"])

    assert "biography" in error.value.message_dict
