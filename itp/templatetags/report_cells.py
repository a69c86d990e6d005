"""Filters for the cells of the printed reports."""

import re

from django import template

register = template.Library()

# No real word is this long; a longer run of letters (a hostile name, a pasted address)
# would otherwise run off the page, since a table column is never narrower than its longest
# word.
_WORD_TOO_LONG = re.compile(r"\S{31,}")
_PIECE = re.compile(r"\S{1,10}")


@register.filter
def breakable(value):
    """``value`` with a zero-width space every 10 characters of any word longer than 30, so
    that the PDF's table breaks the word inside its column. Cheaper for WeasyPrint than CSS
    ``overflow-wrap: anywhere``, which took minutes over a word of 10,000 letters."""
    if not isinstance(value, str):
        return value
    return _WORD_TOO_LONG.sub(lambda word: "\u200b".join(_PIECE.findall(word.group(0))), value)
