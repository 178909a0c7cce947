"""Every command and every failure, through Typer's test runner."""

from __future__ import annotations

import shlex
import sqlite3
import stat
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from learnlog.dates import format_day
from tests.conftest import Outcome, Sandbox, today_utc

Run = Any


def db_dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def assert_one_line_error(outcome: Outcome, code: int, *fragments: str) -> None:
    assert outcome.exit_code == code, outcome
    assert outcome.stderr.count("\n") == 1, outcome.stderr
    assert outcome.stderr.startswith("error: ")
    assert "Traceback" not in outcome.stderr + outcome.stdout
    for fragment in fragments:
        assert fragment in outcome.stderr


def entries(cli: Run) -> list[dict[str, Any]]:
    result: list[dict[str, Any]] = cli("list", "--json").json()["entries"]
    return result


# add


def test_add_prints_the_id_and_the_resolved_day(cli: Run) -> None:
    yesterday = today_utc() - timedelta(days=1)
    outcome = cli("add", "Broadcasting aligns trailing axes #numpy", "-d", "yesterday")
    assert outcome.exit_code == 0
    assert outcome.stdout == f"#1 logged for {yesterday:%a} {yesterday.isoformat()}\n"
    [entry] = entries(cli)
    assert entry["day"] == yesterday.isoformat()
    assert entry["tags"] == ["numpy"]
    assert entry["text"] == "Broadcasting aligns trailing axes #numpy"


def test_add_joins_unquoted_words_and_takes_every_field(cli: Run) -> None:
    outcome = cli(
        "add",
        "Attention",
        "is",
        "all",
        "you",
        "need",
        "--tag",
        "Transformers",
        "-t",
        "papers",
        "--source",
        "arXiv:1706.03762",
        "--stage",
        "understood",
        "--star",
        "--json",
    )
    assert outcome.exit_code == 0
    entry = outcome.json()
    assert entry["text"] == "Attention is all you need"
    assert entry["tags"] == ["papers", "transformers"]
    assert entry["source"] == "arXiv:1706.03762"
    assert entry["stage"] == "understood"
    assert entry["starred"] is True
    assert entry["day"] == today_utc().isoformat()
    assert set(entry) == {
        "id",
        "uid",
        "day",
        "text",
        "tags",
        "source",
        "stage",
        "starred",
        "created_at",
        "updated_at",
    }
    assert entry["created_at"].endswith("+00:00")


def test_add_reads_standard_input_when_it_is_piped(cli: Run) -> None:
    outcome = cli("add", input="From stdin\nsecond line #pipes\n")
    assert outcome.exit_code == 0
    [entry] = entries(cli)
    assert entry["text"] == "From stdin\nsecond line #pipes"
    assert entry["tags"] == ["pipes"]


@pytest.mark.parametrize("piped", ["", "   \n\n"])
def test_add_with_empty_standard_input_saves_nothing(cli: Run, piped: str) -> None:
    assert_one_line_error(cli("add", input=piped), 1, "empty")
    assert entries(cli) == []


@pytest.mark.parametrize(
    ("day", "hint"),
    [("tomorrow", "in the future"), ("01/02/2026", "YYYY-MM-DD"), ("someday", "YYYY-MM-DD")],
)
def test_add_refuses_bad_days_and_saves_nothing(
    cli: Run, sandbox: Sandbox, day: str, hint: str
) -> None:
    cli("add", "first")
    before = db_dump(sandbox.db)
    assert_one_line_error(cli("add", "x", "-d", day), 1, hint)
    assert db_dump(sandbox.db) == before


def test_add_refuses_a_tag_with_spaces(cli: Run) -> None:
    assert_one_line_error(cli("add", "x", "--tag", "two words"), 1, "not a tag")
    assert entries(cli) == []


