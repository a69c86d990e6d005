"""The backup drill behind `make backup-drill`: back up, restore, and prove the copy is whole.

    make backup-drill                 # or: .venv/bin/python loadtest/backup_drill.py [--keep]

On PostgreSQL (BACKUP_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/itp_loadtest,
created from the demo data when missing, so the drill runs on a fresh clone too):

1. dumps the database with pg_dump in the custom format, as the README's nightly backup does,
   and archives MEDIA_ROOT (the settings' value: DJANGO_MEDIA_ROOT or media/) to a tar file,
   taking each file's SHA-256 as it goes in;
2. restores the dump with pg_restore into a fresh database (<name>_restore_drill, dropped first)
   and the archive into a fresh folder;
3. compares, table by table over the public schema, the row count and an MD5 of every row's
   text in a fixed order; each sequence's last value; the definitions of the indexes,
   constraints and triggers; and the media files, by name and SHA-256;
4. prints each comparison, writes bench/BACKUP-DRILL.md, and exits with status 1 if anything
   differs. The restored database and the backup folder go unless --keep.

The source side is read in the very snapshot pg_dump dumps (pg_export_snapshot), so writes
that land while the drill runs (a load test, say) are not mistaken for a broken restore.
Sequences stand outside snapshots: the restored value must lie between the values read just
before and just after the dump.
"""

import argparse
import datetime
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/itp_loadtest"
DEFAULT_OUTPUT = ROOT / "bench" / "BACKUP-DRILL.md"
RESTORE_SUFFIX = "_restore_drill"


class TableContent(NamedTuple):
    rows: int
    checksum: str


class Difference(NamedTuple):
    """One name whose value differs between the source and the restore; None where absent."""

    name: str
    source: object
    restored: object


# --- What is compared ----------------------------------------------------------------------


def public_tables(cursor):
    """The names of the public schema's tables, quoted for SQL, in name order."""
    cursor.execute(
        "SELECT quote_ident(tablename) FROM pg_tables WHERE schemaname = 'public' "
        "ORDER BY tablename"
    )
    return [name for (name,) in cursor.fetchall()]


def table_contents(cursor):
    """Each public table's row count and the MD5 of its rows' text, sorted byte-wise.

    A row's text (``t::text``) holds every column, so any changed value, lost row or extra
    row changes the checksum; sorting by that text in the C collation makes the order the
    same in any database on any server, whatever the physical order of the rows.
    """
    contents = {}
    for table in public_tables(cursor):
        cursor.execute(
            f"SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' "
            f"ORDER BY t::text COLLATE \"C\"), '')) FROM public.{table} AS t"
        )
        rows, checksum = cursor.fetchone()
        contents[table] = TableContent(rows, checksum)
    return contents


def sequence_values(cursor):
    """Each public sequence's last value; 0 for one never used (pg_sequences says NULL)."""
    cursor.execute(
        "SELECT quote_ident(sequencename), coalesce(last_value, 0) FROM pg_sequences "
        "WHERE schemaname = 'public' ORDER BY sequencename"
    )
    return dict(cursor.fetchall())


SCHEMA_KINDS = {"indexes": "index", "constraints": "constraint", "triggers": "trigger"}
SCHEMA_QUERIES = {
    "indexes": "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "constraints": (
        "SELECT conrelid::regclass::text || '.' || conname, pg_get_constraintdef(oid) "
        "FROM pg_constraint WHERE connamespace = 'public'::regnamespace"
    ),
    "triggers": (
        "SELECT tgrelid::regclass::text || '.' || tgname, pg_get_triggerdef(oid) "
        "FROM pg_trigger WHERE NOT tgisinternal"
    ),
}


# A type cast as PostgreSQL writes it back: ::text, ::character varying, ::text[].
CAST = re.compile(r"::[a-z]+(?: [a-z]+)*(?:\[\])?")


