"""The site search on PostgreSQL: accents ignored, English stemming, and a GIN index on each
searched table's vector. Nothing on SQLite, which searches without them.

In ``itp`` rather than in each app: the search is the site's (itp.search), the apps know
nothing of it, and the configuration must exist before any index that names it. Each index
is on exactly the expression ``itp.search.backends.search_vector`` makes of its source's
fields (written out here: a migration keeps what it did), so that the planner uses it;
tests/itp/search/test_postgresql.py checks that it does.
"""

from django.db import migrations

from itp.search.operations import RunSQLOnPostgreSQL

CONFIG = "itp_english"


def index(name, table, vector):
    return RunSQLOnPostgreSQL(
        f"CREATE INDEX {name} ON {table} USING gin (({vector}))",
        f"DROP INDEX IF EXISTS {name}",
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
        index(
            "search_event_vector",
            "workshops_event",
            "setweight(to_tsvector('itp_english'::regconfig, COALESCE(title, '')), 'A') || setweight(to_tsvector('itp_english'::regconfig, COALESCE(description, '')), 'B') || setweight(to_tsvector('itp_english'::regconfig, COALESCE(venue, '') || ' ' || COALESCE(city, '')), 'C')",
        ),
        index(
            "search_session_vector",
            "workshops_session",
            "setweight(to_tsvector('itp_english'::regconfig, COALESCE(title, '')), 'A') || setweight(to_tsvector('itp_english'::regconfig, COALESCE(description, '')), 'B') || setweight(to_tsvector('itp_english'::regconfig, COALESCE(location, '')), 'C')",
        ),
        index(
            "search_learning_vector",
            "itp_learning",
            "setweight(to_tsvector('itp_english'::regconfig, COALESCE(title, '')), 'A') || setweight(to_tsvector('itp_english'::regconfig, COALESCE(summary, '')), 'B') || setweight(to_tsvector('itp_english'::regconfig, COALESCE(body, '')), 'C')",
        ),
        index(
            "search_team_vector",
            "teams_innovationteam",
            "setweight(to_tsvector('itp_english'::regconfig, COALESCE(name, '')), 'A') || setweight(to_tsvector('itp_english'::regconfig, COALESCE(summary, '')), 'B') || setweight(to_tsvector('itp_english'::regconfig, COALESCE(challenge, '')), 'C')",
        ),
        index(
            "search_government_vector",
            "regions_government",
            "setweight(to_tsvector('itp_english'::regconfig, COALESCE(name, '')), 'A') || setweight(to_tsvector('itp_english'::regconfig, COALESCE(summary, '')), 'B')",
        ),
        index(
            "search_person_vector",
            "regions_person",
            "setweight(to_tsvector('itp_english'::regconfig, COALESCE(name, '')), 'A') || setweight(to_tsvector('itp_english'::regconfig, COALESCE(job_title, '')), 'B') || setweight(to_tsvector('itp_english'::regconfig, COALESCE(biography, '')), 'C')",
        ),
        index(
            "search_material_vector",
            "itp_material",
            "setweight(to_tsvector('itp_english'::regconfig, COALESCE(title, '')), 'A')",
        ),
        index(
            "search_organisation_vector",
            "regions_organisation",
            "setweight(to_tsvector('itp_english'::regconfig, COALESCE(name, '')), 'A') || setweight(to_tsvector('itp_english'::regconfig, COALESCE(city, '')), 'C')",
        ),
    ]
