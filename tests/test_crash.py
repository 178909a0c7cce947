"""Processes killed with SIGKILL mid-import and mid-upgrade: the journal survives whole.

Each kill is followed by the same checks: SQLite's integrity check passes, learnlog opens the
journal, and every transaction is wholly there or wholly absent. The moments are chosen at
random from a seeded generator, spread over the measured length of the work, and some are
triggered by what the dying process has visibly done (its write-ahead log growing, its backup
appearing), so that the middle of the write is hit on any machine, fast or slow.
"""

from __future__ import annotations

import hashlib
import json
import random
import shutil
import signal
import sqlite3
import subprocess
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from time import monotonic, sleep
from typing import Any

import pytest

from learnlog.store.schema import APPLICATION_ID, HEAD
from tests.conftest import Sandbox, installed_learnlog, subprocess_env

Run = Any  # the ``cli`` fixture: (*args, input=None) -> Outcome

SEED = 20261123
NAMESPACE = uuid.UUID("6c6c6f67-0000-4000-8000-637261736821")
PROCESS_TIMEOUT = 300
POLL_SECONDS = 0.001

IMPORT_ENTRIES = 3000  # long enough that SQLite spills pages to the log before the commit
IMPORT_PAPERS = 20
IMPORT_ROUNDS = 4

OLD_REVISION = "0001"  # every migration runs, including the ones that rebuild tables
OLD_ENTRIES = 10_000  # so that rebuilding tables and the search index takes a while
MIGRATION_ROUNDS = 4


# Running and killing


Trigger = Callable[[], bool]


@dataclass
class Kill:
    """How one round chooses its moment: a name for messages and the condition to fire on."""

    name: str
    trigger: Callable[[], Trigger]  # made when the process starts


def after(seconds: float) -> Callable[[], Trigger]:
    """Fire ``seconds`` after the process started."""

    def start() -> Trigger:
        started = monotonic()
        return lambda: monotonic() - started >= seconds

    return start


def wal_reaches(journal: Path, size: int) -> Callable[[], Trigger]:
    """Fire once the journal's write-ahead log holds ``size`` bytes: the write is under way."""
    wal = journal.with_name(journal.name + "-wal")

    def start() -> Trigger:
        return lambda: file_size(wal) >= size

    return start


def backup_appears_then(journal: Path, seconds: float) -> Callable[[], Trigger]:
    """Fire ``seconds`` after a new file other than the journal's -wal and -shm appears beside
    it: the upgrade's backup (or the copy that will become it) is being written."""
    ignored = {journal.name + suffix for suffix in ("-wal", "-shm")}

    def start() -> Trigger:
        known = {entry.name for entry in journal.parent.iterdir()} | ignored
        seen_at: list[float] = []

        def fire() -> bool:
            if not seen_at and {entry.name for entry in journal.parent.iterdir()} - known:
                seen_at.append(monotonic())
            return bool(seen_at) and monotonic() - seen_at[0] >= seconds

        return fire

    return start


def file_size(path: Path) -> int:
    try:
        return path.stat().st_size
    except FileNotFoundError:
        return 0


def start_learnlog(*args: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [installed_learnlog(), *args],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=subprocess_env(),
    )


def run_and_kill(args: list[str], kill: Kill) -> int:
    """Run learnlog and SIGKILL it when the trigger fires; its exit status (-9 when killed)."""
    process = start_learnlog(*args)
    fire = kill.trigger()
    deadline = monotonic() + PROCESS_TIMEOUT
    while process.poll() is None and monotonic() < deadline:
        if fire():
            process.send_signal(signal.SIGKILL)
            break
        sleep(POLL_SECONDS)
    _, stderr = process.communicate(timeout=PROCESS_TIMEOUT)
    code = process.returncode
    assert code in {0, -signal.SIGKILL}, (kill.name, code, stderr.decode(errors="replace"))
    return code


@dataclass
class Measured:
    """One uninterrupted run: how long it took and how big its write-ahead log grew."""

    seconds: float
    wal_peak: int


