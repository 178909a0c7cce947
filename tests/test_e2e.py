"""The installed ``learnlog`` in real processes: start-up, concurrency and terminals."""

from __future__ import annotations

import json
import os
import pty
import re
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from learnlog.cli import registry
from tests.conftest import (
    Sandbox,
    imported_modules,
    installed_learnlog,
    modules_of,
    orm_modules,
    subprocess_env,
)

# What start-up, completion and ``config list`` into a pipe do without.
COMMAND_LINE_PACKAGES = frozenset({"typer", "click", "rich"})


def run(*args: str, stdin: str = "", **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [installed_learnlog(), *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=subprocess_env(**env),
        timeout=60,
        check=False,
    )


def test_record_and_list_through_the_installed_command(sandbox: Sandbox) -> None:
    added = run("add", "Broadcasting aligns trailing axes #numpy", "-d", "yesterday")
    assert added.returncode == 0, added.stderr
    assert re.fullmatch(r"#1 logged for \w{3} \d{4}-\d{2}-\d{2}\n", added.stdout)
    piped = run("add", stdin="From stdin\n")
    assert piped.returncode == 0, piped.stderr
    listed = run("list", "--json")
    texts = [entry["text"] for entry in json.loads(listed.stdout)["entries"]]
    assert texts == ["From stdin", "Broadcasting aligns trailing axes #numpy"]


def test_python_dash_m_runs_learnlog() -> None:
    from learnlog import __version__

    outcome = subprocess.run(
        [sys.executable, "-m", "learnlog", "--version"],
        capture_output=True,
        text=True,
        env=subprocess_env(),
        check=False,
    )
    assert outcome.stdout == f"learnlog {__version__}\n"


def test_twenty_concurrent_adds_leave_exactly_twenty_entries(sandbox: Sandbox) -> None:
    assert not sandbox.db.exists()  # they also race to create the journal

    def add(number: int) -> subprocess.CompletedProcess[str]:
        return run("add", f"concurrent entry {number} #load")

    with ThreadPoolExecutor(max_workers=20) as pool:
        outcomes = list(pool.map(add, range(20)))
    assert [outcome.returncode for outcome in outcomes] == [0] * 20, "".join(
        outcome.stderr for outcome in outcomes if outcome.returncode
    )
    listed = json.loads(run("list", "--json").stdout)["entries"]
    assert sorted(entry["text"] for entry in listed) == sorted(
        f"concurrent entry {number} #load" for number in range(20)
    )
    assert sorted(entry["id"] for entry in listed) == list(range(1, 21))
    assert len({entry["uid"] for entry in listed}) == 20


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--version",), {}),
        (("--help",), {}),
        (("add", "--help"), {}),
        (("config", "list"), {}),
        (("config", "path"), {}),
        (("config", "set", "papers_per_week", "3"), {}),
        (
            (),
            {"_LEARNLOG_COMPLETE": "complete_bash", "COMP_WORDS": "learnlog li", "COMP_CWORD": "1"},
        ),
        (("habit", "--help"), {}),
        (("habit", "add", "--help"), {}),
        (("streak", "--help"), {}),
        (("done", "--help"), {}),
        (("skip", "--help"), {}),
    ],
    ids=[
        "version",
        "help",
        "add-help",
        "config-list",
        "config-path",
        "config-set",
        "completion",
        "habit-help",
        "habit-add-help",
        "streak-help",
        "done-help",
        "skip-help",
    ],
)
def test_light_commands_never_import_the_database_stack(
    args: tuple[str, ...], env: dict[str, str]
) -> None:
    _outcome, imported = imported_modules(*args, **env)
    assert "learnlog.launch" in imported  # the import log is really there
    assert orm_modules(imported) == set()


def bash_completion(line: str) -> dict[str, str]:
    """The environment bash's completion script sets while ``line`` is typed."""
    return {
        "_LEARNLOG_COMPLETE": "complete_bash",
        "COMP_WORDS": line,
        "COMP_CWORD": str(line.count(" ")),
    }


