"""Schema upgrades through Alembic, loaded only when a journal is new or older than the program."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from learnlog.config import PRIVATE_FILE_MODE
from learnlog.errors import StorageError
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


def backup_path(path: Path, revision: str | None, now: datetime) -> Path:
    """Where the copy taken before an upgrade goes: beside the journal, named by time."""
    stamp = now.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return path.with_name(f"{path.name}.{stamp}.schema-{revision or 'none'}.bak")


def copy_sqlite(source: Path, target: Path) -> None:
    """Copy a SQLite database with the online backup API into a new 0600 file."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    os.close(descriptor)
    reader = sqlite3.connect(source)
    writer = sqlite3.connect(target)
    try:
        reader.backup(writer)
    finally:
        writer.close()
        reader.close()


def upgrade_sqlite(engine: Engine, path: Path, *, now: datetime) -> None:
    """Create or upgrade the schema while holding the write lock, backing up an older journal.

    Every process that finds the file new or old gets here; the lock makes one of them do the
    work and the others find it done when they re-read the schema inside their transaction.
    """
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
                    copy_sqlite(path, backup_path(path, inspection.revision, now))
                command.upgrade(alembic_config(connection), "head")
                connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    except StorageError:
        raise
    except sqlite3.DatabaseError as error:
        raise storage_error(path, error) from None
    except Exception as error:
        from sqlalchemy.exc import DBAPIError

        if isinstance(error, DBAPIError):
            raise storage_error(path, error) from None
        raise


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
