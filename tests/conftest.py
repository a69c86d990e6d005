import pytest
from django.core.cache import cache

from itp.demo.programme import load_demo_data

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


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as a fresh server would."""
    cache.clear()
