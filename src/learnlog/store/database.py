"""Opening a journal: file checks, the engine, schema upgrades and the one session door."""

from __future__ import annotations

import enum
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from learnlog.config import PRIVATE_FILE_MODE, ensure_private_dir
from learnlog.errors import StorageError
from learnlog.store.schema import APPLICATION_ID, BUSY_TIMEOUT_SECONDS, HEAD, REVISIONS

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

SQLITE_MAGIC = b"SQLite format 3\x00"


class SchemaState(enum.Enum):
    """What an existing file holds, judged before learnlog writes to it."""

    EMPTY = "empty"
    CURRENT = "current"
    OLDER = "older"
    NEWER = "newer"
    FOREIGN = "foreign"


@dataclass(frozen=True)
class Inspection:
    """The verdict on a database file and the schema revision it carries."""

    state: SchemaState
    revision: str | None = None


def classify(application_id: int, tables: set[str], revision: str | None) -> Inspection:
    """Decide what a database is from its application id, tables and Alembic revision."""
    if application_id == 0 and not tables:
        return Inspection(SchemaState.EMPTY)
    if application_id != APPLICATION_ID:
        return Inspection(SchemaState.FOREIGN, revision)
    if revision == HEAD:
        return Inspection(SchemaState.CURRENT, revision)
    if revision is None or revision in REVISIONS:
        return Inspection(SchemaState.OLDER, revision)
    return Inspection(SchemaState.NEWER, revision)


def read_schema(connection: sqlite3.Connection) -> Inspection:
    """Inspect an open SQLite connection without writing to it."""
    (application_id,) = connection.execute("PRAGMA application_id").fetchone()
    tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master")}
    revision = None
    if "alembic_version" in tables:
        row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        revision = row[0] if row else None
    return classify(int(application_id), tables, revision)


def prepare_file(path: Path) -> None:
    """Make sure ``path`` can hold a journal: create it 0600 in a 0700 directory if missing.

    An existing file is only read here, so a file that is refused stays byte-for-byte as it was.
    """
    if path.is_dir():
        raise StorageError(f"{path} is a directory; --db needs the path of a journal file")
    try:
        if not path.exists():
            ensure_private_dir(path.parent)
            os.close(os.open(path, os.O_RDWR | os.O_CREAT, PRIVATE_FILE_MODE))
        with path.open("rb") as handle:
            header = handle.read(len(SQLITE_MAGIC))
        if not header:
            path.chmod(PRIVATE_FILE_MODE)  # an empty file given as --db becomes a private journal
    except OSError as error:
        raise StorageError(
            f"cannot open the journal at {path}: {(error.strerror or 'error').lower()}; "
            "check the path and its permissions"
        ) from None
    if header and header != SQLITE_MAGIC:
        raise StorageError(
            f"{path} is not a learnlog journal (not an SQLite database); it was left untouched. "
            "Point --db at a journal or at a new file"
        )


def inspect_file(path: Path) -> Inspection:
    """Read a journal file's schema state through a read-only connection.

    Reading a WAL database makes SQLite create ``-wal`` and ``-shm`` files beside it; when the
    file is refused, those are removed again so the refusal leaves the directory as it was.
    """
    sidecars = [path.with_name(path.name + suffix) for suffix in ("-wal", "-shm")]
    existed = {sidecar for sidecar in sidecars if sidecar.exists()}
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    try:
        connection = sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None
        )
        try:
            # One read transaction, so that the id and the tables come from the same moment
            # even while another process is creating the journal.
            connection.execute("BEGIN")
            inspection = read_schema(connection)
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        inspection = None
        failure = storage_error(path, error)
    if inspection is None or inspection.state in {SchemaState.FOREIGN, SchemaState.NEWER}:
        for sidecar in sidecars:
            if sidecar not in existed:
                sidecar.unlink(missing_ok=True)
    if inspection is None:
        raise failure
    return inspection


def refuse_unusable(path: Path | str, inspection: Inspection) -> None:
    """Stop with a clear message for a database learnlog must not touch."""
    if inspection.state is SchemaState.FOREIGN:
        raise StorageError(
            f"{path} is an SQLite database of another program, not a learnlog journal; "
            "it was left untouched. Point --db at a journal or at a new file"
        )
    if inspection.state is SchemaState.NEWER:
        raise StorageError(
            f"{path} was written by a newer learnlog (schema {inspection.revision}); "
            "it was left untouched. Upgrade learnlog to open it"
        )


