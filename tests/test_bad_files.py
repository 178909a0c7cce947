"""Bad files, tried as a person would: each is one clear line, its exit code, and nothing changed.

Every case runs the installed ``learnlog`` in a real process for at least one command, reading
and writing commands alike, and checks that the journal (or config) file keeps its checksum
and that no ``-wal``, ``-shm``, journal or backup file is left beside it.

Running as root needs care: root ignores permission bits. The read-only cases therefore run
learnlog as the file's owner without any capability (``setpriv``), which is exactly what an
ordinary user is; the full disk is a real, small tmpfs in a private mount namespace.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Outcome, Sandbox, installed_learnlog, subprocess_env

Run = Callable[..., Outcome]

ENTRIES = 300
PAGE = 4096

# What each kind of refusal tells the person to do.
RESTORE = "Restore it from a backup"
POINT_ELSEWHERE = "Point --db at a journal or at a new file"
UPGRADE = "Upgrade learnlog to open it"
PERMISSIONS = "Check the permissions"
FREE_SPACE = "Free some space and try again"
FIX_CONFIG = "fix it with 'learnlog config edit'"

READING = (("list",), ("streak",), ("search", "Broadcasting"), ("report",))
WRITING = (
    ("paper", "add", "Attention Is All You Need"),
    ("habit", "add", "fastai", "--every", "day"),
)


# --- Helpers --------------------------------------------------------------------------------


def learnlog(*args: str, prefix: tuple[str, ...] = ()) -> Outcome:
    """Run the installed learnlog (behind ``prefix``, e.g. setpriv) in a real process."""
    completed = subprocess.run(
        [*prefix, installed_learnlog(), *args],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=60,
        check=False,
    )
    return Outcome(completed.returncode, completed.stdout, completed.stderr)


def assert_one_clear_line(outcome: Outcome, code: int, *fragments: str) -> None:
    """The documented exit code, nothing on stdout, one ``error:`` line naming what to do."""
    assert outcome.exit_code == code, outcome
    assert outcome.stdout == "", outcome
    assert outcome.stderr.startswith("error: "), outcome
    assert outcome.stderr.count("\n") == 1 and outcome.stderr.endswith("\n"), outcome.stderr
    assert "Traceback" not in outcome.stderr
    for fragment in fragments:
        assert fragment in outcome.stderr, (fragment, outcome.stderr)


def fingerprint(path: Path) -> tuple[str, int, list[str]]:
    """The file's sha256, its mode and the names in its folder (sidecars, backups…)."""
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest, path.stat().st_mode, sorted(os.listdir(path.parent))


def csv_of_entries(count: int) -> str:
    """``count`` entries on consecutive past days, as the CSV learnlog imports."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["day", "text", "tags"])
    first = date(2025, 1, 1)
    for number in range(count):
        text = (
            f"Broadcasting note {number}: a stride trick that avoids copying "
            f"the array, with an example and a link to the docs #numpy #n{number % 7}"
        )
        writer.writerow([(first + timedelta(days=number)).isoformat(), text, "numpy"])
    return out.getvalue()


@pytest.fixture(scope="module")
def big_journal(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """The bytes of a real journal with a few hundred entries, built once by ``import``."""
    from typer.testing import CliRunner

    from learnlog.cli import app

    folder = tmp_path_factory.mktemp("big")
    source = folder / "entries.csv"
    source.write_text(csv_of_entries(ENTRIES), encoding="utf-8")
    path = folder / "learnlog.db"
    with pytest.MonkeyPatch.context() as patch:  # module scope: the sandbox is not set up yet
        patch.setenv("LEARNLOG_CONFIG", str(folder / "config.toml"))
        patch.setenv("TZ", "UTC")
        imported = CliRunner().invoke(app, ["--db", str(path), "import", str(source)])
    assert imported.exit_code == 0, imported.output
    assert sorted(os.listdir(folder)) == ["entries.csv", "learnlog.db"]
    data = path.read_bytes()
    assert len(data) % PAGE == 0 and len(data) > 40 * PAGE
    return data


@pytest.fixture
def journal(sandbox: Sandbox, big_journal: bytes) -> Path:
    """A copy of the big journal at the sandbox's journal path (mode 0600, folder 0700)."""
    sandbox.db.parent.mkdir(mode=0o700)
    sandbox.db.write_bytes(big_journal)
    sandbox.db.chmod(0o600)
    return sandbox.db


