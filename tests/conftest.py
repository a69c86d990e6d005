"""Fixtures every test may use: the settings tests run with, the demo data, and clients
logged in with each role, either as a user made for the test or as the demo's user."""

from urllib.parse import urlsplit

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.test import override_settings
from django.utils import translation

from itp.demo.programme import load_demo_data
from itp.roles import COORDINATORS, PARTICIPANTS, PROGRAMME_STAFF
from tests.factories import PersonFactory, UserFactory

DEMO_PASSWORD = "demo-password-for-tests"


@pytest.fixture(autouse=True)
def fast_password_hasher(settings):
    """Hash passwords cheaply: the production hasher costs half a second per user."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def static_files_looked_up_on_request(settings):
    """Let WhiteNoise find a static file when asked instead of indexing them all up front.

    Each test's client builds a new middleware chain, and indexing the few hundred collected
    files costs a tenth of a second every time. Pages still name the hashed files from the
    manifest; only how WhiteNoise would serve a request for one changes.
    """
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def english_between_tests():
    """Each test starts in English: a request's language stays active in the thread after
    the response, and a factory would then write a title into that language's column."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def login_throttling_off_unless_asked_for(request, settings):
    """Django's test client logs in without a request, which login throttling refuses.

    Tests of the throttling itself are marked ``login_throttling`` and log in through the
    login page, as people do.
    """
    if request.node.get_closest_marker("login_throttling") is None:
        settings.AXES_ENABLED = False


@pytest.fixture
def demo(db):
    """The programme's demo data: five themes, ten governments, their people, demo users."""
    return load_demo_data(password=DEMO_PASSWORD)


@pytest.fixture(autouse=True, scope="session")
def redis_database_per_test_process(worker_id):
    """Parallel test processes sharing one Redis (CACHE_URL) each take their own database,
    the configured number plus the process's, because clearing the cache empties a whole
    Redis database: one process would otherwise wipe what another's test just cached."""
    cache_settings = django_settings.CACHES["default"]
    if worker_id == "master" or cache_settings["BACKEND"] != "django_redis.cache.RedisCache":
        yield
        return
    location = urlsplit(cache_settings["LOCATION"])
    database = int(location.path.strip("/") or 0) + int(worker_id.removeprefix("gw"))
    own = {**cache_settings, "LOCATION": location._replace(path=f"/{database}").geturl()}
    with override_settings(CACHES={"default": own}):
        yield


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as a fresh server would."""
    cache.clear()


@pytest.fixture
def staff_client(client):
    """A client logged in as a member of the programme staff."""
    client.force_login(UserFactory(is_staff=True, roles=[PROGRAMME_STAFF]))
    return client


@pytest.fixture
def coordinator_client(client):
    """A client logged in as a coordinator."""
    client.force_login(UserFactory(is_staff=True, roles=[COORDINATORS]))
    return client


@pytest.fixture
def participant(client):
    """A participant, logged in on ``client``: a Person whose login is in the participants'
    group."""
    person = PersonFactory(user=UserFactory(roles=[PARTICIPANTS]))
    client.force_login(person.user)
    return person


@pytest.fixture
def participant_client(client, participant):
    """A client logged in as a participant (the ``participant`` fixture)."""
    return client


def demo_user(username):
    """One of the demo's users: ``demo-staff``, ``demo-coordinator`` or ``demo-participant``."""
    return get_user_model().objects.get(username=username)


@pytest.fixture
def demo_staff_client(client, demo):
    """A client logged in as the demo's programme staff member."""
    client.force_login(demo_user("demo-staff"))
    return client


@pytest.fixture
def demo_coordinator_client(client, demo):
    """A client logged in as the demo's coordinator."""
    client.force_login(demo_user("demo-coordinator"))
    return client


@pytest.fixture
def demo_participant_client(client, demo):
    """A client logged in as the demo's participant, who belongs to a team."""
    client.force_login(demo_user("demo-participant"))
    return client


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit():`` runs what the block leaves for after the commit (e-mails), as a
    real transaction would, though the test's own transaction never commits."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture(autouse=True)
def media_root_per_test(settings, tmp_path):
    """Uploaded files (materials, deliverables) go to a folder of the test's own, never into
    the working tree, and no test sees another's."""
    settings.MEDIA_ROOT = tmp_path / "media"
