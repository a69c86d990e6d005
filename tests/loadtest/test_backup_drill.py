"""The backup drill's comparisons (loadtest/backup_drill.py) report what differs: a changed
or lost row, a missing index, a sequence behind its dump, a changed, lost or extra file."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection

from loadtest import backup_drill

pytestmark = pytest.mark.once


def postgresql_only(test):
    marks = (
        pytest.mark.django_db,
        pytest.mark.postgresql,
        pytest.mark.skipif(connection.vendor != "postgresql", reason="reads PostgreSQL's catalog"),
    )
    for mark in marks:
        test = mark(test)
    return test


def rename(group):
    Group.objects.filter(pk=group.pk).update(name="Renamed")


def delete(group):
    group.delete()


@postgresql_only
@pytest.mark.parametrize(("change", "rows_lost"), [(rename, 0), (delete, 1)])
def test_table_contents_report_only_the_table_that_changed(change, rows_lost):
    group = Group.objects.create(name="Drill")
    with connection.cursor() as cursor:
        before = backup_drill.table_contents(cursor)
        unchanged = backup_drill.table_contents(cursor)
        change(group)
        after = backup_drill.table_contents(cursor)

    assert backup_drill.differences(before, unchanged) == []
    [difference] = backup_drill.differences(before, after)
    assert difference.name == "auth_group"
    assert difference.source.rows - difference.restored.rows == rows_lost
    assert difference.source.checksum != difference.restored.checksum


@postgresql_only
def test_schema_definitions_report_a_missing_index():
    with connection.cursor() as cursor:
        before = backup_drill.schema_definitions(cursor)
        cursor.execute("CREATE INDEX drill_group_name ON auth_group (upper(name))")
        after = backup_drill.schema_definitions(cursor)

    assert backup_drill.differences(before["constraints"], after["constraints"]) == []
    assert backup_drill.differences(after["indexes"], before["indexes"]) == [
        backup_drill.Difference(
            "drill_group_name",
            "CREATE INDEX drill_group_name ON public.auth_group USING btree upper name",
            None,
        )
    ]


@pytest.mark.parametrize(
    ("restored", "reported"),
    [
        ({"a_seq": 5, "b_seq": 0}, []),
        ({"a_seq": 3, "b_seq": 0}, ["a_seq"]),
        ({"a_seq": 5}, ["b_seq"]),
    ],
    ids=["within the dump", "behind the dump", "missing"],
)
def test_sequence_differences_allow_only_values_held_during_the_dump(restored, reported):
    before, after = {"a_seq": 4, "b_seq": 0}, {"a_seq": 6, "b_seq": 0}

    found = backup_drill.sequence_differences(before, after, restored)

    assert [difference.name for difference in found] == reported


def test_restored_media_equal_the_archived_and_differences_are_named(tmp_path):
    media = tmp_path / "media"
    (media / "materials" / "2026").mkdir(parents=True)
    (media / "materials" / "2026" / "agenda.pdf").write_bytes(b"%PDF agenda")
    (media / "photos").mkdir()
    (media / "photos" / "ada.jpg").write_bytes(b"\xff\xd8 photo")
    (media / "notes.txt").write_text("kept")

    archived = backup_drill.archive_media(media, tmp_path / "media.tar")
    backup_drill.restore_media(tmp_path / "media.tar", tmp_path / "restored")
    restored = tmp_path / "restored"

    assert backup_drill.file_digests(restored) == archived == backup_drill.file_digests(media)
    (restored / "photos" / "ada.jpg").write_bytes(b"\xff\xd8 another photo")
    (restored / "notes.txt").unlink()
    (restored / "stray.txt").write_text("not in the backup")
    found = backup_drill.differences(archived, backup_drill.file_digests(restored))
    assert [(d.name, d.source is None, d.restored is None) for d in found] == [
        ("notes.txt", False, True),
        ("photos/ada.jpg", False, False),
        ("stray.txt", True, False),
    ]
