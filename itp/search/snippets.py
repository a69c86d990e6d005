"""Matched text as safe HTML: escaped first, the matched terms marked after.

PostgreSQL's ``ts_headline`` marks matches in the raw text; it is asked to mark them with two
control characters that stored text never holds (the models' validators refuse them), which
are turned into ``<mark>`` once the text is escaped. The SQLite fallback finds the terms
itself, in text folded the same way as its matching.
"""

import re
import unicodedata

from django.utils.html import escape
from django.utils.safestring import mark_safe

START, STOP = "\x02", "\x03"
_SELECTORS = re.compile(f"[{START}{STOP}]")

# The fallback's snippet: this many characters, starting a little before the first match.
SNIPPET_LENGTH = 220
LEAD = 60
ELLIPSIS = "…"


def fold(text):
    """Text as the fallback compares it: accents dropped, case folded ("Münster" and
    "MUNSTER" fold alike). Registered as an SQL function on SQLite."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def from_headline(headline):
    """A ``ts_headline`` made with ``START``/``STOP`` around matches, as safe HTML."""
    if not headline:
        return ""
    html = escape(headline)
    depth = 0
    pieces = []
    # Rebuilt piece by piece so that a stray selector can never leave a tag open.
    for piece in re.split(f"([{START}{STOP}])", html):
        if piece == START:
            if depth == 0:
                pieces.append("<mark>")
            depth += 1
        elif piece == STOP:
            if depth == 1:
                pieces.append("</mark>")
            depth = max(depth - 1, 0)
        else:
            pieces.append(piece)
    if depth:
        pieces.append("</mark>")
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text was escaped above


def _folded_with_positions(text):
    """``fold(text)`` and, for each of its characters, the index of the character of
    ``text`` it came from (folding may change the length: "ß" folds to "ss")."""
    folded, positions = [], []
    for index, char in enumerate(text):
        for folded_char in fold(char):
            folded.append(folded_char)
            positions.append(index)
    return "".join(folded), positions


def _spans(text, terms):
    """The merged (start, end) spans of ``text`` where any of the folded terms occurs."""
    folded, positions = _folded_with_positions(text)
    spans = []
    for term in terms:
        if not term:
            continue
        for match in re.finditer(re.escape(term), folded):
            spans.append((positions[match.start()], positions[match.end() - 1] + 1))
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def mark_terms(text, terms, *, cut=False):
    """``text`` escaped, with each occurrence of the folded ``terms`` in ``<mark>``. With
    ``cut``, only an excerpt around the first occurrence (or the text's start)."""
    text = _SELECTORS.sub("", text or "")
    spans = _spans(text, terms)
    start, end = 0, len(text)
    if cut and len(text) > SNIPPET_LENGTH:
        start = max(0, spans[0][0] - LEAD) if spans else 0
        if start:
            # Begin at a word.
            space = text.find(" ", start)
            if space != -1 and space < spans[0][0]:
                start = space + 1
        end = min(len(text), start + SNIPPET_LENGTH)
        if end < len(text):
            space = text.rfind(" ", start, end)
            if space > start:
                end = space
    pieces = [ELLIPSIS] if start else []
    position = start
    for span_start, span_end in spans:
        if span_end <= start or span_start >= end:
            continue
        span_start, span_end = max(span_start, start), min(span_end, end)
        pieces.append(escape(text[position:span_start]))
        pieces.append(f"<mark>{escape(text[span_start:span_end])}</mark>")
        position = span_end
    pieces.append(escape(text[position:end]))
    if end < len(text):
        pieces.append(ELLIPSIS)
    return mark_safe("".join(pieces))  # noqa: S308 - every piece of text was escaped above
