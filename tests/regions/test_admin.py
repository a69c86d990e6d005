import pytest

from itp.models import Theme
from regions.models import Government, Organisation, Person
from tests.factories import (
    GovernmentFactory,
    OrganisationFactory,
    PersonFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

GOVERNMENT_ADD_URL = "/admin/regions/government/add/"


def government_form_data(**overrides):
    """A complete, valid POST of the government add form; each test spoils one field."""
    data = {
        "name": "Emilia-Romagna",
        "slug": "emilia-romagna",
        "country": "IT",
        "kind": Government.Kind.REGION,
        "time_zone": "Europe/Rome",
        "is_active": "on",
        "population": "4460000",
        "gdp_billion_usd": "190",
        "emissions_mt_co2e": "40",
        "industry_share_percent": "35",
        "figures_year": "2019",
        "figures_source": "Regional statistics office.",
        "summary": "",
        "website": "",
        "joined_on": "",
        "_save": "Save",
    }
    return data | overrides


def test_government_add_form_with_valid_data_saves(admin_client):
    theme = ThemeFactory()

    response = admin_client.post(GOVERNMENT_ADD_URL, government_form_data(themes=[theme.pk]))

    government = Government.objects.get(slug="emilia-romagna")
    assert response.status_code == 302
    assert (government.population, list(government.themes.all())) == (4_460_000, [theme])


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("population", "-5"),
        ("gdp_billion_usd", "-1"),
        ("emissions_mt_co2e", "-0.5"),
        ("industry_share_percent", "120"),
        ("industry_share_percent", "-1"),
    ],
)
def test_government_add_form_refuses_out_of_range_figure_on_the_field(admin_client, field, value):
    response = admin_client.post(GOVERNMENT_ADD_URL, government_form_data(**{field: value}))

    errors = response.context["adminform"].form.errors
    assert response.status_code == 200
    assert list(errors) == [field]
    assert Government.objects.count() == 0


def test_government_add_form_refuses_unknown_time_zone_naming_it(admin_client):
    response = admin_client.post(
        GOVERNMENT_ADD_URL, government_form_data(time_zone="Mars/Olympus_Mons")
    )

    errors = response.context["adminform"].form.errors
    assert response.status_code == 200
    assert list(errors) == ["time_zone"]
    assert "Mars/Olympus_Mons" in errors["time_zone"][0]
    assert Government.objects.count() == 0


def test_government_add_form_refuses_duplicate_slug_on_the_field(admin_client):
    GovernmentFactory(name="Emilia", slug="emilia-romagna")

    response = admin_client.post(GOVERNMENT_ADD_URL, government_form_data())

    errors = response.context["adminform"].form.errors
    assert response.status_code == 200
    assert list(errors) == ["slug"]
    assert Government.objects.count() == 1


@pytest.mark.parametrize(
    ("path", "factory", "names"),
    [
        pytest.param(
            "/admin/itp/theme/",
            ThemeFactory,
            ["Sustainable hydrogen", "Innovative finance"],
            id="theme",
        ),
        pytest.param(
            "/admin/regions/government/", GovernmentFactory, ["Silesia", "Wales"], id="government"
        ),
        pytest.param(
            "/admin/regions/organisation/",
            OrganisationFactory,
            ["Tenova", "Turboden"],
            id="organisation",
        ),
        pytest.param(
            "/admin/regions/person/", PersonFactory, ["Fiona MacLeod", "Callum Reid"], id="person"
        ),
    ],
)
def test_changelist_lists_rows_for_superuser(admin_client, path, factory, names):
    for name in names:
        factory(name=name)

    response = admin_client.get(path)

    content = response.content.decode()
    assert response.status_code == 200
    assert sorted(str(row) for row in response.context["cl"].result_list) == sorted(names)
    assert [name for name in names if name in content] == names


@pytest.mark.parametrize(
    ("path", "model", "field", "label"),
    [
        pytest.param(
            "/admin/itp/theme/add/", Theme, "description_en", "Description (English)", id="theme"
        ),
        pytest.param(
            "/admin/regions/government/add/",
            Government,
            "industry_share_percent",
            "Share of emissions from industry (%)",
            id="government",
        ),
        pytest.param(
            "/admin/regions/organisation/add/", Organisation, "city", "City", id="organisation"
        ),
        pytest.param(
            "/admin/regions/person/add/",
            Person,
            "consents_to_public_listing",
            "Consents to be listed publicly",
            id="person",
        ),
    ],
)
def test_add_form_renders_for_superuser(admin_client, path, model, field, label):
    response = admin_client.get(path)

    form = response.context["adminform"].form
    assert response.status_code == 200
    assert (form._meta.model, form[field].label) == (model, label)
    assert f'for="id_{field}">{label}' in response.content.decode()


def test_person_add_form_refuses_email_that_differs_only_in_case(admin_client):
    PersonFactory(email="giulia.ferraro@lombardy.example")

    response = admin_client.post(
        "/admin/regions/person/add/",
        {
            "name": "Giulia Ferraro",
            "email": "Giulia.Ferraro@Lombardy.example",
            "kind": Person.Kind.GOVERNMENT_OFFICIAL,
            "job_title": "",
            "_save": "Save",
        },
    )

    form = response.context["adminform"].form
    assert response.status_code == 200
    assert form.non_field_errors() == ["A person with this e-mail address already exists."]
    assert Person.objects.count() == 1


def test_person_changelist_filtered_by_government_lists_only_its_people(admin_client):
    katrin = PersonFactory(name="Katrin Albers")
    PersonFactory(name="Dana Whitfield")

    response = admin_client.get(
        "/admin/regions/person/", {"government__id__exact": katrin.government_id}
    )

    assert [person.name for person in response.context["cl"].result_list] == ["Katrin Albers"]
    assert "Dana Whitfield" not in response.content.decode()


def test_person_changelist_filtered_by_kind_lists_only_that_kind(admin_client):
    PersonFactory(name="Amelia Grant", kind=Person.Kind.PROGRAMME_STAFF, government=None)
    PersonFactory(name="Paolo Martinelli", kind=Person.Kind.INDUSTRY_EXPERT, government=None)

    response = admin_client.get("/admin/regions/person/", {"kind__exact": "programme_staff"})

    assert [person.name for person in response.context["cl"].result_list] == ["Amelia Grant"]
    assert "Paolo Martinelli" not in response.content.decode()


def test_person_added_without_a_slug_gets_one_made_from_the_name(admin_client):
    PersonFactory(name="Giulia Ferraro", slug="giulia-ferraro")

    response = admin_client.post(
        "/admin/regions/person/add/",
        {
            "name": "Giulia Ferraro",
            "slug": "",
            "email": "giulia.ferraro@emilia-romagna.example",
            "kind": Person.Kind.GOVERNMENT_OFFICIAL,
            "time_zone": "",
            "_save": "Save",
        },
    )

    assert response.status_code == 302
    added = Person.objects.get(email="giulia.ferraro@emilia-romagna.example")
    assert added.slug == "giulia-ferraro-2"


def test_person_form_refuses_a_slug_another_person_has(admin_client):
    PersonFactory(slug="giulia-ferraro")

    response = admin_client.post(
        "/admin/regions/person/add/",
        {
            "name": "Giulia Ferraro",
            "slug": "giulia-ferraro",
            "email": "giulia.ferraro@emilia-romagna.example",
            "kind": Person.Kind.GOVERNMENT_OFFICIAL,
            "time_zone": "",
            "_save": "Save",
        },
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [
        "Another person has this slug: leave it empty to have one made."
    ]
