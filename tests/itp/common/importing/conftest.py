"""Fixtures of the tests of the admin's import pages."""

import pytest


@pytest.fixture
def uploads_in_a_temporary_folder(settings, tmp_path):
    """Uploads wait for confirmation under MEDIA_ROOT; keep them out of the project."""
    settings.MEDIA_ROOT = tmp_path
