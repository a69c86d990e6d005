"""Finding and ranking matches: PostgreSQL's full-text search, or a plain fallback.

On PostgreSQL, each source's fields make one weighted ``tsvector``, stored in the table's
``search_vector`` column and kept up to date by a trigger (migrations ``itp.0010_search``,
which says why it is stored, and ``itp.0013_search_in_six_languages``); its GIN index finds
the matches, ``websearch_to_tsquery`` reads what people type without ever failing on it,
``ts_rank`` orders them and ``ts_headline`` cuts the snippets. Each language's column of a
translated field is stemmed in that language's configuration (``CONFIGS``: accents ignored
through ``unaccent``; Polish and Welsh, which PostgreSQL cannot stem, word for word), the
other fields in English; a query is read in English and in the active language, so a German
visitor finds "Wärmepumpen" in a German title and English words still match.

On SQLite (the embedded demo database and half of the test runs), every word typed must occur
in one of the fields (any language's column), compared without case or accents; a match in
the title ranks above one in a summary, above one elsewhere.
"""

from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection as default_connection
from django.db.models import Case, Expression, F, Func, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Coalesce, Concat
from django.utils.translation import get_language

from itp.common.content_languages import ENGLISH, column, in_language, languages, translated_fields

from . import snippets

# The text search configuration of English content and of every field that is not translated
# (created by migration itp.0010_search).
TEXT_SEARCH_CONFIG = "itp_english"

# Each content language's configuration (itp.0013_search_in_six_languages): its own stemmer
# where PostgreSQL has one, after unaccent; word for word for Polish and Welsh.
CONFIGS = {
    "en": TEXT_SEARCH_CONFIG,
    "de": "itp_german",
    "fr": "itp_french",
    "it": "itp_italian",
    "pl": "itp_simple",
    "cy": "itp_simple",
}

# More words than this in a query add nothing but work: the rest are left out.
MOST_WORDS = 12

# ts_headline's options: a snippet of about two dozen words in at most two fragments.
HEADLINE_OPTIONS = {"max_words": 30, "min_words": 12, "max_fragments": 2}

WEIGHTS = ("A", "B", "C")


@dataclass
class Result:
    """One result as the page shows it."""

    source: Any
    row: Any
    title: str  # safe HTML
    snippet: str  # safe HTML
    url: str
    marker: str
    detail: str
    when: Any  # (start, IANA time zone) or None


def words_of(text):
    """The words of a query: what is between spaces, without the punctuation around it."""
    words = []
    for chunk in text.split():
        word = chunk.strip("\"'()[]{}<>.,;:!?&|*+-~^@#$%=/\\`")
        if word and any(char.isalnum() for char in word):
            words.append(word)
    return words[:MOST_WORDS]


def backend_for(text, connection=default_connection):
    """The search of ``text`` on this database."""
    if connection.vendor == "postgresql":
        return FullTextSearch(text)
    return FallbackSearch(text, connection)


# The column each searched table holds its vector in, on PostgreSQL.
VECTOR_COLUMN = "search_vector"


def active_language():
    """The active language's code among the content's languages, English otherwise."""
    language = (get_language() or ENGLISH).split("-")[0]
    return language if language in CONFIGS else ENGLISH


def vector_parts(source):
    """(weight, configuration, columns) of a source's vector, in order: per weight, the
    English columns and the untranslated fields, then each other language's columns."""
    translated = translated_fields(source.model)
    parts = []
    for weight in WEIGHTS:
        fields = source.fields_weighted(weight)
        for language in languages():
            if language == ENGLISH:
                columns = [column(f, ENGLISH) if f in translated else f for f in fields]
            else:
                columns = [column(f, language) for f in fields if f in translated]
            if columns:
                parts.append((weight, CONFIGS[language], columns))
    return parts


def searched_columns(source):
    """Every column a source's search reads, with its weight."""
    return [(name, weight) for weight, _config, columns in vector_parts(source) for name in columns]


def search_vector(source):
    """The weighted vector of a source's fields: one ``to_tsvector`` per weight and
    language, joined. What the table's stored ``search_vector`` holds (the migration's
    trigger computes the same); the search reads the stored one."""
    vector = None
    for weight, config, columns in vector_parts(source):
        part = SearchVector(*columns, weight=weight, config=config)
        vector = part if vector is None else vector + part
    return vector


def shown(source, field):
    """A field's text as the page shows it: the active language's, or English."""
    if field in translated_fields(source.model):
        return in_language(field, active_language())
    return F(field)


