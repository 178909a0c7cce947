"""Read-only checks of a SQLite journal for ``learnlog doctor``: schema, integrity, search index.

Nothing here writes to the file it looks at. Connections are opened with ``mode=ro``; the one
check SQLite only runs as a write (FTS5's ``integrity-check`` command) runs on a copy of the
journal in memory.
"""

from __future__ import annotations

import sqlite3
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from learnlog.errors import StorageError
from learnlog.store.database import (
    SQLITE_MAGIC,
    Inspection,
    SchemaState,
    read_schema,
    reading_uri,
    refuse_cut_short,
    sidecars,
    storage_error,
)
from learnlog.store.database import read_only_connection as database_connection
from learnlog.store.schema import SEARCH_TABLE

INTEGRITY_LIMIT = 20  # messages PRAGMA integrity_check stops after; the first few say enough

# What the search index must hold, row for row: the rows the triggers of revision 0005 write.
_EXPECTED_SEARCH_ROWS = """
    SELECT entry.id, '', entry.text, '', coalesce(entry.source, ''),
           coalesce((SELECT group_concat(tag, ' ') FROM entry_tag
                     WHERE entry_tag.entry_id = entry.id), '')
    FROM entry WHERE entry.deleted_at IS NULL
    UNION ALL
    SELECT -paper.id, paper.title, coalesce(paper.notes, ''), coalesce(paper.authors, ''), '',
           coalesce((SELECT group_concat(tag, ' ') FROM paper_tag
                     WHERE paper_tag.paper_id = paper.id), '')
    FROM paper
"""
# FTS5 compares its index with its content when this "insert" runs: it changes nothing, but
# SQLite counts it as a write, which is why it runs on a copy in memory.
_FTS_INTEGRITY_CHECK = f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES ('integrity-check')"  # noqa: S608
_INDEXED_SEARCH_ROWS = f"SELECT rowid, title, text, authors, source, tags FROM {SEARCH_TABLE}"  # noqa: S608


@dataclass(frozen=True)
class JournalHealth:
    """What the read-only checks found in one journal file.

    ``failure`` says why a file could not be read at all (a lock, permissions, a file that is
    ``cut_short``); ``integrity`` and ``search`` are ``None`` when the check did not run, else
    the problems found (empty: none). A file too damaged to read its schema has no
    ``inspection`` and its damage in ``integrity``.
    """

    inspection: Inspection | None = None
    failure: str | None = None
    cut_short: bool = False
    integrity: tuple[str, ...] | None = None
    search: tuple[str, ...] | None = None
    entries: int | None = None

    @property
    def damaged(self) -> bool:
        """Whether the file is unreadable or fails the integrity check."""
        return self.failure is not None or bool(self.integrity)


def snapshot_uri(path: Path) -> str:
    """The SQLite URI that reads a file nobody writes (a backup) as an immutable snapshot.

    SQLite then takes no locks and creates no ``-wal`` or ``-shm`` file beside it.
    """
    return f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"


def read_only_connection(
    path: Path, *, snapshot: bool = False
) -> AbstractContextManager[sqlite3.Connection]:
    """A read-only connection to ``path`` in autocommit mode, closed when the block ends.

    ``snapshot`` is for files nobody writes (see ``snapshot_uri``); a journal is read as
    every learnlog command reads it (``reading_uri``), with the locks that keep it consistent.
    """
    return database_connection(snapshot_uri(path) if snapshot else reading_uri(path))


def has_sqlite_header(path: Path) -> bool:
    """Whether a non-empty file starts as every SQLite database does."""
    with path.open("rb") as handle:
        return handle.read(len(SQLITE_MAGIC)) == SQLITE_MAGIC


def existing_sidecars(path: Path) -> set[Path]:
    """The sidecar files that are there now."""
    return {sidecar for sidecar in sidecars(path) if sidecar.exists()}


def remove_new_sidecars(path: Path, existed: set[Path]) -> None:
    """Remove the sidecars a read-only look created, as long as nothing was written to them.

    A read-only connection to a WAL database leaves an empty ``-wal`` and a ``-shm`` behind.
    Beside a file learnlog refuses they would only confuse; a ``-wal`` that is no longer empty
    belongs to another program at work, and both files are then left alone.
    """
    wal, shm = sidecars(path)
    try:
        if wal not in existed and wal.exists() and wal.stat().st_size > 0:
            return
    except OSError:
        return
    for sidecar in (wal, shm):
        if sidecar not in existed:
            sidecar.unlink(missing_ok=True)


def integrity_messages(connection: sqlite3.Connection) -> list[str]:
    """What ``PRAGMA integrity_check`` finds wrong; empty when the database is sound."""
    try:
        rows = connection.execute(f"PRAGMA integrity_check({INTEGRITY_LIMIT})").fetchall()
    except sqlite3.DatabaseError as error:
        return [str(error)]
    messages = [
        line.strip()
        for (text,) in rows
        for line in str(text).splitlines()
        if line.strip() and not line.startswith("*** in database")
    ]
    return [] if messages == ["ok"] else messages