def comparable_definition(definition):
    """A definition without its casts and parentheses.

    PostgreSQL writes an expression back from its parsed form, and a restore parses the
    written text again: ``x IN ('a', 'b')`` on a varchar column comes back from the restore as
    ``x::text = ANY (ARRAY['a'::varchar::text, ...])`` where the source had
    ``x::text = ANY ((ARRAY['a'::varchar, ...])::text[])``. Both mean the same; names,
    operators, columns and values still have to match.
    """
    words = re.sub(r"[()\s]+", " ", CAST.sub("", definition))
    return re.sub(r" ?([\[\],]) ?", r"\1", words).strip()


def schema_definitions(cursor):
    """Every index, constraint and trigger of the public schema: {kind: {name: definition}},
    each definition as comparable_definition writes it."""
    definitions = {}
    for kind, query in SCHEMA_QUERIES.items():
        cursor.execute(query)
        definitions[kind] = {
            name: comparable_definition(definition) for name, definition in cursor.fetchall()
        }
    return definitions


def file_digests(folder):
    """{path relative to folder: SHA-256} of every file under folder (none if it is missing)."""
    folder = Path(folder)
    if not folder.is_dir():
        return {}
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def differences(source, restored):
    """The names whose values differ, or that one side lacks, in name order."""
    return [
        Difference(name, source.get(name), restored.get(name))
        for name in sorted(source.keys() | restored.keys())
        if source.get(name) != restored.get(name)
    ]


def sequence_differences(before, after, restored):
    """The sequences whose restored value lies outside what the source held during the dump.

    A sequence is not part of a snapshot: pg_dump reads its value as it is at that moment, so
    with writes going on the restored value may be any between the value read before the dump
    and the one read after; on a quiet database the three are equal.
    """
    return [
        Difference(name, before.get(name), restored.get(name))
        for name in sorted(before.keys() | after.keys() | restored.keys())
        if name not in restored
        or name not in before
        or not before[name] <= restored[name] <= after.get(name, before[name])
    ]


# --- Backing up and restoring --------------------------------------------------------------


def archive_media(folder, archive):
    """Write every file under folder to the tar file archive; return {path: SHA-256}.

    Each file is read once, and the bytes hashed are the bytes archived, so a file replaced
    while the archive is written cannot pass for the one that went in.
    """
    folder = Path(folder)
    digests = {}
    with tarfile.open(archive, "w") as tar:
        if not folder.is_dir():
            return digests
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            name = path.relative_to(folder).as_posix()
            content = path.read_bytes()
            info = tarfile.TarInfo(name)
            info.size = len(content)
            info.mtime = int(path.stat().st_mtime)
            tar.addfile(info, io.BytesIO(content))
            digests[name] = hashlib.sha256(content).hexdigest()
    return digests


def restore_media(archive, folder):
    """Unpack the tar file archive into folder, which must not exist yet."""
    Path(folder).mkdir(parents=True)
    with tarfile.open(archive) as tar:
        tar.extractall(folder, filter="data")


def url_of(url, name):
    """The URL of the database name on the server of the postgres:// URL url."""
    match = re.match(r"postgres(?:ql)?://[^/]*/(?P<name>[^?]+)", url)
    if match is None:
        sys.exit(f"Cannot read the database name from {url}")
    return url[: match.start("name")] + name + url[match.end("name") :]


def split_url(url):
    """(URL of the server's postgres database, database name) from a postgres:// URL."""
    name = re.match(r"postgres(?:ql)?://[^/]*/(?P<name>[^?]+)", url)
    return url_of(url, "postgres"), name["name"]


def client_program(name, server_major):
    """pg_dump or pg_restore of the server's major version, or a newer one on the PATH."""
    candidates = [Path(f"/usr/lib/postgresql/{server_major}/bin/{name}")]
    if found := shutil.which(name):
        candidates.append(Path(found))
    for program in candidates:
        if program.exists():
            version = subprocess.run(
                [program, "--version"], capture_output=True, text=True, check=True
            ).stdout
            major = int(re.search(r"\(PostgreSQL\) (\d+)", version)[1])
            if major >= server_major:
                return str(program)
    sys.exit(
        f"No {name} of PostgreSQL {server_major} or newer: install the PostgreSQL client "
        "(apt-get install postgresql-client)."
    )