def _joined(source, fields):
    """The fields' text joined by spaces, for a snippet."""
    if not fields:
        return Value("", output_field=TextField())
    parts = []
    for field in fields:
        if parts:
            parts.append(Value(" "))
        parts.append(Coalesce(shown(source, field), Value(""), output_field=TextField()))
    if len(parts) == 1:
        return parts[0]
    return Concat(*parts, output_field=TextField())


class StoredVector(Expression):
    """The ``search_vector`` column of the query's own table, which the models do not
    declare (it exists on PostgreSQL only)."""

    output_field = SearchVectorField()

    def as_sql(self, compiler, connection):
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        return f"{table}.{connection.ops.quote_name(VECTOR_COLUMN)}", []


class FullTextSearch:
    """PostgreSQL's full-text search."""

    def __init__(self, text):
        self.config = CONFIGS[active_language()]
        self.query = SearchQuery(text, search_type="websearch", config=TEXT_SEARCH_CONFIG)
        if self.config != TEXT_SEARCH_CONFIG:
            self.query |= SearchQuery(text, search_type="websearch", config=self.config)

    def matches(self, source, queryset):
        """The rows of ``queryset`` that match, unordered (to count them)."""
        return queryset.alias(search_match=StoredVector()).filter(search_match=self.query)

    def ranked(self, source, queryset):
        """The matching rows, best first, each with its marked title and snippet."""
        headline = {
            "config": self.config,
            "start_sel": snippets.START,
            "stop_sel": snippets.STOP,
        }
        return (
            self.matches(source, queryset)
            .annotate(
                search_rank=SearchRank(StoredVector(), self.query),
                search_title=SearchHeadline(
                    shown(source, source.title_field), self.query, highlight_all=True, **headline
                ),
                search_snippet=SearchHeadline(
                    _joined(source, source.snippet_fields),
                    self.query,
                    **headline,
                    **HEADLINE_OPTIONS,
                ),
            )
            .order_by("-search_rank", shown(source, source.title_field).asc(), "pk")
        )

    def title(self, source, row):
        return snippets.from_headline(row.search_title)

    def snippet(self, source, row):
        return snippets.from_headline(row.search_snippet)


class Fold(Func):
    """The fallback's ``snippets.fold`` of a text, as SQL (a function registered on SQLite)."""

    function = "itp_search_fold"
    output_field = TextField()


class FallbackSearch:
    """Every word in some field, without case or accents; for SQLite."""

    def __init__(self, text, connection):
        self.words = [snippets.fold(word) for word in words_of(text)]
        connection.ensure_connection()
        connection.connection.create_function(Fold.function, 1, snippets.fold, deterministic=True)

    def _folded(self, source):
        return {f"search_{name}": Fold(name) for name, _weight in searched_columns(source)}

    def _columns(self, source, weight=None):
        return [name for name, w in searched_columns(source) if weight in (None, w)]

    def _contains(self, fields, word):
        condition = Q()
        for field in fields:
            condition |= Q(**{f"search_{field}__contains": word})
        return condition

    def matches(self, source, queryset):
        if not self.words:
            return queryset.none()
        fields = self._columns(source)
        queryset = queryset.alias(**self._folded(source))
        for word in self.words:
            queryset = queryset.filter(self._contains(fields, word))
        return queryset

    def ranked(self, source, queryset):
        """Each word counts 4 in a title, 2 in a summary, 1 elsewhere; the sum ranks."""
        scores = []
        for word in self.words:
            whens = [
                When(self._contains(self._columns(source, weight), word), then=Value(points))
                for weight, points in zip(WEIGHTS, (4, 2, 1), strict=True)
                if self._columns(source, weight)
            ]
            scores.append(Case(*whens, default=Value(0), output_field=IntegerField()))
        rank = scores[0] if scores else Value(0)
        for score in scores[1:]:
            rank = rank + score
        return (
            self.matches(source, queryset)
            .annotate(search_rank=rank)
            .order_by("-search_rank", shown(source, source.title_field).asc(), "pk")
        )

    def title(self, source, row):
        return snippets.mark_terms(getattr(row, source.title_field), self.words)

    def snippet(self, source, row):
        text = " ".join(filter(None, (getattr(row, field) for field in source.snippet_fields)))
        return snippets.mark_terms(text, self.words, cut=True)


def results(backend, source, rows):
    """The rows of a source's ranked queryset as results."""
    return [
        Result(
            source=source,
            row=row,
            title=backend.title(source, row),
            snippet=backend.snippet(source, row),
            url=source.url(row),
            marker=source.marker(row),
            detail=source.detail(row),
            when=source.when(row) if source.when else None,
        )
        for row in rows
    ]
