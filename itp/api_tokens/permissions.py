"""What a token's scope allows."""

from django.utils.translation import gettext_lazy as _
from rest_framework.permissions import SAFE_METHODS, BasePermission

from itp.models import ApiToken


class TokenScopePermission(BasePermission):
    """A read-only token may only read (GET, HEAD, OPTIONS). Requests signed in otherwise (the
    browsable API's session) are left to the view's other permissions."""

    message = _("This token is read-only. Create a read-and-write token to make changes.")

    def has_permission(self, request, view):
        if not isinstance(request.auth, ApiToken):
            return True
        return request.method in SAFE_METHODS or not request.auth.is_read_only
