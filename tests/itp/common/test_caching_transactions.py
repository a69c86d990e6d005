"""The data version across connections, on PostgreSQL: a transaction's write moves it at
once, and its commit moves it again, so that a page another request rendered from the data
as it was before the commit is never served afterwards."""

import threading

from django.db import connection, transaction

from itp.common import caching
from tests.concurrency import postgresql_only
from tests.factories import ThemeFactory

pytestmark = postgresql_only


def _version_seen_elsewhere():
    """The data version as another connection (another request) reads it."""
    seen = []

    def read():
        try:
            seen.append(caching.data_version())
        finally:
            connection.close()

    thread = threading.Thread(target=read)
    thread.start()
    thread.join()
    return seen[0]


def test_a_commit_moves_the_version_past_what_others_saw_during_the_transaction():
    with transaction.atomic():
        ThemeFactory(name="Hydrogen valleys")
        during = _version_seen_elsewhere()
    after = _version_seen_elsewhere()

    assert after > during


def test_control_without_the_move_on_commit_the_version_stays(monkeypatch):
    """Shows the test above can fail: with no move on commit, a page cached by another
    request during the transaction (under ``during``) would be served after it."""
    monkeypatch.setattr(caching, "_moves_on_commit", lambda connection: True)
    with transaction.atomic():
        ThemeFactory(name="Hydrogen valleys")
        during = _version_seen_elsewhere()
    after = _version_seen_elsewhere()

    assert after == during


def test_many_writes_in_one_transaction_move_it_once_on_commit():
    with transaction.atomic():
        for number in range(5):
            ThemeFactory(name=f"Theme {number}")
        moves = [
            callback
            for _savepoints, callback, _robust in connection.run_on_commit
            if getattr(callback, "func", None) is caching.move_data_version
        ]

    assert len(moves) == 1
