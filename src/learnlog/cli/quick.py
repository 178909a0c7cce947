"""Answers given before Typer and Rich are imported, for two requests that must be instant.

A shell asks for completions at every Tab, and scripts read ``config list``; importing Typer
alone takes longer than either answer should. Each answer here is the one the full command line
gives, byte for byte (tests/test_quick.py compares them); anything else, and anything that goes
wrong, is left to the full command line and its one error path.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

# Typer's name for it: _{PROG_NAME}_COMPLETE.
COMPLETE_VAR = "_LEARNLOG_COMPLETE"


def answer_quickly(args: list[str], environ: Mapping[str, str]) -> bool:
    """Print the answer to ``args`` if it is one of the quick ones; return whether it was."""
    if environ.get(COMPLETE_VAR):
        answer = bash_completion(environ)
    elif args == ["config", "list"]:
        answer = settings_for_a_pipe()
    else:
        answer = None
    if answer is None:
        return False
    sys.stdout.write(answer)
    sys.stdout.flush()
    return True


def bash_completion(environ: Mapping[str, str]) -> str | None:
    """Bash's completions of a command name or a group's command name, as Typer prints them.

    ``None`` for anything else (options, arguments, other shells, whose completions carry help
    text that Typer passes through Rich): Typer answers those.
    """
    if environ.get(COMPLETE_VAR) != "complete_bash":
        return None
    from learnlog.cli import registry

    # What follows mirrors Typer's BashComplete and click's _resolve_incomplete.
    try:
        words = _split_words(environ["COMP_WORDS"])
        current = int(environ["COMP_CWORD"])
    except (KeyError, ValueError):
        return None
    args = words[1:current]
    try:
        incomplete = words[current]
    except IndexError:
        incomplete = ""
    if incomplete == "=":
        incomplete = ""
    if incomplete and not incomplete[0].isalnum():
        return None  # the start of an option: Typer lists the options
    if not args:
        names = [command.name for command in registry.COMMANDS]
    elif len(args) == 1 and (group := registry.find(args[0])) and group.subcommands:
        names = list(group.subcommands)
    else:
        return None
    return "\n".join(name for name in names if name.startswith(incomplete)) + "\n"


def _split_words(line: str) -> list[str]:
    """Split COMP_WORDS as click does: like a shell, keeping an unclosed quote's partial word."""
    import shlex

    lexer = shlex.shlex(line, posix=True)
    lexer.whitespace_split = True
    lexer.commenters = ""
    words: list[str] = []
    try:
        words.extend(lexer)
    except ValueError:  # an unclosed quote or a trailing backslash
        words.append(lexer.token)
    return words


def settings_for_a_pipe() -> str | None:
    """``config list`` when standard output is not a terminal, or ``None`` to leave it to Typer.

    A terminal gets Rich's table; a broken configuration file gets the error path of the full
    command line (STYLE.md rule 5), which reads the file again and reports it.
    """
    from learnlog.render.console import takes_styles

    if takes_styles(sys.stdout):
        return None
    try:
        return settings_listing()
    except Exception:  # reported by the full command line, as every error is
        return None


def settings_listing() -> str:
    """Every setting with its value, where it comes from and what it means, as plain text."""
    from dataclasses import asdict

    from learnlog.config import KEY_HELP, explicit_keys, load_settings
    from learnlog.render.config import settings_text

    settings = asdict(load_settings())
    return settings_text(settings, explicit=explicit_keys(), help_texts=KEY_HELP)