def run_and_measure(args: list[str], journal: Path) -> Measured:
    wal = journal.with_name(journal.name + "-wal")
    started = monotonic()
    process = start_learnlog(*args)
    peak = 0
    while process.poll() is None and monotonic() - started < PROCESS_TIMEOUT:
        peak = max(peak, file_size(wal))
        sleep(POLL_SECONDS)
    _, stderr = process.communicate(timeout=PROCESS_TIMEOUT)
    assert process.returncode == 0, stderr.decode(errors="replace")
    return Measured(seconds=monotonic() - started, wal_peak=peak)


def spread(rng: random.Random, rounds: int, low: float, high: float) -> list[float]:
    """``rounds`` random points in [low, high), one in each equal slice, so none bunch up."""
    width = (high - low) / rounds
    return [low + width * (k + rng.random()) for k in range(rounds)]


# Reading a journal after a crash


def connect(path: Path) -> sqlite3.Connection:
    """A plain connection; opening it recovers from the write-ahead log as learnlog would."""
    return sqlite3.connect(path, isolation_level=None)


def assert_intact(path: Path) -> None:
    """SQLite's integrity check passes, and the full-text index matches its tables."""
    connection = connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        index = connection.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'search_index'"
        ).fetchone()
        if index and index[0].startswith("CREATE VIRTUAL TABLE"):
            # Raises when the index disagrees with its own contents.
            connection.execute("INSERT INTO search_index(search_index) VALUES ('integrity-check')")
            indexed = connection.execute("SELECT count(*) FROM search_index").fetchone()[0]
            entries = connection.execute(
                "SELECT count(*) FROM entry WHERE deleted_at IS NULL"
            ).fetchone()[0]
            papers = connection.execute("SELECT count(*) FROM paper").fetchone()[0]
            assert indexed == entries + papers
    finally:
        connection.close()


def scalar(path: Path, query: str) -> Any:
    connection = connect(path)
    try:
        return connection.execute(query).fetchone()[0]
    finally:
        connection.close()


def revision(path: Path) -> str:
    value: str = scalar(path, "SELECT version_num FROM alembic_version")
    return value


def assert_opens(cli: Run, path: Path) -> None:
    """``learnlog list --json`` opens the journal (upgrading it when needed) and exits 0."""
    outcome = cli("list", "--json", "--limit", "1", "--db", str(path))
    assert outcome.exit_code == 0, outcome.stderr
    json.loads(outcome.stdout)


def copy_journal(source: Path, target: Path) -> Path:
    """A fresh copy of a closed journal (one without a write-ahead log beside it)."""
    assert not source.with_name(source.name + "-wal").exists()
    shutil.copyfile(source, target)
    return target


# (a) A large import


def uid(name: str) -> str:
    return str(uuid.uuid5(NAMESPACE, name))


# About 400 characters: the import's pages outgrow SQLite's page cache, so its uncommitted
# pages go to the write-ahead log well before the commit, and a kill can land among them.
LONG_TEXT = "gradient checkpointing trades compute for memory; " * 8


def write_large_export(path: Path, *, entries: int, papers: int) -> None:
    """A learnlog-json export of ``entries`` entries and ``papers`` papers, all read."""
    first = date(2025, 1, 1)

    def stamp(day: date) -> str:
        return datetime(day.year, day.month, day.day, 9, tzinfo=UTC).isoformat()

    document = {
        "format": "learnlog",
        "version": 1,
        "entries": [
            {
                "uid": uid(f"bulk entry {k}"),
                "day": (day := first + timedelta(days=k % 400)).isoformat(),
                "text": f"bulk fact {k}: " + LONG_TEXT,
                "tags": ["bulk", f"topic{k % 23}"],
                "source": f"https://example.org/notes/{k}" if k % 3 == 0 else None,
                "stage": "understood" if k % 5 == 0 else None,
                "starred": k % 11 == 0,
                "created_at": stamp(day),
                "updated_at": stamp(day),
            }
            for k in range(entries)
        ],
        "papers": [
            {
                "uid": uid(f"bulk paper {k}"),
                "title": f"bulk paper {k}",
                "authors": "A. Author, B. Author",
                "link": f"arXiv:2501.{k:05d}",
                "status": "read",
                "added_on": (day := first + timedelta(days=k)).isoformat(),
                "read_on": day.isoformat(),
                "notes": "read twice",
                "tags": ["bulk"],
                "created_at": stamp(day),
                "updated_at": stamp(day),
            }
            for k in range(papers)
        ],
        "habits": [],
        "check_ins": [],
        "skips": [],
        "revisits": [],
    }
    path.write_text(json.dumps(document), encoding="utf-8")


