"""How entries look: a table for lists, a panel for one, plain dictionaries for JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from learnlog.dates import format_day
from learnlog.domain import is_control
from learnlog.render.console import show_or_write
from learnlog.render.plain import one_line

if TYPE_CHECKING:
    from rich.panel import Panel
    from rich.table import Table

    from learnlog.domain import EntryView


def entry_json(entry: EntryView) -> dict[str, Any]:
    """The stable JSON shape of an entry (documented in docs/json.md)."""
    return {
        "id": entry.id,
        "uid": entry.uid,
        "day": entry.day.isoformat(),
        "text": entry.text,
        "tags": list(entry.tags),
        "source": entry.source,
        "stage": entry.stage.value if entry.stage else None,
        "starred": entry.starred,
        "created_at": entry.created_at.isoformat(timespec="microseconds"),
        "updated_at": entry.updated_at.isoformat(timespec="microseconds"),
    }


def entries_json(entries: list[EntryView]) -> dict[str, Any]:
    """The JSON document of ``learnlog list``."""
    return {"count": len(entries), "entries": [entry_json(entry) for entry in entries]}


def printable(text: str) -> str:
    """Text safe for a terminal: control characters, which could drive it, become U+FFFD."""
    if text.isprintable():  # most texts: no control character, and no pass over each one
        return text
    return "".join("\ufffd" if is_control(char, allowed="\t\n") else char for char in text)


def _tags(entry: EntryView) -> str:
    return printable(" ".join(f"#{tag}" for tag in entry.tags))


def entries_table(entries: list[EntryView]) -> Table:
    """Entries as a table, one row each, newest first."""
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("id", justify="right", style="cyan", no_wrap=True)
    table.add_column("day", no_wrap=True)
    table.add_column("", no_wrap=True)
    table.add_column("entry", overflow="fold", ratio=1)
    table.add_column("tags", style="green", overflow="fold")
    for entry in entries:
        table.add_row(
            f"#{entry.id}",
            format_day(entry.day),
            "*" if entry.starred else "",
            Text(printable(entry.text)),
            Text(_tags(entry)),
        )
    return table


def entry_lines(entries: list[EntryView]) -> str:
    """Entries as plain text for a pipe or a file: one entry a line, never wrapped.

    ``#12  Mon 2026-11-23  * text  #tag1 #tag2`` (the star only on starred entries); line
    breaks in a text become spaces, so that every line of the output is one whole entry.
    """
    width = max(len(f"#{entry.id}") for entry in entries)
    lines = []
    for entry in entries:
        text = one_line(printable(entry.text))
        star = "* " if entry.starred else ""
        tags = f"  {_tags(entry)}" if entry.tags else ""
        lines.append(f"{f'#{entry.id}':>{width}}  {format_day(entry.day)}  {star}{text}{tags}\n")
    return "".join(lines)


def show_entries(entries: list[EntryView]) -> None:
    """Print entries: a table in a terminal, else one plain line each, without loading Rich."""
    show_or_write(lambda: entries_table(entries), lambda: entry_lines(entries))


def entry_panel(entry: EntryView) -> Panel:
    """One entry with all its fields."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold")
    fields.add_column(overflow="fold")
    fields.add_row("day", format_day(entry.day))
    fields.add_row("tags", Text(_tags(entry) or "-"))
    fields.add_row("source", Text(printable(entry.source or "-")))
    fields.add_row("stage", entry.stage.value if entry.stage else "-")
    fields.add_row("starred", "yes" if entry.starred else "no")
    fields.add_row("uid", entry.uid)
    fields.add_row("created", entry.created_at.isoformat(timespec="seconds"))
    fields.add_row("updated", entry.updated_at.isoformat(timespec="seconds"))
    body = Table.grid()
    body.add_row(Text(printable(entry.text)))
    body.add_row("")
    body.add_row(fields)
    return Panel(body, title=f"#{entry.id}", title_align="left", expand=False)
