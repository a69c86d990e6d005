"""How often anonymous readers may ask: API_ANONYMOUS_RATE per address."""

from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle


class AnonymousRateThrottle(AnonRateThrottle):
    """DRF's anonymous throttle, its rate read at each request rather than once at import, so
    that a changed setting (a test's) holds at once. Counts are kept in the default cache."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES[self.scope]
