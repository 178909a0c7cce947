"""Read-only answers straight from SQLite, for what a shell prompt asks on every line.

They read through a read-only connection, which writes nothing and creates nothing. Whenever
the file is not a current learnlog journal they answer ``None`` and the caller takes the
ordinary door, which creates, upgrades or refuses the journal with its messages.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

from learnlog.store.database import (
    SchemaState,
    inspect_file,
    read_only_connection,
    reading_uri,
    storage_error,
)
from learnlog.store.habit_queries import has_entry_on
from learnlog.store.sql import SqliteSql


def entry_exists_on(path: Path, day: date) -> bool | None:
    """Whether the journal has an entry (outside the trash) on ``day``; ``None``: ask the door.

    A file that cannot be read, or stays locked, is the storage error the door would raise,
    at once, so a prompt never waits twice; sidecar files of a refused file are removed.
    """
    if not path.is_file():
        return None
    if inspect_file(path).state is not SchemaState.CURRENT:
        return None
    try:
        with read_only_connection(reading_uri(path)) as connection:
            return has_entry_on(SqliteSql(connection), day)
    except sqlite3.DatabaseError as error:
        raise storage_error(path, error) from None
