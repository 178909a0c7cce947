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
from learnlog.store.sql import SessionSql, Sql, SqliteSql

if TYPE_CHECKING:
    from sqlalchemy.engine import Engine
    from sqlmodel import Session

SQLITE_MAGIC = b"SQLite format 3\x00"
SIDECAR_SUFFIXES = ("-wal", "-shm")
# SQLite's page cache, in KiB. A read goes over each page about once, and the file stays in the
# system's own cache, so a copy in the process would only add to its memory (1.7 MB for a report
# on 36,500 entries, at no measurable speed). A write keeps SQLite's default: a large import
# then spills fewer pages to the write-ahead log before it commits.
READING_CACHE_KIB = 512
WRITING_CACHE_KIB = 2000
HEADER_SIZE = 100


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


def sidecars(path: Path) -> list[Path]:
    """The ``-wal`` and ``-shm`` files SQLite keeps beside a journal in WAL mode."""
    return [path.with_name(path.name + suffix) for suffix in SIDECAR_SUFFIXES]


def read_only_reason(path: Path) -> str | None:
    """Why learnlog cannot write the journal at ``path`` or create files beside it, or ``None``.

    Asked of the kernel (``access``), so it also holds for root without the capability to
    override permissions, and for a file system mounted read-only.
    """
    try:
        read_only_mount = bool(os.statvfs(path.parent).f_flag & os.ST_RDONLY)
    except OSError:
        read_only_mount = False
    if read_only_mount:
        return f"the folder {path.parent} is on a file system mounted read-only"
    if path.exists() and not os.access(path, os.W_OK):
        return "the file is read-only"
    if not os.access(path.parent, os.W_OK | os.X_OK):
        return (
            f"the folder {path.parent} is read-only "
            f"(SQLite needs to create {path.name}-wal and {path.name}-shm beside the journal)"
        )
    return None


def reads_as_snapshot(path: Path) -> bool:
    """Whether the journal must be read without SQLite's shared-memory files.

    SQLite creates ``-wal`` and ``-shm`` even to read a WAL journal; where it cannot write
    (a read-only file or folder) it would fail or leave them behind. When neither exists,
    no other connection has the file open and everything is in the file itself, so it is
    read as an immutable snapshot and nothing is created. Writing then fails cleanly.
    """
    return read_only_reason(path) is not None and not any(
        sidecar.exists() for sidecar in sidecars(path)
    )


def reading_uri(path: Path) -> str:
    """The SQLite URI that reads ``path`` without writing to it or creating files beside it."""
    flags = "mode=ro&immutable=1" if reads_as_snapshot(path) else "mode=ro"
    return f"file:{quote(str(path.resolve()))}?{flags}"


@contextmanager
def read_only_connection(uri: str) -> Iterator[sqlite3.Connection]:
    """An autocommit connection to a read-only SQLite URI, closed when the block ends."""
    connection = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
    try:
        yield connection
    finally:
        connection.close()


def refuse_cut_short(path: Path) -> None:
    """Refuse a journal cut short by a copy or a crash: part of a page, or pages, missing.

    SQLite reads a missing end of the last page as zeros, so a journal that lost part of its
    last page would open and even accept writes. Only checked when no ``-wal`` (or rollback
    ``-journal``) file exists: then no connection is writing and the file holds whole pages.
    """
    problem = _cut_short(path)
    # Refuse only what stays so: a writer that started meanwhile may be mid-checkpoint.
    if problem is None or _cut_short(path) != problem:
        return
    raise StorageError(
        f"the journal at {path} is damaged (cut short: {problem}); it was left as it is. "
        "Restore it from a backup (a .bak file beside it or your own)"
    )


