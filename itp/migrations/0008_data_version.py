"""The data version that cached pages are keyed by (see itp.common.caching).

Not a model: a PostgreSQL sequence (moved outside any transaction's locks, so that writers
never wait on one another for it) or, on SQLite, a one-row table. Neither is emptied by
``flush``, so a version never goes back to a number that pages were cached under.
"""

from django.db import migrations

SEQUENCE = "itp_data_version"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"CREATE SEQUENCE IF NOT EXISTS {SEQUENCE}")
    else:
        schema_editor.execute(
            f"CREATE TABLE IF NOT EXISTS {SEQUENCE} "
            "(id integer PRIMARY KEY CHECK (id = 1), value integer NOT NULL)"
        )
        schema_editor.execute(f"INSERT OR IGNORE INTO {SEQUENCE} (id, value) VALUES (1, 1)")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP SEQUENCE IF EXISTS {SEQUENCE}")
    else:
        schema_editor.execute(f"DROP TABLE IF EXISTS {SEQUENCE}")


class Migration(migrations.Migration):
    dependencies = [("itp", "0007_single_line_text_and_safe_links")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