def test_add_with_an_unknown_stage_is_a_usage_error(cli: Run) -> None:
    assert_one_line_error(
        cli("add", "x", "--stage", "mastered"), 2, "'--stage'", "understood", "add --help"
    )
    assert entries(cli) == []


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (("nosuch",), "No such command"),
        (("list", "--bogus"), "No such option: --bogus"),
        (("show",), "Missing argument"),
        (("list", "-n", "0"), "'-n'"),
    ],
)
def test_usage_errors_are_one_line_with_exit_code_2(
    cli: Run, args: tuple[str, ...], hint: str
) -> None:
    assert_one_line_error(cli(*args), 2, hint, "--help")


def test_a_mistyped_command_gets_a_suggestion(cli: Run) -> None:
    assert_one_line_error(cli("lst"), 2, "No such command 'lst'. Did you mean 'list'?")
    assert_one_line_error(cli("config", "lst"), 2, "Did you mean 'list', 'set'?", "config --help")


# the editor


def fake_editor(tmp_path: Path, body: str, *, exit_code: int = 0) -> str:
    """An editor command that writes ``body`` above the template and notes what it saw."""
    script = tmp_path / "editor.py"
    script.write_text(
        "import os, stat, sys\n"
        "path = sys.argv[1]\n"
        "seen = open(path, encoding='utf-8').read()\n"
        f"notes = open({str(tmp_path / 'seen.txt')!r}, 'w', encoding='utf-8')\n"
        "notes.write(path + '\\n')\n"
        "notes.write(oct(stat.S_IMODE(os.stat(path).st_mode)) + '\\n')\n"
        "notes.write(oct(stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode)) + '\\n')\n"
        "notes.write(seen)\n"
        "notes.close()\n"
        f"open(path, 'w', encoding='utf-8').write({body!r} + seen)\n"
        f"sys.exit({exit_code})\n"
    )
    return f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}"


@pytest.mark.usefixtures("terminal")
def test_add_without_text_opens_the_editor_on_a_private_file(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "Written in the editor #vim\n"))
    outcome = cli("add")
    assert outcome.exit_code == 0, outcome
    [entry] = entries(cli)
    assert entry["text"] == "Written in the editor #vim"
    assert entry["tags"] == ["vim"]
    path, file_mode, dir_mode, *template = (tmp_path / "seen.txt").read_text().splitlines()
    assert (file_mode, dir_mode) == ("0o600", "0o700")
    assert not Path(path).exists()
    assert not Path(path).parent.exists()
    assert any("ignored" in line for line in template)


@pytest.mark.usefixtures("terminal")
def test_an_empty_editor_buffer_saves_nothing(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("VISUAL", fake_editor(tmp_path, "   \n"))
    assert_one_line_error(cli("add"), 1, "empty")
    assert entries(cli) == []


@pytest.mark.usefixtures("terminal")
def test_a_failing_editor_saves_nothing_and_leaves_no_file(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "half written", exit_code=3))
    assert_one_line_error(cli("add"), 1, "exited with code 3")
    assert entries(cli) == []
    path = Path((tmp_path / "seen.txt").read_text().splitlines()[0])
    assert not path.parent.exists()


