"""Stored text made fit for places with stricter rules than a page: mail headers and
calendar properties.

The models refuse control characters now, but rows written through the ORM or imported
earlier may still hold them, and a calendar or an e-mail must never fail on them.
"""

import re

from .validators import CONTROL_CHARACTERS

# A run of control characters (line breaks included) with the white space around it.
_CONTROL_RUN = re.compile(rf"\s*[{CONTROL_CHARACTERS}]+\s*")
_LINE_BREAK = re.compile("\r\n|[\r\x85\u2028\u2029]")
_CONTROL_BUT_TAB_AND_LINE_FEED = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def one_line(text):
    """``text`` on one line: each run of control characters, with the spaces around it,
    becomes one space."""
    return _CONTROL_RUN.sub(" ", text).strip()


def printable_lines(text):
    """``text`` with its line breaks as line feeds, its tabs, and no other control
    characters."""
    return _CONTROL_BUT_TAB_AND_LINE_FEED.sub("", _LINE_BREAK.sub("\n", text))
