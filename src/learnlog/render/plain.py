"""Plain text for a pipe or a file: what Rich lays out for a terminal, without importing Rich."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Container, Sequence


def one_line(text: str) -> str:
    """A text on one line: its line breaks become spaces, so that a line is one whole item."""
    return " ".join(text.splitlines())


def columns(rows: Sequence[Sequence[str]], *, right: Container[int] = ()) -> list[str]:
    """Rows of cells as aligned lines, as a borderless Rich table lays them out.

    Each column is as wide as its widest cell, two spaces apart; the columns whose numbers are
    in ``right`` are right-justified. Lines have no trailing spaces and no line ends.
    """
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [
            cell.rjust(width) if column in right else cell.ljust(width)
            for column, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
    return lines
