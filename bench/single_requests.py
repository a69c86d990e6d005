"""Admin and report pages one request at a time, in this process, by their own benchmarks:
bench/admin_pages.py and bench/report_pages.py, each with a ``measure()`` that returns
(label, path, median ms, queries) rows. A tree without one of them (an older commit, for the
baseline) or whose measuring fails gets a note instead of figures.
"""

import importlib
import sys
import traceback

from figures import figure, not_measured

ADMIN_MS = 500
DASHBOARD_MS = 250
REPORT_MS = 500


def measure(database_url, notes):
    figures = []
    admin = _rows("admin_pages", notes, database_url)
    for label, path, median_ms, queries in admin:
        figures.append(_figure("admin", label, path, median_ms, queries, ADMIN_MS))
    reports = _rows("report_pages", notes)
    for label, path, median_ms, queries in reports:
        target = DASHBOARD_MS if path.rstrip("/") == "/reports" else REPORT_MS
        figures.append(_figure("report-requests", label, path, median_ms, queries, target))
    return figures


def _rows(module_name, notes, *arguments):
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as error:
        if error.name != module_name:
            raise
        notes.append(f"bench/{module_name}.py is not in this version: not measured.")
        return []
    print(f"Measuring with bench/{module_name}.py…", file=sys.stderr)
    try:
        return list(module.measure(*arguments))
    except Exception as error:  # another helper's benchmark: report its failure, go on
        traceback.print_exc()
        notes.append(
            f"bench/{module_name}.py failed, its pages not measured: "
            f"{error.__class__.__name__}: {error}"
        )
        return []


def _figure(group, label, path, median_ms, queries, target):
    if median_ms is None:  # the page failed; its benchmark says why in place of the queries
        return not_measured(group, label, str(queries), path=path, target=target, better="lower")
    return figure(
        group,
        label,
        median_ms,
        unit="ms",
        target=target,
        better="lower",
        path=path,
        queries=queries,
    )
