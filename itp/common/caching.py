"""Public pages cached under the data version, so that an edit shows on the next request.

The **data version** is a number kept in the database: a sequence on PostgreSQL, a one-row
table on SQLite (migration ``itp.0008``). Every statement that writes to a table of the
programme's own apps (``CONTENT_APPS``: their models and their many-to-many tables, but not
the e-mail outbox or the record of report downloads) moves it, whatever wrote it: a form, a
service, a queryset's ``update()``, a bulk import, a migration, ``manage.py shell``. The
statement moves it when it runs, and its transaction moves it again when it commits, so a
page that another request rendered from the data as it was before the commit is never read
again.

A cached page is stored under the version, the page's address and the language; a page
rendered after an edit is stored under the new version, and the old entries expire unused.
Reading the version is one small query on every request of a cached page, the same cost as
``/healthz``'s database check, and every app server sees the same number, whatever cache each
one has.

Only what anonymous visitors see is cached: a signed-in person's pages show their own
registrations and links. The timeout (``PAGE_CACHE_SECONDS``) bounds what no write moves: the
passing of time (an event that was upcoming a minute ago has started). A cache that does not
answer is a miss (see the ``CACHES`` setting), and a page is then rendered as if uncached.
"""

import functools
import hashlib
import re

from django.apps import apps
from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.signals import connection_created
from django.utils.translation import get_language

# The apps whose tables hold what pages show.
CONTENT_APPS = ("regions", "workshops", "teams", "itp")
# Models of those apps that no page shows: writing them leaves the pages as they were.
NOT_CONTENT = ("workshops.message", "itp.reportdownload")

SEQUENCE = "itp_data_version"
# A longer query string is not a page anyone links to: it is rendered, never stored.
LONGEST_CACHED_QUERY = 512

_WRITE = re.compile(
    r'\s*(?:INSERT\s+(?:OR\s+\w+\s+)?INTO|UPDATE|DELETE\s+FROM)\s+["`]?(\w+)', re.IGNORECASE
)
_TRUNCATE = re.compile(r"\s*TRUNCATE\b", re.IGNORECASE)


@functools.cache
def content_tables():
    """The names of the tables whose writes move the data version."""
    tables = set()
    for label in CONTENT_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if model._meta.label_lower not in NOT_CONTENT:
                tables.add(model._meta.db_table)
    return frozenset(tables)


def writes_content(sql):
    """Whether the SQL statement writes to a content table (TRUNCATE always counts)."""
    match = _WRITE.match(sql)
    if match is not None:
        return match[1] in content_tables()
    return _TRUNCATE.match(sql) is not None


def data_version(using=DEFAULT_DB_ALIAS):
    """The current data version: one query."""
    connection = connections[using]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT last_value, is_called FROM {SEQUENCE}")
            value, called = cursor.fetchone()
            return value if called else 0
        cursor.execute(f"SELECT value FROM {SEQUENCE}")
        row = cursor.fetchone()
        return row[0] if row else 0


def move_data_version(connection):
    """Move the data version on ``connection``. Outside a transaction, or inside one on
    PostgreSQL (a sequence is not transactional), every connection sees the new version at
    once; on SQLite, when the transaction commits. Nothing to move while ``migrate`` has not
    yet created it (the migrations that come before write data too)."""
    if not _has_version_store(connection):
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SELECT nextval('{SEQUENCE}')")
        else:
            cursor.execute(f"UPDATE {SEQUENCE} SET value = value + 1")


def _has_version_store(connection):
    """Whether the database holds the data version, asked until it does."""
    if getattr(connection, "itp_has_data_version", False):
        return True
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [SEQUENCE])
        else:
            cursor.execute(
                "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = %s",
                [SEQUENCE],
            )
        connection.itp_has_data_version = bool(cursor.fetchone()[0])
    return connection.itp_has_data_version


def _watch_writes(execute, sql, params, many, context):
    """A database execute wrapper: after a write to a content table, move the data version
    now and once more when the transaction commits."""
    result = execute(sql, params, many, context)
    if isinstance(sql, str) and writes_content(sql) and not _changed_nothing(sql, many, context):
        connection = context["connection"]
        move_data_version(connection)
        if connection.in_atomic_block and not _moves_on_commit(connection):
            connection.on_commit(functools.partial(move_data_version, connection))
    return result


def _changed_nothing(sql, many, context):
    """An update or delete that matched no row changes no page. (Not asked of an insert: with
    RETURNING, SQLite counts its rows only once they are fetched.)"""
    verb = sql.lstrip()[:6].upper()
    return not many and verb in ("UPDATE", "DELETE") and context["cursor"].rowcount == 0


def _moves_on_commit(connection):
    """Whether the transaction already moves the version when it commits (one move per
    transaction is enough, whatever number of statements it writes)."""
    return any(
        isinstance(callback, functools.partial) and callback.func is move_data_version
        for _savepoints, callback, _robust in connection.run_on_commit
    )


def watch_writes(sender, connection, **kwargs):
    """Installed on each new database connection (the ``connection_created`` signal)."""
    connection.itp_has_data_version = False
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def install():
    """Watch the writes of every connection, those open already included."""
    connection_created.connect(watch_writes, dispatch_uid="itp-data-version")
    for connection in connections.all(initialized_only=True):
        watch_writes(None, connection)


def remember(name, parts, compute, timeout=None):
    """What ``compute()`` returns, kept in the cache under the data version, ``name`` and
    ``parts`` (strings, e.g. a report's filters), so that the next caller after any write
    computes it afresh. For figures that take a while and that every viewer shares."""
    digest = hashlib.sha256("\x1f".join(parts).encode()).hexdigest()
    key = f"{name}:{data_version()}:{get_language()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, settings.PAGE_CACHE_SECONDS if timeout is None else timeout)
    return value


def cached_for_visitors(view):
    """Serve the page from the cache to anonymous visitors, under the data version.

    Rendered afresh (and not stored) for a signed-in person, a request other than GET or
    HEAD, a visitor with messages waiting, a very long query string, and any answer but a
    200 that sets no cookie.
    """

    @functools.wraps(view)
    def cached_view(request, *args, **kwargs):
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        response = cache.get(key)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        if _storable(request, response):
            # One piece: a response written in many (a feed is written element by element)
            # would be sent as many small packets, each waiting on the last one's
            # acknowledgement, every time it is served from the cache.
            response.content = response.content
            cache.set(key, response, settings.PAGE_CACHE_SECONDS)
        return response

    return cached_view


def _cacheable(request):
    return (
        request.method in ("GET", "HEAD")
        and len(request.META.get("QUERY_STRING", "")) <= LONGEST_CACHED_QUERY
        and not request.user.is_authenticated
        and not len(get_messages(request))
    )


def _storable(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A page that put a CSRF token in its form belongs to its visitor alone.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _page_key(request):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{data_version()}:{get_language()}:{digest}"
