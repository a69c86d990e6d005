"""Links from stored rows, rendered or exported only when they are http(s) web addresses, and
the webcal:// addresses of the site's own calendar feeds."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError

from .validators import validate_web_address


def safe_url(value):
    """``value`` when it is an http or https address, else "".

    The models refuse other links, but a row written through the ORM or imported before they
    did may hold ``javascript:`` or ``data:``; every page, e-mail and calendar that turns a
    stored link into a live one passes it through here first.
    """
    if not value:
        return ""
    try:
        validate_web_address(value)
    except ValidationError:
        return ""
    return value


def subscription_url(path, *, request=None):
    """The webcal:// address of the calendar feed at ``path`` on this site: a browser hands
    it to the person's calendar program, which subscribes to the feed (and fetches it again
    now and then) rather than importing a copy once. The host is the request's, or the one
    in ITP_SITE_URL without a request."""
    host = request.get_host() if request is not None else urlsplit(settings.ITP_SITE_URL).netloc
    return f"webcal://{host}{path}"