def imported_counts(path: Path) -> tuple[int, int]:
    """How many of the file's entries and papers the journal holds."""
    return (
        scalar(path, "SELECT count(*) FROM entry WHERE text LIKE 'bulk fact %'"),
        scalar(path, "SELECT count(*) FROM paper WHERE title LIKE 'bulk paper %'"),
    )


def test_an_import_killed_at_any_moment_is_wholly_there_or_wholly_absent(
    sandbox: Sandbox, cli: Run
) -> None:
    folder = sandbox.root / "import"
    folder.mkdir()
    export = folder / "large.json"
    write_large_export(export, entries=IMPORT_ENTRIES, papers=IMPORT_PAPERS)
    base = folder / "base.db"
    assert cli("add", "written before the import #kept", "--db", str(base)).exit_code == 0
    everything = (IMPORT_ENTRIES, IMPORT_PAPERS)

    # One uninterrupted import first: how long it takes, how far its log grows.
    measured_journal = copy_journal(base, folder / "measured.db")
    measured = run_and_measure(
        ["import", str(export), "--db", str(measured_journal)], measured_journal
    )
    assert imported_counts(measured_journal) == everything

    rng = random.Random(SEED)
    delays = spread(rng, IMPORT_ROUNDS // 2, 0.3 * measured.seconds, measured.seconds)
    outcomes = []
    journal = base
    for round_number in range(IMPORT_ROUNDS):
        journal = copy_journal(base, folder / f"round-{round_number}.db")
        if round_number % 2 == 0:  # anywhere in the process's life
            delay = delays[round_number // 2]
            kill = Kill(f"after {delay:.2f} s", after(delay))
        else:  # while the import's pages are going into the log
            size = int(measured.wal_peak * (0.05 + 0.9 * rng.random())) or 1
            kill = Kill(f"at {size} bytes of log", wal_reaches(journal, size))
        code = run_and_kill(["import", str(export), "--db", str(journal)], kill)
        log_left = file_size(journal.with_name(journal.name + "-wal"))
        assert_intact(journal)
        counts = imported_counts(journal)
        outcomes.append((kill.name, code, f"{log_left} bytes of log left", counts))
        assert counts in {(0, 0), everything}, outcomes
        assert scalar(journal, "SELECT count(*) FROM entry WHERE text LIKE 'written before%'") == 1
        assert_opens(cli, journal)

    # The last journal takes the whole import afterwards, once.
    finished = subprocess.run(
        [installed_learnlog(), "import", str(export), "--db", str(journal), "--json"],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=PROCESS_TIMEOUT,
        check=False,
    )
    assert finished.returncode == 0, finished.stderr
    tally = json.loads(finished.stdout)["entries"]
    assert tally["added"] + tally["unchanged"] == IMPORT_ENTRIES
    assert imported_counts(journal) == everything
    assert_intact(journal)


# (b) An upgrade


def build_old_journal(path: Path, *, at: str, entries: int) -> None:
    """A journal as an older learnlog left it: the schema up to ``at`` and plenty of rows."""
    from alembic import command

    from learnlog.store.database import sqlite_engine
    from learnlog.store.migrate import alembic_config

    engine = sqlite_engine(path)
    try:
        with engine.connect() as migrating, migrating.begin():
            command.upgrade(alembic_config(migrating), at)
            migrating.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    finally:
        engine.dispose()
    first = date(2024, 1, 1)
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.executemany(
                "INSERT INTO entry (uid, day, text, source, stage, starred, created_at, "
                "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    (
                        uid(f"old entry {k}"),
                        (first + timedelta(days=k % 700)).isoformat(),
                        f"old fact {k}: attention is a weighted average of values",
                        f"https://example.org/{k}" if k % 4 == 0 else None,
                        "explained" if k % 7 == 0 else None,
                        k % 13 == 0,
                        "2024-01-01 09:00:00.000000",
                        "2024-01-01 09:00:00.000000",
                    )
                    for k in range(entries)
                ),
            )
            connection.executemany(
                "INSERT INTO entry_tag (entry_id, tag) VALUES (?, ?)",
                ((k + 1, tag) for k in range(entries) for tag in ("old", f"topic{k % 31}")),
            )
            connection.executemany(
                "INSERT INTO paper (uid, title, authors, link, status, added_on, read_on, notes, "
                "created_at, updated_at) VALUES (?, ?, ?, ?, 'read', ?, ?, ?, ?, ?)",
                (
                    (
                        uid(f"old paper {k}"),
                        f"old paper {k}",
                        "C. Author",
                        None,
                        (day := (first + timedelta(days=k)).isoformat()),
                        day,
                        "notes",
                        "2024-01-01 09:00:00.000000",
                        "2024-01-01 09:00:00.000000",
                    )
                    for k in range(100)
                ),
            )
            connection.executemany(
                "INSERT INTO paper_tag (paper_id, tag) VALUES (?, 'old')",
                ((k + 1,) for k in range(100)),
            )
            connection.execute(
                "INSERT INTO habit (uid, name, schedule, created_on, created_at, updated_at) "
                "VALUES (?, 'fastai', 'day', '2024-01-01', '2024-01-01 09:00:00.000000', "
                "'2024-01-01 09:00:00.000000')",
                (uid("old habit"),),
            )
            connection.executemany(
                "INSERT INTO check_in (uid, habit_id, day, minutes, created_at) "
                "VALUES (?, 1, ?, 30, '2024-01-01 09:00:00.000000')",
                (
                    (uid(f"old check-in {k}"), (first + timedelta(days=k)).isoformat())
                    for k in range(300)
                ),
            )
            columns = {row[1] for row in connection.execute("PRAGMA table_info(skip)")}
            habit_column, habit = ("habit_id", 1) if "habit_id" in columns else ("habit", "fastai")
            connection.execute(
                f"INSERT INTO skip (uid, {habit_column}, first_day, last_day, note, created_at) "
                "VALUES (?, ?, '2024-12-24', '2024-12-26', 'holidays', "
                "'2024-01-01 09:00:00.000000')",
                (uid("old skip"), habit),
            )
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        connection.close()
    for suffix in ("-wal", "-shm"):
        path.with_name(path.name + suffix).unlink(missing_ok=True)


