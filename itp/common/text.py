"""Text made fit for places with stricter rules than a page: stored text for mail headers
and calendar properties, and values from a request for showing back on a page.

The models refuse control characters now, but rows written through the ORM or imported
earlier may still hold them, and a calendar or an e-mail must never fail on them.
"""

import re

from .validators import CONTROL_CHARACTERS

# A run of control characters (line breaks included) with the white space around it.
_CONTROL_RUN = re.compile(rf"\s*[{CONTROL_CHARACTERS}]+\s*")
_LINE_BREAK = re.compile("\r\n|[\r\x85\u2028\u2029]")
_CONTROL_BUT_TAB_AND_LINE_FEED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_CONTROL = re.compile(f"[{CONTROL_CHARACTERS}]")

# Longer than any slug or choice the site makes, shorter than a page worth of junk.
QUERY_VALUE_MAX_LENGTH = 200


def one_line(text):
    """``text`` on one line: each run of control characters, with the spaces around it,
    becomes one space."""
    return _CONTROL_RUN.sub(" ", text).strip()


def printable_lines(text):
    """``text`` with its line breaks as line feeds, its tabs, and no other control
    characters."""
    return _CONTROL_BUT_TAB_AND_LINE_FEED.sub("", _LINE_BREAK.sub("\n", text))


def query_value(value):
    """``value`` from a query string as a form may bind it and show it back: without control
    characters, and cut at ``QUERY_VALUE_MAX_LENGTH`` characters (no valid value is longer)."""
    return _CONTROL.sub("", value)[:QUERY_VALUE_MAX_LENGTH]


def excerpt(value, length=40):
    """The start of ``value`` (from a request or a spreadsheet cell) for a message that names
    it: on one line, without control characters, cut after ``length`` characters with an
    ellipsis, so that a message quoting a long value is never longer than a few lines."""
    text = one_line(str(value))
    return text if len(text) <= length else text[:length] + "…"
