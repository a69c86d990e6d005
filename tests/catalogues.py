"""A test-only catalogue: a few messages translated into a language, so that a test can tell
which language a page or an e-mail was written in without depending on the project's own
catalogues (whose translations may change, or not exist yet).

Every translation is the English text behind a marker, ``[de] Dear %(name)s,``, so a test
looks for the marker.
"""

import subprocess

# Messages that pages, e-mails and feeds render whatever their content.
MESSAGES = (
    "Skip to main content",
    "Dear %(name)s,",
    "My ITP events",
)


def marker(language):
    return f"[{language}]"


def install_test_catalogues(settings, directory, languages, messages=MESSAGES):
    """Compile a catalogue for each of ``languages`` translating ``messages`` (each as the
    language's marker and the English text) and put them before the project's catalogues.
    ``settings`` is pytest-django's fixture, which clears Django's loaded translations on the
    change and again when the test ends."""
    for language in languages:
        _compile(directory, language, messages)
    settings.LOCALE_PATHS = [directory, *settings.LOCALE_PATHS]


def _compile(directory, language, messages):
    folder = directory / language / "LC_MESSAGES"
    folder.mkdir(parents=True)
    entries = "".join(
        f'msgid "{message}"\nmsgstr "{marker(language)} {message}"\n\n' for message in messages
    )
    (folder / "django.po").write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n' + entries,
        encoding="utf-8",
    )
    subprocess.run(
        ["msgfmt", "-o", str(folder / "django.mo"), str(folder / "django.po")], check=True
    )
