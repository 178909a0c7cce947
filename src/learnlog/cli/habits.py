"""Habit commands: habit add|list|remove|rename, done, skip and streak."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from learnlog.cli import common
from learnlog.cli.common import DbOption, JsonOption, Now, YesOption, open_journal, read_clock
from learnlog.render.words import plural

if TYPE_CHECKING:
    from datetime import date
    from pathlib import Path

    from learnlog.domain import SkipResult

# The root group builds these one at a time, by the names cli/registry.py lists.
commands = typer.Typer()

habit_app = typer.Typer(
    help="Add, list, rename and remove habits (journal and papers are built in).",
    no_args_is_help=True,
)
commands.add_typer(habit_app, name="habit")

NameArgument = Annotated[
    str, typer.Argument(metavar="NAME", help="The habit's name, as 'learnlog habit list' shows it.")
]
DayOption = Annotated[
    str | None,
    typer.Option("--date", "-d", metavar="DAY", help="The day it was done (default: today)."),
]


@habit_app.command("add")
def habit_add(
    ctx: typer.Context,
    name: NameArgument,
    every: Annotated[
        str,
        typer.Option(
            "--every",
            "-e",
            metavar="SCHEDULE",
            help="day, weekdays (sat,sun or mon-fri), N/week, or an amount (7h/week, 420min/week).",
        ),
    ],
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Track a new habit on a schedule."""
    from learnlog.render.console import emit_json
    from learnlog.render.habits import habit_json
    from learnlog.services.habits import add_habit

    now = read_clock()
    with open_journal(ctx, db, now) as journal:
        habit = add_habit(journal, name, every, now=now.moment, today=now.today)
    if as_json:
        emit_json(habit_json(habit))
    else:
        sys.stdout.write(f"tracking {habit.name}, every {habit.schedule}\n")


