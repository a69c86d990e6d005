"""A test-only pseudo-language in which every translated text is wrapped in ⟦…⟧.

Its catalogue holds every message of the project's sources (a fresh makemessages run, so a
string marked a minute ago counts) and of Django and the installed apps that render text
(their English or German catalogues give the msgids, compiled ones where an app ships no
``.po``). A page or e-mail rendered in it shows each translated text between the markers; any
text left outside them that is not data, a number or punctuation escaped translation.

The code is ``en-xa``: ``XA`` is a region code ISO 3166 leaves to private use, and Android and
Chromium already use ``en-XA`` for their pseudo-locales. Its base ``en`` gives it English
formats and English plural rules, so only the markers differ from an English page.
"""

import datetime
import html.parser
import re
import subprocess
import zoneinfo
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.translation import trans_real

from itp.common.catalogues import ENGLISH_PLURALS, messages, run, source_template

PSEUDO = "en-xa"
OPEN, CLOSE = "⟦", "⟧"

# Placeholders and tags stay outside the markers, exactly as written: %(name)s, %s, %d, %%,
# {name}, <a href="…">. Only the text between them is wrapped, so a value put into a
# translated sentence is checked on its own.
UNTOUCHED = re.compile(
    r"(%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifrxXeEgGcu%]|\{[^{}]*\}|<[^<>]*>|&\w+;)"
)
LETTER = re.compile(r"[^\W\d_]")

# Messages whose translation the code splits or parses rather than shows as it is.
SPLIT_ON_COMMAS = {"yes,no,maybe"}

# Installed apps whose catalogues give their messages. Django's apps ship English catalogues
# with every msgid; the others' German ones hold the same msgids.
CATALOGUE_LANGUAGES = ("en", "de")


def pseudo(text):
    """``text`` with each run of words between placeholders and tags wrapped in markers."""
    if text in SPLIT_ON_COMMAS:
        return ",".join(pseudo(part) for part in text.split(","))
    pieces = []
    for piece in UNTOUCHED.split(text):
        if UNTOUCHED.fullmatch(piece) or not LETTER.search(piece):
            pieces.append(piece)
        else:
            stripped = piece.strip()
            start = piece.index(stripped)
            pieces.append(f"{piece[:start]}{OPEN}{stripped}{CLOSE}{piece[start + len(stripped) :]}")
    return "".join(pieces)


def installed_catalogues():
    """The catalogue of Django itself and of every installed app that has one: its
    ``django.po``, or its ``django.mo`` when it ships only compiled catalogues (Django REST
    framework)."""
    roots = [Path(django.__file__).parent / "conf"] + [
        Path(config.path) for config in apps.get_app_configs()
    ]
    for root in roots:
        for language in CATALOGUE_LANGUAGES:
            directory = root / "locale" / language / "LC_MESSAGES"
            found = [directory / name for name in ("django.po", "django.mo")]
            catalogue = next((path for path in found if path.exists()), None)
            if catalogue is not None:
                yield catalogue
                break


def build_catalogue(directory):
    """Write and compile the pseudo-language's catalogue under ``directory``; return the
    locale directory to put in LOCALE_PATHS and the number of messages it holds."""
    directory = Path(directory)
    found = messages(source_template(directory / "sources"))
    for number, catalogue in enumerate(installed_catalogues()):
        if catalogue.suffix == ".mo":
            # The gettext tools that read the messages read .po files: decompile it first.
            decompiled = directory / f"compiled-{number}.po"
            run("msgunfmt", "--output-file", str(decompiled), str(catalogue))
            catalogue = decompiled
        for msgid, english in messages(catalogue).items():
            found.setdefault(msgid, english)
    locale = directory / "locale"
    target = locale / translation.to_locale(PSEUDO) / "LC_MESSAGES"
    target.mkdir(parents=True)
    entries = [
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
        f'"Plural-Forms: {ENGLISH_PLURALS}\\n"\n'
    ]
    for msgid, (_singular, plural) in sorted(found.items()):
        context, _, singular_id = msgid.rpartition("\x04")
        entry = f"msgctxt {quoted(context)}\n" if context else ""
        entry += f"msgid {quoted(singular_id)}\n"
        if plural is None:
            entry += f"msgstr {quoted(pseudo(singular_id))}\n"
        else:
            entry += (
                f"msgid_plural {quoted(plural)}\n"
                f"msgstr[0] {quoted(pseudo(singular_id))}\n"
                f"msgstr[1] {quoted(pseudo(plural))}\n"
            )
        entries.append(entry)
    (target / "django.po").write_text("\n".join(entries), encoding="utf-8")
    subprocess.run(
        ["msgfmt", "--check-format", "-o", target / "django.mo", target / "django.po"], check=True
    )
    return locale, len(found)


def quoted(text):
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    )
    return f'"{escaped}"'


def forget_loaded_translations():
    """Make Django look for catalogues again, as after a restart."""
    trans_real._translations = {}
    trans_real._default = None
    trans_real.translation_catalog_exists.cache_clear()
    trans_real.get_languages.cache_clear()
    trans_real._get_supported_language_variant.cache_clear()


