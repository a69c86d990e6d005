"""`make loadtest`: the site on two app servers behind HAProxy, under load, with faults.

    make loadtest                          # LOADTEST_SECONDS=90 of load by default
    .venv/bin/python loadtest/run.py --seconds 60 --users 20

1. PostgreSQL and Redis on 127.0.0.1 (started when not answering, as .ci/run does); a fresh
   database itp_loadtest: migrated, the demo, scale data, and loadtest/setup_data.py's small
   events and participant accounts;
2. two gunicorn app servers (ports 8181, 8182) on that database and one Redis cache (its
   database 9), behind HAProxy on 8180 (TLS ends there, /healthz checked);
3. Locust headless with loadtest/locustfile.py's mix, while loadtest/faults.py kills an app
   server, restarts PostgreSQL and stops Redis;
4. send_reminders on "both servers" at once, as cron on each would; then
   loadtest/invariants.py, and loadtest/report.py writes bench/LOADTEST.md.

Exits non-zero when an invariant breaks. Stops the app servers and HAProxy on the way out;
PostgreSQL and Redis stay running, the database stays for `make backup-drill`.
"""

import argparse
import datetime
import json
import os
import shutil
import signal
import socket
import string
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import faults  # noqa: E402 - beside this file, not a package on the path
import report  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
WORK = ROOT / "loadtest" / "work"
BIN = Path(sys.executable).parent
DATABASE = "itp_loadtest"
DATABASE_URL = f"postgres://postgres@127.0.0.1:5432/{DATABASE}"
BALANCER_PORT, APP_PORTS = 8180, (8181, 8182)
BASE = f"https://127.0.0.1:{BALANCER_PORT}"
# A redis database the test suite does not use (it takes 1 and up, one per test process).
CACHE_URL = "redis://127.0.0.1:6379/9"
DEMO_PASSWORD = "loadtest-demo-password"
SCALE = "0.02"
STARTED = time.time()

SERVER_ENVIRONMENT = {
    "DATABASE_URL": DATABASE_URL,
    "CACHE_URL": CACHE_URL,
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "loadtest-only-secret-key-" + "x" * 40,
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    # As in production: TLS ends at the balancer, which sets X-Forwarded-Proto/-For.
    "DJANGO_BEHIND_TLS_PROXY": "true",
    "DJANGO_TRUSTED_PROXY_COUNT": "1",
    "DJANGO_LOG_LEVEL": "WARNING",
    "GUNICORN_WORKERS": "2",
    "GUNICORN_LOG_LEVEL": "warning",
    # Every Locust user comes from 127.0.0.1: the API's per-address throttle would answer
    # most of them 429. The load test measures the API, the throttle still counts.
    "API_ANONYMOUS_RATE": "100000000/min",
    # Each e-mail becomes a file in the outbox folder, which the invariants count (an
    # absolute path takes a fourth slash).
    "EMAIL_URL": f"filemail:///{WORK / 'outbox'}",
    "ITP_DEMO_PASSWORD": DEMO_PASSWORD,
}


def log(text):
    line = f"[{datetime.datetime.now(datetime.UTC):%H:%M:%S} +{time.time() - STARTED:6.1f}s] {text}"
    print(line, flush=True)
    with open(WORK / "run.log", "a") as file:
        file.write(line + "\n")


def environment(**more):
    return {**os.environ, **SERVER_ENVIRONMENT, **more}


def manage(*arguments, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=environment(),
        check=True,
        **kwargs,
    )


def psql(command):
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "--quiet", "--dbname", "postgres",
         "--command", command],
        check=True,
    )  # fmt: skip


