"""The pseudo-language's catalogue, built once per test run, and a fixture that installs it."""

import pytest
from django.utils import translation

from regions.models import Person
from tests.i18n.pseudo import PSEUDO, build_catalogue, forget_loaded_translations

# The admin import pages' uploads folder.
from tests.itp.common.importing.conftest import uploads_in_a_temporary_folder  # noqa: F401

# The URL × role matrix's users and files, for the pages checked in every role.
from tests.test_permission_matrix import team_material, team_only_file, users  # noqa: F401


@pytest.fixture(scope="session")
def pseudo_catalogue(tmp_path_factory):
    """The locale directory holding the pseudo-language, built from today's sources."""
    locale, _count = build_catalogue(tmp_path_factory.mktemp("pseudo"))
    return locale


@pytest.fixture
def pseudo_language(pseudo_catalogue, settings):
    """The pseudo-language offered by the site and active in the test itself."""
    settings.LANGUAGES = [*settings.LANGUAGES, (PSEUDO, "Pseudo")]
    settings.LOCALE_PATHS = [*settings.LOCALE_PATHS, pseudo_catalogue]
    forget_loaded_translations()
    with translation.override(PSEUDO):
        yield PSEUDO
    forget_loaded_translations()


@pytest.fixture
def recipients_read_pseudo(pseudo_language, monkeypatch):
    """E-mails and personal calendar feeds are built in their recipient's saved language
    (``Person.preferred_language``); here everyone reads the pseudo-language."""
    monkeypatch.setattr(Person, "preferred_language", lambda person: PSEUDO)
    return PSEUDO
