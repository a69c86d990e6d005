"""The benchmark's figures: each measured value with its target, saved as JSON (this run's in
bench/results.json, the code before the work in bench/baseline.json) and written side by side
into bench/RESULTS.md.

A figure is a plain dict, so that a run of this file's code in an older tree (for the
baseline) saves exactly the same shape:

    key      unique, stable between runs: how a baseline figure finds its new one
    group    the section of RESULTS.md it belongs to (GROUPS)
    label    what a reader sees; path, the URL measured, when there is one
    value    the number compared with the target, or None when it was not measured (note)
    unit     how the value reads (UNITS); target and better ("higher" or "lower")
    detail   other numbers shown beside the value (requests/s, seconds, queries…)
"""

import json
import statistics

# The sections of RESULTS.md, in order, with what each says about how it was measured.
GROUPS = {
    "pages": "Public pages under load",
    "reports": "Reports under load, for a coordinator",
    "feed": "The public feed, uncached",
    "exports": "Exports against PostgreSQL's COPY",
    "admin": "Admin pages, one request at a time",
    "report-requests": "Report pages, one request at a time",
}


def figure(group, label, value, *, unit, target=None, better=None, path=None, note=None, **detail):
    return {
        "key": f"{group}: {label}",
        "group": group,
        "label": label,
        "path": path,
        "value": value,
        "unit": unit,
        "target": target,
        "better": better,
        "note": note,
        "detail": detail,
    }


def not_measured(group, label, note, *, path=None, unit="ms", target=None, better=None):
    return figure(group, label, None, unit=unit, target=target, better=better, path=path, note=note)


def median(values):
    return statistics.median(values)


def save(path, run):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(run, indent=1, ensure_ascii=False) + "\n")


def load(path):
    """A saved run, or None when there is none."""
    try:
        return json.loads(path.read_text())
    except FileNotFoundError:
        return None


# How each unit reads: the value, then its details in brackets.


def shown(item):
    """A figure's value and details as a table cell; "—" for none."""
    if item is None:
        return "—"
    if item["value"] is None:
        return f"not measured: {item['note']}"
    text = UNITS[item["unit"]](item["value"], item.get("detail") or {})
    return f"{text} ({item['note']})" if item.get("note") else text


def _share(value, detail):
    return f"{value:.0%} ({_rate(detail['rps'])} requests/s, median {_ms(detail['p50'])})"


def _load_ms(value, detail):
    if detail.get("at_least"):
        return f"more than {_ms(value)}"
    return f"{_ms(value)} ({_rate(detail['rps'])} requests/s, 99th percentile {_ms(detail['p99'])})"


def _rate_only(value, detail):
    return f"{_rate(value)} requests/s (median {_ms(detail['p50'])})"


def _request_ms(value, detail):
    queries = detail.get("queries")
    return _ms(value) if queries is None else f"{_ms(value)}, {queries} queries"


def _seconds(value, detail):
    size, sent = detail.get("bytes"), detail.get("sent_bytes")
    if size is None:
        return f"{value:.2f} s"
    if sent is None or sent == size:
        return f"{value:.2f} s, {size / 10**6:.1f} MB"
    return f"{value:.2f} s, {size / 10**6:.1f} MB ({sent / 10**6:.2f} MB sent gzip-compressed)"


def _times(value, detail):
    return (
        f"{value:.1f}× ({detail['seconds']:.2f} s, COPY {detail['copy_seconds']:.3f} s, "
        f"peak {detail['peak_mib']:.1f} MiB)"
    )


def _growth(value, detail):
    return f"{value:+.1f} MiB"


def _status(value, detail):
    return f"answered {detail['status']}"


def _rate(rps):
    return f"{rps:,.0f}" if rps >= 10 else f"{rps:.1f}"


def _ms(milliseconds):
    return f"{milliseconds:,.0f} ms" if milliseconds >= 10 else f"{milliseconds:.1f} ms"


