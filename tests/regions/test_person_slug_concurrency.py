"""Two namesakes added at the same moment each get a slug of their own (PostgreSQL only)."""

import threading

from django.db import IntegrityError

from regions.models import Person
from tests.concurrency import all_at_once, pause_until_all_have, postgresql_only
from tests.factories import GovernmentFactory

pytestmark = postgresql_only


def _reads_slugs_once():
    """True for each thread's first read of the slugs taken: both threads have made the same
    slug before either saves (the next reads, of a retry, go on at once)."""
    seen = threading.local()

    def run(sql):
        if sql.startswith("SELECT") and '"slug"' in sql and not getattr(seen, "done", False):
            seen.done = True
            return True
        return False

    return run


def test_two_namesakes_added_at_once_get_two_slugs():
    government = GovernmentFactory()

    def add(number):
        try:
            return Person.objects.create(
                name="Giulia Ferraro",
                email=f"giulia-{number}@example.org",
                kind=Person.Kind.GOVERNMENT_OFFICIAL,
                government=government,
            ).slug
        except IntegrityError as error:  # the outcome the retry exists to prevent
            return error

    slugs = all_at_once(add, range(2), wrappers=(pause_until_all_have(2, run=_reads_slugs_once()),))

    assert sorted(slugs) == ["giulia-ferraro", "giulia-ferraro-2"]
