import pytest

from itp.common.links import safe_url


@pytest.mark.parametrize(
    "link",
    ["https://meet.example.org/itp?room=7#join", "http://example.org", "HTTPS://EXAMPLE.ORG/"],
)
def test_safe_url_keeps_an_http_or_https_address(link):
    assert safe_url(link) == link


@pytest.mark.parametrize(
    "link",
    [
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        " javascript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "vbscript:msgbox(1)",
        "//evil.example/x",
        "/\\evil.example/x",
        "ftp://files.example/x",
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