def storage_error(path: Path | str, error: BaseException) -> StorageError:
    """Translate a database driver error into a message that says what to do."""
    text = str(getattr(error, "orig", None) or error).lower()
    if "locked" in text or "busy" in text:
        return StorageError(
            f"the journal at {path} stayed locked by another program for more than "
            f"{BUSY_TIMEOUT_SECONDS:g} s; nothing was changed, try again"
        )
    if "readonly" in text or "read-only" in text:
        return StorageError(
            f"the journal at {path} is read-only; nothing was changed. "
            "Check the permissions of the file and its directory"
        )
    if "full" in text:
        return StorageError(
            f"the disk holding {path} is full; nothing was changed. Free some space and try again"
        )
    if "not a database" in text or "malformed" in text or "corrupt" in text:
        return StorageError(
            f"the journal at {path} is damaged ({text}); it was left as it is. "
            "Restore it from a backup (a .bak file beside it or your own)"
        )
    if "unable to open" in text:
        return StorageError(
            f"cannot open the journal at {path}; check the path and its permissions"
        )
    return StorageError(f"the journal at {path} cannot be used: {text}")


class Journal:
    """An opened journal: the engine and the one place sessions come from."""

    def __init__(self, engine: Engine, label: str) -> None:
        """Wrap an engine; ``label`` names the journal in messages (a path or a URL)."""
        self.engine = engine
        self.label = label

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """One unit of work: committed when the block ends, rolled back if it raises.

        A writing session takes the write lock at its start (``BEGIN IMMEDIATE``), so two
        processes never interleave a read and a write and both see consistent data.
        """
        from sqlalchemy.exc import DBAPIError
        from sqlmodel import Session

        try:
            with Session(self.engine, expire_on_commit=False) as session:
                session.connection(execution_options={"learnlog_write": write})
                yield session
                session.commit()
        except DBAPIError as error:
            raise storage_error(self.label, error) from None

    def close(self) -> None:
        """Release the engine's connections."""
        self.engine.dispose()

    def __enter__(self) -> Journal:
        """Use the journal for the length of a ``with`` block."""
        return self

    def __exit__(self, *_exc: object) -> None:
        """Close the journal at the end of the block."""
        self.close()


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event, not the driver, decide how transactions start.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _on_begin(connection: Any) -> None:
    write = connection.get_execution_options().get("learnlog_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def sqlite_engine(path: Path) -> Engine:
    """An engine for a SQLite journal file with WAL, foreign keys and a busy timeout."""
    from sqlalchemy import URL, create_engine, event

    engine = create_engine(
        # URL.create, not an f-string: '%' or '?' in a file name must not be read as URL syntax.
        URL.create("sqlite", database=str(path)),
        connect_args={"timeout": BUSY_TIMEOUT_SECONDS},
        hide_parameters=True,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def open_sqlite(path: Path, *, now: datetime) -> Journal:
    """Open (creating or upgrading when needed) the SQLite journal at ``path``."""
    prepare_file(path)
    inspection = inspect_file(path)
    refuse_unusable(path, inspection)
    engine = sqlite_engine(path)
    if inspection.state is not SchemaState.CURRENT:
        from learnlog.store.migrate import upgrade_sqlite

        try:
            upgrade_sqlite(engine, path, now=now)
        except BaseException:
            engine.dispose()
            raise
    return Journal(engine, str(path))


def open_url(url: str, *, now: datetime) -> Journal:
    """Open a journal on a database server through a SQLAlchemy URL."""
    from sqlalchemy import create_engine
    from sqlalchemy.exc import SQLAlchemyError

    from learnlog.store.migrate import upgrade_server

    try:
        engine = create_engine(url, hide_parameters=True, pool_pre_ping=True)
    except (SQLAlchemyError, ImportError, ValueError) as error:
        raise StorageError(f"LEARNLOG_DATABASE_URL cannot be used: {error}") from None
    if engine.url.get_backend_name() == "sqlite" and engine.url.database:
        engine.dispose()  # a SQLite URL gets the same file checks and settings as --db
        return open_sqlite(Path(engine.url.database), now=now)
    label = engine.url.render_as_string(hide_password=True)
    upgrade_server(engine, label, now=now)
    return Journal(engine, label)
