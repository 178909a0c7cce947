"""Revisiting old entries: learnlog review."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from learnlog.cli import common
from learnlog.cli.common import DbOption, JsonOption, Now, open_journal, read_clock
from learnlog.domain import Stage
from learnlog.render.console import stdout_is_terminal
from learnlog.revisits import READY_LIMIT, REVIEW_LIMIT, DueRevisit, moves_forward

if TYPE_CHECKING:
    from learnlog.domain import EntryView
    from learnlog.services.review import Mark, ReviewList
    from learnlog.store.database import Journal

# The root group builds these one at a time, by the names cli/registry.py lists.
commands = typer.Typer()

MAX_ID = 2**63 - 1  # SQLite's largest integer
# One keystroke per entry: the stage each key moves the entry on to (none for 'r').
STAGE_KEYS = {"e": Stage.EXPLAINED, "a": Stage.APPLIED}
SKIP, QUIT, REVISITED = "s", "q", "r"


@commands.command()
def review(
    ctx: typer.Context,
    done: Annotated[
        list[int] | None,
        typer.Option(
            "--done",
            metavar="ID",
            min=1,
            max=MAX_ID,
            help="Mark this entry revisited today (repeatable).",
        ),
    ] = None,
    stage: Annotated[
        tuple[int, Stage] | None,
        typer.Option(
            "--stage",
            metavar="ID STAGE",
            min=1,
            max=MAX_ID,
            case_sensitive=False,
            help="Move an entry on to a later stage (understood, explained, applied) and mark "
            "it revisited: --stage 12 explained.",
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option(
            "--limit",
            "-n",
            min=1,
            metavar="N",
            help=f"Show at most N entries of each list (default: {REVIEW_LIMIT} due, "
            f"{READY_LIMIT} ready to move on).",
        ),
    ] = None,
    list_only: Annotated[
        bool, typer.Option("--list", help="Only list the entries; do not ask about each one.")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option(
            "--as-of", metavar="DAY", help="List what was due in the week up to this day."
        ),
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Look again at entries from 1, 7, 30, 90 and 365 days ago, and move their stage on.

    In a terminal, asks one keystroke per entry; elsewhere, or with --list or --json, lists them.
    """
    from learnlog.services.review import Mark

    marks = [Mark(entry_id) for entry_id in done or ()]
    if stage is not None:
        marks.append(Mark(stage[0], stage[1]))
    if marks and as_of is not None:
        raise typer.BadParameter(
            "only lists what was due; marking is for today, so leave out --done and --stage",
            param_hint="--as-of",
        )
    if marks and list_only:
        raise typer.BadParameter("cannot be combined with --done or --stage", param_hint="--list")
    now = read_clock()
    day = now.past_day(as_of) or now.today
    with open_journal(ctx, db, now) as journal:
        if marks:
            _mark(journal, marks, now=now, as_json=as_json)
            return
        from learnlog.services.review import review_list

        listing = review_list(journal, today=day, limit=limit)
        asking = not (list_only or as_json or as_of is not None)
        if asking and common.stdin_is_terminal() and stdout_is_terminal():
            _ask_each(journal, listing, now=now)
            return
    _print_listing(listing, as_json=as_json)


def _mark(journal: Journal, marks: list[Mark], *, now: Now, as_json: bool) -> None:
    """Store the decisions of --done and --stage in one transaction, and confirm each."""
    from learnlog.render.console import emit_json
    from learnlog.render.review import marked_json, marked_line
    from learnlog.services.review import mark_entries

    marked = mark_entries(journal, marks, now=now.moment, today=now.today)
    if as_json:
        emit_json(marked_json(marked))
        return
    sys.stdout.write("".join(marked_line(item) + "\n" for item in marked))


def _print_listing(listing: ReviewList, *, as_json: bool) -> None:
    from learnlog.render.console import emit_json, say, show
    from learnlog.render.review import HINT, empty_line, review_json, review_rich, waiting_line

    if as_json:
        emit_json(review_json(listing))
        return
    if not listing.due and not listing.ready:
        say(empty_line(listing))
        return
    show(review_rich(listing))
    waiting = waiting_line(listing)
    if waiting:
        say(waiting)
    say(HINT)


def _keys(entry: EntryView) -> list[tuple[str, str]]:
    """The keys that mean something for this entry: a stage key only when it moves it on."""
    stages = [(key, wanted.value) for key, wanted in STAGE_KEYS.items()]
    return [
        (REVISITED, "revisited"),
        *((key, name) for key, name in stages if moves_forward(entry.stage, Stage(name))),
        (SKIP, "skip"),
        (QUIT, "quit"),
    ]


def _keystroke(keys: list[tuple[str, str]]) -> str:
    """One of ``keys``, read without Enter; anything else asks again.

    Space skips like 's'. Ctrl-C, Ctrl-D and the end of the input quit, keeping what was saved.
    """
    from learnlog.render.console import talk_console
    from learnlog.render.review import key_prompt

    allowed = dict(keys)
    while True:
        talk_console().print(key_prompt(keys), end="", markup=False)
        try:
            char = typer.getchar()
        except (KeyboardInterrupt, EOFError):
            char = QUIT
        key = SKIP if char == " " else (char or QUIT).lower()
        talk_console().print(allowed.get(key, ""), markup=False)
        if key in allowed:
            return key


def _ask_each(journal: Journal, listing: ReviewList, *, now: Now) -> None:
    """Show each entry and save the decision about it at once, one keystroke each."""
    from learnlog.render.console import say, show
    from learnlog.render.review import (
        empty_line,
        marked_line,
        review_item,
        summary_line,
        waiting_line,
    )
    from learnlog.services.review import Mark, mark_entries

    queue: list[DueRevisit | EntryView] = [*listing.due, *listing.ready]
    if not queue:
        say(empty_line(listing))
        return
    marked = skipped = 0
    for position, item in enumerate(queue, 1):
        entry = item.entry if isinstance(item, DueRevisit) else item
        show(review_item(item, position=position, total=len(queue)))
        key = _keystroke(_keys(entry))
        if key == QUIT:
            break
        if key == SKIP:
            skipped += 1
            continue
        mark = Mark(entry.id, STAGE_KEYS.get(key))
        [stored] = mark_entries(journal, [mark], now=now.moment, today=now.today)
        sys.stdout.write(marked_line(stored) + "\n")
        sys.stdout.flush()
        marked += 1
    say(summary_line(marked, skipped))
    left = waiting_line(listing)
    if left:
        say(left)