def try_every_command(
    cli: Run, path: Path, code: int, *fragments: str, real_process: bool = True
) -> None:
    """Reading and writing commands in-process, and ``add`` in a real process: all refused."""
    before = fingerprint(path)
    if real_process:
        assert_one_clear_line(learnlog("--db", str(path), "add", "a new thing"), code, *fragments)
    for command in (("add", "a new thing"), *READING, *WRITING):
        assert_one_clear_line(cli("--db", str(path), *command), code, *fragments)
    assert fingerprint(path) == before


# --- Damaged and foreign files --------------------------------------------------------------


@pytest.mark.parametrize(
    ("cut", "real_process"),
    [
        pytest.param(lambda size: size // 2, True, id="half"),
        # SQLite reads a partial last page as zeros: this one used to open, and take writes.
        pytest.param(lambda size: size - PAGE + 1, True, id="last-page-boundary+1"),
        pytest.param(lambda size: 100, True, id="just-the-header"),
        pytest.param(lambda size: PAGE + 1, False, id="first-page-boundary+1"),
        pytest.param(lambda size: size - PAGE, False, id="last-page-missing"),
    ],
)
def test_a_truncated_journal_is_refused_untouched(
    cli: Run, journal: Path, cut: Callable[[int], int], real_process: bool
) -> None:
    data = journal.read_bytes()
    journal.write_bytes(data[: cut(len(data))])
    try_every_command(
        cli,
        journal,
        3,
        str(journal),
        "damaged",
        "left as it is",
        RESTORE,
        real_process=real_process,
    )


def test_random_bytes_are_refused_untouched(cli: Run, sandbox: Sandbox) -> None:
    sandbox.db.parent.mkdir()
    sandbox.db.write_bytes(os.urandom(64 * 1024))
    try_every_command(cli, sandbox.db, 3, "not a learnlog journal", POINT_ELSEWHERE)


def test_random_bytes_behind_an_sqlite_header_are_damage(cli: Run, journal: Path) -> None:
    data = journal.read_bytes()
    journal.write_bytes(data[:100] + os.urandom(len(data) - 100))
    try_every_command(cli, journal, 3, "damaged", RESTORE, real_process=False)


def test_an_sqlite_database_of_another_program_is_refused_untouched(
    cli: Run, sandbox: Sandbox
) -> None:
    sandbox.db.parent.mkdir()
    connection = sqlite3.connect(sandbox.db)
    connection.execute("PRAGMA journal_mode = WAL")  # like learnlog, so it must not be mistaken
    connection.execute("CREATE TABLE moz_bookmarks (url TEXT)")
    connection.execute("INSERT INTO moz_bookmarks VALUES ('https://example.org')")
    connection.commit()
    connection.close()
    try_every_command(cli, sandbox.db, 3, "another program", "left untouched", POINT_ELSEWHERE)


def test_a_journal_from_a_newer_learnlog_is_refused_untouched(cli: Run, journal: Path) -> None:
    connection = sqlite3.connect(journal)
    connection.execute("UPDATE alembic_version SET version_num = '9001'")
    connection.commit()
    connection.close()
    try_every_command(cli, journal, 3, "newer learnlog", "schema 9001", UPGRADE)


# --- Permissions ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def as_owner_only(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, ...]:
    """A command prefix under which permission bits apply, as they do for any ordinary user.

    As root that means dropping every capability (root keeps owning its files, so the owner
    bits decide); proven on a read-only file before any test relies on it.
    """
    if os.geteuid() != 0:
        return ()
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip(
            "running as root without setpriv: root ignores permission bits, so a read-only "
            "or unreadable file cannot be simulated here"
        )
    prefix = (setpriv, "--bounding-set=-all", "--inh-caps=-all", "--")
    probe = tmp_path_factory.mktemp("probe") / "read-only"
    probe.write_text("")
    probe.chmod(0o400)
    check = subprocess.run(
        [*prefix, sys.executable, "-c", f"open({str(probe)!r}, 'a')"],
        capture_output=True,
        text=True,
        check=False,
    )
    if "PermissionError" not in check.stderr:
        pytest.skip(f"cannot drop root's capabilities here ({check.stderr.strip()[-200:]})")
    return prefix


# Runs several commands in one process (through Typer's test runner), so that the commands a
# real ``learnlog`` process does not try cost one interpreter start, not one each.
IN_ONE_PROCESS = r"""
import json, sys
from typer.testing import CliRunner
from learnlog.cli import app

outcomes = []
for args in json.loads(sys.argv[1]):
    result = CliRunner().invoke(app, args)
    outcomes.append([result.exit_code, result.stdout, result.stderr])
print(json.dumps(outcomes))
"""


def in_one_process(prefix: tuple[str, ...], *commands: tuple[str, ...]) -> list[Outcome]:
    """Run learnlog commands in one Python process behind ``prefix``; their outcomes."""
    completed = subprocess.run(
        [*prefix, sys.executable, "-c", IN_ONE_PROCESS, json.dumps(commands)],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return [Outcome(*outcome) for outcome in json.loads(completed.stdout)]


@pytest.fixture
def read_only(journal: Path) -> Iterator[Callable[[str], None]]:
    """Make the journal file or its folder read-only; permissions come back afterwards."""

    def make(what: str) -> None:
        (journal if what == "file" else journal.parent).chmod(0o400 if what == "file" else 0o500)

    yield make
    journal.parent.chmod(0o700)
    journal.chmod(0o600)


@pytest.mark.parametrize(
    ("what", "reason"),
    [("file", "the file is read-only"), ("folder", "is read-only (SQLite needs to create")],
    ids=["file", "folder"],
)
def test_a_read_only_journal_still_reads_and_refuses_writes(
    journal: Path,
    read_only: Callable[[str], None],
    as_owner_only: tuple[str, ...],
    what: str,
    reason: str,
) -> None:
    """A careful user can still look at a journal they may not change (an archive, a mount).

    Reading works without creating anything beside the file; every write is exit 3 with one
    line that says which permission is missing.
    """
    read_only(what)
    before = fingerprint(journal)
    db = ("--db", str(journal))
    listed = learnlog(*db, "list", "--json", prefix=as_owner_only)
    assert listed.exit_code == 0, listed
    assert len(listed.json()["entries"]) == ENTRIES
    added = learnlog(*db, "add", "a new thing", prefix=as_owner_only)
    assert_one_clear_line(added, 3, "cannot be written", reason, "nothing was changed", PERMISSIONS)
    reads = [(*db, "streak", "--json"), (*db, "search", "stride"), (*db, "report", "--json")]
    writes = [(*db, *command) for command in WRITING]
    outcomes = in_one_process(as_owner_only, *reads, *writes)
    for outcome in outcomes[: len(reads)]:
        assert outcome.exit_code == 0 and "error" not in outcome.stderr, outcome
    for outcome in outcomes[len(reads) :]:
        assert_one_clear_line(outcome, 3, "cannot be written", reason, PERMISSIONS)
    assert fingerprint(journal) == before


def test_streak_check_on_a_read_only_journal_leaves_nothing_behind(
    journal: Path, read_only: Callable[[str], None], as_owner_only: tuple[str, ...]
) -> None:
    read_only("file")
    before = fingerprint(journal)
    outcome = learnlog("--db", str(journal), "streak", "--check", prefix=as_owner_only)
    assert outcome.exit_code == 1  # no entry today in this journal
    assert fingerprint(journal) == before


def test_a_read_only_older_journal_is_not_upgraded_or_backed_up(
    sandbox: Sandbox, as_owner_only: tuple[str, ...]
) -> None:
    from alembic import command

    from learnlog.store.database import sqlite_engine
    from learnlog.store.migrate import alembic_config
    from learnlog.store.schema import APPLICATION_ID

    sandbox.db.parent.mkdir()
    engine = sqlite_engine(sandbox.db)
    with engine.connect() as connection, connection.begin():
        command.upgrade(alembic_config(connection), "0004")
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    engine.dispose()
    sandbox.db.chmod(0o400)
    before = fingerprint(sandbox.db)
    outcome = learnlog("--db", str(sandbox.db), "list", prefix=as_owner_only)
    assert_one_clear_line(outcome, 3, "needs an upgrade from schema 0004", "read-only")
    assert fingerprint(sandbox.db) == before  # and no .bak beside it


def test_an_unreadable_journal_is_refused_untouched(
    journal: Path, as_owner_only: tuple[str, ...]
) -> None:
    journal.chmod(0o000)
    before = fingerprint(journal)
    db = ("--db", str(journal))
    outcomes = [
        learnlog(*db, "add", "a new thing", prefix=as_owner_only),
        *in_one_process(as_owner_only, (*db, "list"), (*db, "streak"), (*db, *WRITING[0])),
    ]
    for outcome in outcomes:
        assert_one_clear_line(outcome, 3, "permission denied", "check the path and its permissions")
    assert fingerprint(journal) == before


def test_an_unreadable_journal_given_after_the_command_is_exit_3(
    journal: Path, as_owner_only: tuple[str, ...]
) -> None:
    journal.chmod(0o000)
    outcome = learnlog("list", "--db", str(journal), prefix=as_owner_only)
    assert_one_clear_line(outcome, 3, "permission denied")


# --- A full disk ----------------------------------------------------------------------------

# Runs inside a private mount namespace, on a tmpfs mounted there: fills it, then tries
# learnlog. The mount disappears with the namespace, whatever happens.
FULL_DISK_DRIVER = r"""
import hashlib, json, os, subprocess, sys

mount, journal_bytes, learnlog = sys.argv[1], sys.argv[2], sys.argv[3]
journal = os.path.join(mount, "learnlog.db")

def fingerprint():
    with open(journal, "rb") as handle:
        digest = hashlib.sha256(handle.read()).hexdigest()
    return [digest, sorted(os.listdir(mount))]

def run(*args, stdin=""):
    done = subprocess.run([learnlog, "--db", journal, *args], input=stdin,
                          capture_output=True, text=True, timeout=60)
    return {"args": list(args), "code": done.returncode, "out": done.stdout, "err": done.stderr}

def fill(leave):
    filler = os.path.join(mount, f"filler-{leave}")
    with open(filler, "wb", buffering=0) as handle:
        try:
            while True:
                free = os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize
                if free <= leave:
                    break
                handle.write(b"\0" * min(4096, free - leave))
        except OSError:
            pass
    return os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize

with open(journal_bytes, "rb") as source, open(journal, "wb") as target:
    target.write(source.read())
os.chmod(journal, 0o600)
report = {}
report["nearly_full_free"] = fill(48 * 1024)
before = fingerprint()
report["nearly_full"] = [run("list", "-n", "1"), run("add", stdin="x" * 200_000 + "\n")]
report["nearly_full_same"] = fingerprint() == before
report["full_free"] = fill(0)
before = fingerprint()
report["full"] = [run("list"), run("add", "a new thing")]
report["full_same"] = fingerprint() == before
report["names"] = before[1]
print(json.dumps(report))
"""


def mount_namespace_prefix(mount: Path) -> tuple[str, ...] | None:
    """``unshare`` arguments that mount a 1 MiB tmpfs at ``mount`` privately, or ``None``."""
    unshare = shutil.which("unshare")
    if unshare is None:
        return None
    script = 'mount -t tmpfs -o size=1m,mode=0700 tmpfs "$0" && exec "$@"'
    for flags in (("--mount", "--propagation", "private"), ("--map-root-user", "--mount")):
        prefix = (unshare, *flags, "--", "sh", "-c", script, str(mount))
        probe = subprocess.run([*prefix, "true"], capture_output=True, check=False)
        if probe.returncode == 0:
            return prefix
    return None


def test_a_full_disk_is_refused_untouched(tmp_path: Path, big_journal: bytes) -> None:
    """A real file system that runs out of space: a 1 MiB tmpfs, filled up."""
    mount = tmp_path / "small-disk"
    mount.mkdir()
    prefix = mount_namespace_prefix(mount)
    if prefix is None:
        pytest.skip("cannot mount a tmpfs here (no root and no user namespaces)")
    source = tmp_path / "journal.bytes"
    source.write_bytes(big_journal)
    driver = tmp_path / "full_disk.py"
    driver.write_text(FULL_DISK_DRIVER, encoding="utf-8")
    completed = subprocess.run(
        [*prefix, sys.executable, str(driver), str(mount), str(source), installed_learnlog()],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    report: dict[str, Any] = json.loads(completed.stdout)
    assert list(mount.iterdir()) == []  # the tmpfs was private to the namespace

    # Nearly full: reading still works, a write that does not fit is refused.
    assert 0 < report["nearly_full_free"] <= 48 * 1024
    listed, added = report["nearly_full"]
    assert (listed["code"], listed["err"]) == (0, ""), listed
    assert "Broadcasting note" in listed["out"]
    assert_full_disk(added)
    assert report["nearly_full_same"]

    # Completely full: SQLite cannot even create its -shm file to read.
    assert report["full_free"] == 0
    for outcome in report["full"]:
        assert_full_disk(outcome)
    assert report["full_same"]
    assert [name for name in report["names"] if not name.startswith("filler")] == ["learnlog.db"]


def assert_full_disk(outcome: dict[str, Any]) -> None:
    assert_one_clear_line(
        Outcome(outcome["code"], outcome["out"], outcome["err"]),
        3,
        "is full",
        "nothing was changed",
        FREE_SPACE,
    )


# --- The configuration file -----------------------------------------------------------------


@pytest.fixture
def small_journal(sandbox: Sandbox, cli: Run) -> Path:
    """A journal with one entry, so a config error can be seen to leave it alone too."""
    assert cli("add", "Broadcasting aligns trailing axes").exit_code == 0
    return sandbox.db


@pytest.mark.parametrize(
    ("content", "fragments", "real_process"),
    [
        pytest.param(
            b'timezone = "UTC"\neditor = code --wait\n',
            ("is malformed", "line 2", FIX_CONFIG),
            True,
            id="bad-toml",
        ),
        pytest.param(
            b'timezone = "UTC"\n\npapers_per_week = "two"\n',
            ("line 3", "papers_per_week must be a whole number", FIX_CONFIG),
            True,
            id="wrong-type",
        ),
        pytest.param(
            b'timezone = "Europe/Atlantis"\n',
            ("line 1", "not an IANA timezone name", "Europe/Berlin", FIX_CONFIG),
            True,
            id="unknown-timezone",
        ),
        pytest.param(
            b"# my settings\ncolour = 'blue'\n",
            ("line 2", "unknown configuration key 'colour'", FIX_CONFIG),
            False,
            id="unknown-key",
        ),
        pytest.param(
            b'# caf\xe9 settings (latin-1)\ntimezone = "UTC"\n',
            ("line 1 is not UTF-8 text", "save the file as UTF-8"),
            False,
            id="not-utf8",
        ),
    ],
)
def test_a_malformed_config_file_is_exit_1_naming_file_and_line(
    cli: Run,
    sandbox: Sandbox,
    small_journal: Path,
    content: bytes,
    fragments: tuple[str, ...],
    real_process: bool,
) -> None:
    sandbox.config.parent.mkdir()
    sandbox.config.write_bytes(content)
    config_before = fingerprint(sandbox.config)
    journal_before = fingerprint(small_journal)
    if real_process:
        assert_one_clear_line(learnlog("add", "a new thing"), 1, str(sandbox.config), *fragments)
    for command in (("add", "a new thing"), *READING, *WRITING, ("config", "list")):
        assert_one_clear_line(cli(*command), 1, str(sandbox.config), *fragments)
    assert fingerprint(sandbox.config) == config_before
    assert fingerprint(small_journal) == journal_before


def test_a_malformed_config_file_creates_no_journal(cli: Run, sandbox: Sandbox) -> None:
    sandbox.config.parent.mkdir()
    sandbox.config.write_text("day_start_hour = 9\n", encoding="utf-8")
    outcome = cli("add", "a new thing")
    assert_one_clear_line(outcome, 1, str(sandbox.config), "line 1", "from 0 to 6", FIX_CONFIG)
    assert not sandbox.db.parent.exists()


def test_an_unreadable_config_file_is_exit_1_naming_the_file(
    cli: Run, sandbox: Sandbox, small_journal: Path, as_owner_only: tuple[str, ...]
) -> None:
    sandbox.config.parent.mkdir()
    sandbox.config.write_text('timezone = "UTC"\n', encoding="utf-8")
    sandbox.config.chmod(0o000)
    config_before = fingerprint(sandbox.config)
    journal_before = fingerprint(small_journal)
    outcomes = [
        learnlog("add", "a new thing", prefix=as_owner_only),
        *in_one_process(as_owner_only, ("list",), ("config", "set", "papers_per_week", "3")),
    ]
    for outcome in outcomes:
        assert_one_clear_line(
            outcome,
            1,
            f"cannot read config file {sandbox.config}: permission denied",
            "make it a file you can read, or point LEARNLOG_CONFIG at another one",
        )
    assert fingerprint(sandbox.config) == config_before
    assert fingerprint(small_journal) == journal_before


def test_a_folder_in_place_of_the_config_file_is_exit_1(
    cli: Run, sandbox: Sandbox, small_journal: Path
) -> None:
    sandbox.config.mkdir(parents=True)
    journal_before = fingerprint(small_journal)
    for command in (("list",), ("add", "a new thing")):
        assert_one_clear_line(cli(*command), 1, str(sandbox.config), "is a directory")
    assert fingerprint(small_journal) == journal_before