def _cut_short(path: Path) -> str | None:
    """What shows that a file with no writer is missing its end, or ``None``."""
    journals = [*sidecars(path), path.with_name(path.name + "-journal")]
    try:
        if any(journal.exists() for journal in journals):
            return None
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(HEADER_SIZE)
    except OSError:
        return None  # the connection that follows says what is wrong
    if size == 0:
        return None  # an empty file becomes a new journal
    if len(header) < HEADER_SIZE:
        return f"it ends after {size} bytes, inside the file header"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return None  # not a page size at all: SQLite judges such a header
    pages = int.from_bytes(header[28:32], "big")
    if size % page_size:
        return f"it is {size} bytes, not a whole number of {page_size}-byte pages"
    if header[24:28] == header[92:96] and size < pages * page_size:
        return f"it is {size} bytes, but its header says {pages * page_size}"
    return None


def inspect_file(path: Path) -> Inspection:
    """Read a journal file's schema state through a read-only connection.

    Reading a WAL database makes SQLite create ``-wal`` and ``-shm`` files beside it; when the
    file is refused, those are removed again so the refusal leaves the directory as it was.
    """
    refuse_cut_short(path)
    files = sidecars(path)
    existed = {sidecar for sidecar in files if sidecar.exists()}
    try:
        with read_only_connection(reading_uri(path)) as connection:
            # One read transaction, so that the id and the tables come from the same moment
            # even while another process is creating the journal.
            connection.execute("BEGIN")
            inspection = read_schema(connection)
    except sqlite3.DatabaseError as error:
        inspection = None
        failure = storage_error(path, error)
    if inspection is None or inspection.state in {SchemaState.FOREIGN, SchemaState.NEWER}:
        for sidecar in files:
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
    original = getattr(error, "orig", None) or error
    text = str(original).lower()
    name = str(getattr(original, "sqlite_errorname", ""))
    if "locked" in text or "busy" in text:
        return StorageError(
            f"the journal at {path} stayed locked by another program for more than "
            f"{BUSY_TIMEOUT_SECONDS:g} s; nothing was changed, try again"
        )
    if "readonly" in text or "read-only" in text:
        reason = _read_only_reason_of(path) or "it is read-only"
        return StorageError(
            f"the journal at {path} cannot be written: {reason}; nothing was changed. "
            "Check the permissions of the file and its folder"
        )
    if "full" in text or (name.startswith("SQLITE_IOERR") and _disk_is_full(path)):
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
    if name.startswith("SQLITE_IOERR") or "disk i/o error" in text:
        return StorageError(
            f"the journal at {path} could not be read or written (disk I/O error); "
            "nothing was changed. Check the disk it is on and try again"
        )
    return StorageError(f"the journal at {path} cannot be used: {text}")


def _journal_path(label: Path | str) -> Path | None:
    """The journal file a message label names, or ``None`` for a server URL."""
    path = Path(label)
    return path if path.parent.is_dir() else None


def _read_only_reason_of(label: Path | str) -> str | None:
    path = _journal_path(label)
    return None if path is None else read_only_reason(path)


def _disk_is_full(label: Path | str) -> bool:
    """Whether the file system holding the journal has no block left for it to use."""
    path = _journal_path(label)
    if path is None:
        return False
    try:
        return os.statvfs(path.parent).f_bavail == 0
    except OSError:
        return False


