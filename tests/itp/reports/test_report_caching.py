"""Report pages share their charts and tables between coordinators under the data version:
built once, and built again after any write, so an edit shows on the next request."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from itp.common import caching
from regions.models import Government
from tests.html import text

from .catalogue import REPORT_NAMES

pytestmark = pytest.mark.django_db

PAGES = ["/reports/", *(f"/reports/{name}/" for name in REPORT_NAMES if name != "attendance")]


@pytest.mark.parametrize("url", PAGES)
def test_a_government_renamed_shows_on_the_next_request(demo_coordinator_client, url):
    government = Government.objects.get(slug="lombardy")
    first = text(demo_coordinator_client.get(url))
    assert "Lombardia" not in first

    Government.objects.filter(pk=government.pk).update(name="Lombardia")

    assert "Lombardia" in text(demo_coordinator_client.get(url))


@pytest.mark.parametrize("url", PAGES)
def test_a_second_request_reads_the_sections_from_the_cache(demo_coordinator_client, url):
    with CaptureQueriesContext(connection) as built:
        first = text(demo_coordinator_client.get(url))
    with CaptureQueriesContext(connection) as cached:
        again = text(demo_coordinator_client.get(url))

    assert _without_csrf_token(again) == _without_csrf_token(first)
    assert len(cached) < len(built)


def test_without_the_version_moving_the_old_figures_would_show(
    demo_coordinator_client, monkeypatch
):
    """The control run: the renaming test fails if writes do not move the data version."""
    text(demo_coordinator_client.get("/reports/"))
    monkeypatch.setattr(caching, "move_data_version", lambda connection: None)

    Government.objects.filter(slug="lombardy").update(name="Lombardia")

    assert "Lombardia" not in text(demo_coordinator_client.get("/reports/"))


def test_each_filter_has_its_own_entry(demo_coordinator_client):
    everyone = text(demo_coordinator_client.get("/reports/participation/"))
    lombardy = Government.objects.get(slug="lombardy")

    filtered = text(
        demo_coordinator_client.get(f"/reports/participation/?government={lombardy.pk}")
    )

    assert filtered != everyone


def _without_csrf_token(page):
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", page)
