"""How papers look: a table for the reading list, a panel for one, plain dictionaries for JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from learnlog.dates import format_day
from learnlog.domain import PaperStatus
from learnlog.render.console import show_or_write
from learnlog.render.entries import printable
from learnlog.render.plain import columns, one_line

if TYPE_CHECKING:
    from rich.panel import Panel
    from rich.table import Table

    from learnlog.domain import PaperView

STATUS_STYLES = {
    PaperStatus.QUEUED: "bright_black",
    PaperStatus.READING: "yellow",
    PaperStatus.READ: "green",
}


def paper_json(paper: PaperView) -> dict[str, Any]:
    """The stable JSON shape of a paper."""
    return {
        "id": paper.id,
        "uid": paper.uid,
        "title": paper.title,
        "authors": paper.authors,
        "link": paper.link,
        "status": paper.status.value,
        "added_on": paper.added_on.isoformat(),
        "read_on": paper.read_on.isoformat() if paper.read_on else None,
        "notes": paper.notes,
        "tags": list(paper.tags),
        "created_at": paper.created_at.isoformat(timespec="microseconds"),
        "updated_at": paper.updated_at.isoformat(timespec="microseconds"),
    }


def papers_json(papers: list[PaperView]) -> dict[str, Any]:
    """The JSON document of ``learnlog paper list``."""
    return {"count": len(papers), "papers": [paper_json(paper) for paper in papers]}


def _tags(paper: PaperView) -> str:
    return printable(" ".join(f"#{tag}" for tag in paper.tags))


# The columns of the reading list, in the terminal's table and in plain text alike.
PAPER_HEADER = ("id", "status", "read on", "title", "authors", "tags")


def papers_table(papers: list[PaperView]) -> Table:
    """Papers as a table, one row each; long titles, authors and tags fold onto more lines."""
    from rich.table import Table
    from rich.text import Text

    paper_id, status, read_on, title, authors, tags = PAPER_HEADER
    # expand: the column ratios only share out the width of a table that takes all of it.
    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold", expand=True)
    table.add_column(paper_id, justify="right", style="cyan", no_wrap=True)
    table.add_column(status, no_wrap=True)
    table.add_column(read_on, no_wrap=True)
    table.add_column(title, overflow="fold", ratio=3)
    table.add_column(authors, overflow="fold", ratio=2)
    table.add_column(tags, style="green", overflow="fold")
    for paper in papers:
        table.add_row(
            f"#{paper.id}",
            Text(paper.status.value, style=STATUS_STYLES[paper.status]),
            format_day(paper.read_on) if paper.read_on else "",
            Text(printable(paper.title)),
            Text(printable(paper.authors or "")),
            Text(_tags(paper)),
        )
    return table


def paper_lines(papers: list[PaperView]) -> str:
    """``papers_table`` as plain text for a pipe or a file: one paper a line, never wrapped.

    The same header and columns, lined up with spaces; line breaks in a title or an author
    list become spaces, so that every line after the header is one whole paper.
    """
    rows = [PAPER_HEADER]
    rows += [
        (
            f"#{paper.id}",
            paper.status.value,
            format_day(paper.read_on) if paper.read_on else "",
            _one_printable_line(paper.title),
            _one_printable_line(paper.authors or ""),
            _tags(paper),
        )
        for paper in papers
    ]
    return "".join(f"{line}\n" for line in columns(rows, right={0}))


def _one_printable_line(text: str) -> str:
    """``text`` as one cell of plain text: control characters as U+FFFD, line breaks as spaces."""
    return one_line(printable(text))


def show_papers(papers: list[PaperView]) -> None:
    """Print papers: a table in a terminal, else one plain line each, without loading Rich."""
    show_or_write(lambda: papers_table(papers), lambda: paper_lines(papers))


def paper_panel(paper: PaperView) -> Panel:
    """One paper with all its fields."""
    from rich.panel import Panel
    from rich.table import Table
    from rich.text import Text

    fields = Table.grid(padding=(0, 2))
    fields.add_column(style="bold")
    fields.add_column(overflow="fold")
    fields.add_row("status", Text(paper.status.value, style=STATUS_STYLES[paper.status]))
    fields.add_row("authors", Text(printable(paper.authors or "-")))
    fields.add_row("link", Text(printable(paper.link or "-")))
    fields.add_row("added on", format_day(paper.added_on))
    fields.add_row("read on", format_day(paper.read_on) if paper.read_on else "-")
    fields.add_row("tags", Text(_tags(paper) or "-"))
    fields.add_row("uid", paper.uid)
    fields.add_row("created", paper.created_at.isoformat(timespec="seconds"))
    fields.add_row("updated", paper.updated_at.isoformat(timespec="seconds"))
    body = Table.grid()
    body.add_row(Text(printable(paper.title), style="bold"))
    body.add_row("")
    body.add_row(fields)
    if paper.notes:
        body.add_row("")
        body.add_row(Text(printable(paper.notes)))
    return Panel(body, title=f"paper #{paper.id}", title_align="left", expand=False)