@pytest.mark.parametrize(
    ("args", "env", "expected"),
    [
        ((), bash_completion("learnlog "), "add\nlist\nshow\n"),
        ((), bash_completion("learnlog s"), "show\nskip\nskips\nstreak\nsearch\n"),
        ((), bash_completion("learnlog paper re"), "read\nremove\n"),
        (("config", "list"), {}, "key              value"),
    ],
    ids=["command-names", "command-prefix", "group-commands", "config-list"],
)
def test_completion_and_config_list_need_neither_typer_nor_rich(
    args: tuple[str, ...], env: dict[str, str], expected: str
) -> None:
    outcome, imported = imported_modules(*args, **env)
    assert outcome.stdout.startswith(expected)
    assert "learnlog.cli.quick" in imported
    assert modules_of(imported, COMMAND_LINE_PACKAGES) == set()


def test_config_list_off_a_terminal_is_one_plain_line_per_key(sandbox: Sandbox) -> None:
    assert run("config", "set", "editor", "vim -f").returncode == 0
    listed = run("config", "list", COLUMNS="40")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[0].split() == ["key", "value", "from", "meaning"]
    assert len(lines) == 1 + len(json.loads(run("config", "list", "--json").stdout))
    assert re.search(r"^editor +vim -f +file +command used to edit entries \(", listed.stdout, re.M)
    assert all(line == line.rstrip() for line in lines)


def test_a_broken_config_file_is_reported_by_config_list_as_by_every_command(
    sandbox: Sandbox,
) -> None:
    sandbox.config.parent.mkdir(parents=True)
    sandbox.config.write_text("day_start_hour = = 3\n")
    listed = run("config", "list")
    assert listed.returncode == 1
    assert listed.stdout == ""
    assert listed.stderr.startswith("error: ")
    assert listed.stderr.count("\n") == 1
    assert "line 1" in listed.stderr


def test_config_list_in_a_terminal_is_a_table_that_fits_it() -> None:
    terminal = {"TERM": "dumb", "COLUMNS": "60", "LINES": "24"}  # Rich reads both, or neither
    code, output = run_in_terminal(["config", "list"], terminal)
    assert code == 0, output
    lines = output.splitlines()
    [timezone] = [line for line in lines if line.startswith("timezone")]
    assert "belongs to" not in timezone  # Rich wrapped the meaning onto the next line
    assert "belongs to" in output
    assert max(len(line) for line in lines) <= 60


@pytest.mark.parametrize(
    ("args", "module"),
    [(("--help",), None), (("add", "--help"), "entries"), (("habit", "add", "--help"), "habits")],
)
def test_only_the_invoked_command_module_is_imported(
    args: tuple[str, ...], module: str | None
) -> None:
    outcome, imported = imported_modules(*args)
    assert outcome.stdout.startswith("Usage: learnlog")
    commands = {command.module for command in registry.COMMANDS}
    loaded = {name.removeprefix("learnlog.cli.") for name in imported} & commands
    assert loaded == ({module} if module else set())


@pytest.mark.parametrize("flag", ["--version", "-V"])
def test_the_version_is_answered_before_the_command_line_machinery_loads(flag: str) -> None:
    outcome, imported = imported_modules(flag)
    assert re.fullmatch(r"learnlog \S+\n", outcome.stdout)
    assert "learnlog.launch" in imported
    assert modules_of(imported, COMMAND_LINE_PACKAGES) == set()


def test_creating_the_journal_does_import_the_database_stack() -> None:
    """The checks here can fail: a command that goes through SQLModel shows up in the log."""
    _outcome, imported = imported_modules("list")  # no journal yet: it is created and migrated
    assert {"sqlalchemy", "sqlmodel", "alembic"} <= orm_modules(imported)


