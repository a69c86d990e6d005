import pytest

from itp.common.links import safe_url
from tests.hostile_links import UNSAFE_LINKS


@pytest.mark.parametrize(
    "link",
    ["https://meet.example.org/itp?room=7#join", "http://example.org", "HTTPS://EXAMPLE.ORG/"],
)
def test_safe_url_keeps_an_http_or_https_address(link):
    assert safe_url(link) == link


@pytest.mark.parametrize(
    "link",
    [
        *UNSAFE_LINKS,
        "mailto:giulia@example.org",
        "https://example.org/\x00",
        "https://example.org/\u2028",
        " https://example.org/",
        "https:example.org",
        "",
        None,
    ],
)
def test_safe_url_drops_any_other_link(link):
    assert safe_url(link) == ""
