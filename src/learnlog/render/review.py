"""How ``learnlog review`` looks: the entries due and ready, its JSON, and its one-line answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from learnlog.dates import format_day
from learnlog.render.entries import entry_json, printable
from learnlog.render.report import age_text, extra_tags
from learnlog.render.words import first_line, plural, short_day
from learnlog.revisits import DueRevisit, next_stage

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

    from learnlog.domain import EntryView
    from learnlog.services.review import Marked, ReviewList


def _stage(entry: EntryView) -> str:
    return entry.stage.value if entry.stage else "no stage"


# JSON -------------------------------------------------------------------------------------


def review_json(listing: ReviewList) -> dict[str, Any]:
    """The JSON document of ``learnlog review --json`` (documented in docs/json.md)."""
    return {
        "as_of": listing.as_of.isoformat(),
        "window": {"first": listing.first.isoformat(), "last": listing.as_of.isoformat()},
        "due": [
            {
                "age_days": item.age_days,
                "due_on": item.due_on.isoformat(),
                "entry": entry_json(item.entry),
            }
            for item in listing.due
        ],
        "ready_to_advance": [
            {"next_stage": _next_value(entry), "entry": entry_json(entry)}
            for entry in listing.ready
        ],
        "counts": {"due": listing.due_count, "ready_to_advance": listing.ready_count},
    }


def _next_value(entry: EntryView) -> str | None:
    stage = next_stage(entry.stage)
    return stage.value if stage else None


def marked_json(marked: list[Marked]) -> dict[str, Any]:
    """The JSON document of ``learnlog review --done/--stage --json``."""
    return {
        "marked": [
            {
                "revisited_on": item.day.isoformat(),
                "stage": item.stage.value if item.stage else None,
                "recorded": item.recorded,
                "entry": entry_json(item.entry),
            }
            for item in marked
        ]
    }


# Lines ------------------------------------------------------------------------------------


def marked_line(item: Marked) -> str:
    """One confirmation line for a decision stored."""
    entry = item.entry
    if item.stage is not None:
        return (
            f"#{entry.id} moved on to {item.stage.value} and marked revisited; "
            "'learnlog undo' takes the stage back"
        )
    if not item.recorded:
        return f"#{entry.id} was already marked revisited on {format_day(item.day)}"
    return f"#{entry.id} of {format_day(entry.day)} marked revisited"


def waiting_line(listing: ReviewList) -> str | None:
    """How many entries the listing left out, and how to see them; ``None`` when none."""
    parts = []
    if listing.more_due:
        parts.append(f"{listing.more_due} more due")
    if listing.more_ready:
        parts.append(f"{listing.more_ready} more ready to move on")
    if not parts:
        return None
    more = max(listing.due_count, listing.ready_count)
    return f"{' and '.join(parts)}; 'learnlog review -n {more}' shows them"


def empty_line(listing: ReviewList) -> str:
    """What the listing says when there is nothing to show."""
    return (
        f"nothing to revisit: no entry came due from {format_day(listing.first)} to "
        f"{format_day(listing.as_of)}, and none waits to move on a stage"
    )


HINT = "mark one with 'learnlog review --done ID', or move it on with '--stage ID explained'"


def key_prompt(keys: list[tuple[str, str]]) -> str:
    """The question asked for one entry: ``r revisited · s skip · q quit?``."""
    return " · ".join(f"{key} {label}" for key, label in keys) + "? "


# Rich -------------------------------------------------------------------------------------


def _table() -> Table:
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_header=False, show_edge=False)
    table.add_column(justify="right", style="cyan", no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, style="dim")
    table.add_column(overflow="fold", ratio=1)
    return table


def _row(table: Table, entry: EntryView, note: str) -> None:
    from rich.text import Text

    star = "*" if entry.starred else ""
    text = Text(printable(first_line(entry.text)))
    table.add_row(f"#{entry.id}", star, format_day(entry.day), note, text)


def review_rich(listing: ReviewList) -> RenderableType:
    """The entries due, then those ready to move on, one line each."""
    from rich.console import Group
    from rich.text import Text

    parts: list[RenderableType] = []
    if listing.due:
        window = f"{short_day(listing.first)} to {short_day(listing.as_of)}"
        parts.append(Text(f"Due for another look, {window}", style="bold"))
        table = _table()
        for item in listing.due:
            _row(table, item.entry, age_text(item.age_days))
        parts.append(table)
    if listing.ready:
        if parts:
            parts.append(Text(""))
        parts.append(Text("Ready to move on, never revisited", style="bold"))
        table = _table()
        for entry in listing.ready:
            _row(table, entry, _stage(entry))
        parts.append(table)
    return Group(*parts)


def review_item(item: DueRevisit | EntryView, *, position: int, total: int) -> RenderableType:
    """One entry as the interactive review asks about it, with its whole text."""
    from rich.console import Group
    from rich.text import Text

    entry = item.entry if isinstance(item, DueRevisit) else item
    facts = [format_day(entry.day)]
    if isinstance(item, DueRevisit):
        facts.append(age_text(item.age_days))
    facts.append(_stage(entry))
    if entry.starred:
        facts.append("starred")
    head = Text(f"[{position}/{total}] ", style="dim")
    head.append(f"#{entry.id}", style="cyan")
    head.append(f"  {', '.join(facts)}")
    tags = " ".join(f"#{tag}" for tag in extra_tags(entry))
    body = Text(printable(entry.text))
    if tags:
        body.append(f"  {printable(tags)}", style="green")
    return Group(Text(""), head, body)


def summary_line(marked: int, skipped: int) -> str:
    """What an interactive review did, at its end."""
    return f"{plural(marked, 'entry', 'entries')} marked, {skipped} skipped"