def ensure_source_database(url):
    """Create the database from the demo data when it does not exist yet.

    Returns whether it was created. Django is set up on that database either way: its
    MEDIA_ROOT is the folder to back up.
    """
    import psycopg2
    from psycopg2 import sql

    server, name = split_url(url)
    connection = psycopg2.connect(server)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        created = cursor.fetchone() is None
        if created:
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    connection.close()

    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_DEBUG", "true")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "itp.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if created:
        from django.core.management import call_command

        print(f"Created database {name}: migrating and loading the demo data…", file=sys.stderr)
        call_command("migrate", verbosity=0)
        call_command("load_demo", verbosity=0)
    return created


def recreate_database(server_url, name):
    """Drop the database name if it exists and create it empty, from template0."""
    drop_database(server_url, name)
    on_server(server_url, "CREATE DATABASE {} TEMPLATE template0", name)


def drop_database(server_url, name):
    on_server(server_url, "DROP DATABASE IF EXISTS {} WITH (FORCE)", name)


def on_server(server_url, statement, name):
    """Run ``statement`` with the database ``name`` quoted into its ``{}``, outside a
    transaction (as CREATE and DROP DATABASE must be)."""
    import psycopg2
    from psycopg2 import sql

    connection = psycopg2.connect(server_url)
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL(statement).format(sql.Identifier(name)))
    connection.close()


class Drill(NamedTuple):
    """What one drill measured and found."""

    started: datetime.datetime
    database: str
    database_bytes: int
    dump_bytes: int
    media_archive_bytes: int
    dump_seconds: float
    restore_seconds: float
    compare_seconds: float
    total_seconds: float
    server_version: str
    tables: dict
    sequences: dict
    schema: dict
    files: dict
    media_root: str
    differences: list


