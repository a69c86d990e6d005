"""What must hold after the load and the faults; each check is named, with its result.

Run with the venv's python and DATABASE_URL set: ``python loadtest/invariants.py WORK``.
Reads setup.json, outcomes.jsonl, requests.jsonl and faults.json from WORK and the outbox
folder the app servers' file e-mail backend wrote; writes invariants.json and exits 1 when
any invariant breaks.
"""

import collections
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# After a fault's component is back and the site answers, a request already under way may
# still end badly for this long.
FAULT_GRACE_SECONDS = 2.0
# The bound stated for answering again after each fault.
RECOVERY_BOUND_SECONDS = 15.0


def read_lines(path):
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def check(name, failures, detail=""):
    """An invariant's result: passed when ``failures`` is empty, else the first few."""
    return {
        "name": name,
        "passed": not failures,
        "detail": detail if not failures else "; ".join(map(str, failures[:5])),
        "failures": len(failures),
    }


def no_event_over_capacity():
    from workshops.models import Event, Registration

    failures = []
    for event in Event.objects.all():
        for mode in event.modes:
            capacity = event.capacity_of(mode)
            if capacity is None:
                continue
            taken = event.registrations.filter(
                status__in=Registration.Status.holding_seat,
                **({"mode": mode} if event.is_hybrid else {}),
            ).count()
            if taken > capacity:
                failures.append(f"{event.slug} {mode}: {taken} seats taken of {capacity}")
    return check("no event over capacity in any mode", failures, f"{Event.objects.count()} events")


def waitlist_places_consecutive():
    from workshops.models import Registration

    failures = []
    places = collections.defaultdict(list)
    for registration in Registration.objects.with_waitlist_place().filter(
        status=Registration.Status.WAITLISTED
    ):
        places[(registration.event_id, registration.mode)].append(registration.waitlist_place)
    for (event, mode), numbers in places.items():
        if sorted(numbers) != list(range(1, len(numbers) + 1)):
            failures.append(f"event {event} {mode}: places {sorted(numbers)}")
    return check(
        "waitlist places consecutive (1..n per event and mode)",
        failures,
        f"{len(places)} waitlists, {sum(map(len, places.values()))} places",
    )


# The states a registration may be in after what its client was last told for certain.
EXPECTED = {
    "registered": {"registered"},
    # Promoted since, when someone ahead cancelled.
    "waitlisted": {"waitlisted", "registered"},
    "cancelled": {"cancelled"},
    # The POST was answered with a redirect, the page saying how was not read.
    ("register", "unknown"): {"registered", "waitlisted"},
    ("cancel", "unknown"): {"cancelled"},
}


def told_outcomes_hold(outcomes):
    """Every registration the clients were told succeeded exists in that state; none they
    were told failed does. A failed or refused attempt leaves what was there before."""
    from workshops.models import Registration

    expected = {}
    for outcome in sorted(outcomes, key=lambda line: line["t"]):
        key = (outcome["user"], outcome["event"])
        result = outcome["result"]
        if result in ("failed", "refused"):
            expected.setdefault(key, {None})
        elif result == "unknown":
            expected[key] = EXPECTED[(outcome["action"], "unknown")]
        else:
            expected[key] = EXPECTED[result]
    actual = {
        (username, slug): status
        for username, slug, status in Registration.objects.filter(
            person__user__username__startswith="loadtest-"
        ).values_list("person__user__username", "event__slug", "status")
    }
    failures = []
    for key, states in expected.items():
        state = actual.get(key)
        if state not in states:
            failures.append(f"{key[0]} at {key[1]}: told {sorted(map(str, states))}, is {state}")
    for key in set(actual) - set(expected):
        failures.append(f"{key[0]} at {key[1]}: is {actual[key]}, never told of it")
    counts = collections.Counter(outcome["result"] for outcome in outcomes)
    detail = f"{len(outcomes)} attempts told: " + ", ".join(
        f"{count} {result}" for result, count in sorted(counts.items())
    )
    return check(
        "registrations as the clients were told (succeeded exist, failed do not)",
        failures,
        detail,
    ), counts


