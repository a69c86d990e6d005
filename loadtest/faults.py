"""The faults injected while the load runs, each timed from the start of the load.

Each fault is a dict in the log (faults.json): its name, when it began and ended (the
component back), when the site answered again through the balancer (``recovered``: /healthz
and a cached page both 200, polled every 0.2 s), and the seconds from its start to that.
"""

import os
import signal
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request

POLL_SECONDS = 0.2
# The balancer's certificate is made for the run, so no authority vouches for it.
UNVERIFIED = ssl.create_default_context()
UNVERIFIED.check_hostname = False
UNVERIFIED.verify_mode = ssl.CERT_NONE


def answers(url):
    try:
        with urllib.request.urlopen(url, timeout=2, context=UNVERIFIED) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def wait_until_answering(base, limit=60.0):
    """Polls /healthz and /events/ through the balancer until both answer 200; the time."""
    deadline = time.time() + limit
    while time.time() < deadline:
        if answers(base + "/healthz") and answers(base + "/events/"):
            return time.time()
        time.sleep(POLL_SECONDS)
    return None


def postgres_version():
    return sorted(os.listdir("/etc/postgresql"))[0]


def redis_up():
    return (
        subprocess.run(
            ["redis-cli", "-h", "127.0.0.1", "-p", "6379", "ping"], capture_output=True
        ).returncode
        == 0
    )


def start_redis():
    subprocess.run(
        ["redis-server", "--bind", "127.0.0.1", "--port", "6379", "--daemonize", "yes",
         "--save", "", "--appendonly", "no"],
        check=True, capture_output=True,
    )  # fmt: skip
    for _ in range(50):
        if redis_up():
            return
        time.sleep(0.1)


class Faults(threading.Thread):
    """Runs the schedule against ``servers`` (loadtest.run.AppServer) behind ``base``."""

    def __init__(self, *, base, servers, started, duration, log):
        super().__init__(daemon=True)
        self.base, self.servers, self.started, self.log = base, servers, started, log
        # Spread over the run: each fault has time to recover before the next.
        self.schedule = [
            (0.15 * duration, self.kill_app_server),
            (0.42 * duration, self.restart_postgres),
            (0.65 * duration, self.stop_redis),
        ]
        self.faults = []

    def run(self):
        for at, inject in self.schedule:
            delay = self.started + at - time.time()
            if delay > 0:
                time.sleep(delay)
            began = time.time()
            # The site may answer again before the component is back (the balancer routes
            # around a dead server, pages degrade to the database without Redis): recovery
            # is the first time the site answers again, counted from the fault's start.
            name, ended, recovered = inject()
            fault = {
                "name": name,
                "began": began,
                "ended": max(ended, recovered or ended),
                "component_back": ended,
                "recovered": recovered,
                "recovery_seconds": None if recovered is None else round(recovered - began, 2),
            }
            self.faults.append(fault)
            self.log(f"fault {name}: began +{began - self.started:.1f}s, "
                     f"recovered in {fault['recovery_seconds']} s")  # fmt: skip

    def kill_app_server(self):
        server = self.servers[0]
        os.killpg(server.process.pid, signal.SIGKILL)
        server.process.wait()
        self.log(f"SIGKILL app server :{server.port} (master and workers)")
        recovered = wait_until_answering(self.base)
        time.sleep(10)
        server.start()
        server.wait_healthy()
        self.log(f"app server :{server.port} restarted")
        return "SIGKILL one app server, restarted after 10 s", time.time(), recovered

    def restart_postgres(self):
        self.log("restarting PostgreSQL")
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", postgres_version(), "main", "restart"],
            check=True, capture_output=True,
        )  # fmt: skip
        self.log("PostgreSQL restarted")
        back = time.time()
        return "restart PostgreSQL", back, wait_until_answering(self.base)

    def stop_redis(self):
        subprocess.run(
            ["redis-cli", "-h", "127.0.0.1", "-p", "6379", "shutdown", "nosave"],
            capture_output=True,
        )
        self.log("Redis stopped")
        stopped = time.time()
        recovered = wait_until_answering(self.base)
        time.sleep(max(0.0, stopped + 15 - time.time()))
        start_redis()
        self.log("Redis started again")
        return "stop Redis for 15 s", time.time(), recovered