class VisibleText(html.parser.HTMLParser):
    """The texts of an HTML page that people read or hear: text outside scripts, styles and
    templates (the title included), and the attributes shown or spoken."""

    SPOKEN_ATTRIBUTES = {"alt", "title", "placeholder", "aria-label", "aria-description"}
    UNREAD = {"script", "style", "template"}
    BUTTON_TYPES = {"submit", "button", "reset"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.texts = []
        self.unread_depth = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.UNREAD:
            self.unread_depth += 1
        attributes = dict(attrs)
        for name in self.SPOKEN_ATTRIBUTES & attributes.keys():
            self.texts.append(attributes[name] or "")
        if tag == "input" and attributes.get("type") in self.BUTTON_TYPES:
            self.texts.append(attributes.get("value") or "")

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag in self.UNREAD:
            self.unread_depth -= 1

    def handle_endtag(self, tag):
        if tag in self.UNREAD and self.unread_depth:
            self.unread_depth -= 1

    def handle_data(self, data):
        if not self.unread_depth:
            self.texts.append(data)


def visible_texts(page):
    parser = VisibleText()
    parser.feed(page)
    parser.close()
    return [" ".join(text.split()) for text in parser.texts if LETTER.search(text)]


# What a cut-out piece of a text may begin or end with.
EDGES = " .,;:!?…–—-()[]“”\"'"

ADDRESS = re.compile(r"\w+://\S+")

MARKED = re.compile(f"{OPEN}[^{OPEN}{CLOSE}]*{CLOSE}")


def time_zone_names():
    """IANA time zone names and the abbreviations they use (CET, GMT, EST...): shown as they
    are in every language, like the zone names in the profile's time zone menu."""
    names = set(zoneinfo.available_timezones())
    instants = [datetime.datetime(2026, month, 1, tzinfo=datetime.UTC) for month in (1, 7)]
    for name in list(names):
        zone = zoneinfo.ZoneInfo(name)
        names.update(instant.astimezone(zone).tzname() for instant in instants)
    return names


def language_names():
    """The languages of the site, each named in itself (the language menu): the same in
    every language on purpose."""
    return {name for _code, name in settings.LANGUAGES}


# Names of file formats, the same in every language.
FORMAT_NAMES = {"CSV", "XLSX", "PDF", "iCalendar"}


class Escapes:
    """Finds the text left untranslated: what remains of a text once its marked parts, the
    test database's data, numbers and punctuation are taken out.

    Data are every CharField and TextField value of the test database (but codes of choices),
    time zones' names, file formats' names, the languages' names in themselves, and
    ``extra_data``
    (a search query, say). ``excerpts`` also accepts any piece of a data value, for pages
    that show cut-out parts of stored texts (search results).
    """

    def __init__(self, extra_data=(), *, excerpts=False):
        values = set(extra_data) | time_zone_names() | FORMAT_NAMES | language_names()
        for model in apps.get_models():
            fields = [
                field.attname
                for field in model._meta.concrete_fields
                # A field with choices stores a code ("registered") and shows its label.
                if isinstance(field, (models.CharField, models.TextField)) and not field.choices
            ]
            if fields:
                for row in model._default_manager.values_list(*fields):
                    values.update(value for value in row if isinstance(value, str))
        pieces = set()
        for value in values:
            for line in [value, *value.splitlines()]:
                line = " ".join(line.split())
                if LETTER.search(line):
                    pieces.add(line)
        self.data = re.compile(
            r"(?<!\w)(?:"
            + "|".join(re.escape(piece) for piece in sorted(pieces, key=len, reverse=True))
            + r")(?!\w)",
            re.IGNORECASE,
        )
        self.all_data = "\n".join(pieces).casefold() if excerpts else ""

    def left_untranslated(self, text):
        """``text`` without its translated parts and its data; "" when nothing escaped."""
        remainder, previous = text, None
        while remainder != previous:
            previous, remainder = remainder, MARKED.sub("  ", remainder)
        if not LETTER.search(remainder):
            return ""
        pieces = []
        for piece in self.data.sub(" ", remainder).split("  "):
            piece = " ".join(piece.split()).strip(EDGES)
            if LETTER.search(piece) and not self.cut_from_data(piece):
                pieces.append(piece)
        return " ".join(pieces)

    def cut_from_data(self, piece):
        """Whether ``piece`` is made of runs of words each found in some data value."""
        if not self.all_data:
            return False
        words = piece.casefold().split()
        start = 0
        while start < len(words):
            end = len(words)
            while end > start and (" ".join(words[start:end]).strip(EDGES) not in self.all_data):
                end -= 1
            if end == start:
                return False
            start = end
        return True

    def in_text(self, text):
        """The lines of a plain text (a subject, an e-mail's body) that escaped; links are
        addresses, not words."""
        lines = (ADDRESS.sub(" ", line) for line in text.splitlines())
        return [line for line in lines if self.left_untranslated(" ".join(line.split()))]

    def in_page(self, page):
        return [text for text in visible_texts(page) if self.left_untranslated(text)]
