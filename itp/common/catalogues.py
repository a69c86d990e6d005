"""The interface's message catalogues, read with GNU gettext's own tools.

``source_template`` gathers the messages the code and templates mark, as ``make
update-messages`` does, but from a copy of the sources in a temporary directory, so the
working tree is never touched. ``read_catalogue`` says which messages a ``.po`` file holds and
which of them are untranslated, fuzzy or obsolete. ``manage.py check_messages`` (run by ``make
lint``) and the tests of the catalogues use both.
"""

import contextlib
import gettext
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test.utils import override_settings
from django.utils import translation

# What `make update-messages` leaves out (MAKEMESSAGES_ARGS in the Makefile), and the
# catalogues themselves.
IGNORED = (".venv", "bench", "tests", "docs", "staticfiles", "media", "locale", ".git")


def source_template(directory):
    """Run makemessages on a copy of the project's sources in ``directory``; return the path
    of the template (``django.pot``) that holds every message they mark today.

    Makemessages writes a ``.py`` file beside each template while it reads it, and its output
    beside the sources, hence the copy rather than the working tree itself.
    """
    directory = Path(directory)
    sources = directory / "sources"
    shutil.copytree(
        settings.BASE_DIR,
        sources,
        ignore=shutil.ignore_patterns(*IGNORED, "__pycache__", "*.pyc", "static"),
    )
    locale = sources / "locale"
    locale.mkdir()
    with (
        contextlib.chdir(sources),
        override_settings(LOCALE_PATHS=[locale]),
    ):
        call_command(
            "makemessages",
            locale=["en"],
            keep_pot=True,
            no_obsolete=True,
            add_location="file",
            verbosity=0,
        )
    return locale / "django.pot"


ENGLISH_PLURALS = "nplurals=2; plural=(n != 1);"


@dataclass(frozen=True)
class Catalogue:
    """The messages of one ``.po`` file, each as ``msgid`` or ``context\\x04msgid``."""

    messages: frozenset
    untranslated: frozenset
    fuzzy: frozenset
    obsolete: frozenset


def read_catalogue(path):
    """The messages of the ``.po`` (or ``.pot``) file at ``path``, and their state."""
    return Catalogue(
        messages=frozenset(messages(path)),
        untranslated=frozenset(messages(path, "--untranslated", "--no-fuzzy")),
        fuzzy=frozenset(messages(path, "--only-fuzzy")),
        obsolete=frozenset(messages(path, "--only-obsolete", "--clear-obsolete")),
    )


def messages(path, *selection):
    """The messages of the catalogue at ``path`` that msgattrib's ``selection`` keeps, with
    their English text: ``{msgid: (msgid, msgid_plural or None)}``.

    msgen copies each msgid into its translation and msgfmt compiles the result, which
    Python's gettext reads back: no hand-written parser of the .po format.
    """
    with tempfile.TemporaryDirectory() as directory:
        compiled = Path(directory) / "messages.mo"
        selected = run("msgattrib", "--no-obsolete", "--clear-fuzzy", *selection, path)
        if "--clear-obsolete" in selection:
            # Obsolete entries are kept by --only-obsolete; make them ordinary ones first.
            selected = run("msgattrib", "--only-obsolete", "--clear-obsolete", path)
        if not selected:
            return {}
        english = run("msgen", "--force-po", "-", stdin=selected)
        # A template's header holds placeholders where a catalogue names its plural rule.
        english = english.replace("nplurals=INTEGER; plural=EXPRESSION;", ENGLISH_PLURALS)
        run("msgfmt", "--output-file", str(compiled), "-", stdin=english)
        with compiled.open("rb") as file:
            catalog = gettext.GNUTranslations(file)._catalog
    found = {}
    for key, text in catalog.items():
        if isinstance(key, tuple):
            msgid, form = key
            singular, plural = found.get(msgid, (msgid, None))
            found[msgid] = (singular, text if form == 1 else plural)
        elif key:
            found.setdefault(key, (text, None))
    return found


def run(*command, stdin=None):
    """The output of a gettext tool; a failure raises with its message."""
    return subprocess.run(
        command, input=stdin, capture_output=True, check=True, encoding="utf-8"
    ).stdout


def catalogue_path(language):
    """Where the catalogue of ``language`` (a code of settings.LANGUAGES) lives."""
    return (
        Path(settings.LOCALE_PATHS[0])
        / translation.to_locale(language)
        / "LC_MESSAGES"
        / "django.po"
    )


def translated_languages():
    """The languages besides the source language, English, that have a catalogue."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def catalogue_problems(path, template):
    """What keeps the catalogue at ``path`` from matching the sources' ``template``
    (a Catalogue): ``{problem: sorted msgids}``, empty lists when it is complete."""
    msgfmt = subprocess.run(
        ["msgfmt", "--check", "--output-file", "/dev/null", path],
        capture_output=True,
        encoding="utf-8",
    )
    catalogue = read_catalogue(path)
    return {
        "invalid (msgfmt --check)": msgfmt.stderr.splitlines() if msgfmt.returncode else [],
        "missing": sorted(template.messages - catalogue.messages),
        "untranslated": sorted(catalogue.untranslated),
        "fuzzy": sorted(catalogue.fuzzy),
        "obsolete": sorted(catalogue.obsolete | (catalogue.messages - template.messages)),
    }