# Every command that opens a journal, with what must be in the journal first (after "first
# entry #ml", entry #1).
JOURNAL_COMMANDS: list[tuple[tuple[tuple[str, ...], ...], tuple[str, ...]]] = [
    ((), ("add", "second entry #ml")),
    ((), ("list", "-n", "10")),
    ((), ("list", "--tag", "ml", "--json")),
    ((), ("show", "1")),
    ((), ("edit", "1", "--text", "first entry, edited #ml")),
    ((), ("delete", "1", "--yes")),
    ((("delete", "1", "--yes"),), ("undo",)),
    ((), ("search", "entry")),
    ((), ("search", "entry", "--json")),
    ((), ("streak",)),
    ((), ("streak", "--calendar")),
    ((), ("streak", "--check")),
    ((), ("streak", "journal", "--json")),
    ((), ("report",)),
    ((), ("report", "--format", "markdown")),
    ((), ("report", "--format", "json")),
    ((), ("report", "--format", "html")),
    ((), ("review", "--list")),
    ((), ("review", "--done", "1")),
    ((), ("export", "--format", "json")),
    ((), ("export", "--format", "csv")),
    ((), ("export", "--format", "markdown")),
    ((("export", "-o", "{tmp}/out.json"),), ("import", "{tmp}/out.json")),
    ((), ("paper", "add", "Attention Is All You Need", "--link", "arXiv:1706.03762")),
    ((("paper", "add", "Attention"),), ("paper", "list")),
    ((("paper", "add", "Attention"),), ("paper", "show", "1")),
    ((("paper", "add", "Attention"),), ("paper", "start", "1")),
    ((("paper", "add", "Attention"),), ("paper", "read", "1")),
    ((("paper", "add", "Attention"),), ("paper", "edit", "1", "--title", "Attention!")),
    ((("paper", "add", "Attention"),), ("paper", "remove", "1", "--yes")),
    ((), ("habit", "add", "gym", "--every", "3/week")),
    ((), ("habit", "list")),
    ((("habit", "add", "gym", "--every", "3/week"),), ("habit", "rename", "gym", "lift")),
    ((("habit", "add", "gym", "--every", "3/week"),), ("habit", "remove", "gym", "--yes")),
    ((("habit", "add", "gym", "--every", "3/week"),), ("done", "gym")),
    ((), ("skip", "--from", "today")),
    ((("skip", "--from", "today"),), ("skips",)),
    ((("skip", "--from", "today"),), ("unskip", "1")),
    ((), ("doctor",)),
    ((), ("backup",)),
]


@pytest.mark.parametrize(
    ("setup", "args"), JOURNAL_COMMANDS, ids=[" ".join(args) for _, args in JOURNAL_COMMANDS]
)
def test_no_command_on_a_journal_imports_the_orm(
    setup: tuple[tuple[str, ...], ...], args: tuple[str, ...], tmp_path: Path
) -> None:
    """On a journal that is already set up, every command reaches SQLite through sqlite3 alone.

    SQLAlchemy, SQLModel and Alembic take about half a second to import; they are left to
    creating or upgrading a journal, and to journals on a database server.
    """
    assert run("add", "first entry #ml").returncode == 0  # sets the new journal up
    for words in setup:
        done = run(*(word.format(tmp=tmp_path) for word in words))
        assert done.returncode == 0, done.stderr
    outcome, imported = imported_modules(*(word.format(tmp=tmp_path) for word in args))
    assert outcome.stdout or outcome.stderr
    assert "learnlog.store.sql" in imported or args == ("backup",)  # the journal was read
    assert orm_modules(imported) == set()


@pytest.mark.parametrize(
    "args", [("list",), ("search", "entry"), ("report",), ("report", "--from", "last monday")]
)
def test_output_into_a_pipe_never_imports_rich(args: tuple[str, ...]) -> None:
    """Plain text for a pipe is written without Rich; a terminal's output is drawn by it."""
    assert run("add", "first entry #ml").returncode == 0
    piped, imported = imported_modules(*args)
    assert "first" in piped.stdout
    assert "learnlog.store.sql" in imported  # the log shows the journal was really read
    assert modules_of(imported, {"rich"}) == set()
    styled, imported = imported_modules(*args, TTY_COMPATIBLE="1")
    assert "first" in styled.stdout
    assert "rich.console" in imported