# The rows every revision keeps, in columns every revision has.
KEPT_ROWS = {
    "entry": "SELECT id, uid, day, text, source, stage, starred, created_at, updated_at "
    "FROM entry ORDER BY id",
    "entry_tag": "SELECT entry_id, tag FROM entry_tag ORDER BY entry_id, tag",
    "paper": "SELECT * FROM paper ORDER BY id",
    "paper_tag": "SELECT paper_id, tag FROM paper_tag ORDER BY paper_id, tag",
    "habit": "SELECT * FROM habit ORDER BY id",
    "check_in": "SELECT * FROM check_in ORDER BY id",
    "skip": "SELECT uid, first_day, last_day, note, created_at FROM skip ORDER BY id",
}


def kept_rows(path: Path) -> str:
    """A digest of every kept row, so that two journals can be compared cheaply."""
    digest = hashlib.sha256()
    connection = connect(path)
    try:
        for table, query in KEPT_ROWS.items():
            rows = connection.execute(query).fetchall()
            digest.update(f"{table} {len(rows)} {rows!r}\n".encode())
    finally:
        connection.close()
    return digest.hexdigest()


def dump_digest(path: Path) -> str:
    """A digest of the whole database: schema, every row, and its application id."""
    status = path.stat()
    key = (path, status.st_size, status.st_mtime_ns)
    if key not in DIGESTS:
        DIGESTS[key] = _dump_digest(path)
    return DIGESTS[key]