def outbox_sent_at_most_once(outbox):
    """Each e-mail sent at most once: every message the file backend wrote is one outbox
    record marked sent (per recipient, the counts match), no key twice, sent_at only on sent."""
    from django.db.models import Count

    from workshops.models import Message

    written = collections.Counter()
    for path in sorted(Path(outbox).glob("*")) if Path(outbox).exists() else []:
        for part in path.read_text(errors="replace").split("\n" + "-" * 79 + "\n"):
            for line in part.splitlines():
                if line.startswith("To: "):
                    written[line[4:].strip().lower()] += 1
                    break
    sent = collections.Counter(
        recipient.lower()
        for recipient in Message.objects.filter(status=Message.Status.SENT).values_list(
            "recipient", flat=True
        )
    )
    failures = [
        f"{recipient}: {written[recipient]} e-mails written, {sent[recipient]} records sent"
        for recipient in sorted(set(written) | set(sent))
        if written[recipient] != sent[recipient]
    ]
    duplicate_keys = (
        Message.objects.exclude(key="").values("key").annotate(n=Count("pk")).filter(n__gt=1)
    )
    failures += [f"key {row['key']} {row['n']} times" for row in duplicate_keys]
    pending = Message.objects.filter(status=Message.Status.PENDING).count()
    return check(
        "every e-mail in the outbox sent at most once",
        failures,
        f"{sum(sent.values())} sent, {sum(written.values())} written by the mail backend, "
        f"{pending} pending",
    )


def fault_windows(faults):
    return [
        (fault["name"], fault["began"], fault["ended"] + FAULT_GRACE_SECONDS) for fault in faults
    ]


def errors_only_where_allowed(requests, faults):
    """No 5xx (nor a refused connection) outside the fault windows; inside them, only in the
    PostgreSQL restart's."""
    failures = []
    windows = fault_windows(faults)
    for request in requests:
        if request["status"] and request["status"] < 500:
            continue
        inside = [name for name, began, ended in windows if began <= request["t"] <= ended]
        if not any("PostgreSQL" in name for name in inside):
            where = inside[0] if inside else "outside the faults"
            failures.append(f"{request['status']} {request['name']} ({where})")
    errors = sum(1 for request in requests if not request["status"] or request["status"] >= 500)
    return check(
        "no 5xx outside the fault windows, and inside them only at the PostgreSQL restart",
        failures,
        f"{errors} of {len(requests)} requests, all in the PostgreSQL restart",
    )


def recovered_in_time(faults):
    failures = [
        f"{fault['name']}: {fault['recovery_seconds']} s"
        for fault in faults
        if fault["recovery_seconds"] is None or fault["recovery_seconds"] > RECOVERY_BOUND_SECONDS
    ]
    if len(faults) < 3:
        failures.append(f"only {len(faults)} of 3 faults injected")
    return check(
        f"the site answers again within {RECOVERY_BOUND_SECONDS:.0f} s of each fault",
        failures,
        ", ".join(f"{fault['name']}: {fault['recovery_seconds']} s" for fault in faults),
    )


def main(work, outbox):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itp.settings")
    import django

    django.setup()
    work = Path(work)
    outcomes = read_lines(work / "outcomes.jsonl")
    requests = read_lines(work / "requests.jsonl")
    faults = json.loads((work / "faults.json").read_text())
    told, counts = told_outcomes_hold(outcomes)
    results = [
        no_event_over_capacity(),
        waitlist_places_consecutive(),
        told,
        outbox_sent_at_most_once(outbox),
        errors_only_where_allowed(requests, faults),
        recovered_in_time(faults),
    ]
    # A run in which no registration succeeded proves nothing about them.
    if not (counts["registered"] and counts["cancelled"]):
        results.append(
            check("registrations and cancellations happened", ["too few told succeeded"])
        )
    (work / "invariants.json").write_text(json.dumps(results, indent=2))
    for result in results:
        print(f"{'PASS' if result['passed'] else 'FAIL'}  {result['name']}: {result['detail']}")
    return all(result["passed"] for result in results)


if __name__ == "__main__":
    sys.exit(0 if main(sys.argv[1], sys.argv[2]) else 1)
