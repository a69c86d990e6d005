"""Uploads waiting for their import to be confirmed.

When the admin's import (``importing.admin``) previews a file without errors, the upload waits
for staff to confirm it under ``MEDIA_ROOT/django-import-export/`` (django-import-export's
``MediaStorage``, in storage that every app server shares), named by a random hex uuid. It is
removed when the import is confirmed; a preview that is never confirmed, or a request killed
before it finished, leaves its file, personal data and all, until ``remove_pending_previews``
removes it (``manage.py remove_stale_imports``, run daily).
"""

import re

from django.core.files.storage import storages
from django.utils import timezone
from import_export.tmp_storages import MediaStorage

# The folder and names of MediaStorage: a name is uuid4().hex, which is also all that a
# confirmation may name (anything else was not made here).
FOLDER = "django-import-export"
PREVIEW_NAME = re.compile(r"[0-9a-f]{32}")


class PreviewGone(Exception):
    """The preview named is not waiting: already imported, removed, or never made."""


def preview_storage():
    """The storage the previews wait in, chosen as MediaStorage chooses it."""
    return (
        storages["import_export"] if "import_export" in storages.backends else storages["default"]
    )


def is_preview_name(name):
    return isinstance(name, str) and PREVIEW_NAME.fullmatch(name) is not None


def take_preview(name):
    """The content of the preview ``name``, which is removed: a preview is imported once.

    Raises PreviewGone if no such preview is waiting.
    """
    if not is_preview_name(name):
        raise PreviewGone(name)
    preview = MediaStorage(name=name)
    try:
        content = preview.read()
    except FileNotFoundError as error:
        raise PreviewGone(name) from error
    preview.remove()
    return content


def remove_preview(name):
    """Remove the preview ``name`` if it is waiting."""
    if is_preview_name(name):
        MediaStorage(name=name).remove()


def remove_pending_previews(*, older_than=None):
    """Remove the previews waiting for confirmation, or only those written more than
    ``older_than`` (a timedelta) ago. Returns (name, time written) of each preview removed,
    oldest first.

    Staff whose preview is removed see "This preview has expired" on confirming it, and upload
    the file again.
    """
    storage = preview_storage()
    try:
        _folders, names = storage.listdir(FOLDER)
    except FileNotFoundError:
        return []  # nothing was ever uploaded
    cutoff = timezone.now() - older_than if older_than is not None else None
    previews = []
    for name in filter(is_preview_name, names):
        try:
            previews.append((storage.get_modified_time(f"{FOLDER}/{name}"), name))
        except FileNotFoundError:
            continue  # confirmed, or removed by another run, since the folder was listed
    removed = [
        (name, written) for written, name in sorted(previews) if cutoff is None or written < cutoff
    ]
    for name, _written in removed:
        storage.delete(f"{FOLDER}/{name}")
    return removed
