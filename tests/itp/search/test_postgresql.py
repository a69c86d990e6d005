"""On PostgreSQL: the text search configuration, and the GIN index on each source's vector."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection

from itp.search.backends import TEXT_SEARCH_CONFIG, backend_for
from itp.search.sources import SOURCES_BY_NAME

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.postgresql,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's full-text search"),
]

INDEXES = {
    "events": "search_event_vector",
    "sessions": "search_session_vector",
    "people": "search_person_vector",
    "learnings": "search_learning_vector",
    "materials": "search_material_vector",
    "teams": "search_team_vector",
    "governments": "search_government_vector",
    "organisations": "search_organisation_vector",
}


def test_every_source_has_an_index():
    assert sorted(INDEXES) == sorted(SOURCES_BY_NAME)


def test_the_configuration_stems_english_and_drops_accents():
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_tsvector(%s, 'Québec heating Réseaux')", [TEXT_SEARCH_CONFIG])
        vector = cursor.fetchone()[0]

    assert vector == "'heat':2 'quebec':1 'reseaux':3"


@pytest.mark.parametrize("name", INDEXES)
def test_the_search_uses_the_sources_index(name):
    """The tables of a test are too small for the planner to prefer an index; with
    sequential scans made expensive, the plan shows that the index matches the query's
    expression (at scale, EXPLAIN shows it chosen on its own: see bench/search.py)."""
    source = SOURCES_BY_NAME[name]
    # Every row: in an empty table the planner would rather scan an index of the visibility
    # filter (the events' status) and check the vector on the few rows it finds.
    model = source.visible_to(AnonymousUser()).model
    matches = backend_for("hydrogen").matches(source, model._default_manager.all())

    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = matches.order_by().explain()

    assert INDEXES[name] in plan
