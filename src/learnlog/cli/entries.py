"""Entry commands: add, list, show, edit, delete and undo."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from learnlog.cli import common
from learnlog.cli.common import DbOption, JsonOption, Now, YesOption, open_journal, read_clock
from learnlog.domain import Stage
from learnlog.errors import InputError

if TYPE_CHECKING:
    from datetime import date

    from learnlog.domain import EntryView

# The root group builds these one at a time, by the names cli/registry.py lists.
commands = typer.Typer()

TagOption = Annotated[
    list[str] | None,
    typer.Option(
        "--tag", "-t", metavar="TAG", help="Tag the entry (repeatable); #hashtags count too."
    ),
]
StageOption = Annotated[
    Stage | None,
    typer.Option(help="How far you got: understood, explained or applied.", case_sensitive=False),
]
IdArgument = Annotated[
    int,
    typer.Argument(
        metavar="ID", min=1, max=2**63 - 1, help="The entry's id, as 'learnlog list' shows it."
    ),
]


def _read_text(initial: str, *, context_line: str, now: Now) -> str:
    """Text from standard input when it is piped, else from the editor."""
    if not common.stdin_is_terminal():
        try:
            text = sys.stdin.read() if sys.stdin is not None else ""
        except UnicodeDecodeError:
            raise InputError("standard input is not UTF-8 text; nothing was saved") from None
        if not text.strip():
            raise InputError("standard input was empty; nothing was saved")
        return text
    from learnlog.cli.editor import edit_in_editor

    text = edit_in_editor(initial, context_line=context_line, configured=now.settings.editor)
    if not text.strip():
        raise InputError("the editor left the text empty; nothing was saved")
    return text


def _print_entry(entry: EntryView, *, as_json: bool, message: str) -> None:
    from learnlog.render.console import emit_json
    from learnlog.render.entries import entry_json

    if as_json:
        emit_json(entry_json(entry))
    else:
        sys.stdout.write(message + "\n")


@commands.command()
def add(
    ctx: typer.Context,
    text: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="TEXT...",
            help="What you learned. Without it: standard input, else your editor.",
        ),
    ] = None,
    tag: TagOption = None,
    date: Annotated[
        str | None,
        typer.Option(
            "--date",
            "-d",
            metavar="DAY",
            help="The learning day: 2026-11-21, yesterday, 'last fri'…",
        ),
    ] = None,
    source: Annotated[
        str | None, typer.Option("--source", "-s", metavar="SOURCE", help="A URL or citation.")
    ] = None,
    stage: StageOption = None,
    star: Annotated[bool, typer.Option("--star", help="Mark the entry as a highlight.")] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Record one thing learned today (or on the day given with --date)."""
    from learnlog.dates import format_day
    from learnlog.domain import EntryDraft
    from learnlog.services.entries import add_entry

    now = read_clock()
    day = now.past_day(date) or now.today
    body = (
        " ".join(text) if text else _read_text("", context_line=f"Day: {format_day(day)}", now=now)
    )
    draft = EntryDraft(
        text=body,
        day=day,
        tags=tuple(tag or ()),
        source=source,
        stage=stage,
        starred=star,
    )
    with open_journal(ctx, db, now) as journal:
        entry = add_entry(journal, draft, now=now.moment, today=now.today)
    _print_entry(entry, as_json=as_json, message=f"#{entry.id} logged for {format_day(entry.day)}")