@pytest.mark.usefixtures("terminal")
def test_edit_without_options_opens_the_editor_on_the_text(
    cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cli("add", "original #one")
    monkeypatch.setenv(
        "EDITOR",
        fake_editor(
            tmp_path, "replaced #two\n# ------------------------ >8 ------------------------\n"
        ),
    )
    outcome = cli("edit", "1")
    assert outcome.exit_code == 0, outcome
    seen = (tmp_path / "seen.txt").read_text()
    assert "original #one" in seen
    [entry] = entries(cli)
    assert entry["text"] == "replaced #two"
    assert entry["tags"] == ["two"]


# list


def test_list_filters_and_echoes_the_resolved_days(cli: Run) -> None:
    today = today_utc()
    cli("add", "old #python", "-d", "10 days ago")
    cli("add", "mid #python", "-d", "3 days ago", "--star")
    cli("add", "new #numpy", "--stage", "applied")
    three_days_ago = today - timedelta(days=3)

    outcome = cli("list", "--since", "3 days ago", "--json")
    assert [e["text"] for e in outcome.json()["entries"]] == ["new #numpy", "mid #python"]
    assert three_days_ago.isoformat() in outcome.stderr

    def texts(*args: str) -> list[str]:
        return [e["text"] for e in cli("list", "--json", *args).json()["entries"]]

    assert texts("--on", three_days_ago.isoformat()) == ["mid #python"]
    assert texts("--until", "4 days ago") == ["old #python"]
    assert texts("--tag", "python") == ["mid #python", "old #python"]
    assert texts("--starred") == ["mid #python"]
    assert texts("--stage", "applied") == ["new #numpy"]
    assert texts("-n", "1") == ["new #numpy"]


def test_list_into_a_pipe_is_one_whole_entry_a_line(cli: Run) -> None:
    """Never wrapped, so that grep, wc -l and the like see one entry a line."""
    long_text = "Broadcasting stretches size-1 axes " * 8 + "#numpy"
    cli("add", long_text, "--star")
    cli("add", "first line\nsecond line", "--tag", "notes")
    for number in range(3, 11):
        cli("add", f"entry {number}")
    outcome = cli("list")
    assert outcome.exit_code == 0
    day = format_day(today_utc())
    lines = outcome.stdout.splitlines()
    assert len(lines) == 10
    assert lines[-2] == f" #2  {day}  first line second line  #notes"
    assert lines[-1] == f" #1  {day}  * {long_text}  #numpy"
    assert lines[0] == f"#10  {day}  entry 10"
    assert "\x1b[" not in outcome.stdout + outcome.stderr


def test_list_of_an_empty_journal_says_so(cli: Run) -> None:
    outcome = cli("list")
    assert outcome.exit_code == 0
    assert outcome.stdout == ""
    assert "no entries" in outcome.stderr
    assert cli("list", "--json").json() == {"count": 0, "entries": []}


def test_list_refuses_contradictory_days(cli: Run) -> None:
    assert_one_line_error(cli("list", "--on", "today", "--since", "yesterday"), 1, "--on")
    assert_one_line_error(cli("list", "--since", "today", "--until", "yesterday"), 1, "after")


# show, edit, delete, undo


def test_show_prints_every_field(cli: Run) -> None:
    cli("add", "Shown in full #show", "--source", "https://example.org/post")
    outcome = cli("show", "1")
    assert outcome.exit_code == 0
    for fragment in ("Shown in full #show", "https://example.org/post", "#show", "uid"):
        assert fragment in outcome.stdout
    assert cli("show", "1", "--json").json()["source"] == "https://example.org/post"


@pytest.mark.parametrize(
    "command",
    [("show", "7"), ("edit", "7", "--text", "x"), ("delete", "7", "--yes")],
)
def test_an_unknown_id_is_a_clear_error(cli: Run, command: tuple[str, ...]) -> None:
    assert_one_line_error(cli(*command), 1, "no entry #7")


def test_an_id_that_is_not_a_number_is_a_usage_error(cli: Run) -> None:
    assert_one_line_error(cli("show", "first"), 2, "'ID'")


def test_edit_inline_changes_only_what_is_given(cli: Run) -> None:
    cli("add", "typo in here #draft", "--source", "book")
    outcome = cli("edit", "1", "--text", "fixed #final", "--tag", "extra", "--unstar", "--json")
    assert outcome.exit_code == 0
    entry = outcome.json()
    assert entry["text"] == "fixed #final"
    assert entry["tags"] == ["extra", "final"]
    assert entry["source"] == "book"
    assert entry["starred"] is False


def test_edit_reads_new_text_from_standard_input(cli: Run) -> None:
    cli("add", "before")
    assert cli("edit", "1", input="after #piped\n").exit_code == 0
    assert entries(cli)[0]["text"] == "after #piped"


def test_edit_refuses_a_future_day_and_changes_nothing(cli: Run, sandbox: Sandbox) -> None:
    cli("add", "x")
    before = db_dump(sandbox.db)
    assert_one_line_error(cli("edit", "1", "-d", "tomorrow"), 1, "future")
    assert db_dump(sandbox.db) == before


def test_delete_and_undo_restore_the_same_entry(cli: Run) -> None:
    cli("add", "precious #keep", "-d", "yesterday")
    before = entries(cli)
    outcome = cli("delete", "1", "--yes")
    assert outcome.exit_code == 0
    assert "undo" in outcome.stdout
    assert entries(cli) == []
    undone = cli("undo")
    assert undone.exit_code == 0
    assert "restored #1" in undone.stdout
    assert entries(cli) == before


def test_delete_without_yes_and_without_a_terminal_refuses(cli: Run, sandbox: Sandbox) -> None:
    cli("add", "x")
    before = db_dump(sandbox.db)
    assert_one_line_error(cli("delete", "1"), 1, "--yes")
    assert db_dump(sandbox.db) == before


@pytest.mark.usefixtures("terminal")
def test_delete_asks_and_a_no_keeps_the_entry(cli: Run) -> None:
    cli("add", "maybe")
    outcome = cli("delete", "1", input="n\n")
    assert outcome.exit_code == 1
    assert "Delete #1" in outcome.stderr
    assert len(entries(cli)) == 1
    assert cli("delete", "1", input="y\n").exit_code == 0
    assert entries(cli) == []


def test_undo_takes_back_an_edit(cli: Run) -> None:
    cli("add", "first #a")
    before = entries(cli)
    cli("edit", "1", "--text", "second #b", "--star")
    outcome = cli("undo", "--json")
    assert outcome.exit_code == 0
    assert entries(cli) == before


def test_undo_with_nothing_to_undo_is_an_error(cli: Run) -> None:
    assert_one_line_error(cli("undo"), 1, "nothing to undo")


# where the journal is


@pytest.mark.parametrize("content", [b"plain text notes\n", bytes(range(256)) * 8])
def test_a_file_that_is_not_a_journal_is_a_storage_error(
    cli: Run, tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / "not-a-journal.db"
    path.write_bytes(content)
    assert_one_line_error(cli("--db", str(path), "list"), 3, str(path), "not a learnlog")
    assert_one_line_error(cli("add", "x", "--db", str(path)), 3)
    assert path.read_bytes() == content


def test_db_option_overrides_the_environment(cli: Run, tmp_path: Path, sandbox: Sandbox) -> None:
    other = tmp_path / "elsewhere" / "other.db"
    cli("add", "in the other journal", "--db", str(other))
    cli("--db", str(other), "add", "also there")
    assert other.exists()
    assert not sandbox.db.exists()
    assert len(cli("list", "--db", str(other), "--json").json()["entries"]) == 2
    assert stat.S_IMODE(other.stat().st_mode) == 0o600


# config


def test_config_set_get_list_and_path(cli: Run, sandbox: Sandbox) -> None:
    assert cli("config", "path").stdout == f"{sandbox.config}\n"
    assert cli("config", "set", "timezone", "Europe/Berlin").exit_code == 0
    assert cli("config", "set", "day_start_hour", "3").exit_code == 0
    assert cli("config", "get", "timezone").stdout == "Europe/Berlin\n"
    settings = cli("config", "list", "--json").json()
    assert settings["timezone"] == "Europe/Berlin"
    assert settings["day_start_hour"] == 3
    assert settings["papers_per_week"] == 2
    table = cli("config", "list").stdout
    assert "Europe/Berlin" in table
    assert "papers_per_year" in table
    assert stat.S_IMODE(sandbox.config.stat().st_mode) == 0o600


@pytest.mark.parametrize(
    ("key", "value", "hint"),
    [
        ("colour", "blue", "unknown configuration key"),
        ("timezone", "Mars/Olympus_Mons", "IANA"),
        ("day_start_hour", "7", "0 to 6"),
        ("day_start_hour", "early", "whole number"),
    ],
)
def test_config_set_refuses_bad_values_and_keeps_the_file(
    cli: Run, sandbox: Sandbox, key: str, value: str, hint: str
) -> None:
    cli("config", "set", "papers_per_week", "3")
    before = sandbox.config.read_bytes()
    assert_one_line_error(cli("config", "set", key, value), 1, hint)
    assert sandbox.config.read_bytes() == before


def test_config_get_of_an_unknown_key_is_an_error(cli: Run) -> None:
    assert_one_line_error(cli("config", "get", "colour"), 1, "known keys")


def test_a_malformed_config_file_names_the_file_and_line(cli: Run, sandbox: Sandbox) -> None:
    sandbox.config.parent.mkdir(parents=True)
    sandbox.config.write_text('timezone = "UTC"\nday_start_hour = = 3\n')
    for command in (("config", "list"), ("add", "x"), ("list",)):
        assert_one_line_error(cli(*command), 1, str(sandbox.config), "line 2")
    assert not sandbox.db.exists()


def test_config_edit_opens_the_file_in_the_editor(
    cli: Run, tmp_path: Path, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", fake_editor(tmp_path, "papers_per_year = 52\n"))
    assert cli("config", "edit").exit_code == 0
    assert cli("config", "get", "papers_per_year").stdout == "52\n"


def test_the_day_follows_the_configured_timezone(cli: Run) -> None:
    cli("config", "set", "timezone", "Pacific/Kiritimati")  # UTC+14
    kiritimati = cli("add", "x", "--json").json()["day"]
    cli("config", "set", "timezone", "Pacific/Pago_Pago")  # UTC-11
    pago_pago = cli("add", "y", "--json").json()["day"]
    # The zones are 25 hours apart: their dates differ by one day or, for an hour, by two.
    assert (date.fromisoformat(kiritimati) - date.fromisoformat(pago_pago)).days in {1, 2}


# the error path


def test_an_unexpected_error_is_one_line_naming_the_log(
    cli: Run, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("secret journal text must not be logged")

    monkeypatch.setattr("learnlog.services.entries.list_entries", broken)
    outcome = cli("list")
    assert_one_line_error(outcome, 1, "internal problem", "--debug")
    logs = list((sandbox.home / "state").rglob("learnlog.log"))
    assert len(logs) == 1
    logged = logs[0].read_text()
    assert "RuntimeError" in logged
    assert "secret journal text" not in logged + outcome.stderr
    assert stat.S_IMODE(logs[0].stat().st_mode) == 0o600


def test_debug_shows_the_real_exception(cli: Run, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("learnlog.services.entries.list_entries", broken)
    with pytest.raises(RuntimeError, match="boom"):
        cli("--debug", "list")


def test_version_and_help(cli: Run) -> None:
    from learnlog import __version__

    assert cli("--version").stdout == f"learnlog {__version__}\n"
    for command in ((), ("add",), ("list",), ("config",), ("config", "set")):
        outcome = cli(*command, "--help")
        assert outcome.exit_code == 0
        assert "Usage" in outcome.stdout


def test_config_edit_mends_a_broken_file(
    cli: Run, tmp_path: Path, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    sandbox.config.parent.mkdir(parents=True)
    sandbox.config.write_text("day_start_hour = = 3\n")
    script = tmp_path / "mend.py"
    script.write_text("import sys\nopen(sys.argv[1], 'w').write('day_start_hour = 3\\n')\n")
    monkeypatch.setenv("EDITOR", f"{shlex.quote(sys.executable)} {shlex.quote(str(script))}")
    assert cli("config", "edit").exit_code == 0
    assert cli("config", "get", "day_start_hour").stdout == "3\n"


def test_config_edit_with_a_missing_editor_is_a_clear_error(
    cli: Run, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EDITOR", "/nonexistent/editor --wait")
    assert_one_line_error(cli("config", "edit"), 1, "cannot start the editor")


def test_config_set_explains_a_negative_number(cli: Run) -> None:
    assert_one_line_error(cli("config", "set", "papers_per_week", "-1"), 1, "1 or more")


def test_config_set_refuses_an_editor_it_could_not_run(cli: Run) -> None:
    assert_one_line_error(cli("config", "set", "editor", "'unclosed"), 1, "unclosed quote")


def test_list_bounds_may_lie_in_the_future(cli: Run) -> None:
    cli("add", "today's entry")
    outcome = cli("list", "--until", "tomorrow", "--json")
    assert outcome.exit_code == 0
    assert outcome.json()["count"] == 1


def test_timestamps_always_have_microseconds_and_an_offset(cli: Run) -> None:
    import re

    entry = cli("add", "x", "--json").json()
    for field in ("created_at", "updated_at"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00", entry[field])


@pytest.mark.parametrize("name", ["pct%20x.db", "q?mode=ro.db", "hash#1.db"])
def test_a_journal_file_name_is_used_exactly_as_given(cli: Run, tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    assert cli("add", "x", "--db", str(path)).exit_code == 0
    assert sorted(p.name for p in tmp_path.iterdir() if p.name != "home") == [name]
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert cli("list", "--db", str(path), "--json").json()["count"] == 1


def test_an_existing_empty_file_becomes_a_private_journal(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "empty.db"
    path.touch(mode=0o644)
    assert cli("add", "x", "--db", str(path)).exit_code == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_directory_as_the_journal_is_a_storage_error(cli: Run, tmp_path: Path) -> None:
    assert_one_line_error(cli("--db", str(tmp_path), "list"), 3, "is a directory")


@pytest.mark.parametrize("entry_id", ["0", "99999999999999999999999"])
def test_an_id_outside_the_possible_range_is_a_usage_error(cli: Run, entry_id: str) -> None:
    assert_one_line_error(cli("show", entry_id), 2, "'ID'")


@pytest.mark.parametrize(
    "args",
    [
        ("add", "bad \udcff byte"),
        ("add", "ok", "--source", "\udcff"),
        ("add", "escape \x1b]0;pwned\x07 sequence"),
    ],
)
def test_text_that_cannot_be_shown_safely_is_refused(
    cli: Run, sandbox: Sandbox, args: tuple[str, ...]
) -> None:
    assert_one_line_error(cli(*args), 1, "not UTF-8")
    assert entries(cli) == []


def test_a_bad_value_in_the_config_file_names_its_line(cli: Run, sandbox: Sandbox) -> None:
    sandbox.config.parent.mkdir(parents=True)
    sandbox.config.write_text('timezone = "UTC"\n# night owl\nday_start_hour = 9\n')
    assert_one_line_error(cli("list"), 1, f"{sandbox.config} line 3", "0 to 6")


def test_edit_can_clear_the_stage_and_reports_a_no_op(cli: Run) -> None:
    cli("add", "x", "--stage", "understood", "--star")
    assert cli("edit", "1", "--clear-stage", "--json").json()["stage"] is None
    outcome = cli("edit", "1", "--star")
    assert outcome.stdout.startswith("#1 is unchanged")


def test_control_characters_already_stored_are_never_sent_to_the_terminal(
    cli: Run, sandbox: Sandbox
) -> None:
    cli("add", "placeholder")
    connection = sqlite3.connect(sandbox.db)
    connection.execute("UPDATE entry SET text = 'title \x1b]0;pwned\x07 here', source = '\x1b[2J'")
    connection.commit()
    connection.close()
    for command in (("list",), ("show", "1")):
        outcome = cli(*command)
        assert outcome.exit_code == 0
        assert "\x1b" not in outcome.stdout
        assert "\x07" not in outcome.stdout
        assert "title" in outcome.stdout


def test_learnlog_alone_shows_the_help(cli: Run) -> None:
    outcome = cli()
    assert outcome.exit_code == 2
    assert "Usage" in outcome.stdout
    assert "add" in outcome.stdout
