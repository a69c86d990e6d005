"""The site search on PostgreSQL: accents ignored, English stemming, and on each searched
table a stored, indexed ``search_vector``. Nothing on SQLite, which searches without them.

In ``itp`` rather than in each app: the search is the site's (itp.search), the apps know
nothing of it, and the configuration must exist before anything that names it.

Each table's ``search_vector`` (a column the models do not declare) holds exactly the vector
``itp.search.backends.search_vector`` makes of its source's fields (written out here: a
migration keeps what it did; tests/itp/search/test_postgresql.py checks that they agree), kept
up to date by a trigger on every insert and on every update of those fields, with a GIN index.
A stored vector rather than an index on the expression: ranking reads each match's vector, and
computing it again from the text for every match costs ten times as much (30 ms against 3 ms
for the 2,800 listed people a common word finds at scale 1). A trigger rather than a generated
column: PostgreSQL refuses to change the type of a column a generated column reads, which
would block an ordinary migration such as a longer ``max_length``.
"""

from django.db import migrations

from itp.search.operations import RunSQLOnPostgreSQL

CONFIG = "itp_english"


def vector(fields, row=""):
    """The weighted vector of ``fields`` ({weight: [column, ...]}), each column read from
    ``row`` ("NEW." in the trigger)."""
    parts = []
    for weight, columns in fields.items():
        text = " || ' ' || ".join(f"COALESCE({row}{column}, '')" for column in columns)
        parts.append(f"setweight(to_tsvector('{CONFIG}'::regconfig, {text}), '{weight}')")
    return " || ".join(parts)


def stored_vector(table, fields):
    """``table.search_vector``: the column, its trigger, its values and its GIN index."""
    function = f"{table}_search_vector"
    columns = ", ".join(column for names in fields.values() for column in names)
    return RunSQLOnPostgreSQL(
        [
            f"ALTER TABLE {table} ADD COLUMN search_vector tsvector",
            f"CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
            f"BEGIN NEW.search_vector := {vector(fields, 'NEW.')}; RETURN NEW; END $$",
            f"CREATE TRIGGER {function} BEFORE INSERT OR UPDATE OF {columns} ON {table} "
            f"FOR EACH ROW EXECUTE FUNCTION {function}()",
            f"UPDATE {table} SET search_vector = {vector(fields)}",
            f"CREATE INDEX {table}_search ON {table} USING gin (search_vector)",
        ],
        [
            f"DROP TRIGGER IF EXISTS {function} ON {table}",
            f"DROP FUNCTION IF EXISTS {function}()",
            f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector",
        ],
    )


class Migration(migrations.Migration):
    dependencies = [
        ("itp", "0009_material"),
        ("regions", "0005_person_page_slug_biography_photo"),
        ("teams", "0003_single_line_text_and_safe_links"),
        ("workshops", "0006_message_previous_times"),
    ]

    operations = [
        # unaccent is a trusted extension (PostgreSQL 13 and later): the database's owner may
        # create it. Left in place when going back: something else may use it by then.
        RunSQLOnPostgreSQL("CREATE EXTENSION IF NOT EXISTS unaccent", migrations.RunSQL.noop),
        # English with accents dropped before stemming: "Québec" finds "Quebec".
        RunSQLOnPostgreSQL(
            [
                f"CREATE TEXT SEARCH CONFIGURATION {CONFIG} (COPY = english)",
                f"ALTER TEXT SEARCH CONFIGURATION {CONFIG} "
                "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem",
            ],
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {CONFIG}",
        ),
        stored_vector(
            "workshops_event",
            {"A": ["title"], "B": ["description"], "C": ["venue", "city"]},
        ),
        stored_vector(
            "workshops_session", {"A": ["title"], "B": ["description"], "C": ["location"]}
        ),
        stored_vector(
            "regions_person", {"A": ["name"], "B": ["job_title"], "C": ["biography"]}
        ),
        stored_vector("itp_learning", {"A": ["title"], "B": ["summary"], "C": ["body"]}),
        stored_vector("itp_material", {"A": ["title"]}),
        stored_vector(
            "teams_innovationteam", {"A": ["name"], "B": ["summary"], "C": ["challenge"]}
        ),
        stored_vector("regions_government", {"A": ["name"], "B": ["summary"]}),
        stored_vector("regions_organisation", {"A": ["name"], "C": ["city"]}),
    ]
