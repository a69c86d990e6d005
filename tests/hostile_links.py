"""Links no page, calendar, e-mail or export of the site may make live: the ones browsers run
as script, or that leave the site while looking like one of its paths, or are not http(s)."""

import pytest

UNSAFE_LINKS = [
    pytest.param("javascript:alert(1)", id="javascript"),
    pytest.param("JavaScript:alert(1)", id="JavaScript"),
    pytest.param(" javascript:alert(1)", id="leading space"),
    pytest.param("java\tscript:alert(1)", id="tab inside"),
    pytest.param("data:text/html,<script>alert(1)</script>", id="data"),
    pytest.param("vbscript:msgbox(1)", id="vbscript"),
    pytest.param("//evil.example/x", id="protocol-relative"),
    pytest.param("/\\evil.example/x", id="backslash-relative"),
    pytest.param("ftp://files.example/x", id="ftp"),
]