UNITS = {
    "share": _share,  # a fraction of /healthz's throughput in the same run
    "load-ms": _load_ms,  # a median latency under load
    "rps": _rate_only,  # /healthz's own throughput
    "ms": _request_ms,  # a single request's median time
    "s": _seconds,
    "times": _times,  # a multiple of COPY's time
    "growth-mib": _growth,
    "status": _status,  # an HTTP status compared with the one expected
}


def target_text(item):
    if item is None or item.get("target") is None:
        return "—"
    target, unit = item["target"], item["unit"]
    if unit == "share":
        return f"≥ {target:.0%} of /healthz"
    if unit in ("ms", "load-ms"):
        return f"≤ {target:,.0f} ms"
    if unit == "s":
        return f"≤ {target:g} s"
    if unit == "times":
        return f"≤ {target:g}× COPY"
    if unit == "growth-mib":
        return f"≤ +{target:g} MiB"
    if unit == "status":
        return f"{target}"
    return str(target)


def verdict(item):
    """ "met", or "missed" with how far off; "—" for a figure without a target."""
    if item is None or item.get("target") is None:
        return "—"
    value, target = item["value"], item["target"]
    if value is None:
        return "missed (not measured)"
    errors = (item.get("detail") or {}).get("errors")
    if errors:
        return f"missed ({errors:,} error responses)"
    if item["unit"] == "status":
        return "met" if value == target else "missed"
    if item["better"] == "higher":
        if value >= target:
            return "met"
        return f"missed ({target / value:.1f}× short)" if value else "missed (none done)"
    if (item.get("detail") or {}).get("at_least") and value > target:
        return f"missed (more than {value / target:.1f}× over)"
    if value <= target:
        return "met"
    if item["unit"] == "growth-mib":
        return f"missed ({value - target:+.1f} MiB over)"
    return f"missed ({value / target:.1f}× over)" if target else "missed"


def results_page(run, baseline, *, machine_line):
    """RESULTS.md: every figure of ``run`` beside its ``baseline`` figure (when there is one),
    its target and whether it is met."""
    before = {item["key"]: item for item in (baseline or {}).get("figures", [])}
    lines = ["# Benchmark results", "", machine_line, ""]
    if baseline:
        lines.append(
            f"**Before**: commit {baseline['commit']}, measured {baseline['measured']}"
            f" ({baseline['duration']} s of load per page). **Now**: commit {run['commit']},"
            f" measured {run['measured']} ({run['duration']} s of load per page)."
        )
    else:
        lines.append(
            f"Commit {run['commit']}, measured {run['measured']}. No baseline "
            "(bench/baseline.json): the *before* column is empty."
        )
    lines.append("")
    for group, title in GROUPS.items():
        items = [item for item in run["figures"] if item["group"] == group]
        # A figure only the baseline has (a page since removed) still shows, as gone.
        gone = [
            item
            for key, item in before.items()
            if item["group"] == group and key not in {new["key"] for new in items}
        ]
        if not items and not gone:
            continue
        lines += [f"## {title}", "", run["methods"].get(group, ""), ""]
        lines += ["| | path | before | now | target | |", "| --- | --- | --- | --- | --- | --- |"]
        for item in items:
            lines.append(_row(item, before.get(item["key"]), item))
        for item in gone:
            lines.append(_row(item, item, None))
        lines.append("")
    notes = [f"- {note}" for note in run.get("notes", [])]
    notes += [f"- Before: {note}" for note in (baseline or {}).get("notes", [])]
    if notes:
        lines += ["## Notes", "", *notes, ""]
    return "\n".join(lines)


def _row(item, old, new):
    path = f"`{item['path']}`" if item.get("path") else ""
    now = shown(new) if new is not None else "not measured in this run"
    return (
        f"| {item['label']} | {path} | {shown(old)} | {now} | {target_text(item)} |"
        f" {verdict(new) if new is not None else 'missed (not measured)'} |"
    )
