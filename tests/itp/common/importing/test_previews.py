"""Uploads waiting for their import's confirmation (itp.common.importing.previews) and
manage.py remove_stale_imports."""

import io
import os
import time

import pytest
from django.core.files.storage import FileSystemStorage
from django.core.management import CommandError, call_command

from itp.common.importing.previews import remove_pending_previews

pytestmark = pytest.mark.django_db

OLD = "0123456789abcdef0123456789abcdef"
RECENT = "fedcba9876543210fedcba9876543210"
OLDER = "00000000000000000000000000000000"


@pytest.fixture
def folder(settings, tmp_path):
    """The import folder under a temporary MEDIA_ROOT, with previews uploaded 30, 25 and 1
    hours ago, and a file that is not a preview, 30 hours old."""
    settings.MEDIA_ROOT = tmp_path
    folder = tmp_path / "django-import-export"
    folder.mkdir()
    for name, hours in ((OLDER, 30), (OLD, 25), (RECENT, 1), ("notes.txt", 30)):
        path = folder / name
        path.write_text("Name,E-mail\nGiulia,giulia@example.org\n")
        written = time.time() - hours * 3600
        os.utime(path, (written, written))
    return folder


def remove_stale_imports(*args):
    stdout = io.StringIO()
    call_command("remove_stale_imports", *args, stdout=stdout)
    return stdout.getvalue()


def test_previews_older_than_a_day_are_removed_and_listed(folder):
    stdout = remove_stale_imports()

    lines = stdout.splitlines()
    assert [line.rpartition(",")[0] for line in lines[:-1]] == [
        f"Removed django-import-export/{OLDER}",
        f"Removed django-import-export/{OLD}",
    ]
    assert lines[-1] == "Removed 2 import previews older than 24 hours."
    assert sorted(path.name for path in folder.iterdir()) == [RECENT, "notes.txt"]


def test_older_than_sets_the_age_in_hours(folder):
    stdout = remove_stale_imports("--older-than", "26")

    assert stdout.splitlines()[-1] == "Removed 1 import preview older than 26 hours."
    assert sorted(path.name for path in folder.iterdir()) == [OLD, RECENT, "notes.txt"]


def test_older_than_must_not_be_negative(folder):
    with pytest.raises(CommandError, match="--older-than is a number of hours, 0 or more."):
        remove_stale_imports("--older-than=-1")


def test_nothing_to_remove_before_anything_was_uploaded(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path

    assert remove_stale_imports() == "Removed 0 import previews older than 24 hours.\n"


def test_all_pending_previews_are_removed_without_an_age(folder):
    removed = remove_pending_previews()

    assert [name for name, _written in removed] == [OLDER, OLD, RECENT]
    assert [path.name for path in folder.iterdir()] == ["notes.txt"]


def test_older_than_beyond_the_calendar_is_refused_and_removes_nothing(folder):
    with pytest.raises(CommandError, match="--older-than is a number of hours, 0 or more"):
        remove_stale_imports("--older-than", "100000000")

    assert len(list(folder.iterdir())) == 4


class ConfirmedWhileListedStorage(FileSystemStorage):
    """A storage in which the preview OLD is confirmed, so removed, just after the folder
    was listed: as when staff confirm an import while the daily command runs."""

    def get_modified_time(self, name):
        if name.endswith(OLD):
            self.delete(name)
        return super().get_modified_time(name)


def test_a_preview_confirmed_while_the_folder_is_listed_is_skipped(settings, folder):
    settings.STORAGES = {
        **settings.STORAGES,
        "import_export": {
            "BACKEND": f"{__name__}.ConfirmedWhileListedStorage",
            "OPTIONS": {"location": settings.MEDIA_ROOT},
        },
    }

    removed = remove_pending_previews()

    assert [name for name, _written in removed] == [OLDER, RECENT]
    assert [path.name for path in folder.iterdir()] == ["notes.txt"]