DIGESTS: dict[tuple[Path, int, int], str] = {}  # a backup is read once, however often checked


def _dump_digest(path: Path) -> str:
    digest = hashlib.sha256()
    connection = connect(path)
    try:
        (application_id,) = connection.execute("PRAGMA application_id").fetchone()
        digest.update(f"application_id {application_id}\n".encode())
        for line in connection.iterdump():
            digest.update(line.encode())
    finally:
        connection.close()
    return digest.hexdigest()


def backups_of(journal: Path) -> list[Path]:
    return sorted(journal.parent.glob(journal.name + ".*.bak"))


def assert_backups_are_whole_copies(journal: Path, original: str) -> None:
    """Every upgrade backup beside the journal is a complete, private copy of the original."""
    for backup in backups_of(journal):
        assert backup.name.endswith(f".schema-{OLD_REVISION}.bak"), backup.name
        assert backup.stat().st_mode & 0o777 == 0o600, backup.name
        assert backup_digest(backup) == original, f"{backup.name} is not a whole copy"


def backup_digest(backup: Path) -> str:
    """The dump digest of an intact backup, read once however often it is checked.

    Remembered by size and time of change: a backup has no write-ahead log beside it, so
    everything it holds is in the file itself.
    """
    status = backup.stat()
    key = (backup, status.st_size, status.st_mtime_ns)
    if key not in BACKUP_DIGESTS:
        assert not backup.with_name(backup.name + "-wal").exists()
        assert_intact(backup)
        BACKUP_DIGESTS[key] = dump_digest(backup)
    return BACKUP_DIGESTS[key]


BACKUP_DIGESTS: dict[tuple[Path, int, int], str] = {}


def assert_nothing_else_beside(journal: Path) -> None:
    """Besides the journal, its SQLite sidecars and backups, the folder holds nothing."""
    allowed = {journal.name, *(journal.name + suffix for suffix in ("-wal", "-shm"))}
    allowed |= {backup.name for backup in backups_of(journal)}
    assert {entry.name for entry in journal.parent.iterdir()} <= allowed


@pytest.fixture(scope="module")
def old_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A large journal at an old schema revision, built once for the module's tests."""
    path = tmp_path_factory.mktemp("old") / "old.db"
    build_old_journal(path, at=OLD_REVISION, entries=OLD_ENTRIES)
    return path


def test_an_upgrade_killed_at_any_moment_leaves_the_journal_and_its_backups_whole(
    sandbox: Sandbox, cli: Run, old_journal: Path
) -> None:
    original = dump_digest(old_journal)
    rows = kept_rows(old_journal)

    # One uninterrupted upgrade first: how long the process takes, how far its log grows.
    measured_folder = sandbox.root / "measured"
    measured_folder.mkdir()
    measured_journal = copy_journal(old_journal, measured_folder / "journal.db")
    measured = run_and_measure(
        ["list", "--json", "--limit", "1", "--db", str(measured_journal)], measured_journal
    )
    assert revision(measured_journal) == HEAD
    assert kept_rows(measured_journal) == rows
    assert len(backups_of(measured_journal)) == 1
    assert_backups_are_whole_copies(measured_journal, original)

    rng = random.Random(SEED)
    outcomes = []
    for round_number in range(MIGRATION_ROUNDS):
        folder = sandbox.root / f"round-{round_number}"
        folder.mkdir()
        journal = copy_journal(old_journal, folder / "journal.db")
        kind = round_number % 3
        if kind == 0:  # while the backup is written, or just after
            delay = 0.03 * rng.random()
            kill = Kill(
                f"{delay:.3f} s after the backup appeared", backup_appears_then(journal, delay)
            )
        elif kind == 1:  # while the migrations write to the log
            size = int(measured.wal_peak * (0.05 + 0.9 * rng.random())) or 1
            kill = Kill(f"at {size} bytes of log", wal_reaches(journal, size))
        else:  # anywhere in the process's life
            delay = measured.seconds * (0.3 + 0.7 * rng.random())
            kill = Kill(f"after {delay:.2f} s", after(delay))
        code = run_and_kill(["list", "--json", "--limit", "1", "--db", str(journal)], kill)
        assert_intact(journal)
        reached = revision(journal)
        outcomes.append((kill.name, code, reached, [path.name for path in folder.iterdir()]))
        assert reached in {OLD_REVISION, HEAD}, outcomes
        assert kept_rows(journal) == rows, outcomes
        if reached == OLD_REVISION:
            assert dump_digest(journal) == original, outcomes  # not a trace of the upgrade
        assert_backups_are_whole_copies(journal, original)

        # The next run upgrades it fully (or finds it done), and leaves nothing half-made.
        assert_opens(cli, journal)
        assert revision(journal) == HEAD
        assert_intact(journal)
        assert kept_rows(journal) == rows
        assert backups_of(journal), outcomes
        assert_backups_are_whole_copies(journal, original)
        assert_nothing_else_beside(journal)


