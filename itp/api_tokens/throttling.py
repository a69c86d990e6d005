"""How many requests a token may make."""

from django.conf import settings
from rest_framework.throttling import UserRateThrottle

from itp.models import ApiToken


class TokenRateThrottle(UserRateThrottle):
    """Requests authenticated by a personal token, counted per person at
    ``settings.API_TOKEN_RATE``; other requests are left to the other throttles."""

    scope = "token"

    def get_rate(self):
        return settings.API_TOKEN_RATE

    def allow_request(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return True
        return super().allow_request(request, view)