def run_drill(url, *, backup_folder, keep):
    """Back up the database at url and MEDIA_ROOT, restore both, compare; return a Drill."""
    import psycopg2
    from psycopg2.extensions import ISOLATION_LEVEL_REPEATABLE_READ

    began = time.monotonic()
    started = datetime.datetime.now(datetime.UTC).replace(microsecond=0)
    ensure_source_database(url)
    from django.conf import settings

    media_root = Path(settings.MEDIA_ROOT)
    server_url, name = split_url(url)
    restore_name = name + RESTORE_SUFFIX
    dump_path = backup_folder / f"{name}.dump"
    media_archive = backup_folder / "media.tar"
    restored_media = backup_folder / "media-restored"

    # The snapshot pg_dump dumps stays open here until the source side has been read in it.
    source = psycopg2.connect(url, options="-c TimeZone=UTC")
    source.set_session(isolation_level=ISOLATION_LEVEL_REPEATABLE_READ, readonly=True)
    with source.cursor() as cursor:
        cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version_num')::int")
        snapshot, version_number = cursor.fetchone()
        cursor.execute("SHOW server_version")
        server_version = cursor.fetchone()[0]
        cursor.execute("SELECT pg_database_size(current_database())")
        database_bytes = cursor.fetchone()[0]
    server_major = version_number // 10000
    pg_dump = client_program("pg_dump", server_major)
    pg_restore = client_program("pg_restore", server_major)

    sequences_before = read_in_new_connection(url, sequence_values)
    dump_began = time.monotonic()
    run([pg_dump, "--format=custom", f"--snapshot={snapshot}", f"--file={dump_path}", url])
    dump_seconds = time.monotonic() - dump_began
    sequences_after = read_in_new_connection(url, sequence_values)
    files_source = archive_media(media_root, media_archive)

    compare_began = time.monotonic()
    with source.cursor() as cursor:
        tables_source = table_contents(cursor)
        schema_source = schema_definitions(cursor)
    source.rollback()
    source.close()
    if not tables_source:
        sys.exit(f"{name} has no tables: a drill on it would prove nothing.")
    compare_seconds = time.monotonic() - compare_began

    restore_began = time.monotonic()
    recreate_database(server_url, restore_name)
    restore_url = url_of(url, restore_name)
    run([pg_restore, "--exit-on-error", f"--dbname={restore_url}", str(dump_path)])
    restore_media(media_archive, restored_media)
    restore_seconds = time.monotonic() - restore_began

    compare_began = time.monotonic()
    restored = psycopg2.connect(restore_url, options="-c TimeZone=UTC")
    with restored.cursor() as cursor:
        tables_restored = table_contents(cursor)
        schema_restored = schema_definitions(cursor)
        sequences_restored = sequence_values(cursor)
    restored.close()
    files_restored = file_digests(restored_media)
    compare_seconds += time.monotonic() - compare_began
    if not keep:
        drop_database(server_url, restore_name)

    found = [("table", difference) for difference in differences(tables_source, tables_restored)]
    found += [
        ("sequence", difference)
        for difference in sequence_differences(
            sequences_before, sequences_after, sequences_restored
        )
    ]
    for kind in SCHEMA_QUERIES:
        found += [
            (SCHEMA_KINDS[kind], difference)
            for difference in differences(schema_source[kind], schema_restored[kind])
        ]
    found += [("file", difference) for difference in differences(files_source, files_restored)]
    return Drill(
        started=started,
        database=name,
        database_bytes=database_bytes,
        dump_bytes=dump_path.stat().st_size,
        media_archive_bytes=media_archive.stat().st_size,
        dump_seconds=dump_seconds,
        restore_seconds=restore_seconds,
        compare_seconds=compare_seconds,
        total_seconds=time.monotonic() - began,
        server_version=server_version,
        tables={
            table: (content, tables_restored.get(table)) for table, content in tables_source.items()
        },
        sequences={
            sequence: (value, sequences_restored.get(sequence))
            for sequence, value in sequences_before.items()
        },
        schema={kind: len(definitions) for kind, definitions in schema_source.items()},
        files=files_source,
        media_root=str(
            media_root.relative_to(ROOT) if media_root.is_relative_to(ROOT) else media_root
        ),
        differences=found,
    )


def read_in_new_connection(url, read):
    import psycopg2

    connection = psycopg2.connect(url)
    try:
        with connection.cursor() as cursor:
            return read(cursor)
    finally:
        connection.close()


def run(command):
    """Run a client program; stop the drill with its error output if it fails."""
    finished = subprocess.run(command, capture_output=True, text=True, check=False)
    if finished.returncode != 0:
        sys.exit(f"{Path(command[0]).name} failed ({finished.returncode}):\n{finished.stderr}")


# --- Reporting -----------------------------------------------------------------------------


def file_size(size):
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{size / 1000:.1f} kB"


def summary_lines(drill):
    rows = sum(source.rows for source, _ in drill.tables.values())
    if drill.differences:
        result = f"FAILED: {len(drill.differences)} differences"
    else:
        result = "passed: the restore equals the backup"
    return [
        ("Date", f"{drill.started:%Y-%m-%d %H:%M} UTC"),
        ("PostgreSQL", drill.server_version),
        ("Database", f"{drill.database}, {file_size(drill.database_bytes)} on disk"),
        ("Dump (pg_dump -Fc)", file_size(drill.dump_bytes)),
        ("Time to dump", f"{drill.dump_seconds:.1f} s"),
        ("Time to restore (pg_restore and media)", f"{drill.restore_seconds:.1f} s"),
        ("Time to compare", f"{drill.compare_seconds:.1f} s"),
        ("Whole drill", f"{drill.total_seconds:.1f} s"),
        ("Tables compared", f"{len(drill.tables)} ({rows:,} rows)"),
        ("Sequences compared", str(len(drill.sequences))),
        (
            "Schema objects compared",
            ", ".join(f"{count} {kind}" for kind, count in drill.schema.items()),
        ),
        (
            "Media files compared",
            f"{len(drill.files)} (archive {file_size(drill.media_archive_bytes)}, "
            f"from MEDIA_ROOT {drill.media_root})",
        ),
        ("Result", result),
    ]


