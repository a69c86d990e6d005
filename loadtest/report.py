"""bench/LOADTEST.md from one run's files in loadtest/work (loadtest/run.py calls write())."""

import csv
import datetime
import json
import os
import platform
from pathlib import Path

from invariants import FAULT_GRACE_SECONDS, RECOVERY_BOUND_SECONDS, read_lines

MIX = [
    ("Anonymous visitor", "14 of 20 (70 %)",
     "the schedule /events/ and an event's page, home, governments and one government, "
     "learnings, search, the API's event, government and learning lists, /healthz"),
    ("Participant", "4 of 20 (20 %)",
     "logs in through the login form (CSRF), opens a small event (capacity 3-5, one hybrid) "
     "and registers through its form (or cancels a place held), reads what the page says; /me/"),
    ("Coordinator", "1 of 20 (5 %)",
     "/reports/, a report, the participation report's CSV or XLSX export"),
    ("Staff", "1 of 20 (5 %)",
     "the admin's change form of an event, saved with a small edit to its description"),
]  # fmt: skip


TOPOLOGY = [
    "```",
    "Locust --HTTPS--> HAProxy :8180   TLS ends here; roundrobin; GET /healthz every 0.5 s,",
    "                   |              a server out after 2 failures; retries and redispatch,",
    "                   |              a POST never sent twice; 2 requests at once per",
    "                   |              server, the rest queued in HAProxy",
    "                   |-- gunicorn :8181 (2 workers) --+-- PostgreSQL :5432 (itp_loadtest)",
    "                   `-- gunicorn :8182 (2 workers) --+-- Redis :6379/9 (the shared cache)",
    "cron: send_reminders from two processes at once after the load, as on two servers",
    "```",
]


def machine():
    model = ""
    if Path("/proc/cpuinfo").exists():
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    if Path("/proc/meminfo").exists():
        kilobytes = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f", {kilobytes / 1024 / 1024:.1f} GiB memory"
    return f"{os.cpu_count()} cores ({model or platform.machine()}){memory}, {platform.system()}"


def phases(started, ended, faults):
    """(name, from, to): before the first fault, each fault's window, between, after."""
    rows, at = [], started
    for number, fault in enumerate(faults):
        if fault["began"] > at:
            name = "before the faults" if number == 0 else "between faults"
            rows.append((name, at, fault["began"]))
        end = fault["ended"] + FAULT_GRACE_SECONDS
        rows.append((f"during: {fault['name']}", fault["began"], end))
        at = end
    rows.append(("after the faults", at, max(at, ended)))
    return rows


def write(*, work, output, started, ended, users, seconds, scale):
    work = Path(work)
    faults = json.loads((work / "faults.json").read_text())
    requests = read_lines(work / "requests.jsonl")
    outcomes = read_lines(work / "outcomes.jsonl")
    invariants = json.loads((work / "invariants.json").read_text())
    with open(work / "locust_stats.csv", newline="") as file:
        stats = list(csv.DictReader(file))
    total = next(row for row in stats if row["Name"] == "Aggregated")
    rows = sorted(
        (row for row in stats if row["Name"] != "Aggregated"),
        key=lambda row: -int(row["Request Count"]),
    )
    passed = all(result["passed"] for result in invariants)
    when = datetime.datetime.fromtimestamp(started, datetime.UTC)
    lines = [
        "# Load test with faults: two app servers behind HAProxy",
        "",
        "Written by `make loadtest` (loadtest/run.py); rerun it to refresh this page. "
        f"**Result: {'all invariants hold' if passed else 'AN INVARIANT BROKE'}.**",
        "",
        f"- Run: {when:%Y-%m-%d %H:%M} UTC, {ended - started:.0f} s of load "
        f"(LOADTEST_SECONDS={seconds}), {users} simulated users",
        f"- Machine: {machine()}; Locust, HAProxy, both app servers, PostgreSQL and Redis all "
        "on it, so the figures are a floor for a real deployment, not a ceiling",
        f"- Data: the demo, scale data at --scale {scale}, five small events and 40 "
        "participant accounts (loadtest/setup_data.py)",
        "",
        "## Topology",
        "",
        *TOPOLOGY,
        "",
        "## The mix",
        "",
        "| User | Share | Does |",
        "| --- | --- | --- |",
        *(f"| {name} | {share} | {does} |" for name, share, does in MIX),
        "",
        "## Throughput and latency",
        "",
        f"**{float(total['Requests/s']):.1f} requests/s** overall, {int(total['Request Count'])} "
        f"requests, {int(total['Failure Count'])} failed (any non-2xx/3xx, connection errors "
        f"included); p50 {total['50%']} ms, p95 {total['95%']} ms, p99 {total['99%']} ms.",
        "",
        "| Request | Count | Failed | Req/s | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {row['Type']} {row['Name']} | {row['Request Count']} | {row['Failure Count']} | "
            f"{float(row['Requests/s']):.2f} | {row['50%']} | {row['95%']} | {row['99%']} |"
            for row in rows
        ),
        "",
        "## Errors per phase",
        "",
        f"A fault's window runs from its start until the component is back and the site "
        f"answers, plus {FAULT_GRACE_SECONDS:.0f} s for requests already under way. "
        '"5xx" counts responses of 500 and up; "no answer" counts connections that failed.',
        "",
        "| Phase | Seconds | Requests | 5xx | No answer |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, begin, end in phases(started, ended, faults):
        inside = [request for request in requests if begin <= request["t"] < end]
        server_errors = sum(1 for request in inside if request["status"] >= 500)
        unanswered = sum(1 for request in inside if not request["status"])
        lines.append(
            f"| {name} | {end - begin:.1f} | {len(inside)} | {server_errors} | {unanswered} |"
        )
    lines += [
        "",
        "## Faults",
        "",
        "Recovery: from the fault's start until /healthz and a cached page (/events/) both "
        "answer 200 through the balancer, polled every 0.2 s. "
        f"Bound: {RECOVERY_BOUND_SECONDS:.0f} s.",
        "",
        "| Fault | At | Component back after | Site answering after |",
        "| --- | ---: | ---: | ---: |",
        *(
            f"| {fault['name']} | +{fault['began'] - started:.1f} s | "
            f"{fault['component_back'] - fault['began']:.1f} s | {fault['recovery_seconds']} s |"
            for fault in faults
        ),
        "",
        "## Invariants",
        "",
        "| Invariant | Result | Detail |",
        "| --- | --- | --- |",
        *(
            f"| {result['name']} | {'pass' if result['passed'] else 'FAIL'} | {result['detail']} |"
            for result in invariants
        ),
        "",
        f"Registration attempts recorded as told to the clients: {len(outcomes)}.",
        "",
    ]
    Path(output).write_text("\n".join(lines))