# (c) A failing upgrade


def old_journal_that_cannot_be_upgraded(path: Path) -> None:
    """A journal at 0004 holding a table named like the search index that 0005 creates."""
    build_old_journal(path, at="0004", entries=50)
    connection = sqlite3.connect(path)
    try:
        with connection:
            connection.execute("CREATE TABLE search_index (note TEXT)")
            connection.execute("INSERT INTO search_index VALUES ('in the way')")
    finally:
        connection.close()


def test_a_failing_upgrade_leaves_the_journal_and_its_backup_intact(sandbox: Sandbox) -> None:
    journal = sandbox.db
    journal.parent.mkdir(parents=True)
    old_journal_that_cannot_be_upgraded(journal)
    original = dump_digest(journal)
    outcome = subprocess.run(
        [installed_learnlog(), "list"],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=PROCESS_TIMEOUT,
        check=False,
    )
    assert outcome.returncode == 3, outcome.stderr
    assert outcome.stderr.count("\n") == 1, outcome.stderr
    assert outcome.stderr.startswith("error: ")
    assert "search_index already exists" in outcome.stderr
    assert "Traceback" not in outcome.stderr + outcome.stdout
    assert dump_digest(journal) == original
    assert revision(journal) == "0004"
    [backup] = backups_of(journal)
    assert f"the copy taken before it is {backup}" in outcome.stderr
    assert backup.stat().st_mode & 0o777 == 0o600
    assert_intact(backup)
    assert dump_digest(backup) == original
    assert_nothing_else_beside(journal)


def test_a_retry_in_the_same_second_keeps_both_backups(sandbox: Sandbox) -> None:
    """Backups are named by the second; a second failed upgrade must not collide with the first."""
    from learnlog.errors import StorageError
    from learnlog.store.database import open_sqlite

    journal = sandbox.db
    journal.parent.mkdir(parents=True)
    old_journal_that_cannot_be_upgraded(journal)
    original = dump_digest(journal)
    now = datetime(2026, 11, 18, 20, 30, tzinfo=UTC)
    for attempt in (1, 2):
        with pytest.raises(StorageError) as raised:
            open_sqlite(journal, now=now)
        assert raised.value.exit_code == 3
        assert "search_index already exists" in raised.value.message
        assert len(backups_of(journal)) == attempt
        assert str(backups_of(journal)[-1]) in raised.value.message
    assert [backup.name for backup in backups_of(journal)] == [
        "learnlog.db.20261118T203000Z.schema-0004.bak",
        "learnlog.db.20261118T203001Z.schema-0004.bak",
    ]
    assert dump_digest(journal) == original
    for backup in backups_of(journal):
        assert dump_digest(backup) == original
    assert_nothing_else_beside(journal)