def table_lines(drill):
    """One line per table: rows in the source and the restore, whether their contents match."""
    lines = []
    for table, (source, restored) in drill.tables.items():
        if restored is None:
            lines.append((table, f"{source.rows:,}", "missing", "DIFFERENT"))
        else:
            same = "same" if source == restored else "DIFFERENT"
            lines.append((table, f"{source.rows:,}", f"{restored.rows:,}", same))
    return lines


def print_report(drill):
    width = max(len(table) for table in drill.tables) if drill.tables else 10
    print(f"{'table':<{width}}  {'rows':>9}  {'restored':>9}  content")
    for table, rows, restored, same in table_lines(drill):
        print(f"{table:<{width}}  {rows:>9}  {restored:>9}  {same}")
    print()
    for label, value in summary_lines(drill):
        print(f"{label}: {value}")
    for kind, difference in drill.differences:
        print(
            f"  {kind} {difference.name}: {shortened(difference.source)} -> "
            f"{shortened(difference.restored)}"
        )


def shortened(value, length=120):
    text = repr(value)
    return text if len(text) <= length else text[: length - 1] + "…"


def write_report(drill, path):
    lines = [
        "# Backup drill",
        "",
        "Written by `make backup-drill` (loadtest/backup_drill.py): the database dumped with "
        "`pg_dump --format=custom` and MEDIA_ROOT archived with tar, both restored into fresh "
        "ones, then every table of the public schema compared (row count and an MD5 of all "
        "rows in a fixed order), every sequence's last value, the definitions of the indexes, "
        "constraints and triggers, and every media file (name and SHA-256).",
        "",
        "| | |",
        "|---|---|",
        *(f"| {label} | {value} |" for label, value in summary_lines(drill)),
        "",
    ]
    if drill.differences:
        lines += ["## Differences", "", "| kind | name | source | restored |", "|---|---|---|---|"]
        lines += [
            f"| {kind} | {d.name} | {shortened(d.source)} | {shortened(d.restored)} |"
            for kind, d in drill.differences
        ]
        lines.append("")
    lines += [
        "## Tables",
        "",
        "| table | rows | restored rows | content |",
        "|---|---:|---:|---|",
        *(
            f"| {t} | {rows} | {restored} | {same} |"
            for t, rows, restored, same in table_lines(drill)
        ),
        "",
    ]
    path.write_text("\n".join(lines))


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--keep", action="store_true", help="keep the restored database and the backup folder"
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="the report to write")
    return parser.parse_args()


def main():
    arguments = parse_arguments()
    url = os.environ.get("BACKUP_DATABASE_URL", DEFAULT_DATABASE)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("The drill backs up PostgreSQL: set BACKUP_DATABASE_URL=postgres://...")
    backup_folder = Path(tempfile.mkdtemp(prefix="itp-backup-drill-"))
    try:
        drill = run_drill(url, backup_folder=backup_folder, keep=arguments.keep)
    finally:
        if not arguments.keep:
            shutil.rmtree(backup_folder, ignore_errors=True)
    print_report(drill)
    if arguments.keep:
        print(
            f"Kept the backup in {backup_folder} and the database {drill.database}{RESTORE_SUFFIX}."
        )
    write_report(drill, arguments.output)
    print(f"Wrote {arguments.output}.")
    sys.exit(1 if drill.differences else 0)


if __name__ == "__main__":
    main()