@pytest.mark.parametrize("content", [b"not a journal\n", os.urandom(2048)])
def test_a_bad_journal_file_is_exit_3_without_a_traceback(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "bad.db"
    path.write_bytes(content)
    outcome = run("list", "--db", str(path))
    assert outcome.returncode == 3
    assert outcome.stderr.count("\n") == 1
    assert "Traceback" not in outcome.stderr
    assert path.read_bytes() == content


def run_in_terminal(args: list[str], env: dict[str, str]) -> tuple[int, str]:
    """Run learnlog with a pseudo-terminal as standard input and output."""
    primary, secondary = pty.openpty()
    process = subprocess.Popen(
        [installed_learnlog(), *args],
        stdin=secondary,
        stdout=secondary,
        stderr=secondary,
        env=subprocess_env(**env),
        close_fds=True,
    )
    os.close(secondary)
    output = read_until_closed(primary)
    return process.wait(timeout=60), output


def read_until_closed(primary: int) -> str:
    """Everything a process wrote to its terminal, read from the primary side until it closes."""
    chunks: list[bytes] = []
    while True:
        try:
            chunk = os.read(primary, 4096)
        except OSError:  # the terminal closes when the process ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(primary)
    return b"".join(chunks).decode("utf-8", "replace")


def test_a_terminal_gets_colour_unless_no_color_is_set() -> None:
    assert run("add", "coloured #rich", "--star").returncode == 0
    code, coloured = run_in_terminal(["list"], {"TERM": "xterm-256color"})
    assert code == 0
    assert "\x1b[" in coloured
    code, plain = run_in_terminal(["list"], {"TERM": "xterm-256color", "NO_COLOR": "1"})
    assert code == 0
    assert "coloured #rich" in plain
    assert "\x1b[" not in plain
    assert plain.split()[:4] == ["id", "day", "entry", "tags"]  # a table, unlike in a pipe


def test_in_a_terminal_add_without_text_uses_the_editor(tmp_path: Path) -> None:
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\n"
        "path = sys.argv[1]\n"
        "text = open(path, encoding='utf-8').read()\n"
        "open(path, 'w', encoding='utf-8').write('From the editor #real\\n' + text)\n"
    )
    editor = f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"
    code, output = run_in_terminal(["add"], {"EDITOR": editor, "TERM": "dumb"})
    assert code == 0, output
    assert "#1 logged for" in output
    [entry] = json.loads(run("list", "--json").stdout)["entries"]
    assert entry["text"] == "From the editor #real"


def test_piped_bytes_that_are_not_utf8_are_refused_cleanly(sandbox: Sandbox) -> None:
    outcome = subprocess.run(
        [installed_learnlog(), "add"],
        input=b"caf\xe9 in latin-1\n",
        capture_output=True,
        env=subprocess_env(),
        timeout=60,
        check=False,
    )
    assert outcome.returncode == 1
    assert outcome.stderr.count(b"\n") == 1
    assert b"UTF-8" in outcome.stderr
    assert not sandbox.db.exists() or json.loads(run("list", "--json").stdout)["count"] == 0


def test_streak_check_is_silent_and_drives_a_shell_prompt(sandbox: Sandbox) -> None:
    prompt = [
        "sh",
        "-c",
        f"{shlex.quote(installed_learnlog())} streak --check || echo 'no entry today'",
    ]

    def shell() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            prompt, capture_output=True, text=True, env=subprocess_env(), timeout=60, check=False
        )

    missing = run("streak", "--check")
    assert (missing.returncode, missing.stdout, missing.stderr) == (1, "", "")
    assert shell().stdout == "no entry today\n"

    assert run("add", "Yesterday does not count", "-d", "yesterday").returncode == 0
    assert run("streak", "--check").returncode == 1

    assert run("add", "Today's entry #shell").returncode == 0
    written = run("streak", "--check")
    assert (written.returncode, written.stdout, written.stderr) == (0, "", "")
    prompted = shell()
    assert (prompted.returncode, prompted.stdout, prompted.stderr) == (0, "", "")


def test_the_streak_calendar_in_a_terminal_has_colour_unless_no_color_is_set() -> None:
    assert run("add", "one", "-d", "yesterday").returncode == 0
    assert run("skip", "journal", "--from", "2 days ago").returncode == 0
    terminal = {"TERM": "xterm-256color", "COLUMNS": "80"}
    code, coloured = run_in_terminal(["streak", "--calendar"], terminal)
    assert code == 0, coloured
    assert "\x1b[" in coloured
    code, plain = run_in_terminal(["streak", "--calendar"], {**terminal, "NO_COLOR": "1"})
    assert code == 0, plain
    assert "\x1b" not in plain
    lines = plain.splitlines()
    weekdays = ("Mon ", "Tue ", "Wed ", "Thu ", "Fri ", "Sat ", "Sun ")
    labels = [line[:4] for line in lines if line.startswith(weekdays)]
    assert labels == [*weekdays, *weekdays]  # journal, then papers
    assert max(len(line) for line in lines) <= 80
    assert "~ excused" in plain