def count_entries(connection: sqlite3.Connection) -> int | None:
    """Entries outside the trash (every entry before revision 0002 brought the trash)."""
    try:
        columns = {row[1] for row in connection.execute("PRAGMA table_info(entry)")}
        if not columns:
            return None
        where = " WHERE deleted_at IS NULL" if "deleted_at" in columns else ""
        (count,) = connection.execute(f"SELECT count(*) FROM entry{where}").fetchone()  # noqa: S608
    except sqlite3.DatabaseError:
        return None
    return int(count)


def search_index_findings(connection: sqlite3.Connection) -> list[str]:
    """What is wrong with the full-text index of a current journal; empty when it is sound.

    FTS5 checks its index only through an INSERT, which a read-only connection refuses, so the
    check runs on a copy in memory taken inside the caller's read transaction.
    """
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    if SEARCH_TABLE not in tables:
        return ["the search index is missing"]
    memory = sqlite3.connect(":memory:", isolation_level=None)
    try:
        connection.backup(memory)
        try:
            memory.execute(_FTS_INTEGRITY_CHECK)
        except sqlite3.DatabaseError as error:
            return [f"the search index is damaged ({error})"]
        expected = _search_rows(memory, _EXPECTED_SEARCH_ROWS)
        indexed = _search_rows(memory, _INDEXED_SEARCH_ROWS)
    finally:
        memory.close()
    findings = []
    missing = len(expected.keys() - indexed.keys())
    stale = len(indexed.keys() - expected.keys())
    changed = sum(1 for key in expected.keys() & indexed.keys() if expected[key] != indexed[key])
    if missing:
        findings.append(f"{missing} entries or papers are missing from the search index")
    if stale:
        findings.append(f"{stale} search index rows belong to nothing in the journal")
    if changed:
        findings.append(f"{changed} search index rows are out of date")
    return findings


def _search_rows(connection: sqlite3.Connection, sql: str) -> dict[int, tuple[str, ...]]:
    rows = {}
    for key, *columns, tags in connection.execute(sql):
        # The order of tags in group_concat is not fixed; the words are what count.
        rows[int(key)] = (*map(str, columns), " ".join(sorted(str(tags).split())))
    return rows


def examine_journal(path: Path) -> JournalHealth:
    """Run every read-only check on the existing SQLite file at ``path``.

    The checks share one read transaction, so they see one moment of a journal that other
    commands may be writing. Sidecars created for a file learnlog would refuse are removed.
    """
    existed = existing_sidecars(path)
    health = _examined(path)
    refused = health.inspection is None or health.inspection.state in {
        SchemaState.FOREIGN,
        SchemaState.NEWER,
    }
    if refused or health.damaged:
        remove_new_sidecars(path, existed)
    return health


def _examined(path: Path) -> JournalHealth:
    try:
        if path.stat().st_size == 0:
            return JournalHealth(inspection=Inspection(SchemaState.EMPTY))
        if not has_sqlite_header(path):
            return JournalHealth(
                failure=f"{path} is not an SQLite database: it is not a learnlog journal, "
                "or its first page is damaged"
            )
        try:
            refuse_cut_short(path)
        except StorageError as error:
            return JournalHealth(failure=error.message, cut_short=True)
        with read_only_connection(path) as connection:
            connection.execute("BEGIN")
            return _checked(connection, read_schema(connection))
    except sqlite3.DatabaseError as error:
        if is_damage(error):  # so damaged that not even the schema can be read
            return JournalHealth(integrity=(str(error),))
        return JournalHealth(failure=storage_error(path, error).message)
    except OSError as error:
        return JournalHealth(failure=storage_error(path, error).message)


def is_damage(error: sqlite3.DatabaseError) -> bool:
    """Whether SQLite failed because the file is damaged, not locked or out of reach."""
    name = getattr(error, "sqlite_errorname", "")
    return name.startswith(("SQLITE_CORRUPT", "SQLITE_NOTADB"))


def _checked(connection: sqlite3.Connection, inspection: Inspection) -> JournalHealth:
    if inspection.state in {SchemaState.FOREIGN, SchemaState.EMPTY}:
        return JournalHealth(inspection=inspection)
    integrity = tuple(integrity_messages(connection))
    search = None
    if inspection.state is SchemaState.CURRENT and not integrity:
        try:
            search = tuple(search_index_findings(connection))
        except sqlite3.DatabaseError as error:
            search = (f"the search index cannot be read ({error})",)
    return JournalHealth(
        inspection=inspection,
        integrity=integrity,
        search=search,
        entries=count_entries(connection),
    )
