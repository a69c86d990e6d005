"""The translations that Django and the installed apps lack in the site's languages.

Django, its contrib apps and the third-party apps the site uses ship catalogues of their own,
but not all of them are complete in every language the site speaks (Welsh most of all: the
admin, the country names). ``locale_vendor/<language>/LC_MESSAGES/django.po`` holds every
message those catalogues leave untranslated, with the site's translation; LOCALE_PATHS lists it
after the site's own catalogues, so Django reads it before the apps' own.

    manage.py vendor_messages           # adds what is missing, keeps what is translated
    manage.py vendor_messages --check   # lists what is missing or untranslated; exit 1 if any

An entry whose translator comment starts with "override:" replaces an app's own translation on
purpose (Italian writes month and weekday names in lower case, where Django's Italian catalogue
capitalises them); the comment says why, and the command keeps it.

Some apps ship only compiled catalogues (Django REST framework has no ``.po`` files, only
``.mo``): the command reads an app's ``.mo`` where it ships no ``.po``. A compiled catalogue
holds no untranslated or fuzzy entries, so what it holds is what the app translates.

A new Django or app release can add messages: ``--check`` (in ``make lint`` and the tests)
then names them, and running the command without it adds them, untranslated, for a translator.
"""

import pathlib
import sys
from dataclasses import dataclass

import django
from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from itp.common.catalogues import translated_languages

VENDOR_LOCALE = pathlib.Path(settings.BASE_DIR) / "locale_vendor"
# The catalogue of the site's own messages, whose header gives each language's plural forms.
SITE_LOCALE = pathlib.Path(settings.BASE_DIR) / "locale"


@dataclass(frozen=True)
class Source:
    """A catalogue directory of Django or of an installed app."""

    label: str
    locale: pathlib.Path


def sources():
    """Django's own catalogue and every installed app's but the site's, in a stable order."""
    found = [Source("django", pathlib.Path(django.__file__).parent / "conf" / "locale")]
    for config in apps.get_app_configs():
        locale = pathlib.Path(config.path) / "locale"
        if locale.is_dir() and not _is_site_app(locale):
            found.append(Source(config.label, locale))
    return found


def _is_site_app(path):
    """Whether a directory belongs to the site's own code (whose messages makemessages
    gathers) rather than to an installed package."""
    path = path.resolve()
    site = pathlib.Path(settings.BASE_DIR).resolve()
    installed = pathlib.Path(sys.prefix).resolve()
    return site in path.parents and installed not in path.parents


def _polib():
    try:
        import polib
    except ImportError as error:  # pragma: no cover - a dev requirement
        raise CommandError("polib is needed: install requirements-dev.txt") from error
    return polib


def _key(entry):
    return (entry.msgctxt or "", entry.msgid)


def _translated(entry):
    if entry.obsolete or "fuzzy" in entry.flags:
        return False
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def _is_override(entry):
    return entry.tcomment.startswith("override:")


def _catalogue(path):
    polib = _polib()
    return polib.pofile(str(path)) if path.is_file() else None


def _app_catalogue(locale, language):
    """A source's catalogue of ``language``: its ``.po`` file, or the compiled ``.mo`` when
    the app ships no ``.po``; None when it ships neither."""
    directory = locale / language / "LC_MESSAGES"
    if (directory / "django.po").is_file():
        return _catalogue(directory / "django.po")
    if (directory / "django.mo").is_file():
        return _polib().mofile(str(directory / "django.mo"))
    return None


def _app_languages(locale):
    """The languages a source ships a catalogue of, .po or .mo."""
    return sorted({path.parent.parent.name for path in locale.glob("*/LC_MESSAGES/django.[pm]o")})


def messages_of(source):
    """Every message of a source: from its English catalogue when it ships one (which lists
    them all), otherwise gathered from every language it ships."""
    english = _app_catalogue(source.locale, "en")
    catalogues = (
        [english]
        if english is not None
        else [_app_catalogue(source.locale, language) for language in _app_languages(source.locale)]
    )
    messages = {}
    for catalogue in catalogues:
        for entry in catalogue or ():
            if entry.msgid and not entry.obsolete:
                messages.setdefault(_key(entry), entry)
    return messages