def ensure_services():
    """PostgreSQL and Redis answering on 127.0.0.1, started as .ci/run starts them."""
    if subprocess.run(["pg_isready", "-h", "127.0.0.1", "--quiet"]).returncode != 0:
        log("PostgreSQL is not answering; starting the local cluster.")
        subprocess.run(
            ["pg_ctlcluster", "--skip-systemctl-redirect", faults.postgres_version(), "main",
             "start"],
            check=True,
        )  # fmt: skip
        for _ in range(30):
            if subprocess.run(["pg_isready", "-h", "127.0.0.1", "--quiet"]).returncode == 0:
                break
            time.sleep(1)
    if not faults.redis_up():
        log("Redis is not answering; starting a local server.")
        faults.start_redis()
    if not faults.redis_up():
        sys.exit("Redis does not answer on 127.0.0.1:6379.")


def check_ports_free():
    for port in (BALANCER_PORT, *APP_PORTS):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                sys.exit(f"Port {port} is taken: the load test needs 8180-8182 free.")


def prepare_database():
    log(f"fresh database {DATABASE}: migrate, demo, scale data {SCALE}, load-test data")
    psql(f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    psql(f"CREATE DATABASE {DATABASE}")
    manage("migrate", "--noinput", "-v0")
    manage("load_demo", stdout=subprocess.DEVNULL)
    manage("generate_scale_data", "--scale", SCALE, "--force", stdout=subprocess.DEVNULL)
    subprocess.run(
        [sys.executable, str(ROOT / "loadtest" / "setup_data.py"), str(WORK)],
        cwd=ROOT, env=environment(), check=True,
    )  # fmt: skip
    subprocess.run(
        ["redis-cli", "-h", "127.0.0.1", "-p", "6379", "-n", "9", "flushdb"],
        check=True, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    manage("collectstatic", "--noinput", "-v0")


class AppServer:
    """One gunicorn master with its workers, in its own process group (so SIGKILL to the
    group takes them all, as a machine dying would)."""

    def __init__(self, port):
        self.port, self.process = port, None

    def start(self):
        with open(WORK / f"gunicorn-{self.port}.log", "a") as output:
            self.process = subprocess.Popen(
                [str(BIN / "gunicorn"), "--config", "gunicorn.conf.py", "--no-control-socket"],
                cwd=ROOT,
                env=environment(GUNICORN_BIND=f"127.0.0.1:{self.port}"),
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_healthy(self, seconds=60):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"gunicorn :{self.port} stopped; see {WORK}/gunicorn-{self.port}.log")
            if faults.answers(f"http://127.0.0.1:{self.port}/healthz"):
                return
            time.sleep(0.2)
        sys.exit(f"gunicorn :{self.port} did not answer /healthz within {seconds} s")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def start_balancer():
    certificate = WORK / "balancer.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
         "-subj", "/CN=127.0.0.1", "-keyout", str(WORK / "balancer.key"),
         "-out", str(WORK / "balancer.crt")],
        check=True, capture_output=True,
    )  # fmt: skip
    certificate.write_text(
        (WORK / "balancer.crt").read_text() + (WORK / "balancer.key").read_text()
    )
    servers = "\n".join(
        f"    server app{number} 127.0.0.1:{port} check"
        for number, port in enumerate(APP_PORTS, start=1)
    )
    template = string.Template((ROOT / "loadtest" / "haproxy.cfg").read_text())
    config = WORK / "haproxy.cfg"
    config.write_text(
        template.substitute(
            port=BALANCER_PORT,
            certificate=certificate,
            servers=servers,
            workers=SERVER_ENVIRONMENT["GUNICORN_WORKERS"],
        )
    )
    subprocess.run(["haproxy", "-c", "-q", "-f", str(config)], check=True)
    with open(WORK / "haproxy.log", "a") as output:
        balancer = subprocess.Popen(
            ["haproxy", "-db", "-f", str(config)],
            stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    if faults.wait_until_answering(BASE, limit=30) is None:
        sys.exit(f"HAProxy did not answer on {BASE}; see {WORK}/haproxy.log")
    return balancer


def find_haproxy():
    if shutil.which("haproxy") is None:
        sys.exit("HAProxy is needed: `make loadtest` installs it (apt-get install haproxy).")


def run_load(seconds, users, servers):
    prefix = WORK / "locust"
    command = [
        str(BIN / "locust"), "-f", str(ROOT / "loadtest" / "locustfile.py"), "--headless",
        "-u", str(users), "-r", str(max(1, users // 5)), "-t", f"{seconds}s",
        "--host", BASE, "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING",
        "--stop-timeout", "10", "--exit-code-on-error", "0",
    ]  # fmt: skip
    with open(WORK / "locust.log", "w") as output:
        locust = subprocess.Popen(
            command,
            cwd=ROOT,
            env=environment(LOADTEST_WORK=str(WORK)),
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    started = time.time()
    injector = faults.Faults(base=BASE, servers=servers, started=started, duration=seconds, log=log)
    injector.start()
    locust.wait()
    injector.join(timeout=120)
    ended = time.time()
    (WORK / "faults.json").write_text(json.dumps(injector.faults, indent=2))
    if locust.returncode != 0:
        sys.exit(f"Locust failed ({locust.returncode}); see {WORK}/locust.log")
    return started, ended


def cron_on_both_servers():
    """send_reminders from two processes at once, as cron on two servers would run it."""
    runs = [
        subprocess.Popen(
            [sys.executable, "manage.py", "send_reminders"],
            cwd=ROOT,
            env=environment(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )  # fmt: skip
        for _ in range(2)
    ]
    for number, run in enumerate(runs, start=1):
        output, _ = run.communicate(timeout=300)
        last = output.strip().splitlines()[-1] if output.strip() else ""
        log(f"send_reminders #{number}: {last}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=int, default=int(os.environ.get("LOADTEST_SECONDS", 90)))
    parser.add_argument("--users", type=int, default=int(os.environ.get("LOADTEST_USERS", 40)))
    arguments = parser.parse_args()
    if arguments.seconds < 60:
        sys.exit("The faults need at least 60 s of load to each recover before the next.")
    WORK.mkdir(exist_ok=True)
    for stale in [*WORK.glob("*.jsonl"), *WORK.glob("*.log"), *WORK.glob("locust_*.csv")]:
        stale.unlink()
    for stale in (WORK / "outbox").glob("*") if (WORK / "outbox").exists() else []:
        stale.unlink()
    (WORK / "outbox").mkdir(exist_ok=True)
    check_ports_free()
    find_haproxy()
    ensure_services()
    prepare_database()
    servers = [AppServer(port) for port in APP_PORTS]
    balancer = None

    def stop_everything(*_):
        for server in servers:
            server.stop()
        if balancer is not None and balancer.poll() is None:
            balancer.terminate()
            balancer.wait(timeout=10)

    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))
    try:
        for server in servers:
            server.start()
        for server in servers:
            server.wait_healthy()
        balancer = start_balancer()
        log(f"load: {arguments.users} users for {arguments.seconds} s through {BASE}")
        started, ended = run_load(arguments.seconds, arguments.users, servers)
        log("load finished")
        # The app servers stay up for the cron run, as in production.
        cron_on_both_servers()
    finally:
        stop_everything()
        log("app servers and HAProxy stopped")
    # Make sure faults left both services up for the checks (and for whoever comes next).
    ensure_services()
    checked = subprocess.run(
        [sys.executable, str(ROOT / "loadtest" / "invariants.py"), str(WORK), str(WORK / "outbox")],
        cwd=ROOT, env=environment(),
    )  # fmt: skip
    report.write(
        work=WORK,
        output=ROOT / "bench" / "LOADTEST.md",
        started=started,
        ended=ended,
        users=arguments.users,
        seconds=arguments.seconds,
        scale=SCALE,
    )
    log(f"wrote bench/LOADTEST.md; the whole run took {time.time() - STARTED:.0f} s")
    sys.exit(checked.returncode)


if __name__ == "__main__":
    main()
