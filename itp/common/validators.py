"""Validators of the text and links that the models store.

Pages, calendars, e-mail headers and spreadsheets take a field's text as it is stored, and a
line break in a title or a ``javascript:`` link does harm in each of them; the models refuse
such values so that forms, imports and the admin refuse them the same way.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

# C0 and C1 controls, DEL, and the Unicode line and paragraph separators: none belongs in one
# line of text, and each may end a line for some reader (a calendar, a mail header, a log).
CONTROL_CHARACTERS = "\x00-\x1f\x7f-\x9f\u2028\u2029"
_CONTROL_CHARACTER = re.compile(f"[{CONTROL_CHARACTERS}]")

# What text of several lines may not hold: the C0 controls besides tab, line feed and
# carriage return, and DEL. PostgreSQL refuses NUL in text; XML (so XLSX) refuses the others.
_CONTROL_CHARACTER_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_characters(value):
    return bool(_CONTROL_CHARACTER.search(value))


def validate_single_line(value):
    """Refuse line breaks and other control characters in a field that holds one line."""
    if has_control_characters(value):
        raise ValidationError(
            _("Enter a single line without control characters (such as line breaks)."),
            code="control_characters",
        )


def validate_multiline_text(value):
    """Refuse control characters other than tabs and line breaks in text of several lines."""
    if _CONTROL_CHARACTER_IN_TEXT.search(value):
        raise ValidationError(
            _("Remove the control characters; text may hold line breaks and tabs only."),
            code="control_characters",
        )


@deconstructible
class WebAddressValidator(URLValidator):
    """An http or https address on one line: javascript:, data:, ftp: and addresses without
    a scheme (//host) are refused, so a stored link is safe to put in a page or a calendar."""

    schemes = ["http", "https"]
    message = _("Enter a web address that starts with http:// or https://.")
    # Not URLValidator's "invalid": a model form would put its own "Enter a valid URL." for it.
    code = "not_a_web_address"

    def __call__(self, value):
        if isinstance(value, str) and has_control_characters(value):
            raise ValidationError(self.message, code=self.code, params={"value": value})
        super().__call__(value)


validate_web_address = WebAddressValidator()


@deconstructible
class ReservedSlugValidator:
    """Refuse a slug that is already the address of another page under the same path (such
    as /events/calendar/): an object with that slug would have a page nobody could reach."""

    message = _("“%(value)s” is the address of another page here; choose another slug.")
    code = "reserved_slug"

    def __init__(self, words):
        self.words = tuple(words)

    def __call__(self, value):
        if str(value).lower() in self.words:
            raise ValidationError(self.message, code=self.code, params={"value": value})

    def __eq__(self, other):
        return isinstance(other, ReservedSlugValidator) and self.words == other.words
