"""The database connection: on PostgreSQL, JIT compilation is off unless DATABASE_JIT asks
for it (see the DATABASES setting)."""

import pytest
from django.db import connection

from tests.settings_helpers import setting_from_environment


def database_options(**variables):
    """The OPTIONS of the default database that settings build from an environment holding
    ``variables``."""
    return setting_from_environment(
        "s.DATABASES['default'].get('OPTIONS', {})",
        unset=("DATABASE_URL", "DATABASE_JIT"),
        **variables,
    )


def test_postgresql_connections_ask_for_jit_off():
    options = database_options(DATABASE_URL="postgres://itp@db.example.org:5432/itp")

    assert options["options"] == "-c jit=off"


def test_options_in_the_database_url_are_kept_beside_it():
    options = database_options(
        DATABASE_URL="postgres://itp@db.example.org:5432/itp?options=-c%20statement_timeout%3D5000"
    )

    assert options["options"] == "-c statement_timeout=5000 -c jit=off"


def test_database_jit_leaves_postgresql_as_configured():
    options = database_options(
        DATABASE_URL="postgres://itp@db.example.org:5432/itp", DATABASE_JIT="true"
    )

    assert "options" not in options


def test_sqlite_is_left_as_it_is():
    options = database_options(DATABASE_URL="sqlite:////tmp/itp-settings-test.sqlite3")

    assert "options" not in options


@pytest.mark.postgresql
@pytest.mark.skipif(connection.vendor != "postgresql", reason="JIT is PostgreSQL's")
@pytest.mark.django_db
def test_the_sites_connection_runs_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"
