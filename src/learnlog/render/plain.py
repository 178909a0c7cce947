"""Plain text for a pipe or a file: what Rich lays out for a terminal, without importing Rich."""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Container, Sequence


def one_line(text: str) -> str:
    """A text on one line: its line breaks become spaces, so that a line is one whole item.

    Tabs become spaces too: a terminal would move them to its next tab stop, which depends on
    where the text starts, and columns after them would no longer line up.
    """
    return " ".join(text.splitlines()).replace("\t", " ")


def cell_width(text: str) -> int:
    """How many columns ``text`` takes on a terminal.

    Wide East Asian characters and most emoji take two, combining marks none, the rest one.
    """
    if text.isascii():
        return len(text)
    return sum(
        0 if unicodedata.combining(char) else 2 if unicodedata.east_asian_width(char) in "WF" else 1
        for char in text
    )


def columns(rows: Sequence[Sequence[str]], *, right: Container[int] = ()) -> list[str]:
    """Rows of cells as aligned lines, as a borderless Rich table lays them out.

    Each column is as wide as its widest cell, two spaces apart; the columns whose numbers are
    in ``right`` are right-justified. Widths are counted in terminal columns, so that a title
    in Japanese does not push the columns after it out of line. Lines have no trailing spaces
    and no line ends.
    """
    sized = [[(cell, cell_width(cell)) for cell in row] for row in rows]
    widths = [max(row[column][1] for row in sized) for column in range(len(rows[0]))]
    lines = []
    for row in sized:
        cells = []
        for column, ((cell, size), width) in enumerate(zip(row, widths, strict=True)):
            padding = " " * (width - size)
            cells.append(padding + cell if column in right else cell + padding)
        lines.append("  ".join(cells).rstrip())
    return lines
