"""The site search in every content language: each table's stored ``search_vector`` reads
each language's column of its translated fields, stemmed in that language where PostgreSQL
has a stemmer (German, French, Italian; English through itp_english) and word for word for
Polish and Welsh, accents ignored in all. Nothing on SQLite.

As in ``0010_search``, the vectors are written out here, and
tests/itp/search/test_postgresql.py checks that they agree with
``itp.search.backends.search_vector``. Going back restores the English vectors of 0010.
"""

from django.db import migrations

from itp.search.operations import RunSQLOnPostgreSQL

LANGUAGES = ("en", "de", "fr", "it", "pl", "cy")
CONFIGS = {
    "en": "itp_english",
    "de": "itp_german",
    "fr": "itp_french",
    "it": "itp_italian",
    "pl": "itp_simple",
    "cy": "itp_simple",
}
# The stemmer each new configuration copies; "simple" only lower-cases.
NEW_CONFIGS = {
    "itp_german": "german",
    "itp_french": "french",
    "itp_italian": "italian",
    "itp_simple": "simple",
}

# Each table's fields by weight, and which of them have a column per language.
TABLES = {
    "workshops_event": (
        {"A": ["title"], "B": ["description"], "C": ["venue", "city"]},
        {"title", "description"},
    ),
    "workshops_session": (
        {"A": ["title"], "B": ["description"], "C": ["location"]},
        {"title", "description"},
    ),
    "itp_learning": (
        {"A": ["title"], "B": ["summary"], "C": ["body"]},
        {"title", "summary", "body"},
    ),
    "itp_material": ({"A": ["title"]}, {"title"}),
    "teams_innovationteam": (
        {"A": ["name"], "B": ["summary"], "C": ["challenge"]},
        {"name", "summary", "challenge"},
    ),
    "regions_government": ({"A": ["name"], "B": ["summary"]}, {"summary"}),
}


def parts(fields, translated):
    """(weight, configuration, columns): per weight, English and the untranslated fields,
    then each other language's columns."""
    result = []
    for weight, names in fields.items():
        for language in LANGUAGES:
            if language == "en":
                columns = [f"{name}_en" if name in translated else name for name in names]
            else:
                columns = [f"{name}_{language}" for name in names if name in translated]
            if columns:
                result.append((weight, CONFIGS[language], columns))
    return result


def vector(vector_parts, row=""):
    sql = []
    for weight, config, columns in vector_parts:
        text = " || ' ' || ".join(f"COALESCE({row}{column}, '')" for column in columns)
        sql.append(f"setweight(to_tsvector('{config}'::regconfig, {text}), '{weight}')")
    return " || ".join(sql)


def trigger(table, vector_parts):
    """The statements that make ``table``'s trigger compute ``vector_parts`` and refill it."""
    function = f"{table}_search_vector"
    columns = ", ".join(dict.fromkeys(c for _w, _c, names in vector_parts for c in names))
    return [
        f"DROP TRIGGER IF EXISTS {function} ON {table}",
        f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
        f"BEGIN NEW.search_vector := {vector(vector_parts, 'NEW.')}; RETURN NEW; END $$",
        f"CREATE TRIGGER {function} BEFORE INSERT OR UPDATE OF {columns} ON {table} "
        f"FOR EACH ROW EXECUTE FUNCTION {function}()",
        f"UPDATE {table} SET search_vector = {vector(vector_parts)}",
    ]


def english_only(fields):
    """0010's vector: every field's original column in English."""
    return [(weight, "itp_english", names) for weight, names in fields.items()]


class Migration(migrations.Migration):
    dependencies = [
        ("itp", "0012_content_in_six_languages"),
        ("regions", "0009_government_summary_in_six_languages"),
        ("teams", "0005_content_in_six_languages"),
        ("workshops", "0012_content_in_six_languages"),
    ]

    operations = [
        RunSQLOnPostgreSQL(
            [
                statement
                for config, stemmer in NEW_CONFIGS.items()
                for statement in (
                    f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = {stemmer})",
                    f"ALTER TEXT SEARCH CONFIGURATION {config} ALTER MAPPING FOR "
                    f"hword, hword_part, word WITH unaccent, "
                    f"{stemmer if stemmer == 'simple' else stemmer + '_stem'}",
                )
            ],
            [f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {config}" for config in NEW_CONFIGS],
        ),
        *(
            RunSQLOnPostgreSQL(
                trigger(table, parts(fields, translated)), trigger(table, english_only(fields))
            )
            for table, (fields, translated) in TABLES.items()
        ),
    ]
