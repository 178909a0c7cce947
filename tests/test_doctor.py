"""learnlog doctor and learnlog backup, on real journal files.

The doctor only reads: every test that shows it a journal checks the file is byte-for-byte
what it was. Backups are opened and checked, not just looked for.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import stat
import subprocess
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from learnlog.services.maintenance import size_text
from learnlog.store.schema import HEAD
from tests.conftest import (
    Outcome,
    Sandbox,
    imported_modules,
    installed_learnlog,
    orm_modules,
    subprocess_env,
)
from tests.test_cli import assert_one_line_error, db_dump
from tests.test_store import build_journal_at

Run = Any

CHECK_NAMES = [
    "journal",
    "permissions",
    "schema",
    "integrity",
    "search_index",
    "free_space",
    "backups",
    "config",
    "log",
]
SIDECAR_NAMES = {"learnlog.db-wal", "learnlog.db-shm"}
BACKUP_NAME = re.compile(r"learnlog\.db\.\d{8}T\d{6}Z\.backup\.bak")


@pytest.fixture(autouse=True)
def enough_free_space(monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the disk running the tests holds, the free-space check passes unless told."""
    monkeypatch.setattr("learnlog.services.maintenance.MIN_FREE_BYTES", 0)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def sidecars(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.glob(path.name + "-*"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def lines_by_check(outcome: Outcome) -> dict[str, str]:
    """The report's line for each check, keyed by the check's name."""
    found = {}
    for line in outcome.stdout.splitlines():
        parts = line.split(maxsplit=1)
        if len(parts) == 2 and parts[0] in {"ok", "warning", "problem", "skipped"}:
            rest = parts[1]
            for name in CHECK_NAMES:
                shown = name.replace("_", " ")
                if rest.startswith(shown + " "):
                    found[name] = f"{parts[0]} {rest[len(shown) :].strip()}"
    return found


def statuses(outcome: Outcome) -> dict[str, str]:
    return {check["name"]: check["status"] for check in outcome.json()["checks"]}


def make_journal(cli: Run, sandbox: Sandbox, *, entries: int = 0) -> Path:
    """A journal written by learnlog, with ``entries`` more rows added the way a writer would."""
    assert cli("add", "Broadcasting aligns trailing axes #numpy").exit_code == 0
    assert cli("paper", "add", "Attention is all you need", "--tag", "nlp").exit_code == 0
    if entries:
        connection = sqlite3.connect(sandbox.db)
        with connection:
            for number in range(entries):
                cursor = connection.execute(
                    "INSERT INTO entry (uid, day, text, starred, created_at, updated_at) "
                    "VALUES (?, '2026-11-01', ?, 0, '2026-11-01 10:00:00', "
                    "'2026-11-01 10:00:00')",
                    (f"filler-{number}", f"filler entry {number} " + "words to fill " * 30),
                )
                connection.execute(
                    "INSERT INTO entry_tag (entry_id, tag) VALUES (?, 'filler')",
                    (cursor.lastrowid,),
                )
        connection.close()
    assert sidecars(sandbox.db) == []
    return sandbox.db


def run_sql(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    try:
        with connection:
            for statement in statements:
                connection.execute(statement)
    finally:
        connection.close()


# the doctor on a healthy journal


def test_a_healthy_journal_passes_every_check_and_is_left_as_it_was(
    cli: Run, sandbox: Sandbox
) -> None:
    journal = make_journal(cli, sandbox, entries=20)
    before = sha256(journal)

    outcome = cli("doctor")

    assert outcome.exit_code == 0, outcome
    found = lines_by_check(outcome)
    assert list(found) == CHECK_NAMES
    assert all(line.startswith("ok ") for line in found.values()), found
    assert f"{journal} (" in found["journal"]
    assert "21 entries" in found["journal"]
    assert f"revision {HEAD}" in found["schema"]
    assert outcome.stderr == "everything is in order\n"
    assert sha256(journal) == before
    assert "Traceback" not in outcome.stdout + outcome.stderr


def test_doctor_json_has_every_check_in_order_and_the_paths(cli: Run, sandbox: Sandbox) -> None:
    make_journal(cli, sandbox)
    assert cli("backup").exit_code == 0

    document = cli("doctor", "--json").json()

    assert set(document) == {
        "status",
        "exit_code",
        "journal",
        "config",
        "log",
        "schema",
        "checks",
        "backups",
    }
    assert document["status"] == "ok"
    assert document["exit_code"] == 0
    assert document["journal"] == str(sandbox.db)
    assert document["config"] == str(sandbox.config)
    assert document["log"].endswith("learnlog.log")
    assert document["schema"] == {"state": "current", "revision": HEAD, "supported": HEAD}
    assert [check["name"] for check in document["checks"]] == CHECK_NAMES
    for check in document["checks"]:
        assert set(check) == {"name", "status", "message", "fix"}
        assert check["status"] == "ok"
        assert check["fix"] is None
    [backup] = document["backups"]
    assert set(backup) == {
        "path",
        "kind",
        "taken_at",
        "bytes",
        "mode",
        "schema",
        "entries",
        "usable",
    }
    assert BACKUP_NAME.fullmatch(Path(backup["path"]).name)
    assert backup["kind"] == "backup"
    assert backup["mode"] == "0600"
    assert backup["schema"] == HEAD
    assert backup["entries"] == 1
    assert backup["usable"] is True
    assert backup["bytes"] == Path(backup["path"]).stat().st_size


def test_doctor_never_loads_the_database_stack(sandbox: Sandbox) -> None:
    """Plain sqlite3 only: no SQLAlchemy and no Alembic, so it cannot run an upgrade either."""
    env = subprocess_env()
    added = subprocess.run(
        [installed_learnlog(), "add", "one thing"], env=env, capture_output=True, check=False
    )
    assert added.returncode == 0
    for args in (["doctor", "--help"], ["backup", "--help"], ["doctor"], ["doctor", "--json"]):
        _outcome, imported = imported_modules(*args)
        assert "learnlog.launch" in imported
        assert orm_modules(imported) == set(), args


# permissions, free space, settings


def test_a_journal_open_to_others_is_a_warning_with_the_chmod_that_fixes_it(
    cli: Run, sandbox: Sandbox
) -> None:
    journal = make_journal(cli, sandbox)
    journal.chmod(0o644)
    journal.parent.chmod(0o755)

    outcome = cli("doctor")

    assert outcome.exit_code == 0  # a warning is not a failure
    line = lines_by_check(outcome)["permissions"]
    assert line.startswith("warning ")
    assert "mode 0644" in line
    assert "mode 0755" in line
    command = line.split("run: ", 1)[1]
    assert command == f"chmod 600 {journal} && chmod 700 {journal.parent}"
    assert "found 1 warning" in outcome.stderr

    subprocess.run(command, shell=True, check=True)
    assert statuses(cli("doctor", "--json"))["permissions"] == "ok"
    assert mode(journal) == 0o600
    assert mode(journal.parent) == 0o700


def test_a_journal_its_owner_cannot_write_is_a_problem(cli: Run, sandbox: Sandbox) -> None:
    journal = make_journal(cli, sandbox)
    journal.chmod(0o400)
    try:
        outcome = cli("doctor")
    finally:
        journal.chmod(0o600)
    assert outcome.exit_code == 1
    line = lines_by_check(outcome)["permissions"]
    assert line.startswith("problem ")
    assert f"chmod 600 {journal}" in line


def test_little_free_space_is_a_warning(
    cli: Run, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_journal(cli, sandbox)
    monkeypatch.setattr("learnlog.services.maintenance.MIN_FREE_BYTES", 10**18)
    outcome = cli("doctor")
    assert outcome.exit_code == 0
    line = lines_by_check(outcome)["free_space"]
    assert line.startswith("warning only ")
    assert "free some space" in line


def test_a_malformed_config_is_a_problem_naming_file_and_line(cli: Run, sandbox: Sandbox) -> None:
    journal = make_journal(cli, sandbox)
    sandbox.config.parent.mkdir(parents=True, exist_ok=True)
    sandbox.config.write_text("papers_per_week = 2\ntimezone = \n")

    outcome = cli("doctor")

    assert outcome.exit_code == 1
    found = lines_by_check(outcome)
    assert found["config"].startswith(f"problem config file {sandbox.config} is malformed")
    assert "line 2" in found["config"]
    assert "learnlog config edit" in found["config"]
    assert found["integrity"].startswith("ok ")  # the journal is still checked
    assert sidecars(journal) in ([], ["learnlog.db-shm", "learnlog.db-wal"])


# journals that are not there, damaged, refused


def test_a_missing_journal_is_exit_1_and_nothing_is_created(cli: Run, sandbox: Sandbox) -> None:
    journal = sandbox.root / "nowhere" / "deeper" / "learnlog.db"
    before = sorted(path.relative_to(sandbox.root) for path in sandbox.root.rglob("*"))

    outcome = cli("doctor", "--db", str(journal))

    assert outcome.exit_code == 1
    found = lines_by_check(outcome)
    assert found["journal"].startswith(f"problem there is no journal at {journal}")
    assert all(found[name].startswith("skipped ") for name in CHECK_NAMES[1:6])
    assert not journal.parent.parent.exists()
    after = sorted(path.relative_to(sandbox.root) for path in sandbox.root.rglob("*"))
    assert after == before
    assert cli("doctor", "--db", str(journal), "--json").json()["exit_code"] == 1


def damage_by_truncating(path: Path) -> None:
    os.truncate(path, path.stat().st_size // 2)


def damage_in_the_middle(path: Path) -> None:
    pages = path.stat().st_size // 4096
    with path.open("r+b") as handle:
        handle.seek(pages // 2 * 4096)
        handle.write(b"\xab" * 4096 * 3)


@pytest.mark.parametrize("damage", [damage_by_truncating, damage_in_the_middle])
def test_a_damaged_journal_is_exit_3_and_left_as_it_is(
    cli: Run, sandbox: Sandbox, damage: Any
) -> None:
    journal = make_journal(cli, sandbox, entries=300)
    good_copy = journal.with_name("learnlog.db.20261101T080000Z.backup.bak")
    shutil.copyfile(journal, good_copy)
    good_copy.chmod(0o600)
    damage(journal)
    before = sha256(journal)

    outcome = cli("doctor")

    assert outcome.exit_code == 3, outcome
    found = lines_by_check(outcome)
    problems = {name: line for name, line in found.items() if line.startswith("problem ")}
    # Cut short is seen before SQLite reads the schema; damage inside, by the integrity check.
    assert list(problems) in (["schema"], ["integrity"])
    [line] = problems.values()
    assert "damaged" in line
    assert good_copy.name in line
    assert sha256(journal) == before
    assert sidecars(journal) == []
    assert "Traceback" not in outcome.stdout + outcome.stderr

    backed_up = cli("backup")
    assert_one_line_error(backed_up, 3, "damaged")
    assert sorted(p.name for p in journal.parent.iterdir()) == ["learnlog.db", good_copy.name]
    assert sha256(journal) == before


def newer_journal(cli: Run, sandbox: Sandbox) -> Path:
    journal = make_journal(cli, sandbox)
    run_sql(journal, "UPDATE alembic_version SET version_num = '9999'")
    return journal


def foreign_database(cli: Run, sandbox: Sandbox) -> Path:
    del cli
    sandbox.db.parent.mkdir(mode=0o700)
    connection = sqlite3.connect(sandbox.db)
    connection.execute("PRAGMA journal_mode = WAL")  # so that reading it makes sidecars
    with connection:
        connection.execute("CREATE TABLE bookmarks (url TEXT)")
        connection.execute("INSERT INTO bookmarks VALUES ('https://example.org')")
    connection.close()
    sandbox.db.chmod(0o600)
    return sandbox.db


@pytest.mark.parametrize(
    ("make", "says"),
    [(newer_journal, "newer learnlog"), (foreign_database, "another program")],
    ids=["newer", "foreign"],
)
def test_a_journal_learnlog_refuses_is_a_problem_and_left_untouched(
    cli: Run, sandbox: Sandbox, make: Any, says: str
) -> None:
    journal = make(cli, sandbox)
    assert sidecars(journal) == []
    before = sha256(journal)

    outcome = cli("doctor")

    assert outcome.exit_code == 3
    line = lines_by_check(outcome)["schema"]
    assert line.startswith("problem ")
    assert says in line
    assert sha256(journal) == before
    assert sidecars(journal) == []

    backed_up = cli("backup")
    assert_one_line_error(backed_up, 3, says, "untouched")
    assert sorted(p.name for p in journal.parent.iterdir()) == ["learnlog.db"]
    assert sha256(journal) == before


@pytest.mark.parametrize(
    ("content", "code"),
    [(b"just some notes\n" * 100, 3), (None, 3)],
    ids=["text-file", "directory"],
)
def test_a_path_that_is_no_journal_is_reported_without_a_traceback(
    cli: Run, sandbox: Sandbox, content: bytes | None, code: int
) -> None:
    sandbox.db.parent.mkdir(mode=0o700)
    if content is None:
        sandbox.db.mkdir()
    else:
        sandbox.db.write_bytes(content)
    outcome = cli("doctor")
    assert outcome.exit_code == code
    assert "Traceback" not in outcome.stdout + outcome.stderr
    assert cli("doctor", "--json").json()["status"] == "problem"
    if content is not None:
        assert sandbox.db.read_bytes() == content
    assert_one_line_error(cli("backup"), 3)


def test_a_search_index_out_of_step_is_a_problem_of_its_own(cli: Run, sandbox: Sandbox) -> None:
    journal = make_journal(cli, sandbox, entries=5)
    run_sql(journal, "DELETE FROM search_index WHERE rowid = 1")

    outcome = cli("doctor")

    assert outcome.exit_code == 1
    found = lines_by_check(outcome)
    assert found["integrity"].startswith("ok ")
    assert found["search_index"].startswith(
        "problem 1 entries or papers are missing from the search index"
    )


def test_a_damaged_search_index_is_found(cli: Run, sandbox: Sandbox) -> None:
    journal = make_journal(cli, sandbox)
    # The index's own copy of the text no longer matches the words it indexes.
    run_sql(journal, "UPDATE search_index_content SET c2 = 'something else' WHERE id = 1")
    line = lines_by_check(cli("doctor"))["search_index"]
    assert line.startswith("problem the search index is damaged")


# backups beside the journal


def test_doctor_lists_every_backup_beside_the_journal_newest_first(
    cli: Run, sandbox: Sandbox
) -> None:
    journal = make_journal(cli, sandbox)
    upgrade = journal.with_name("learnlog.db.20260101T090000Z.schema-0004.bak")
    manual = journal.with_name("learnlog.db.20260301T120000Z.backup.bak")
    broken = journal.with_name("learnlog.db.20260201T000000Z.backup.bak")
    for path in (upgrade, manual):
        shutil.copyfile(journal, path)
        path.chmod(0o600)
    broken.write_bytes(b"not a database")
    broken.chmod(0o644)
    journal.with_name("other.db.20260101T090000Z.backup.bak").write_bytes(b"")  # not ours

    outcome = cli("doctor", "--json")

    assert outcome.exit_code == 0
    listed = outcome.json()["backups"]
    assert [(b["path"], b["kind"], b["taken_at"]) for b in listed] == [
        (str(manual), "backup", "2026-03-01T12:00:00+00:00"),
        (str(broken), "backup", "2026-02-01T00:00:00+00:00"),
        (str(upgrade), "upgrade", "2026-01-01T09:00:00+00:00"),
    ]
    assert [b["usable"] for b in listed] == [True, False, True]
    assert [b["schema"] for b in listed] == [HEAD, None, HEAD]
    check = {c["name"]: c for c in outcome.json()["checks"]}["backups"]
    assert check["status"] == "warning"
    assert broken.name in check["message"]
    assert check["fix"].endswith(f"chmod 600 {broken}")

    text = cli("doctor").stdout
    assert "backups beside the journal, newest first:" in text
    assert "2026-01-01 09:00:00 UTC  before upgrade" in text
    assert str(upgrade) in text


def test_an_older_journal_is_reported_not_upgraded_then_its_upgrade_backup_is_listed(
    cli: Run, sandbox: Sandbox
) -> None:
    sandbox.db.parent.mkdir(mode=0o700)
    build_journal_at(sandbox.db, "0004")  # the real migrations, up to the previous revision
    before = sha256(sandbox.db)

    document = cli("doctor", "--json").json()

    assert document["exit_code"] == 0
    assert document["schema"] == {"state": "older", "revision": "0004", "supported": HEAD}
    schema = {c["name"]: c for c in document["checks"]}["schema"]
    assert "upgraded on next use, after a backup" in schema["message"]
    assert sha256(sandbox.db) == before  # the doctor upgraded nothing
    assert document["backups"] == []

    assert cli("list").exit_code == 0  # an ordinary command upgrades, after a backup

    document = cli("doctor", "--json").json()
    assert document["schema"]["state"] == "current"
    [backup] = document["backups"]
    assert backup["kind"] == "upgrade"
    assert backup["schema"] == "0004"
    assert backup["entries"] == 1
    assert backup["usable"] is True


# learnlog backup


def test_a_backup_holds_exactly_what_the_journal_holds(cli: Run, sandbox: Sandbox) -> None:
    journal = make_journal(cli, sandbox, entries=40)
    before = sha256(journal)

    outcome = cli("backup", "--json")

    assert outcome.exit_code == 0, outcome
    document = outcome.json()
    assert set(document) == {"path", "bytes", "entries", "schema"}
    copy = Path(document["path"])
    assert copy.parent == journal.parent
    assert BACKUP_NAME.fullmatch(copy.name)
    assert document["bytes"] == copy.stat().st_size
    assert document["entries"] == 41
    assert document["schema"] == HEAD
    assert mode(copy) == 0o600
    assert db_dump(copy) == db_dump(journal)
    assert sha256(journal) == before
    assert outcome.stderr == f"backed up 41 entries ({size_text(document['bytes'])}) to {copy}\n"
    assert files_beside(journal) == ["learnlog.db", copy.name]


def files_beside(journal: Path) -> list[str]:
    """The files in the journal's folder, leaving out the empty ``-wal`` a reader may leave.

    A read-only SQLite connection to a WAL journal nobody else has open leaves an empty
    ``-wal`` and a ``-shm`` behind; the next learnlog command that writes removes them.
    """
    wal = journal.with_name(journal.name + "-wal")
    if wal.exists():
        assert wal.stat().st_size == 0
    return sorted(path.name for path in journal.parent.iterdir() if path.name not in SIDECAR_NAMES)


@pytest.mark.parametrize(
    ("size", "shown"),
    [(0, "0 bytes"), (812, "812 bytes"), (1000, "1.0 KB"), (456_789, "457 KB"),
     (1_234_567, "1.2 MB"), (98_765_432_100, "99 GB")],
)  # fmt: skip
def test_sizes_read_as_people_write_them(size: int, shown: str) -> None:
    assert size_text(size) == shown


def test_backups_made_in_the_same_second_get_the_next_free_name(cli: Run, sandbox: Sandbox) -> None:
    from learnlog.services.maintenance import back_up

    journal = make_journal(cli, sandbox)
    now = datetime(2026, 11, 18, 20, 30, tzinfo=UTC)
    first = back_up(journal, output=None, now=now)
    second = back_up(journal, output=None, now=now)
    assert first.path.name == "learnlog.db.20261118T203000Z.backup.bak"
    assert second.path.name == "learnlog.db.20261118T203001Z.backup.bak"
    assert db_dump(first.path) == db_dump(second.path) == db_dump(journal)


def test_a_backup_never_overwrites_a_file(cli: Run, sandbox: Sandbox) -> None:
    make_journal(cli, sandbox)
    existing = sandbox.root / "mine.db"
    existing.write_bytes(b"precious")

    outcome = cli("backup", "--output", str(existing))

    assert_one_line_error(outcome, 1, str(existing), "already exists")
    assert existing.read_bytes() == b"precious"
    assert_one_line_error(cli("backup", "--output", str(sandbox.root)), 1, "folder")


def test_a_backup_into_a_new_folder_makes_it_private(cli: Run, sandbox: Sandbox) -> None:
    make_journal(cli, sandbox)
    target = sandbox.root / "safe" / "place" / "journal-copy.db"

    outcome = cli("backup", "-o", str(target))

    assert outcome.exit_code == 0, outcome
    assert outcome.stderr.startswith("backed up 1 entry (")
    assert outcome.stderr.endswith(f") to {target}\n")
    assert mode(target) == 0o600
    assert mode(target.parent) == 0o700
    assert mode(target.parent.parent) == 0o700
    assert db_dump(target) == db_dump(sandbox.db)


def test_a_backup_of_an_older_journal_keeps_it_older(cli: Run, sandbox: Sandbox) -> None:
    sandbox.db.parent.mkdir(mode=0o700)
    build_journal_at(sandbox.db, "0004")
    before = sha256(sandbox.db)

    document = cli("backup", "--json").json()

    assert document["schema"] == "0004"
    assert document["entries"] == 1
    assert sha256(sandbox.db) == before
    assert db_dump(Path(document["path"])) == db_dump(sandbox.db)


def test_a_backup_of_a_missing_journal_is_exit_1_and_creates_nothing(
    cli: Run, sandbox: Sandbox
) -> None:
    assert_one_line_error(cli("backup"), 1, "no journal")
    assert not sandbox.db.parent.exists()


def test_a_journal_on_a_server_is_not_checked_and_its_password_not_shown(
    cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEARNLOG_DB")
    monkeypatch.setenv("LEARNLOG_DATABASE_URL", "postgresql://me:s3cret@db.example.org/journal")

    outcome = cli("doctor")

    assert outcome.exit_code == 0
    assert lines_by_check(outcome)["journal"].startswith("warning the journal is on a database")
    assert "s3cret" not in outcome.stdout + outcome.stderr
    backed_up = cli("backup")
    assert_one_line_error(backed_up, 1, "server's own tools")
    assert "s3cret" not in backed_up.stderr


def test_a_sqlite_url_is_checked_as_the_file_it_names(
    cli: Run, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    journal = make_journal(cli, sandbox)
    monkeypatch.delenv("LEARNLOG_DB")
    monkeypatch.setenv("LEARNLOG_DATABASE_URL", f"sqlite:///{journal}")
    document = cli("doctor", "--json").json()
    assert document["journal"] == str(journal)
    assert document["exit_code"] == 0


# backups while other commands write


def test_a_backup_taken_while_others_write_is_a_consistent_snapshot(sandbox: Sandbox) -> None:
    env = subprocess_env()
    learnlog = installed_learnlog()
    first = subprocess.run([learnlog, "add", "the first"], env=env, capture_output=True)
    assert first.returncode == 0
    connection = sqlite3.connect(sandbox.db)
    with connection:  # enough pages that a copy takes a while
        for number in range(1500):
            connection.execute(
                "INSERT INTO entry (uid, day, text, starred, created_at, updated_at) "
                "VALUES (?, '2026-11-01', ?, 0, '2026-11-01 10:00:00', '2026-11-01 10:00:00')",
                (f"bulk-{number}", "bulk " * 200),
            )
    connection.close()

    stop = threading.Event()
    written: list[int] = []

    def writer() -> None:
        """Transactions of three rows each, held open a moment, until told to stop."""
        database = sqlite3.connect(sandbox.db, timeout=60, isolation_level=None)
        # Its commits stay in the -wal: a copy of the main file alone would miss them.
        database.execute("PRAGMA wal_autocheckpoint = 0")
        number = 0
        while not stop.is_set():
            database.execute("BEGIN IMMEDIATE")
            cursor = database.execute(
                "INSERT INTO entry (uid, day, text, starred, created_at, updated_at) "
                "VALUES (?, '2026-11-02', ?, 0, '2026-11-02 10:00:00', '2026-11-02 10:00:00')",
                (f"writer-{number}", f"writer {number}"),
            )
            for tag in ("writer", "pair"):
                database.execute(
                    "INSERT INTO entry_tag (entry_id, tag) VALUES (?, ?)", (cursor.lastrowid, tag)
                )
            time.sleep(0.002)
            database.execute("COMMIT")
            written.append(number)
            number += 1
            time.sleep(0.005)  # let the other writers have the lock too
        database.close()

    thread = threading.Thread(target=writer)
    thread.start()
    try:
        adders = [
            subprocess.Popen(
                [learnlog, "add", "-t", "concurrent", f"added while backing up {number}"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )
            for number in range(3)
        ]
        copies = []
        for number in range(3):
            if number == 2:  # the last copy while the writer thread alone is at work
                for adder in adders:
                    _, errors = adder.communicate(timeout=120)
                    assert adder.returncode == 0, errors
                time.sleep(0.2)
            target = sandbox.root / "copies" / f"copy-{number}.db"
            committed = len(written)  # the copy must hold at least these
            outcome = subprocess.run(
                [learnlog, "backup", "--json", "--output", str(target)],
                env=env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert outcome.returncode == 0, outcome.stderr
            copies.append((target, json.loads(outcome.stdout), committed))
    finally:
        stop.set()
        thread.join()

    assert len(written) > 0
    for target, document, committed in copies:
        copy = sqlite3.connect(f"file:{target}?mode=ro&immutable=1", uri=True)
        try:
            assert copy.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            writers = sorted(
                int(uid.split("-")[1])
                for (uid,) in copy.execute("SELECT uid FROM entry WHERE uid LIKE 'writer-%'")
            )
            assert writers == list(range(len(writers)))  # a prefix: nothing skipped
            assert len(writers) >= committed  # and nothing committed before it began is missed
            untagged = copy.execute(
                "SELECT count(*) FROM entry WHERE (uid LIKE 'writer-%' AND "
                "(SELECT count(*) FROM entry_tag WHERE entry_id = entry.id) != 2) OR "
                "(text LIKE 'added while%' AND NOT EXISTS (SELECT 1 FROM entry_tag "
                "WHERE entry_id = entry.id AND tag = 'concurrent'))"
            ).fetchone()[0]
            assert untagged == 0  # no transaction seen by halves
            (entries,) = copy.execute("SELECT count(*) FROM entry").fetchone()
            assert document["entries"] == entries
        finally:
            copy.close()
        assert mode(target) == 0o600
    assert mode(sandbox.root / "copies") == 0o700
    final = sqlite3.connect(sandbox.db)
    try:
        query = "SELECT count(*) FROM entry WHERE uid LIKE 'writer-%'"
        assert final.execute(query).fetchone()[0] == len(written)
    finally:
        final.close()
    checked = subprocess.run(
        [learnlog, "doctor", "--json", "--db", str(copies[-1][0])],
        env=env,
        capture_output=True,
        text=True,
    )
    assert {c["name"]: c["status"] for c in json.loads(checked.stdout)["checks"]}[
        "search_index"
    ] == "ok"
