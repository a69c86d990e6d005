"""The registrations export at 10,000 and 100,000 rows against PostgreSQL's COPY of the same
query, with the same code as the admin's action and the reports
(itp.common.exporting.writers: csv_rows and write_xlsx).

Targets at 100,000 rows (issue 16): CSV within 2× COPY, XLSX within 10×, and Python's peak
memory (tracemalloc) at 100,000 rows no more than 50 MiB above that at 10,000.
"""

import sys
import tempfile
import time
import tracemalloc

from figures import figure, not_measured

SIZES = (10_000, 100_000)
TARGETS = {"csv": 2.0, "xlsx": 10.0}
MEMORY_GROWTH_MIB = 50


def measure(notes):
    from django.db import connection

    from itp.common.exporting import writers
    from workshops.exports import RegistrationsExport
    from workshops.models import Registration

    figures, peaks = [], {}
    for size in SIZES:
        last = Registration.objects.order_by("pk").values_list("pk", flat=True)[size - 1 : size]
        if not last:
            notes.append(f"Fewer than {size:,} registrations: exports of {size:,} not measured.")
            continue
        queryset = Registration.objects.filter(pk__lte=last[0])
        try:
            copy_seconds = time_copy(connection, RegistrationsExport(queryset))
        except Exception as error:  # no COPY to compare with: nothing to measure at this size
            notes.append(f"COPY of {size:,} registrations failed: {error}")
            continue
        for format in ("csv", "xlsx"):
            label = f"{size:,} rows, {format.upper()}"
            try:
                began = time.perf_counter()
                export(writers, RegistrationsExport(queryset), format)
                seconds = time.perf_counter() - began
                tracemalloc.start()
                export(writers, RegistrationsExport(queryset), format)
                _current, peak = tracemalloc.get_traced_memory()
            except Exception as error:  # an older or newer writer: say so, measure the rest
                figures.append(
                    not_measured("exports", label, f"{error.__class__.__name__}: {error}")
                )
                continue
            finally:
                tracemalloc.stop()
            peaks[size, format] = peak / 2**20
            figures.append(
                figure(
                    "exports",
                    label,
                    seconds / copy_seconds,
                    unit="times",
                    # Only the largest size is a target; the smaller shows the trend.
                    target=TARGETS[format] if size == SIZES[-1] else None,
                    better="lower",
                    seconds=seconds,
                    copy_seconds=copy_seconds,
                    peak_mib=peak / 2**20,
                )
            )
            print(
                f"{label}: {seconds:.2f} s, COPY {copy_seconds:.3f} s, peak {peak / 2**20:.1f} MiB",
                file=sys.stderr,
            )
    small, large = SIZES
    for format in ("csv", "xlsx"):
        if (small, format) in peaks and (large, format) in peaks:
            figures.append(
                figure(
                    "exports",
                    f"peak memory from {small:,} to {large:,} rows, {format.upper()}",
                    peaks[large, format] - peaks[small, format],
                    unit="growth-mib",
                    target=MEMORY_GROWTH_MIB,
                    better="lower",
                )
            )
    return figures


def export(writers, report, format):
    if format == "csv":
        for _line in writers.csv_rows(report):
            pass
    else:
        with tempfile.TemporaryFile() as handle:
            writers.write_xlsx(report, handle)


def time_copy(connection, report):
    """PostgreSQL writing the export's own query as CSV, read to the end by the client."""
    sql, params = export_query(report).query.sql_with_params()
    with connection.cursor() as cursor:
        query = cursor.mogrify(sql, params).decode()
        began = time.perf_counter()
        cursor.copy_expert(f"COPY ({query}) TO STDOUT WITH CSV HEADER", _Sink())
        return time.perf_counter() - began


def export_query(report):
    """The export's query: ``values()`` where the export names it, else (the code before
    issue 16) the query its ``sections()`` build."""
    if hasattr(report, "values"):
        return report.values()
    from itp.common.exporting.selections import _lookup

    lookups = [_lookup(field) for field in report.resource_class().get_export_fields()]
    lookups += [extra.lookup for extra in report.extra_columns()]
    return report.rows_queryset().values_list(*lookups)


class _Sink:
    def write(self, data):
        return len(data)
