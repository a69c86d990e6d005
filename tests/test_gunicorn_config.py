"""gunicorn.conf.py: gunicorn trusts forwarded headers only where a proxy sets them."""

import http.client
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from gunicorn.config import Config

pytestmark = pytest.mark.once

PROJECT_ROOT = Path(__file__).resolve().parent.parent
GUNICORN_CONF = PROJECT_ROOT / "gunicorn.conf.py"
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _gunicorn_config(monkeypatch, tmp_path, dotenv="", **environment):
    """The settings gunicorn ends up with from gunicorn.conf.py in ``environment``, read as
    gunicorn reads a config file: run it, then set each name that is a setting.

    The file is run from a copy in ``tmp_path``, beside a ``.env`` holding ``dotenv``, so that
    a developer's own ``.env`` plays no part.
    """
    for name in ("DJANGO_BEHIND_TLS_PROXY", "GUNICORN_FORWARDED_ALLOW_IPS"):
        # Set, then removed: monkeypatch then also undoes what the .env file sets.
        monkeypatch.setenv(name, "")
        monkeypatch.delenv(name)
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    conf = tmp_path / "gunicorn.conf.py"
    conf.write_text(GUNICORN_CONF.read_text())
    (tmp_path / ".env").write_text(dotenv)
    config = Config()
    namespace = {"__file__": str(conf)}
    exec(compile(conf.read_text(), str(conf), "exec"), namespace)
    for name, value in namespace.items():
        if name in config.settings:
            config.set(name, value)
    return config


@pytest.mark.parametrize("behind_proxy", [None, "false", "no", ""])
def test_gunicorn_trusts_no_forwarded_header_without_a_tls_proxy(
    monkeypatch, tmp_path, behind_proxy
):
    environment = {} if behind_proxy is None else {"DJANGO_BEHIND_TLS_PROXY": behind_proxy}

    config = _gunicorn_config(monkeypatch, tmp_path, **environment)

    assert config.forwarded_allow_ips == []
    assert config.secure_scheme_headers == {}
    assert config.forwarder_headers == []


def test_gunicorn_ignores_the_allowed_addresses_without_a_tls_proxy(monkeypatch, tmp_path):
    config = _gunicorn_config(monkeypatch, tmp_path, GUNICORN_FORWARDED_ALLOW_IPS="10.0.0.5")

    assert config.forwarded_allow_ips == []


@pytest.mark.parametrize("behind_proxy", ["true", "True", "1", "yes"])
def test_gunicorn_trusts_the_local_proxy_behind_a_tls_proxy(monkeypatch, tmp_path, behind_proxy):
    config = _gunicorn_config(monkeypatch, tmp_path, DJANGO_BEHIND_TLS_PROXY=behind_proxy)

    assert config.forwarded_allow_ips == ["127.0.0.1"]
    assert config.secure_scheme_headers["X-FORWARDED-PROTO"] == "https"


def test_gunicorn_trusts_the_given_proxies_behind_a_tls_proxy(monkeypatch, tmp_path):
    config = _gunicorn_config(
        monkeypatch,
        tmp_path,
        DJANGO_BEHIND_TLS_PROXY="true",
        GUNICORN_FORWARDED_ALLOW_IPS="10.0.0.5,10.0.1.0/24",
    )

    assert config.forwarded_allow_ips == ["10.0.0.5", "10.0.1.0/24"]


def test_gunicorn_reads_the_tls_proxy_setting_from_the_env_file_as_django_does(
    monkeypatch, tmp_path
):
    config = _gunicorn_config(monkeypatch, tmp_path, dotenv="DJANGO_BEHIND_TLS_PROXY=true\n")

    assert config.forwarded_allow_ips == ["127.0.0.1"]


def test_the_environment_wins_over_the_env_file(monkeypatch, tmp_path):
    config = _gunicorn_config(
        monkeypatch,
        tmp_path,
        dotenv="DJANGO_BEHIND_TLS_PROXY=true\n",
        DJANGO_BEHIND_TLS_PROXY="false",
    )

    assert config.forwarded_allow_ips == []


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _get_through_gunicorn(environment, path, headers):
    """Start gunicorn with gunicorn.conf.py and ``environment``, GET ``path`` from
    127.0.0.1 with ``headers``, stop gunicorn; return the status and the Location."""
    port = _free_port()
    server = subprocess.Popen(
        [
            str(GUNICORN),
            "--config",
            str(GUNICORN_CONF),
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            # Every gunicorn on a machine shares one control socket unless told otherwise.
            "--no-control-socket",
        ],
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                return response.status, response.getheader("Location")
            except ConnectionRefusedError:
                if server.poll() is not None:
                    pytest.fail(f"gunicorn stopped: {server.stderr.read()}")
                if time.monotonic() > deadline:
                    pytest.fail("gunicorn did not answer within 30 seconds")
                time.sleep(0.2)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def _production_environment(tmp_path, **overrides):
    environment = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "k7Qm2vXr9pL4sT8wZ1yB6nC3dF5gH0jK-production-like-secret-key-value",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "true",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        "GUNICORN_LOG_LEVEL": "warning",
    }
    for name in ("DJANGO_BEHIND_TLS_PROXY", "GUNICORN_FORWARDED_ALLOW_IPS"):
        environment.pop(name, None)
    environment.update(overrides)
    return environment


def test_claimed_https_from_localhost_is_redirected_without_a_tls_proxy(tmp_path):
    status, location = _get_through_gunicorn(
        _production_environment(tmp_path), "/accounts/login/", {"X-Forwarded-Proto": "https"}
    )

    assert status == 301
    assert location.startswith("https://127.0.0.1:")
    assert location.endswith("/accounts/login/")


def test_https_from_the_tls_proxy_is_served_behind_one(tmp_path):
    status, location = _get_through_gunicorn(
        _production_environment(tmp_path, DJANGO_BEHIND_TLS_PROXY="true"),
        "/accounts/login/",
        {"X-Forwarded-Proto": "https"},
    )

    assert (status, location) == (200, None)
