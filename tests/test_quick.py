"""The answers learnlog gives before Typer loads are the ones Typer would give, byte for byte."""

from __future__ import annotations

import pytest
from typer._completion_shared import Shells
from typer.testing import CliRunner

from learnlog.cli import app, quick, registry
from tests.conftest import Sandbox

Env = dict[str, str]


def typer_completion(env: Env) -> str:
    """What Typer itself prints for a completion request (the full command line's answer)."""
    result = CliRunner().invoke(app, [], env=env, prog_name="learnlog", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.stdout


def request(shell: str, line: str) -> Env:
    """The environment a shell's completion script sets while ``line`` is typed (cursor at end)."""
    words = line.split(" ")
    env = {"_LEARNLOG_COMPLETE": f"complete_{shell}"}
    if shell == "bash":
        return {**env, "COMP_WORDS": line, "COMP_CWORD": str(len(words) - 1)}
    return {
        **env,
        "_TYPER_COMPLETE_ARGS": line,
        "_TYPER_COMPLETE_WORD_TO_COMPLETE": words[-1],
        "_TYPER_COMPLETE_FISH_ACTION": "get-args",
    }


def prefixes(word: str) -> list[str]:
    """Every prefix of ``word``, from the empty one to the word itself."""
    return [word[:end] for end in range(len(word) + 1)]


# What is typed: every prefix of every command name and of every group's command names.
NAME_LINES = sorted(
    {f"learnlog {prefix}" for command in registry.COMMANDS for prefix in prefixes(command.name)}
    | {
        f"learnlog {command.name} {prefix}"
        for command in registry.COMMANDS
        for name in command.subcommands
        for prefix in prefixes(name)
    }
)


@pytest.mark.parametrize("shell", [shell.value for shell in Shells])
def test_name_completion_is_typers_for_every_shell_and_every_prefix(shell: str) -> None:
    for line in NAME_LINES:
        env = request(shell, line)
        answer = quick.bash_completion(env)
        if shell == "bash":
            assert answer == typer_completion(env), line
        else:  # their completions carry help text that Typer passes through Rich
            assert answer is None, line


@pytest.mark.parametrize(
    ("words", "cword"),
    [
        ("learnlog =", "1"),  # click drops a lone '=': every name
        ("learnlog   co", "1"),
        ("learnlog 'co", "1"),  # an unclosed quote keeps its partial word
        ('learnlog "hab', "1"),
        ("learnlog config\tl", "2"),
        ("learnlog", "1"),  # the cursor after the last word
        ("learnlog co nfig", "1"),
        ("learnlog co", "0"),
        ("learnlog con", "-1"),
        ("learnlog zzz", "1"),
        ("other-name sea", "1"),
    ],
)
def test_unusual_command_lines_are_completed_as_typer_does(words: str, cword: str) -> None:
    env = {"_LEARNLOG_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": cword}
    answer = quick.bash_completion(env)
    assert answer is not None
    assert answer == typer_completion(env)


@pytest.mark.parametrize(
    "line",
    [
        "learnlog -",  # options
        "learnlog --d",
        "learnlog config -",
        "learnlog add ",  # a command's own arguments and options
        "learnlog --debug li",  # a global option first
        "learnlog config list ",
        "learnlog habit add x",
    ],
)
def test_everything_else_is_left_to_typer(line: str) -> None:
    assert quick.bash_completion(request("bash", line)) is None
    assert not quick.answer_quickly([], request("bash", line))


def test_other_requests_are_left_to_typer() -> None:
    assert quick.bash_completion({"_LEARNLOG_COMPLETE": "source_bash"}) is None
    assert quick.bash_completion({"_LEARNLOG_COMPLETE": "complete_bash"}) is None
    not_a_number = {"_LEARNLOG_COMPLETE": "complete_bash", "COMP_WORDS": "x", "COMP_CWORD": "x"}
    assert quick.bash_completion(not_a_number) is None


def test_config_list_off_a_terminal_is_the_commands_own_output(
    sandbox: Sandbox, capsys: pytest.CaptureFixture[str]
) -> None:
    runner = CliRunner()
    runner.invoke(app, ["config", "set", "timezone", "Europe/Berlin"], catch_exceptions=False)
    full = runner.invoke(app, ["config", "list"], catch_exceptions=False)
    assert quick.answer_quickly(["config", "list"], {})
    assert capsys.readouterr().out == full.stdout
    assert "Europe/Berlin  file" in full.stdout


def test_config_list_in_a_terminal_or_with_a_broken_file_is_left_to_typer(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    sandbox.config.parent.mkdir(parents=True)
    sandbox.config.write_text("day_start_hour = = 3\n")
    assert quick.settings_for_a_pipe() is None  # the full command line reports the error
    sandbox.config.write_text("day_start_hour = 3\n")
    assert quick.settings_for_a_pipe() is not None
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # what Rich, and learnlog, take for a terminal
    assert quick.settings_for_a_pipe() is None


def test_only_config_list_itself_is_answered(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["config", "list", "--json"], ["config", "get", "timezone"], ["list"], []):
        assert not quick.answer_quickly(args, {})
    assert not quick.answer_quickly(["config", "list"], {"_LEARNLOG_COMPLETE": "complete_zsh"})
    assert capsys.readouterr().out == ""
