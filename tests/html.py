"""What a page says: its HTML read as text, its sections, lists, tables and messages.

One copy for every test, so that "the text of a page" means the same thing everywhere.
"""

import html
import re

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

# Elements that sit inside a line of text: dropping them keeps "<a>Lombardy</a>," reading
# "Lombardy,". Every other tag ends a word, so "<td>1</td><td>2</td>" reads "1 2".
INLINE_TAGS = re.compile(r"</?(?:a|abbr|b|code|em|i|span|strong|time)\b[^>]*>")
ANY_TAG = re.compile(r"<[^>]+>")


def body(response):
    """The bytes of a response, whether streamed (downloads) or not. A streamed response can
    be read only once, so its bytes are kept on it for the next reader."""
    if not response.streaming:
        return response.content
    if not hasattr(response, "read_body"):
        response.read_body = b"".join(response.streaming_content)
    return response.read_body


def text(response):
    """The page's HTML with its character references decoded (``&amp;`` reads ``&``)."""
    return html.unescape(response.content.decode())


def plain(fragment):
    """An HTML fragment as it reads: inline tags dropped, other tags a space, spaces
    collapsed, character references decoded."""
    words = ANY_TAG.sub(" ", INLINE_TAGS.sub("", fragment))
    return " ".join(html.unescape(words).split())


def plain_text(response):
    """The whole page as it reads (see ``plain``)."""
    return plain(response.content.decode())


def section(response, heading_id):
    """The HTML of the page's ``<section>`` labelled by ``heading_id``."""
    match = re.search(
        rf'<section aria-labelledby="{heading_id}".*?</section>', text(response), re.DOTALL
    )
    return match.group(0)


def list_items(fragment):
    """The text of each ``<li>`` of an HTML fragment."""
    return [plain(item) for item in re.findall(r"<li>(.*?)</li>", fragment, re.DOTALL)]


def table_rows(response):
    """Each body row of the page's table, as the text of its cells."""
    body = re.search(r"<tbody[^>]*>(.*?)</tbody>", text(response), re.DOTALL).group(1)
    return [
        [plain(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.DOTALL)]
        for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.DOTALL)
    ]


def messages_of(response):
    """The messages the request left for the next page, as text."""
    return [str(message) for message in get_messages(response.wsgi_request)]


def count_queries(client, path):
    """How many database queries a page costs to render; the page must answer 200. The cache
    is emptied before (a cached page costs one query whatever it shows) and after, so that
    the next request renders the page too (and has a context to look at)."""
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    cache.clear()
    assert response.status_code == 200
    return len(queries)
