"""Every language's catalogue is complete: valid for msgfmt --check, every message of today's
sources translated, none fuzzy, none obsolete (itp.common.catalogues, as `manage.py
check_messages` in `make lint`)."""

import io
import subprocess

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from itp.common.catalogues import (
    catalogue_path,
    catalogue_problems,
    read_catalogue,
    source_template,
    translated_languages,
)

pytestmark = pytest.mark.once

COMPLETE = {
    "invalid (msgfmt --check)": [],
    "missing": [],
    "untranslated": [],
    "fuzzy": [],
    "obsolete": [],
}


@pytest.fixture(scope="module")
def template_path(tmp_path_factory):
    """The template of the messages the sources mark today, from a fresh makemessages run."""
    return source_template(tmp_path_factory.mktemp("sources"))


@pytest.fixture(scope="module")
def template(template_path):
    return read_catalogue(template_path)


def test_every_language_but_english_has_a_catalogue():
    assert [code for code, _name in settings.LANGUAGES] == ["en", *translated_languages()]
    assert all(catalogue_path(code).exists() for code in translated_languages())


@pytest.mark.parametrize("language", translated_languages())
def test_catalogue_is_complete(template, language):
    assert catalogue_problems(catalogue_path(language), template) == COMPLETE


def catalogue_from(pot, directory, *edits):
    """A catalogue of the messages of ``pot``, each "translated" by copying it, then
    changed by ``edits`` (text appended to the .po file)."""
    path = directory / "django.po"
    english = subprocess.run(
        ["msgen", "--force-po", pot], capture_output=True, check=True, encoding="utf-8"
    ).stdout
    english = english.replace(
        "nplurals=INTEGER; plural=EXPRESSION;", "nplurals=2; plural=(n != 1);"
    ).replace("charset=CHARSET", "charset=UTF-8")
    path.write_text(english + "".join(edits), encoding="utf-8")
    return path


def test_a_catalogue_translating_every_message_is_complete(template_path, template, tmp_path):
    assert catalogue_problems(catalogue_from(template_path, tmp_path), template) == COMPLETE


def test_fuzzy_untranslated_and_obsolete_messages_are_found(template_path, template, tmp_path):
    path = catalogue_from(
        template_path,
        tmp_path,
        '\n#, fuzzy\nmsgid "A guess"\nmsgstr "Eine Vermutung"\n',
        '\nmsgid "Not yet"\nmsgstr ""\n',
        '\n#~ msgid "Gone"\n#~ msgstr "Weg"\n',
    )

    problems = catalogue_problems(path, template)

    assert (problems["fuzzy"], problems["untranslated"], problems["obsolete"]) == (
        ["A guess"],
        ["Not yet"],
        ["A guess", "Gone", "Not yet"],
    )


def test_check_messages_passes_when_every_catalogue_is_complete(template_path, settings, tmp_path):
    for language in translated_languages():
        directory = tmp_path / language / "LC_MESSAGES"
        directory.mkdir(parents=True)
        catalogue_from(template_path, directory)
    settings.LOCALE_PATHS = [tmp_path]
    output = io.StringIO()

    call_command("check_messages", stdout=output)

    assert "all translated in every language" in output.getvalue()


def test_check_messages_fails_naming_the_catalogue_and_the_message(
    template_path, settings, tmp_path
):
    for language in translated_languages():
        directory = tmp_path / language / "LC_MESSAGES"
        directory.mkdir(parents=True)
        catalogue_from(template_path, directory, '\n#, fuzzy\nmsgid "A guess"\nmsgstr "?"\n')
    settings.LOCALE_PATHS = [tmp_path]
    errors = io.StringIO()

    with pytest.raises(CommandError, match="10 problems"):
        call_command("check_messages", stderr=errors)

    assert f"{tmp_path}/de/LC_MESSAGES/django.po: 1 fuzzy:\n    A guess\n" in errors.getvalue()
