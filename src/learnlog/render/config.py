"""How settings look."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.table import Table

HEADER = ("key", "value", "from", "meaning")


def _rows(
    settings: dict[str, Any], *, explicit: set[str], help_texts: dict[str, str]
) -> Iterator[tuple[str, str, str, str]]:
    for key, value in settings.items():
        yield (
            key,
            str(value) if value != "" else "-",
            "file" if key in explicit else "default",
            help_texts.get(key, ""),
        )


def settings_table(
    settings: dict[str, Any], *, explicit: set[str], help_texts: dict[str, str]
) -> Table:
    """Keys, values, where each value comes from, and what it means."""
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column(HEADER[0], style="cyan", no_wrap=True)
    table.add_column(HEADER[1], no_wrap=True)
    table.add_column(HEADER[2], style="dim", no_wrap=True)
    table.add_column(HEADER[3], style="dim", overflow="fold")
    for key, value, source, meaning in _rows(settings, explicit=explicit, help_texts=help_texts):
        table.add_row(key, Text(value), source, meaning)
    return table


def settings_text(
    settings: dict[str, Any], *, explicit: set[str], help_texts: dict[str, str]
) -> str:
    """The same columns as plain text for a pipe or a file: one key a line, never wrapped."""
    rows = [HEADER, *_rows(settings, explicit=explicit, help_texts=help_texts)]
    widths = [max(len(row[column]) for row in rows) for column in range(len(HEADER) - 1)]
    lines = []
    for *aligned, meaning in rows:
        cells = [cell.ljust(width) for cell, width in zip(aligned, widths, strict=True)]
        lines.append("  ".join([*cells, meaning]).rstrip() + "\n")
    return "".join(lines)
