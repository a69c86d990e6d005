"""Django's and the installed apps' messages in every language of the site
(``manage.py vendor_messages``, locale_vendor/)."""

import pathlib

import polib
import pytest
from django.core.management import CommandError, call_command

from itp.common.catalogues import translated_languages
from itp.management.commands import vendor_messages
from itp.management.commands.vendor_messages import Source

pytestmark = pytest.mark.once


@pytest.mark.parametrize("language", translated_languages())
def test_every_message_django_and_the_apps_lack_is_translated_in_the_vendor_catalogue(language):
    assert vendor_messages.problems(language) == []


def _write(path, entries, language):
    catalogue = polib.POFile()
    catalogue.metadata = {"Language": language, "Content-Type": "text/plain; charset=UTF-8"}
    for msgid, msgstr in entries:
        catalogue.append(polib.POEntry(msgid=msgid, msgstr=msgstr))
    path.parent.mkdir(parents=True, exist_ok=True)
    if path.suffix == ".mo":
        catalogue.save_as_mofile(str(path))
    else:
        catalogue.save(str(path))


@pytest.fixture
def one_app(tmp_path, monkeypatch, settings):
    """An app whose English catalogue has two messages and whose Welsh one translates one."""
    locale = tmp_path / "app" / "locale"
    _write(locale / "en/LC_MESSAGES/django.po", [("Save", ""), ("Delete", "")], "en")
    _write(locale / "cy/LC_MESSAGES/django.po", [("Save", "Cadw")], "cy")
    monkeypatch.setattr(vendor_messages, "sources", lambda: [Source("app", locale)])
    monkeypatch.setattr(vendor_messages, "VENDOR_LOCALE", tmp_path / "locale_vendor")
    settings.LANGUAGES = [("en", "English"), ("cy", "Cymraeg")]
    return tmp_path


def _vendor(tmp_path):
    return polib.pofile(str(tmp_path / "locale_vendor/cy/LC_MESSAGES/django.po"))


def test_the_command_adds_what_an_app_lacks_and_the_check_fails_until_it_is_translated(one_app):
    call_command("vendor_messages")
    assert [entry.msgid for entry in _vendor(one_app)] == ["Delete"]
    with pytest.raises(CommandError, match="1 vendor messages"):
        call_command("vendor_messages", "--check")

    catalogue = _vendor(one_app)
    catalogue[0].msgstr = "Dileu"
    catalogue.save()
    call_command("vendor_messages", "--check")
    # A second run keeps the translation.
    call_command("vendor_messages")
    assert [(entry.msgid, entry.msgstr) for entry in _vendor(one_app)] == [("Delete", "Dileu")]


def test_a_message_the_app_translates_later_is_reported_as_no_longer_needed(one_app):
    call_command("vendor_messages")
    _write(
        pathlib.Path(one_app) / "app/locale/cy/LC_MESSAGES/django.po",
        [("Save", "Cadw"), ("Delete", "Dileu")],
        "cy",
    )
    assert vendor_messages.problems("cy") == ["cy: no longer needed: 'Delete'"]


def test_an_override_of_an_app_s_own_translation_is_kept_and_not_reported(one_app):
    call_command("vendor_messages")
    catalogue = _vendor(one_app)
    catalogue[0].msgstr = "Dileu"
    catalogue.append(polib.POEntry(msgid="Save", msgstr="Cadwch", tcomment="override: test"))
    catalogue.save()

    call_command("vendor_messages")
    call_command("vendor_messages", "--check")
    assert {(entry.msgid, entry.msgstr) for entry in _vendor(one_app)} == {
        ("Delete", "Dileu"),
        ("Save", "Cadwch"),
    }


@pytest.mark.parametrize(
    "source_language",
    [
        pytest.param("en", id="english catalogue"),
        pytest.param("de", id="another language's catalogue"),
    ],
)
def test_an_app_that_ships_only_compiled_catalogues_is_read_from_its_mo_files(
    tmp_path, monkeypatch, settings, source_language
):
    # Like Django REST framework: .mo files, no .po. The messages come from the English
    # catalogue, or from any language's when there is none; the Welsh one says what is done.
    locale = tmp_path / "app" / "locale"
    _write(
        locale / source_language / "LC_MESSAGES/django.mo",
        [("Save", "Save"), ("Delete", "Delete"), ("Not found.", "Not found.")],
        source_language,
    )
    _write(locale / "cy/LC_MESSAGES/django.mo", [("Save", "Cadw")], "cy")
    monkeypatch.setattr(vendor_messages, "sources", lambda: [Source("app", locale)])
    monkeypatch.setattr(vendor_messages, "VENDOR_LOCALE", tmp_path / "locale_vendor")
    settings.LANGUAGES = [("en", "English"), ("cy", "Cymraeg")]

    call_command("vendor_messages")

    assert [entry.msgid for entry in _vendor(tmp_path)] == ["Delete", "Not found."]
    assert vendor_messages.problems("cy") == [
        "cy: untranslated (app): 'Delete'",
        "cy: untranslated (app): 'Not found.'",
    ]
