"""Privacy: what learnlog writes is private, editor files never outlive the edit, no network.

Files are checked under ``umask 000``, so their modes come from learnlog and not from a
careful umask. Folders learnlog creates are 0700; a folder that already exists (a person's
``~/Documents``) keeps its mode: learnlog does not change permissions it did not set.
"""

from __future__ import annotations

import json
import os
import shlex
import signal
import sqlite3
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Outcome, Sandbox, installed_learnlog, subprocess_env
from tests.test_e2e import read_until_closed

Run = Callable[..., Outcome]


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@contextmanager
def umask(mask: int) -> Iterator[None]:
    """Run a block (and the processes it starts) with this umask."""
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


def assert_one_line_error(outcome: Outcome, *fragments: str) -> None:
    assert outcome.exit_code == 1, outcome
    assert outcome.stderr.startswith("error: ") and outcome.stderr.count("\n") == 1, outcome
    assert "Traceback" not in outcome.stderr
    for fragment in fragments:
        assert fragment in outcome.stderr, (fragment, outcome.stderr)


# --- Files and folders ----------------------------------------------------------------------


def test_a_new_journal_is_0600_in_folders_learnlog_made_0700(
    cli: Run, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEARNLOG_DB")  # the default place: $XDG_DATA_HOME/learnlog
    data_home = sandbox.home / "data"
    assert not data_home.exists()
    home_mode = mode(sandbox.home)
    with umask(0):
        assert cli("add", "Broadcasting aligns trailing axes").exit_code == 0
    journal = data_home / "learnlog" / "learnlog.db"
    assert mode(journal) == 0o600
    assert mode(journal.parent) == 0o700
    assert mode(data_home) == 0o700  # created by learnlog too
    assert mode(sandbox.home) == home_mode  # existed before: left alone
    assert sorted(os.listdir(journal.parent)) == ["learnlog.db"]


def test_a_journal_in_an_existing_folder_is_0600_and_the_folder_keeps_its_mode(
    cli: Run, sandbox: Sandbox
) -> None:
    """``--db ~/Documents/journal.db``: the journal is private, ~/Documents stays as it was."""
    documents = sandbox.home / "Documents"
    documents.mkdir()
    documents.chmod(0o755)
    with umask(0):
        assert cli("--db", str(documents / "journal.db"), "add", "x").exit_code == 0
        touched = documents / "touched.db"  # an empty file made with touch, given as --db
        touched.touch()
        touched.chmod(0o644)
        assert cli("--db", str(touched), "add", "y").exit_code == 0
    assert mode(documents / "journal.db") == 0o600
    assert mode(touched) == 0o600
    assert mode(documents) == 0o755


def test_the_backup_taken_before_an_upgrade_is_0600(cli: Run, sandbox: Sandbox) -> None:
    from alembic import command

    from learnlog.store.database import sqlite_engine
    from learnlog.store.migrate import alembic_config
    from learnlog.store.schema import APPLICATION_ID

    sandbox.db.parent.mkdir(mode=0o700)
    engine = sqlite_engine(sandbox.db)  # a journal as a learnlog of schema 0004 left it
    with engine.connect() as connection, connection.begin():
        command.upgrade(alembic_config(connection), "0004")
        connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
    engine.dispose()
    with umask(0):
        assert cli("list").exit_code == 0
    [backup] = sandbox.db.parent.glob("learnlog.db.*.schema-0004.bak")
    assert mode(backup) == 0o600


@pytest.mark.parametrize(
    "command",
    [
        ("export", "--output", "{out}/journal.json"),
        ("export", "--output", "{out}/journal.md"),
        ("export", "--output", "{out}/journal.csv"),
        ("report", "--output", "{out}/week.html"),
        ("report", "--output", "{out}/week.txt"),
        ("report", "--output", "{out}/week.md"),
        ("report", "--format", "json", "--output", "{out}/week.json"),
    ],
    ids=lambda command: Path(command[-1]).name,
)
def test_output_files_are_0600_even_when_they_replace_an_open_file(
    cli: Run, tmp_path: Path, command: tuple[str, ...]
) -> None:
    out = tmp_path / "shared"
    out.mkdir()
    out.chmod(0o755)
    assert cli("add", "Broadcasting aligns trailing axes #numpy").exit_code == 0
    args = [part.format(out=out) for part in command]
    target = Path(args[-1])
    with umask(0):
        assert cli(*args).exit_code == 0
        assert mode(target) == 0o600
        target.chmod(0o644)  # a file someone made readable, written again
        assert cli(*args).exit_code == 0
    assert mode(target) == 0o600
    assert mode(out) == 0o755  # an existing folder is not learnlog's to change
    assert sorted(os.listdir(out)) == [target.name]  # no temporary file left beside it


def test_the_log_file_is_0600_in_folders_learnlog_made_0700(
    cli: Run, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("my private journal text")

    assert cli("add", "my private journal text").exit_code == 0
    monkeypatch.setattr("learnlog.services.entries.list_entries", broken)
    with umask(0):
        outcome = cli("list")
    log = sandbox.home / "state" / "learnlog" / "log" / "learnlog.log"
    assert_one_line_error(outcome, "internal problem", str(log))
    assert mode(log) == 0o600
    for folder in (log.parent, log.parent.parent, sandbox.home / "state"):
        assert mode(folder) == 0o700
    written = log.read_text(encoding="utf-8")
    assert "RuntimeError" in written
    assert "private" not in written  # where it happened, never what it was about


# --- The editor -----------------------------------------------------------------------------

FAKE_EDITOR = """\
import json, os, signal, stat, sys, time

signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl-C ends it quietly, as it would a real editor
path = sys.argv[-1]
record = {
    "argv": sys.argv,
    "pid": os.getpid(),
    "file_mode": stat.S_IMODE(os.stat(path).st_mode),
    "folder_mode": stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode),
    "template": open(path, encoding="utf-8").read(),
}
target = os.environ["FAKE_EDITOR_RECORD"]
with open(target + ".part", "w", encoding="utf-8") as out:
    json.dump(record, out)
os.replace(target + ".part", target)  # whole or absent, for a test that waits on it
behaviour = os.environ.get("FAKE_EDITOR_DOES", "save")
if behaviour == "save":
    with open(path, "w", encoding="utf-8") as edited:
        edited.write("Written in the editor #private\\n")
elif behaviour == "fail":
    sys.exit(1)
elif behaviour == "die":
    os.kill(os.getpid(), signal.SIGKILL)
elif behaviour == "raise":
    raise RuntimeError("the editor crashed")
elif behaviour == "hang":
    time.sleep(120)
"""


@pytest.fixture
def fake_editor(tmp_path: Path) -> Path:
    """An executable editor that records how it was started, then does FAKE_EDITOR_DOES."""
    script = tmp_path / "bin" / "fake-editor"
    script.parent.mkdir()
    script.write_text(f"#!{sys.executable}\n{FAKE_EDITOR}", encoding="utf-8")
    script.chmod(0o755)
    return script


@pytest.fixture
def editing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, terminal: None
) -> Callable[[], dict[str, Any]]:
    """Temporary files go to a folder of the test's own; returns what the editor recorded."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    record = tmp_path / "editor.json"
    monkeypatch.setenv("FAKE_EDITOR_RECORD", str(record))

    def recorded() -> dict[str, Any]:
        result: dict[str, Any] = json.loads(record.read_text(encoding="utf-8"))
        return result

    return recorded


def temporary_files(tmp_path: Path) -> list[str]:
    return os.listdir(tmp_path / "tmp")


def test_the_editor_file_is_private_and_removed_after_saving(
    cli: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake_editor: Path,
    editing: Callable[[], dict[str, Any]],
) -> None:
    monkeypatch.setenv("EDITOR", str(fake_editor))
    outcome = cli("add")
    assert outcome.exit_code == 0, outcome
    started = editing()
    assert (started["file_mode"], started["folder_mode"]) == (0o600, 0o700)
    assert started["argv"] == [str(fake_editor), started["argv"][-1]]
    assert Path(started["argv"][-1]).parent.parent == tmp_path / "tmp"
    assert temporary_files(tmp_path) == []
    [entry] = cli("list", "--json").json()["entries"]
    assert entry["text"] == "Written in the editor #private"


@pytest.mark.parametrize(
    ("behaviour", "message"),
    [
        ("fail", "exited with code 1; nothing was saved"),
        ("die", "was stopped by SIGKILL; nothing was saved"),
        ("raise", "exited with code 1; nothing was saved"),
    ],
    ids=["exits-1", "killed", "raises"],
)
def test_the_editor_file_is_removed_when_the_editor_fails(
    cli: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake_editor: Path,
    editing: Callable[[], dict[str, Any]],
    behaviour: str,
    message: str,
) -> None:
    monkeypatch.setenv("EDITOR", str(fake_editor))
    monkeypatch.setenv("FAKE_EDITOR_DOES", behaviour)
    assert_one_line_error(cli("add"), message)
    assert editing()["file_mode"] == 0o600  # it did start, on a private file
    assert temporary_files(tmp_path) == []
    assert cli("list", "--json").json()["entries"] == []


def test_a_missing_editor_is_one_line_and_leaves_no_file(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, editing: Callable[[], Any]
) -> None:
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    assert_one_line_error(cli("add"), "cannot start the editor", "$EDITOR")
    assert temporary_files(tmp_path) == []


def test_editor_arguments_are_split_like_a_shell_would(
    cli: Run,
    monkeypatch: pytest.MonkeyPatch,
    fake_editor: Path,
    editing: Callable[[], dict[str, Any]],
) -> None:
    monkeypatch.setenv("EDITOR", f"{fake_editor} --wait --flag 'a b'")
    assert cli("add").exit_code == 0
    argv = editing()["argv"]
    assert argv == [str(fake_editor), "--wait", "--flag", "a b", argv[-1]]
    assert argv[-1].endswith("entry.md")


@pytest.mark.parametrize(
    ("template", "starts"),
    [
        ("{editor}; touch {marker}", False),
        ("{editor} && touch {marker}", True),
        ("{editor} | touch {marker}", True),
        ("{editor} $(touch {marker})", True),
        ("{editor} `touch {marker}`", True),
    ],
    ids=["semicolon", "and", "pipe", "substitution", "backticks"],
)
def test_the_editor_command_never_goes_through_a_shell(
    cli: Run,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    fake_editor: Path,
    editing: Callable[[], dict[str, Any]],
    template: str,
    starts: bool,
) -> None:
    marker = tmp_path / "pwned"
    command = template.format(editor=fake_editor, marker=marker)
    monkeypatch.setenv("EDITOR", command)
    outcome = cli("add")
    assert not marker.exists()
    if starts:  # the shell syntax reaches the editor as plain arguments
        assert outcome.exit_code == 0, outcome
        assert editing()["argv"][:-1] == shlex.split(command)
    else:  # "fake-editor;" is no program: one clear line, nothing run
        assert_one_line_error(outcome, f"cannot start the editor '{fake_editor};'")
    assert temporary_files(tmp_path) == []


def start_in_terminal(args: list[str], env: dict[str, str]) -> tuple[subprocess.Popen[bytes], int]:
    """Start the installed learnlog on a pseudo-terminal, in a process group of its own."""
    import pty

    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [installed_learnlog(), *args],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=subprocess_env(**env),
        start_new_session=True,  # like a shell's job: Ctrl-C reaches learnlog and its editor
    )
    os.close(secondary)
    return process, primary


def wait_for(path: Path, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert time.monotonic() < deadline, f"{path} never appeared"
        time.sleep(0.05)


def running(pid: int) -> bool:
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status  # a zombie has ended; only its parent's wait is missing


@pytest.mark.parametrize("sent", ["SIGINT", "SIGTERM", "SIGHUP"])
def test_the_editor_file_is_removed_when_learnlog_is_stopped_while_editing(
    sandbox: Sandbox, tmp_path: Path, fake_editor: Path, sent: str
) -> None:
    """Ctrl-C, a kill, or the terminal closing while the editor is open leave no text behind."""
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    record = tmp_path / "editor.json"
    env = {
        "EDITOR": f"{fake_editor} --wait",  # as with 'code --wait'
        "FAKE_EDITOR_DOES": "hang",
        "FAKE_EDITOR_RECORD": str(record),
        "TMPDIR": str(temporary),
        "TERM": "dumb",
    }
    process, primary = start_in_terminal(["add"], env)
    try:
        wait_for(record)
        started = json.loads(record.read_text(encoding="utf-8"))
        assert started["argv"][:2] == [str(fake_editor), "--wait"]
        assert Path(started["argv"][-1]).exists()
        number = getattr(signal, sent)
        if sent == "SIGINT":
            os.killpg(process.pid, number)  # what the terminal does on Ctrl-C
        else:
            process.send_signal(number)
        output = read_until_closed(primary)
        code = process.wait(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert code == (130 if sent == "SIGINT" else -number), output
    assert "Traceback" not in output
    assert os.listdir(temporary) == []
    assert not running(started["pid"])  # the editor did not outlive learnlog
    if sandbox.db.exists():  # nothing was added
        connection = sqlite3.connect(sandbox.db)
        assert connection.execute("SELECT count(*) FROM entry").fetchone() == (0,)
        connection.close()


# --- No network -----------------------------------------------------------------------------

# Installs an audit hook, then runs learnlog commands through its console-script entry point
# in this one process. Every audit event of Python's network modules is recorded; so are
# sqlite3.connect events, to show the hook watched learnlog at work.
WATCHED = r"""
import json, sys

NETWORK = ("socket.", "http.client.", "urllib.Request", "ftplib.", "smtplib.", "poplib.",
           "imaplib.", "nntplib.", "telnetlib.", "webbrowser.", "ssl.")
seen = {"network": [], "sqlite": 0}

def watch(event, args):
    if event.startswith(NETWORK):
        seen["network"].append(event)
    elif event == "sqlite3.connect":
        seen["sqlite"] += 1

sys.addaudithook(watch)
report, plan = sys.argv[1], json.loads(sys.argv[2])
codes = []
for argv in plan:
    if argv[0] == "--python":
        exec(argv[1])
        codes.append(0)
        continue
    sys.argv = ["learnlog", *argv]
    from learnlog.launch import main
    try:
        main()
        codes.append(0)
    except SystemExit as stop:
        codes.append(stop.code or 0)
with open(report, "w", encoding="utf-8") as out:
    json.dump({"codes": codes, **seen}, out)
"""


def watched_run(tmp_path: Path, plan: list[list[str]]) -> dict[str, Any]:
    script = tmp_path / "watched.py"
    script.write_text(WATCHED, encoding="utf-8")
    report = tmp_path / "watched.json"
    completed = subprocess.run(
        [sys.executable, str(script), str(report), json.dumps(plan)],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        timeout=300,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
    assert len(result["codes"]) == len(plan)
    return result


def every_command(tmp_path: Path) -> list[list[str]]:
    """A session with every command learnlog has, writing and reading."""
    import typer

    from learnlog.cli import app

    export = str(tmp_path / "export.json")
    plan = [
        ["--version"],
        ["config", "set", "papers_per_week", "3"],
        ["config", "list"],
        ["add", "Broadcasting aligns trailing axes #numpy", "--source", "https://numpy.org"],
        ["add", "Attention weighs every token #transformers", "-d", "yesterday", "--star"],
        ["list"],
        ["list", "--json"],
        ["show", "1"],
        ["edit", "1", "--text", "Broadcasting stretches axes of length one #numpy"],
        ["delete", "2", "--yes"],
        ["undo"],
        ["search", "broadcasting"],
        ["paper", "add", "Attention Is All You Need", "--link", "arXiv:1706.03762"],
        ["paper", "read", "1"],
        ["paper", "list"],
        ["habit", "add", "fastai", "--every", "sat,sun"],
        ["done", "fastai"],
        ["skip", "--from", "2030-12-24", "--to", "2030-12-26"],
        ["streak"],
        ["streak", "--calendar"],
        ["streak", "--check"],
        ["report"],
        ["report", "--format", "html", "--output", str(tmp_path / "week.html")],
        ["review", "--list"],
        ["review", "--done", "1"],
        ["export", "--output", export],
        ["export", "--format", "markdown"],
        ["import", export, "--db", str(tmp_path / "second.db")],
    ]
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    plan += [[name] for name in ("doctor", "backup") if name in commands]
    return plan


def test_no_command_opens_a_socket(tmp_path: Path) -> None:
    plan = every_command(tmp_path)
    result = watched_run(tmp_path, plan)
    failed = [(argv, code) for argv, code in zip(plan, result["codes"], strict=True) if code]
    assert failed == []  # every command did its work, so every code path was watched
    assert result["sqlite"] > len(plan) // 2
    assert result["network"] == []


def test_the_watch_sees_a_socket_when_one_is_opened(tmp_path: Path) -> None:
    opens = "import socket; socket.socket().close(); socket.getaddrinfo('127.0.0.1', 9)"
    result = watched_run(tmp_path, [["--python", opens], ["list"]])
    assert result["codes"] == [0, 0]
    assert "socket.__new__" in result["network"]
    assert "socket.getaddrinfo" in result["network"]