def missing(language):
    """The messages, by source, that the sources' own catalogues leave untranslated in
    ``language``: ``{(msgctxt, msgid): (source label, entry)}``."""
    wanted = {}
    for source in sources():
        own = _app_catalogue(source.locale, language)
        done = {_key(entry) for entry in own or () if _translated(entry)}
        for key, entry in messages_of(source).items():
            if key not in done and key not in wanted:
                wanted[key] = (source.label, entry)
    return wanted


def vendor_path(language):
    return VENDOR_LOCALE / language / "LC_MESSAGES" / "django.po"


def problems(language):
    """What the language's vendor catalogue lacks: a list of readable lines."""
    catalogue = _catalogue(vendor_path(language))
    have = {_key(entry): entry for entry in catalogue or () if not entry.obsolete}
    found = []
    wanted = missing(language)
    for key, (label, _entry) in sorted(wanted.items(), key=lambda item: (item[1][0], item[0])):
        entry = have.get(key)
        if entry is None:
            found.append(f"{language}: missing from {label}: {key[1]!r}")
        elif not _translated(entry):
            found.append(f"{language}: untranslated ({label}): {key[1]!r}")
    for key in sorted(set(have) - set(wanted)):
        if _is_override(have[key]):
            if not _translated(have[key]):
                found.append(f"{language}: untranslated override: {key[1]!r}")
        else:
            found.append(f"{language}: no longer needed: {key[1]!r}")
    return found


def update(language):
    """Writes the language's vendor catalogue: the messages still missing, keeping the
    translations already there. Returns how many entries await a translation."""
    polib = _polib()
    path = vendor_path(language)
    old = _catalogue(path)
    kept = {_key(entry): entry for entry in old or () if not entry.obsolete}
    site = _catalogue(SITE_LOCALE / language / "LC_MESSAGES" / "django.po")
    plural_forms = site.metadata.get("Plural-Forms", "") if site is not None else ""

    catalogue = polib.POFile(wrapwidth=99)
    catalogue.header = (
        f"Translations of Django's and the installed apps' messages that their own\n"
        f"catalogues lack in this language ({language}). Written by\n"
        f"`manage.py vendor_messages`; translate the empty entries."
    )
    catalogue.metadata = {
        "Project-Id-Version": "itp",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "Plural-Forms": plural_forms,
    }
    waiting = 0
    wanted = missing(language)
    for key, (label, source_entry) in sorted(
        wanted.items(), key=lambda item: (item[1][0], item[0])
    ):
        entry = polib.POEntry(
            msgctxt=source_entry.msgctxt,
            msgid=source_entry.msgid,
            msgid_plural=source_entry.msgid_plural,
            comment=f"from {label}",
            flags=[flag for flag in source_entry.flags if flag.endswith("-format")],
        )
        previous = kept.get(key)
        if previous is not None and _translated(previous):
            entry.msgstr = previous.msgstr
            entry.msgstr_plural = previous.msgstr_plural
        else:
            waiting += 1
            if entry.msgid_plural:
                forms = _plural_count(plural_forms)
                entry.msgstr_plural = dict.fromkeys(range(forms), "")
        catalogue.append(entry)
    catalogue.extend(
        entry for key, entry in kept.items() if key not in wanted and _is_override(entry)
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    catalogue.save(str(path))
    return waiting


def _plural_count(plural_forms):
    for part in plural_forms.split(";"):
        name, _, value = part.strip().partition("=")
        if name.strip() == "nplurals":
            return int(value)
    return 2


class Command(BaseCommand):
    help = (
        "Write locale_vendor/<language>/LC_MESSAGES/django.po: the messages of Django and the "
        "installed apps that their own catalogues leave untranslated in the site's languages. "
        "With --check, list what is missing or untranslated instead and fail if anything is."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="change nothing; exit 1 if any message is missing, untranslated or unneeded",
        )

    def handle(self, *args, check, **options):
        if check:
            found = [line for language in translated_languages() for line in problems(language)]
            for line in found:
                self.stderr.write(line)
            if found:
                raise CommandError(
                    f"{len(found)} vendor messages need attention: "
                    "run `manage.py vendor_messages` and translate the empty entries."
                )
            self.stdout.write("Every vendor message is translated in every language.")
            return
        for language in translated_languages():
            waiting = update(language)
            self.stdout.write(f"{vendor_path(language)}: {waiting} to translate")
