"""What the app servers check before they serve a request."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def require_secret_key():
    """Refuse to start serving without DJANGO_SECRET_KEY when debug is off.

    Settings leave the key empty then, so that management commands which sign nothing still
    run; a server must stop at start-up rather than fail on its first request.
    """
    try:
        settings.SECRET_KEY  # noqa: B018 - Django raises when the key is empty
    except ImproperlyConfigured as missing:
        raise ImproperlyConfigured(
            "Set DJANGO_SECRET_KEY (a long random string), or DJANGO_DEBUG=true for development."
        ) from missing
