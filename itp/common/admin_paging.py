"""Change lists of tables too large to count on every page.

Django's change list counts its rows for the paginator, and counts the whole table once more
for "N results (M total)". On PostgreSQL a ``COUNT(*)`` reads every row: at 100,000
registrations or e-mail messages that is most of the page's time. Admins of large tables use
``LargeTableAdminMixin``: no count of the whole table, and the planner's estimate of its rows
for the unfiltered list (a filtered or searched list is counted exactly, as it is small or
the filter is what the reader asks about).
"""

from functools import cached_property

from django.core.paginator import Paginator
from django.db import connections


class EstimatedCountPaginator(Paginator):
    """A paginator that takes PostgreSQL's estimate of a large table's rows for the count of an
    unfiltered list, from ``pg_class.reltuples`` (kept by ``ANALYZE`` and autovacuum). Other
    databases, filtered lists, small tables and tables never analysed are counted exactly."""

    # Below this many rows the exact count is cheap, and exact is what a reader expects.
    estimate_above = 10_000

    @cached_property
    def count(self):
        estimate = self._estimated_rows()
        if estimate is not None and estimate > self.estimate_above:
            return estimate
        return super().count

    def _estimated_rows(self):
        queryset = self.object_list
        query = getattr(queryset, "query", None)
        if query is None or query.where or query.distinct or query.combinator:
            return None
        connection = connections[queryset.db]
        if connection.vendor != "postgresql":
            return None
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE oid = %s::regclass",
                [connection.ops.quote_name(queryset.model._meta.db_table)],
            )
            row = cursor.fetchone()
        # -1 (PostgreSQL 14 and later) or 0: the table has not been analysed yet.
        if row is None or row[0] <= 0:
            return None
        return int(row[0])


class LargeTableAdminMixin:
    """For the admin of a table of tens of thousands of rows: the change list never counts the
    whole table (it says "N results (Show all)" rather than "N results (M total)")."""

    paginator = EstimatedCountPaginator
    show_full_result_count = False
