"""Every command on learnlog's command line: its name, the module that defines it, its summary.

``learnlog --help``, the completion of command names and the root group, which builds a
command only when it is invoked, all read this table instead of importing the command modules:
Typer builds every parameter of every command it is given, which took about 60 ms of each start.
tests/test_registry.py checks the table against what the modules define, so it cannot drift.
"""

from __future__ import annotations

from typing import NamedTuple


class Command(NamedTuple):
    """A command or command group of ``learnlog``, described without importing it."""

    name: str
    # The module in learnlog.cli whose ``commands`` Typer app defines it.
    module: str
    # The first paragraph of its help, which ``learnlog --help`` shortens to fit.
    summary: str
    # For a group, the names of its commands in the order they are listed.
    subcommands: tuple[str, ...] = ()


# In the order of `learnlog --help`: the commands, then the groups.
COMMANDS = (
    Command("add", "entries", "Record one thing learned today (or on the day given with --date)."),
    Command("list", "entries", "List entries, newest first."),
    Command("show", "entries", "Show one entry with all its fields."),
    Command(
        "edit",
        "entries",
        "Change an entry inline with options, or in your editor when none are given.",
    ),
    Command(
        "delete",
        "entries",
        "Move an entry to the trash (kept 30 days; 'learnlog undo' brings it back).",
    ),
    Command("undo", "entries", "Take back the last delete or edit."),
    Command(
        "export",
        "exchange",
        "Write the journal out as JSON, Markdown or CSV (to standard output or --output).",
    ),
    Command(
        "import",
        "exchange",
        "Import entries (and from a learnlog export, everything) without duplicating any.",
    ),
    Command("done", "habits", "Check in a habit for today (or the day given with --date)."),
    Command(
        "skip",
        "habits",
        "Excuse days (holiday, illness): they neither lengthen nor break a streak.",
    ),
    Command("skips", "habits", "List the skips, with the ids 'learnlog unskip' takes."),
    Command("unskip", "habits", "Take a skip back: its days are judged again."),
    Command(
        "streak",
        "habits",
        "Show each habit's current and longest streak, today's status, score and what is next.",
    ),
    Command(
        "doctor",
        "maintenance",
        "Check the journal, its backups and the settings; say what is wrong and how to fix it.",
    ),
    Command(
        "backup",
        "maintenance",
        "Copy the journal into a new private file, safely even while other commands write to it.",
    ),
    Command(
        "report",
        "report",
        "The weekly review: progress, streaks, papers, gaps and what to revisit.",
    ),
    Command(
        "review",
        "review",
        "Look again at entries from 1, 7, 30, 90 and 365 days ago, and move their stage on.",
    ),
    Command(
        "search",
        "search",
        "Search entries and papers: best matches first, the matched words highlighted.",
    ),
    Command(
        "config",
        "config_cmd",
        "Show and change settings (timezone, day_start_hour, targets, editor).",
        ("list", "get", "set", "path", "edit"),
    ),
    Command(
        "habit",
        "habits",
        "Add, list, rename and remove habits (journal and papers are built in).",
        ("add", "list", "remove", "rename"),
    ),
    Command(
        "paper",
        "papers",
        "Keep a reading list of research papers and mark them read.",
        ("add", "list", "start", "read", "edit", "remove", "show"),
    ),
)

_BY_NAME = {command.name: command for command in COMMANDS}


def find(name: str) -> Command | None:
    """The command or group called ``name``, or ``None`` when learnlog has none."""
    return _BY_NAME.get(name)
