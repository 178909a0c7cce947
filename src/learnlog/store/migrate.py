"""Schema upgrades through Alembic, loaded only when a journal is new or older than the program."""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from learnlog.errors import StorageError
from learnlog.store.backups import backup_path, copy_sqlite, discard
from learnlog.store.database import (
    SchemaState,
    classify,
    read_schema,
    refuse_unusable,
    storage_error,
)
from learnlog.store.schema import APPLICATION_ID

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

SCRIPT_LOCATION = "learnlog.store:migrations"
# The upgrade backup is written under this name beside the journal, and renamed when whole.
PARTIAL_BACKUP_SUFFIX = ".bak-partial"


def alembic_config(connection: Connection | None = None) -> Config:
    """An Alembic configuration pointing at the package's migrations."""
    config = Config()
    config.set_main_option("script_location", SCRIPT_LOCATION)
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def script_revisions() -> list[str]:
    """Every revision of the migration scripts, oldest first."""
    scripts = ScriptDirectory.from_config(alembic_config())
    return [script.revision for script in reversed(list(scripts.walk_revisions()))]


def upgrade_sqlite(engine: Engine, path: Path, *, now: datetime) -> None:
    """Create or upgrade the schema while holding the write lock, backing up an older journal.

    Every process that finds the file new or old gets here; the lock makes one of them do the
    work and the others find it done when they re-read the schema inside their transaction.
    """
    backup = None
    try:
        with engine.connect() as connection:
            connection = connection.execution_options(learnlog_write=True)
            with connection.begin():
                driver_connection = connection.connection.driver_connection
                assert isinstance(driver_connection, sqlite3.Connection)
                inspection = read_schema(driver_connection)
                refuse_unusable(path, inspection)
                if inspection.state is SchemaState.CURRENT:
                    return
                if inspection.state is SchemaState.OLDER:
                    backup = back_up_before_upgrade(path, inspection.revision, now)
                command.upgrade(alembic_config(connection), "head")
                connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    except StorageError:
        raise
    except sqlite3.DatabaseError as error:
        raise _upgrade_failed(path, error, backup) from None
    except Exception as error:
        from sqlalchemy.exc import DBAPIError

        if isinstance(error, DBAPIError):
            raise _upgrade_failed(path, error, backup) from None
        raise


def back_up_before_upgrade(path: Path, revision: str | None, now: datetime) -> Path:
    """Copy the journal to a new backup beside it, named only once the copy is whole.

    The caller holds the write lock, so no other learnlog process is writing a backup. The copy
    is written under a temporary name and renamed when complete: a process killed while copying
    leaves no ``.bak`` that is not a whole journal, only a leftover that the next upgrade
    removes. A name already taken (an upgrade that failed earlier in the same second) is kept,
    and the new copy is named by the next free second.
    """
    partial = path.with_name(path.name + PARTIAL_BACKUP_SUFFIX)
    try:
        discard(partial)
        copy_sqlite(path, partial)
        descriptor = os.open(partial, os.O_RDWR)
        try:
            os.fsync(descriptor)  # whole on disk before it carries a backup's name
        finally:
            os.close(descriptor)
        target = backup_path(path, revision, now)
        taken = 0
        while target.exists():
            taken += 1
            target = backup_path(path, revision, now + timedelta(seconds=taken))
        partial.replace(target)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise StorageError(
            f"cannot write a backup beside the journal at {path} before upgrading it: "
            f"{reason}; nothing was changed"
        ) from None
    finally:
        discard(partial)
    return target


def _upgrade_failed(path: Path, error: BaseException, backup: Path | None) -> StorageError:
    failure = storage_error(path, error)
    if backup is None:
        return failure
    return StorageError(
        f"{failure.message} (while upgrading it to this learnlog's schema: the upgrade was "
        f"undone, and the copy taken before it is {backup})"
    )


def upgrade_server(engine: Engine, label: str, *, now: datetime) -> None:
    """Create or upgrade the schema of a journal on a database server."""
    from sqlalchemy.exc import DBAPIError

    del now  # a server journal is backed up with the server's own tools
    try:
        with engine.connect() as connection, connection.begin():
            tables = set(inspect(connection).get_table_names())
            revision = None
            if "alembic_version" in tables:
                revision = connection.execute(
                    text("SELECT version_num FROM alembic_version")
                ).scalar()
            application_id = APPLICATION_ID if "entry" in tables or not tables else 0
            inspection = classify(application_id, tables, revision)
            refuse_unusable(label, inspection)
            if inspection.state is not SchemaState.CURRENT:
                command.upgrade(alembic_config(connection), "head")
    except DBAPIError as error:
        raise storage_error(label, error) from None
