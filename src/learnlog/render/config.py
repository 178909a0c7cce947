"""How settings look."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.table import Table


def settings_table(
    settings: dict[str, Any], *, explicit: set[str], help_texts: dict[str, str]
) -> Table:
    """Keys, values, where each value comes from, and what it means."""
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("key", style="cyan", no_wrap=True)
    table.add_column("value", no_wrap=True)
    table.add_column("from", style="dim", no_wrap=True)
    table.add_column("meaning", style="dim", overflow="fold")
    for key, value in settings.items():
        table.add_row(
            key,
            Text(str(value) if value != "" else "-"),
            "file" if key in explicit else "default",
            help_texts.get(key, ""),
        )
    return table