@commands.command("list")
def list_(
    ctx: typer.Context,
    since: Annotated[
        str | None, typer.Option(metavar="DAY", help="Only entries on or after this day.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(metavar="DAY", help="Only entries on or before this day.")
    ] = None,
    on: Annotated[str | None, typer.Option(metavar="DAY", help="Only entries of this day.")] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag", "-t", metavar="TAG", help="Only entries with this tag (repeat: all of them)."
        ),
    ] = None,
    stage: StageOption = None,
    starred: Annotated[bool, typer.Option("--starred", help="Only starred entries.")] = False,
    limit: Annotated[
        int | None,
        typer.Option("--limit", "-n", min=1, metavar="N", help="At most this many entries."),
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List entries, newest first."""
    from learnlog.domain import EntryFilter
    from learnlog.render.console import emit_json, say
    from learnlog.render.entries import entries_json, show_entries
    from learnlog.services.entries import list_entries

    now = read_clock()
    if on is not None and (since is not None or until is not None):
        raise InputError("--on cannot be combined with --since or --until")
    first, last = (
        (now.any_day(on),) * 2 if on is not None else (now.any_day(since), now.any_day(until))
    )
    wanted = EntryFilter(
        since=first, until=last, tags=tuple(tag or ()), stage=stage, starred=starred, limit=limit
    )
    with open_journal(ctx, db, now) as journal:
        entries = list_entries(journal, wanted)
    if first or last:
        say(_describe_span(first, last))
    if as_json:
        emit_json(entries_json(entries))
    elif entries:
        show_entries(entries)
    else:
        say("no entries match")


def _describe_span(first: date | None, last: date | None) -> str:
    """Echo the resolved days of a listing, as the spec asks for every date input."""
    from learnlog.dates import format_day

    if first and last:
        if first == last:
            return f"entries on {format_day(first)}"
        return f"entries from {format_day(first)} to {format_day(last)}"
    if first:
        return f"entries since {format_day(first)}"
    assert last is not None
    return f"entries until {format_day(last)}"


@commands.command()
def show(
    ctx: typer.Context, entry_id: IdArgument, db: DbOption = None, as_json: JsonOption = False
) -> None:
    """Show one entry with all its fields."""
    from learnlog.render.console import emit_json
    from learnlog.render.console import show as show_data
    from learnlog.render.entries import entry_json, entry_panel
    from learnlog.services.entries import get_entry

    now = read_clock()
    with open_journal(ctx, db, now) as journal:
        entry = get_entry(journal, entry_id)
    if as_json:
        emit_json(entry_json(entry))
    else:
        show_data(entry_panel(entry))


@commands.command()
def edit(
    ctx: typer.Context,
    entry_id: IdArgument,
    text: Annotated[
        str | None, typer.Option("--text", metavar="TEXT", help="Replace the text.")
    ] = None,
    tag: TagOption = None,
    untag: Annotated[
        list[str] | None,
        typer.Option("--untag", metavar="TAG", help="Remove this tag (repeatable)."),
    ] = None,
    date: Annotated[
        str | None, typer.Option("--date", "-d", metavar="DAY", help="Move the entry to this day.")
    ] = None,
    source: Annotated[
        str | None,
        typer.Option("--source", "-s", metavar="SOURCE", help="Replace the source ('' clears it)."),
    ] = None,
    stage: StageOption = None,
    star: Annotated[
        bool | None, typer.Option("--star/--unstar", help="Star or unstar the entry.")
    ] = None,
    clear_stage: Annotated[
        bool, typer.Option("--clear-stage", help="Remove the stage from the entry.")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Change an entry inline with options, or in your editor when none are given."""
    from learnlog.dates import format_day
    from learnlog.domain import EntryChanges
    from learnlog.services.entries import edit_entry, get_entry

    now = read_clock()
    changes = EntryChanges(
        text=text,
        day=now.past_day(date),
        add_tags=tuple(tag or ()),
        remove_tags=tuple(untag or ()),
        source=source,
        stage=stage,
        starred=star,
        clear_stage=clear_stage,
    )
    with open_journal(ctx, db, now) as journal:
        if changes.is_empty():
            current = get_entry(journal, entry_id)
            new_text = _read_text(current.text, context_line=f"Entry #{current.id}", now=now)
            changes = EntryChanges(text=new_text)
        result = edit_entry(journal, entry_id, changes, now=now.moment, today=now.today)
    entry = result.entry
    done = "updated" if result.changed else "is unchanged"
    _print_entry(entry, as_json=as_json, message=f"#{entry.id} {done} ({format_day(entry.day)})")


@commands.command()
def delete(
    ctx: typer.Context,
    entry_id: IdArgument,
    yes: YesOption = False,
    db: DbOption = None,
) -> None:
    """Move an entry to the trash (kept 30 days; 'learnlog undo' brings it back)."""
    from learnlog.dates import format_day
    from learnlog.services.entries import delete_entry, get_entry

    now = read_clock()
    with open_journal(ctx, db, now) as journal:
        if not yes:
            entry = get_entry(journal, entry_id)
            preview = entry.text if len(entry.text) <= 50 else entry.text[:49] + "…"
            common.confirm(
                f"Delete #{entry.id} of {format_day(entry.day)} ({preview!r})?",
                unasked=f"not deleting #{entry_id} without a question; pass --yes",
                declined=f"#{entry_id} was not deleted",
            )
        deleted = delete_entry(journal, entry_id, now=now.moment)
    sys.stdout.write(
        f"#{deleted.id} moved to the trash for 30 days; 'learnlog undo' brings it back\n"
    )


@commands.command()
def undo(ctx: typer.Context, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Take back the last delete or edit."""
    from learnlog.dates import format_day
    from learnlog.services.entries import ACTION_DELETE, undo_last

    now = read_clock()
    with open_journal(ctx, db, now) as journal:
        result = undo_last(journal)
    entry = result.entry
    what = "restored" if result.action == ACTION_DELETE else "undid the edit of"
    _print_entry(entry, as_json=as_json, message=f"{what} #{entry.id} ({format_day(entry.day)})")