class Journal:
    """An opened journal: the one place units of work come from.

    A SQLite journal is worked on through ``sqlite3`` (``sql``); the SQLAlchemy engine behind
    ``session`` is only built when a command asks for one. A server journal has only the engine.
    """

    def __init__(
        self,
        label: str,
        *,
        path: Path | None = None,
        snapshot: bool = False,
        engine: Engine | None = None,
    ) -> None:
        """A journal file at ``path`` or a server ``engine``; ``label`` names it in messages."""
        self.label = label
        self.path = path
        self.snapshot = snapshot
        self._engine = engine
        self._connection: sqlite3.Connection | None = None

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, built on first use."""
        if self._engine is None:
            assert self.path is not None
            self._engine = sqlite_engine(self.path, snapshot=self.snapshot)
        return self._engine

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

    @contextmanager
    def sql(self, *, write: bool = False) -> Iterator[Sql]:
        """One unit of work in plain SQL, with the same transactions as ``session``."""
        if self.path is None:
            with self.session(write=write) as session:
                yield SessionSql(session)
            return
        try:
            connection = self._sqlite_connection()
            cache = WRITING_CACHE_KIB if write else READING_CACHE_KIB
            connection.execute(f"PRAGMA cache_size = -{cache}")
            connection.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        except sqlite3.DatabaseError as error:
            raise storage_error(self.label, error) from None
        try:
            yield SqliteSql(connection)
            connection.execute("COMMIT")
        except sqlite3.DatabaseError as error:
            _roll_back(connection)
            raise storage_error(self.label, error) from None
        except BaseException:
            _roll_back(connection)
            raise

    def _sqlite_connection(self) -> sqlite3.Connection:
        if self._connection is None:
            assert self.path is not None
            if self.snapshot:
                connection = sqlite3.connect(
                    reading_uri(self.path), uri=True, timeout=BUSY_TIMEOUT_SECONDS
                )
            else:
                connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS)
            _set_up_connection(connection)
            self._connection = connection
        return self._connection

    def close(self) -> None:
        """Release the journal's connections."""
        if self._connection is not None:
            self._connection.close()
            self._connection = None
        if self._engine is not None:
            self._engine.dispose()

    def __enter__(self) -> Journal:
        """Use the journal for the length of a ``with`` block."""
        return self

    def __exit__(self, *_exc: object) -> None:
        """Close the journal at the end of the block."""
        self.close()


def _roll_back(connection: sqlite3.Connection) -> None:
    if connection.in_transaction:
        connection.execute("ROLLBACK")


def _set_up_connection(connection: Any) -> None:
    """Every connection: transactions begun by learnlog, foreign keys, busy timeout and WAL."""
    connection.isolation_level = None
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.close()


def _on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event, not the driver, decide how transactions start.
    _set_up_connection(dbapi_connection)


def _on_begin(connection: Any) -> None:
    write = connection.get_execution_options().get("learnlog_write", False)
    connection.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


def sqlite_engine(path: Path, *, snapshot: bool = False) -> Engine:
    """An engine for a SQLite journal file with WAL, foreign keys and a busy timeout.

    ``snapshot`` reads a journal learnlog cannot write (see ``reads_as_snapshot``): nothing is
    created beside it, and any write fails as a read-only error.
    """
    from sqlalchemy import URL, create_engine, event

    options: dict[str, Any] = {}
    if snapshot:
        uri = reading_uri(path)
        options["creator"] = lambda: sqlite3.connect(
            uri, uri=True, timeout=BUSY_TIMEOUT_SECONDS, check_same_thread=False
        )
    engine = create_engine(
        # URL.create, not an f-string: '%' or '?' in a file name must not be read as URL syntax.
        URL.create("sqlite", database=str(path)),
        connect_args={"timeout": BUSY_TIMEOUT_SECONDS},
        hide_parameters=True,
        **options,
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def open_sqlite(path: Path, *, now: datetime) -> Journal:
    """Open (creating or upgrading when needed) the SQLite journal at ``path``."""
    prepare_file(path)
    inspection = inspect_file(path)
    refuse_unusable(path, inspection)
    snapshot = reads_as_snapshot(path)
    if snapshot and inspection.state is not SchemaState.CURRENT:
        # Creating or upgrading writes (and backs up beside the journal): refuse up front.
        raise StorageError(
            f"the journal at {path} needs {_work(inspection)} but {read_only_reason(path)}; "
            "nothing was changed. Make it writable, then run learnlog again"
        )
    journal = Journal(str(path), path=path, snapshot=snapshot)
    if inspection.state is not SchemaState.CURRENT:
        from learnlog.store.migrate import upgrade_sqlite

        try:
            upgrade_sqlite(journal.engine, path, now=now)
        finally:
            journal.close()  # the next unit of work connects to the upgraded file afresh
    return journal


def _work(inspection: Inspection) -> str:
    if inspection.state is SchemaState.EMPTY:
        return "setting up as a new journal"
    return f"an upgrade from schema {inspection.revision or 'none'}"


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
    return Journal(label, engine=engine)
