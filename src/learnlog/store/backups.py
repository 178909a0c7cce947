"""Copies of a SQLite journal: taken before each upgrade, by ``learnlog backup``, and listed.

Both kinds are written beside the journal, named ``NAME.YYYYmmddTHHMMSSZ.KIND.bak`` where KIND
is ``schema-REV`` (the schema the journal had before an upgrade) or ``backup``.
"""

from __future__ import annotations

import glob
import os
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from learnlog.config import PRIVATE_FILE_MODE
from learnlog.errors import InputError, RefusedError, StorageError
from learnlog.store.database import (
    SchemaState,
    read_schema,
    reading_uri,
    refuse_unusable,
    storage_error,
)
from learnlog.store.health import count_entries, integrity_messages, read_only_connection
from learnlog.store.schema import BUSY_TIMEOUT_SECONDS

STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
MANUAL_KIND = "backup"
_NAME = re.compile(
    r"\.(?P<stamp>\d{8}T\d{6}Z)\.(?:schema-(?P<revision>[^.]+)|(?P<manual>backup))\.bak$"
)


def backup_path(path: Path, revision: str | None, now: datetime) -> Path:
    """Where the copy taken before an upgrade goes: beside the journal, named by time."""
    stamp = now.astimezone(UTC).strftime(STAMP_FORMAT)
    return path.with_name(f"{path.name}.{stamp}.schema-{revision or 'none'}.bak")


def manual_backup_path(path: Path, now: datetime) -> Path:
    """Where ``learnlog backup`` writes by default: beside the journal, named by time."""
    stamp = now.astimezone(UTC).strftime(STAMP_FORMAT)
    return path.with_name(f"{path.name}.{stamp}.{MANUAL_KIND}.bak")


def copy_sqlite(source: Path, target: Path, *, read_only: bool = False) -> None:
    """Copy a SQLite database with the online backup API into a new 0600 file.

    The copy is one snapshot of the source, taken in one read transaction, so it is consistent
    even while other connections write. ``read_only`` opens the source so it cannot be written.
    """
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    os.close(descriptor)
    if read_only:
        reader = sqlite3.connect(reading_uri(source), uri=True, timeout=BUSY_TIMEOUT_SECONDS)
    else:
        reader = sqlite3.connect(source)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


@dataclass(frozen=True)
class BackupFile:
    """A backup file and what it holds, read without changing it."""

    path: Path
    kind: str  # "upgrade" (before an upgrade), "backup" (learnlog backup) or "other"
    taken_at: datetime  # from the name; for other names, when the file was last written
    size: int
    mode: int
    state: SchemaState | None  # None when the file cannot be read as a database
    revision: str | None
    entries: int | None

    @property
    def usable(self) -> bool:
        """Whether learnlog could open the file as a journal if it were put back."""
        return self.state in {SchemaState.CURRENT, SchemaState.OLDER}


def backups_beside(journal: Path) -> list[BackupFile]:
    """Every ``NAME.*.bak`` file in the journal's folder, newest first."""
    found = []
    for path in journal.parent.glob(glob.escape(journal.name) + ".*.bak"):
        try:
            if path.is_file():
                found.append(describe_backup(path))
        except OSError:
            continue  # removed meanwhile, or not ours to read
    return sorted(found, key=lambda backup: (backup.taken_at, backup.path.name), reverse=True)


def describe_backup(path: Path) -> BackupFile:
    """What a backup file is: its kind and time from its name, its size, mode and schema."""
    status = path.stat()
    match = _NAME.search(path.name)
    if match:
        kind = "backup" if match["manual"] else "upgrade"
        taken_at = datetime.strptime(match["stamp"], STAMP_FORMAT).replace(tzinfo=UTC)
    else:
        kind = "other"
        taken_at = datetime.fromtimestamp(status.st_mtime, UTC)
    state = revision = entries = None
    try:
        # Immutable: a backup is not being written, and reading it leaves nothing beside it.
        with read_only_connection(path, snapshot=True) as connection:
            inspection = read_schema(connection)
            state, revision = inspection.state, inspection.revision
            entries = count_entries(connection)
    except sqlite3.DatabaseError:
        pass
    return BackupFile(
        path=path,
        kind=kind,
        taken_at=taken_at,
        size=status.st_size,
        mode=status.st_mode & 0o777,
        state=state,
        revision=revision,
        entries=entries,
    )


def copy_journal(source: Path, target: Path) -> BackupFile:
    """Copy a journal into the new file ``target`` and check the copy before keeping it.

    The copy, not the source, is checked: it is the one snapshot that will be restored. A copy
    that fails the integrity check, or is not a journal this learnlog can open, is deleted and
    the journal is reported damaged or refused.
    """
    try:
        copy_sqlite(source, target, read_only=True)
    except FileExistsError:  # the target was not created here, so it is not removed
        raise RefusedError(f"{target} already exists; nothing was written") from None
    except sqlite3.DatabaseError as error:
        discard(target)
        raise storage_error(source, error) from None
    except OSError as error:
        discard(target)
        reason = (error.strerror or str(error)).lower()
        raise InputError(f"cannot write {target}: {reason}; nothing was written") from None
    except BaseException:
        discard(target)
        raise
    try:
        with read_only_connection(target, snapshot=True) as connection:
            inspection = read_schema(connection)
            problems = integrity_messages(connection)
    except sqlite3.DatabaseError as error:
        discard(target)
        raise storage_error(source, error) from None
    if problems:
        discard(target)
        raise StorageError(
            f"the journal at {source} is damaged ({problems[0]}); no backup was written. "
            "Run 'learnlog doctor' and restore an earlier backup"
        )
    if inspection.state not in {SchemaState.CURRENT, SchemaState.OLDER}:
        discard(target)
        refuse_unusable(source, inspection)
        raise StorageError(f"the journal at {source} is empty; no backup was written")
    return describe_backup(target)


def discard(target: Path) -> None:
    """Remove a copy that must not be kept, with the rollback journal SQLite wrote beside it."""
    for path in (target, target.with_name(target.name + "-journal")):
        path.unlink(missing_ok=True)
