"""The cache: local memory by default, a shared Redis when CACHE_URL (or REDIS_URL) names one,
and a Redis that is down costing misses, never errors."""

import socket
import subprocess
import uuid

import pytest
from django.core.cache import cache

from tests.factories import EventFactory
from tests.settings_helpers import setting_from_environment
from tests.workshops.calendar_helpers import fetch, vevents

pytestmark = pytest.mark.django_db

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
# A database of its own, so that the round trip disturbs neither app servers (usually on 0)
# nor the suite's own cache (CACHE_URL in CI, one database per test process).
ROUND_TRIP_DATABASE = 15


def caches_from_environment(**variables):
    """The CACHES that settings build from an environment holding ``variables`` (and neither
    CACHE_URL nor REDIS_URL unless given); a start-up error is raised as CalledProcessError."""
    return setting_from_environment("s.CACHES", unset=("CACHE_URL", "REDIS_URL"), **variables)


def redis_answers():
    """Whether a Redis server listens on the machine's usual address."""
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=0.5) as connection:
            connection.sendall(b"PING\r\n")
            return connection.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def closed_port():
    """A local port nothing listens on: bound by the system, then released."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_cache_is_local_memory_without_a_cache_url():
    caches = caches_from_environment()

    assert caches["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_cache_url_names_a_shared_redis_with_the_site_key_prefix():
    caches = caches_from_environment(CACHE_URL="redis://cache.example.org:6380/2")

    assert caches["default"]["BACKEND"] == "django_redis.cache.RedisCache"
    assert caches["default"]["LOCATION"] == "redis://cache.example.org:6380/2"
    assert caches["default"]["KEY_PREFIX"] == "itp"
    assert caches["default"]["OPTIONS"]["IGNORE_EXCEPTIONS"] is True


def test_redis_url_is_read_when_cache_url_is_not_set():
    caches = caches_from_environment(REDIS_URL="rediss://:secret@cache.example.org:6379/0")

    assert caches["default"]["LOCATION"] == "rediss://:secret@cache.example.org:6379/0"


def test_cache_url_wins_over_redis_url():
    caches = caches_from_environment(
        CACHE_URL="redis://cache.example.org:6379/1", REDIS_URL="redis://other.example.org:6379/0"
    )

    assert caches["default"]["LOCATION"] == "redis://cache.example.org:6379/1"


@pytest.mark.parametrize(
    "malformed",
    [
        "memcache://cache.example.org:11211",
        "cache.example.org:6379",
        "redis:///0",
        "redis://cache.example.org:port/0",
        "redis://cache.example.org:6379/first",
    ],
)
def test_malformed_cache_url_stops_the_start_with_a_clear_error(malformed):
    with pytest.raises(subprocess.CalledProcessError) as stopped:
        caches_from_environment(CACHE_URL=malformed)

    assert "ImproperlyConfigured: CACHE_URL (or REDIS_URL) must read redis://" in (
        stopped.value.stderr
    )


def test_cache_url_error_does_not_repeat_the_password():
    with pytest.raises(subprocess.CalledProcessError) as stopped:
        caches_from_environment(CACHE_URL="redis://:hunter2@cache.example.org:port/0")

    assert "hunter2" not in stopped.value.stderr


def test_redis_that_is_down_costs_a_miss_and_the_feed_still_answers(client, settings, caplog):
    """The public feed keeps its document in the cache (cache.get_or_set): with nothing
    listening where the cache should be, it is built from the database instead."""
    event = EventFactory(title="Kick-off in Milan")
    settings.CACHES = caches_from_environment(CACHE_URL=f"redis://127.0.0.1:{closed_port()}/0")

    _, calendar = fetch(client, "/events/calendar.ics")

    assert [str(entry["SUMMARY"]) for entry in vevents(calendar).values()] == [event.title]
    assert cache.get("anything", "a miss") == "a miss"
    assert any(record.name == "django_redis.cache" for record in caplog.records)


@pytest.mark.skipif(not redis_answers(), reason="no Redis server answers at 127.0.0.1:6379")
def test_configured_redis_cache_round_trips_a_value(settings):
    settings.CACHES = caches_from_environment(
        CACHE_URL=f"redis://{REDIS_HOST}:{REDIS_PORT}/{ROUND_TRIP_DATABASE}"
    )
    key = f"round-trip-{uuid.uuid4().hex}"

    cache.set(key, {"governments": 270}, timeout=60)
    try:
        assert cache.get(key) == {"governments": 270}
        # The prefix keeps the site's keys apart from other programs sharing the server.
        assert cache.keys(key) == [key]
        assert cache.client.get_client().exists(f"itp:1:{key}") == 1
    finally:
        cache.delete(key)

    assert cache.get(key) is None
