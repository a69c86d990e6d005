"""Links from stored rows, rendered or exported only when they are http(s) web addresses."""

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
