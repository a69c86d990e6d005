"""The app served by gunicorn in production settings, and pages put under load with wrk.

Part of `make bench` (bench/run.py); needs nothing from Django, so the server can be measured
from outside as a browser or a calendar client meets it.
"""

import contextlib
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

PORT = int(os.environ.get("BENCH_PORT", "8765"))
BASE = f"http://127.0.0.1:{PORT}"
WORKERS = 2
CONNECTIONS = 8
WARM_UP_SECONDS = 2
# A request slower than this under load counts as an error (wrk's --timeout).
TIMEOUT_SECONDS = 30

# What browsers and calendar programs send with every request: they take gzip. The site sends
# the public feed compressed to them; its pages it sends as they are.
CLIENT_HEADERS = {"Accept-Encoding": "gzip, deflate, br"}

# Production settings, except plain HTTP on the loopback interface.
SERVER_ENVIRONMENT = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "benchmark-only-secret-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_SECURE_SSL_REDIRECT": "false",
    "DJANGO_LOG_LEVEL": "WARNING",
    "GUNICORN_WORKERS": str(WORKERS),
    "GUNICORN_BIND": f"127.0.0.1:{PORT}",
    "GUNICORN_LOG_LEVEL": "warning",
    # The API's anonymous throttle (120 requests a minute per address by default) would
    # answer wrk's load with 429s: the benchmark measures the API, not its throttle, which
    # still counts every request.
    "API_ANONYMOUS_RATE": "100000000/min",
}


def find_wrk():
    """wrk, the HTTP load generator, installed from Debian's packages when missing."""
    wrk = shutil.which("wrk")
    if wrk is None and os.geteuid() == 0:
        print("Installing wrk (Debian package)…", file=sys.stderr)
        subprocess.run(
            ["apt-get", "install", "-y", "--no-install-recommends", "wrk"],
            check=False,
            stdout=subprocess.DEVNULL,
        )
        wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("wrk is needed: apt-get install wrk")
    return wrk


@contextlib.contextmanager
def gunicorn(root, python):
    """gunicorn serving the tree at ``root`` with its own gunicorn.conf.py, until the block
    ends. Without a control socket: gunicorn 27 otherwise keeps one at
    ~/.gunicorn/gunicorn.ctl, which any other gunicorn on the machine would take over."""
    log = tempfile.NamedTemporaryFile(prefix="itp-bench-gunicorn-", suffix=".log", delete=False)  # noqa: SIM115
    server = subprocess.Popen(
        [
            str(Path(python).parent / "gunicorn"),
            "--config",
            "gunicorn.conf.py",
            "--no-control-socket",
        ],
        cwd=root,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        wait_for(f"{BASE}/healthz", server, log.name)
        yield
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
    # Its access log is of no use once the figures are in; an error leaves it to read.
    os.unlink(log.name)


def wait_for(url, server, log_name, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped; see {log_name}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    sys.exit(f"The server did not answer {url} within {seconds} s; see {log_name}")


def fetch(path, headers=None):
    """One GET of ``path``: (status, response headers, body). Errors are answers too."""
    request = urllib.request.Request(BASE + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def load(wrk, path, headers, duration, *, request_seconds):
    """``path`` under load for ``duration`` seconds after a warm-up: throughput, median and
    99th-percentile latency, requests done and error responses. ``request_seconds``: how
    long one request of it takes on an idle server."""
    # A short warm-up fills each worker's caches and connections first.
    run_wrk(wrk, path, headers, WARM_UP_SECONDS)
    result = run_wrk(wrk, path, headers, duration)
    settle(request_seconds)
    return result


def settle(request_seconds, limit=300):
    """Wait until gunicorn has served what wrk left behind: when wrk stops, up to
    CONNECTIONS requests of the page wait in the listening socket's queue, and the workers
    answer them (to nobody) before anything else. Once the queue is empty, the workers
    still finish the ones they hold, one request long each."""
    deadline = time.monotonic() + limit
    while waiting_connections() and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(min(request_seconds, limit))


def waiting_connections():
    """How many connections to the server's port wait to be accepted: the queue of the
    listening socket, from /proc/net/tcp (0 where there is no such file)."""
    port = f":{PORT:04X}"
    try:
        with open("/proc/net/tcp") as table:
            rows = [line.split() for line in table.readlines()[1:]]
    except OSError:
        return 0
    for row in rows:
        local, state, queues = row[1], row[3], row[4]
        if local.endswith(port) and state == "0A":  # LISTEN: rx_queue is the accept queue
            return int(queues.split(":")[1], 16)
    return 0


def run_wrk(wrk, path, headers, duration):
    header_arguments = [
        argument for name, value in headers.items() for argument in ("-H", f"{name}: {value}")
    ]
    output = subprocess.run(
        [
            wrk,
            "--latency",
            f"-t{WORKERS}",
            f"-c{CONNECTIONS}",
            f"-d{duration}s",
            "--timeout",
            f"{TIMEOUT_SECONDS}s",
            *header_arguments,
            BASE + path,
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    timeouts = re.search(r"timeout (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": milliseconds(re.search(r"\s50%\s+(\S+)", output)[1]),
        "p99": milliseconds(re.search(r"\s99%\s+(\S+)", output)[1]),
        "requests": int(re.search(r"(\d+) requests in", output)[1]),
        "errors": int(errors[1]) if errors else 0,
        "timeouts": int(timeouts[1]) if timeouts else 0,
    }


def milliseconds(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60_000}[unit]