@habit_app.command("list")
def habit_list(ctx: typer.Context, db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the habits: the built-in journal and papers, then yours."""
    from learnlog.render.console import emit_json, show
    from learnlog.render.habits import habit_json, habits_table
    from learnlog.services.habits import list_habits

    now = read_clock()
    with open_journal(ctx, db, now) as journal:
        habits = list_habits(journal, settings=now.settings)
    if as_json:
        emit_json({"count": len(habits), "habits": [habit_json(habit) for habit in habits]})
    else:
        show(habits_table(habits))


@habit_app.command("remove")
def habit_remove(
    ctx: typer.Context,
    name: NameArgument,
    yes: YesOption = False,
    db: DbOption = None,
) -> None:
    """Stop tracking a habit; its check-ins and skips are deleted with it."""
    from learnlog.services.habits import get_habit, remove_habit

    now = read_clock()
    with open_journal(ctx, db, now) as journal:
        if not yes:
            habit = get_habit(journal, name)
            common.confirm(
                f"Remove {habit.name} and its {plural(habit.check_ins, 'check-in')} for good?",
                unasked=f"not removing {habit.name} without a question; pass --yes",
                declined=f"{habit.name} was not removed",
            )
        removed = remove_habit(journal, name)
    sys.stdout.write(f"removed {removed.name} and its {plural(removed.check_ins, 'check-in')}\n")


@habit_app.command("rename")
def habit_rename(
    ctx: typer.Context,
    old: Annotated[str, typer.Argument(metavar="OLD", help="The habit's current name.")],
    new: Annotated[str, typer.Argument(metavar="NEW", help="Its new name.")],
    db: DbOption = None,
) -> None:
    """Rename a habit, keeping its check-ins and skips."""
    from learnlog.services.habits import rename_habit

    now = read_clock()
    with open_journal(ctx, db, now) as journal:
        habit = rename_habit(journal, old, new, now=now.moment)
    sys.stdout.write(f"renamed to {habit.name}\n")


@commands.command()
def done(
    ctx: typer.Context,
    habit: NameArgument,
    date: DayOption = None,
    minutes: Annotated[
        int | None,
        typer.Option(
            "--minutes", "-m", metavar="M", help="Minutes spent (needed by habits counted in time)."
        ),
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Check in a habit for today (or the day given with --date)."""
    from learnlog.dates import format_day
    from learnlog.render.console import emit_json, say
    from learnlog.services.habits import check_in

    now = read_clock()
    day = now.past_day(date) or now.today
    with open_journal(ctx, db, now) as journal:
        result = check_in(journal, habit, day=day, minutes=minutes, now=now.moment, today=now.today)
    if as_json:
        emit_json(
            {
                "habit": result.habit,
                "day": result.day.isoformat(),
                "minutes": result.minutes,
                "already_done": result.already_done,
            }
        )
    elif result.already_done:
        say(f"{result.habit} was already done on {format_day(result.day)}; nothing changed")
    else:
        spent = f" ({result.minutes} min)" if result.minutes else ""
        sys.stdout.write(f"{result.habit} done for {format_day(result.day)}{spent}\n")


@commands.command()
def skip(
    ctx: typer.Context,
    first: Annotated[
        str,
        typer.Option("--from", metavar="DAY", help="The first excused day (future days are fine)."),
    ],
    habit: Annotated[
        str | None,
        typer.Argument(metavar="[HABIT]", help="The habit to excuse; without it, every habit."),
    ] = None,
    last: Annotated[
        str | None,
        typer.Option("--to", metavar="DAY", help="The last excused day (default: --from)."),
    ] = None,
    db: DbOption = None,
) -> None:
    """Excuse days (holiday, illness): they neither lengthen nor break a streak."""
    from learnlog.services.habits import skip_days

    now = read_clock()
    first_day = now.any_day(first)
    last_day = first_day if last is None else now.any_day(last)
    with open_journal(ctx, db, now) as journal:
        result = skip_days(journal, habit, first=first_day, last=last_day, now=now.moment)
    sys.stdout.write(f"{_describe_skip(result)} (skip #{result.id})\n")


def _describe_skip(skip: SkipResult) -> str:
    from learnlog.dates import format_day

    span = (
        format_day(skip.first_day)
        if skip.first_day == skip.last_day
        else f"{format_day(skip.first_day)} to {format_day(skip.last_day)}"
    )
    return f"{skip.habit or 'every habit'} excused on {span}"


@commands.command()
def skips(ctx: typer.Context, db: DbOption = None, as_json: JsonOption = False) -> None:
    """List the skips, with the ids 'learnlog unskip' takes."""
    from learnlog.render.console import emit_json, say
    from learnlog.services.habits import list_skips

    now = read_clock()
    with open_journal(ctx, db, now) as journal:
        found = list_skips(journal)
    if as_json:
        emit_json({"count": len(found), "skips": [_skip_json(skip) for skip in found]})
    elif not found:
        say("no skips")
    for skip in [] if as_json else found:
        sys.stdout.write(f"#{skip.id}  {_describe_skip(skip)}\n")


def _skip_json(skip: SkipResult) -> dict[str, object]:
    return {
        "id": skip.id,
        "habit": skip.habit,
        "first_day": skip.first_day.isoformat(),
        "last_day": skip.last_day.isoformat(),
    }


@commands.command()
def unskip(
    ctx: typer.Context,
    skip_id: Annotated[
        int,
        typer.Argument(metavar="ID", min=1, max=2**63 - 1, help="The id 'learnlog skips' shows."),
    ],
    db: DbOption = None,
) -> None:
    """Take a skip back: its days are judged again."""
    from learnlog.services.habits import remove_skip

    now = read_clock()
    with open_journal(ctx, db, now) as journal:
        removed = remove_skip(journal, skip_id)
    sys.stdout.write(f"removed skip #{removed.id}: {_describe_skip(removed)}\n")


def _journal_written(ctx: typer.Context, db: Path | None, now: Now, day: date) -> bool:
    """Whether the day has an entry: straight from SQLite when it can, else the full way."""
    from learnlog.cli.common import journal_file
    from learnlog.store.quick import entry_exists_on

    path = journal_file(ctx, db)
    quick = None if path is None else entry_exists_on(path, day)
    if quick is not None:
        return quick
    from learnlog.services.habits import has_entry_on

    with open_journal(ctx, db, now) as journal:
        return has_entry_on(journal, day)


@commands.command()
def streak(
    ctx: typer.Context,
    habit: Annotated[
        str | None,
        typer.Argument(metavar="[HABIT]", help="Only this habit; without it, every habit."),
    ] = None,
    calendar: Annotated[
        bool, typer.Option("--calendar", help="Draw the last 26 weeks as a heat-map.")
    ] = False,
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", metavar="DAY", help="Compute as of the end of this day."),
    ] = None,
    check: Annotated[
        bool,
        typer.Option(
            "--check", help="Print nothing; exit 1 while today's journal entry is missing."
        ),
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Show each habit's current and longest streak, today's status, score and what is next."""
    if check and (habit is not None or calendar or as_json):
        raise typer.BadParameter(
            "answers for the journal alone; leave out HABIT, --calendar and --json",
            param_hint="--check",
        )
    now = read_clock()
    day = now.past_day(as_of) or now.today
    if check:
        raise typer.Exit(0 if _journal_written(ctx, db, now, day) else 1)
    from learnlog.render.console import emit_json, show
    from learnlog.render.habits import calendars, streak_json, streak_table
    from learnlog.services.habits import habit_streaks

    with open_journal(ctx, db, now) as journal:
        report = habit_streaks(
            journal, as_of=day, settings=now.settings, only=habit, calendar=calendar
        )
    if as_json:
        emit_json(streak_json(report))
    elif calendar:
        show(calendars(report))
    else:
        show(streak_table(report))
