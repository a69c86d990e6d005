"""Running writers at the same moment, to show a row lock at work and the race it prevents.

These tests need PostgreSQL: SQLite has no row locks (``SELECT ... FOR UPDATE`` is a no-op
there) and serialises every write to the whole file, so it can neither show the race nor the
lock that prevents it. Mark a module ``pytestmark = postgresql_only`` or a test
``@postgresql_only``.

A test runs the service in threads with ``all_at_once``; its control run removes the lock
with ``without_row_locks`` and uses ``pause_until_all_have`` to force the interleaving the
lock exists to prevent, so the race is shown every time rather than by luck.
"""

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack

import pytest
from django.db import connection

_MARKS = (
    pytest.mark.postgresql,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="needs PostgreSQL's row locks; SQLite cannot run concurrent writers",
    ),
    # Each thread has its own connection, so the rows must be committed for them to see.
    pytest.mark.django_db(transaction=True),
)


class _PostgresqlOnly(list):
    """The marks of a test of concurrent writers, usable as ``pytestmark`` or as a decorator."""

    def __call__(self, test):
        for mark in self:
            test = mark(test)
        return test


postgresql_only = _PostgresqlOnly(_MARKS)

# The locking clause Django writes at the end of a query: FOR UPDATE [OF ...] [SKIP LOCKED].
_LOCKING_CLAUSE = re.compile(r" FOR UPDATE\b.*$", re.DOTALL)
BARRIER_TIMEOUT_SECONDS = 30


def without_row_locks(execute, sql, params, many, context):
    """An execute wrapper that runs each query with its locking clause removed: the
    service without its lock."""
    return execute(_LOCKING_CLAUSE.sub("", sql), params, many, context)


def pause_until_all_have(parties, *, run):
    """An execute wrapper that, after each query for which ``run(sql)`` is true, waits until
    ``parties`` threads have run such a query: all of them have read before any writes."""
    barrier = threading.Barrier(parties, timeout=BARRIER_TIMEOUT_SECONDS)

    def wrapper(execute, sql, params, many, context):
        result = execute(sql, params, many, context)
        if run(sql):
            barrier.wait()
        return result

    return wrapper


def all_at_once(function, arguments, *, wrappers=()):
    """Call ``function`` with each of ``arguments`` in its own thread and connection, all
    starting at the same moment, with the execute ``wrappers`` installed (outermost first).

    Returns each call's result, in the order of ``arguments``.
    """
    arguments = list(arguments)
    start = threading.Barrier(len(arguments), timeout=BARRIER_TIMEOUT_SECONDS)

    def call(argument):
        try:
            with ExitStack() as stack:
                for wrapper in wrappers:
                    stack.enter_context(connection.execute_wrapper(wrapper))
                connection.ensure_connection()
                start.wait()
                return function(argument)
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=len(arguments)) as pool:
        return list(pool.map(call, arguments))
