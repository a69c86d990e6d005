"""On PostgreSQL: the text search configuration, and each table's stored, indexed vector."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.utils import timezone

from itp.privacy.personal_data import anonymise_person
from itp.search.backends import TEXT_SEARCH_CONFIG, StoredVector, backend_for, search_vector
from itp.search.sources import SOURCES_BY_NAME
from tests.factories import (
    EventFactory,
    GovernmentFactory,
    InnovationTeamFactory,
    LearningFactory,
    MaterialFactory,
    OrganisationFactory,
    PersonFactory,
    SessionFactory,
)

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgresql,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text search"),
]

# A row of each source, with text in every searched field.
ROWS = {
    "events": lambda: EventFactory(venue="Palazzo Lombardia", city="Milan"),
    "sessions": lambda: SessionFactory(description="Heat pumps in dairies.", location="Brescia"),
    "people": lambda: PersonFactory(job_title="Heat planner", biography="Runs tenders."),
    "learnings": lambda: LearningFactory(is_published=True, published_on=timezone.localdate()),
    "materials": lambda: MaterialFactory(recording=True),
    "teams": lambda: InnovationTeamFactory(),
    "governments": lambda: GovernmentFactory(summary="A region of heat networks."),
    "organisations": lambda: OrganisationFactory(city="Brescia"),
}


def test_every_source_has_a_row_here():
    assert sorted(ROWS) == sorted(SOURCES_BY_NAME)


def test_the_configuration_stems_english_and_drops_accents():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector(%s, 'Québec heating Réseaux')", [TEXT_SEARCH_CONFIG])
        vector = cursor.fetchone()[0]

    assert vector == "'heat':2 'quebec':1 'reseaux':3"


def stored_and_expected(source, row):
    model = type(row)
    return (
        model._default_manager.filter(pk=row.pk)
        .annotate(stored=StoredVector(), expected=search_vector(source))
        .values_list("stored", "expected")
        .get()
    )


@pytest.mark.parametrize("name", ROWS)
def test_the_stored_vector_is_the_sources_on_insert_and_update(name, settings, tmp_path):
    """The migration's trigger computes exactly what the source's fields declare."""
    settings.MEDIA_ROOT = tmp_path
    source = SOURCES_BY_NAME[name]
    row = ROWS[name]()

    stored, expected = stored_and_expected(source, row)
    assert stored == expected
    assert stored

    setattr(row, source.title_field, "Électrolyse renamed")
    row.save()
    stored, expected = stored_and_expected(source, row)
    assert stored == expected
    assert "'electrolys'" in stored


@pytest.mark.parametrize("name", ROWS)
def test_the_search_uses_the_tables_gin_index(name):
    """The tables of a test are too small for the planner to prefer an index; with
    sequential scans made expensive, the plan shows that the index serves the query (at
    scale, ``bench/search.py --explain`` shows it chosen on its own)."""
    source = SOURCES_BY_NAME[name]
    # Every row: in an empty table the planner would rather scan an index of the visibility
    # filter (the events' status) and check the vector on the few rows it finds.
    model = source.visible_to(AnonymousUser()).model
    matches = backend_for("hydrogen").matches(source, model._default_manager.all())

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = matches.order_by().explain()

    assert f"Bitmap Index Scan on {model._meta.db_table}_search" in plan


def test_an_anonymised_persons_name_leaves_their_stored_vector():
    person = PersonFactory(name="Ottavia Zanardelli", job_title="Heat planner")

    anonymise_person(person=person)

    stored, expected = stored_and_expected(SOURCES_BY_NAME["people"], person)
    assert stored == expected
    assert "zanardelli" not in stored
