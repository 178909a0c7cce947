"""How habits and streaks look: tables, the 26-week calendar, and their JSON documents."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from learnlog.dates import MONTHS, WEEKDAYS, Week, format_day
from learnlog.domain import JOURNAL_HABIT, PAPERS_HABIT
from learnlog.habits import Kind, Mark, Status, format_minutes
from learnlog.render.plain import columns
from learnlog.render.words import plural

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import RenderableType
    from rich.table import Table
    from rich.text import Text

    from learnlog.domain import HabitView
    from learnlog.habits import DayMark
    from learnlog.services.habits import HabitStreak, StreakReport

STATUS_STYLES = {
    Status.DONE: "green",
    Status.PENDING: "yellow",
    Status.MISSED: "red",
    Status.EXCUSED: "blue",
}
# The calendar reads without colour: each mark has its own character.
ENTRY_SHADES = ("░", "▒", "▓", "█")
MARK_CELLS = {
    Mark.DONE: ("█", "green"),
    Mark.MISSED: ("·", "red"),
    Mark.OPEN: ("·", "bright_black"),
    Mark.EXCUSED: ("~", "blue"),
    Mark.PENDING: ("○", "yellow"),
}
SCORE_PLACES = 6


def habit_json(habit: HabitView) -> dict[str, Any]:
    """The stable JSON shape of a habit in ``habit list``."""
    return {
        "name": habit.name,
        "schedule": habit.schedule,
        "builtin": habit.builtin,
        "created_on": habit.created_on.isoformat() if habit.created_on else None,
        "check_ins": habit.check_ins,
    }


def habits_table(habits: list[HabitView]) -> Table:
    """Habits, the built-in ones first."""
    from rich.table import Table

    table = Table(box=None, pad_edge=False, show_edge=False, header_style="bold")
    table.add_column("habit", style="cyan", no_wrap=True)
    table.add_column("every", no_wrap=True)
    table.add_column("since", no_wrap=True)
    table.add_column("done", justify="right", no_wrap=True)
    for habit in habits:
        since = "built in" if habit.builtin or habit.created_on is None else habit.created_on
        table.add_row(habit.name, habit.schedule, str(since), _done_count(habit))
    return table


def _done_count(habit: HabitView) -> str:
    if habit.name == JOURNAL_HABIT and habit.builtin:
        return plural(habit.check_ins, "entry", "entries")
    if habit.name == PAPERS_HABIT and habit.builtin:
        return plural(habit.check_ins, "paper read", "papers read")
    return plural(habit.check_ins, "check-in", "check-ins")


def _streak_unit(habit: HabitStreak) -> str:
    return "week" if habit.schedule.per_week else "day"


def _period_unit(habit: HabitStreak) -> str:
    if habit.schedule.kind is Kind.AMOUNT:
        return "minutes"
    return "papers" if habit.builtin and habit.name == PAPERS_HABIT else "check-ins"


def streak_json(report: StreakReport) -> dict[str, Any]:
    """The JSON document of ``learnlog streak`` (the spec's output contract)."""
    return {
        "as_of": report.as_of.isoformat(),
        "habits": [habit_streak_json(h) for h in report.habits],
    }


def habit_streak_json(habit: HabitStreak) -> dict[str, Any]:
    """One habit of ``streak --json``, with its calendar when it has one."""
    result = habit.streak
    period = result.period
    document: dict[str, Any] = {
        "name": habit.name,
        "schedule": str(habit.schedule),
        "kind": habit.schedule.kind.value,
        "builtin": habit.builtin,
        "unit": _streak_unit(habit),
        "current": result.current,
        "longest": result.longest,
        "status": result.status.value,
        "score": round(result.score, SCORE_PLACES),
        "first_day": result.first_day.isoformat() if result.first_day else None,
        "next_due": result.next_due.isoformat() if result.next_due else None,
        "period": None
        if period is None
        else {
            "start": period.start.isoformat(),
            "count": period.count,
            "target": period.target,
            "remaining": period.remaining,
            "days_left": period.days_left,
            "unit": _period_unit(habit),
        },
    }
    if habit.calendar:
        document["calendar"] = [
            {"day": day.isoformat(), "mark": mark.mark.value, "amount": mark.amount}
            for day, mark in sorted(habit.calendar.items())
        ]
    return document


def next_step(habit: HabitStreak, as_of: date) -> str:
    """What is due next, in words: "need 1 more paper, 5 days left", "next: Sat"."""
    result, period = habit.streak, habit.streak.period
    if period is not None:
        if result.status is Status.DONE:
            return "met this week"
        if result.status is Status.EXCUSED:
            if period.remaining:
                return f"excused this week; {_more(habit, period.remaining)} would meet it"
            return "excused this week"
        days = plural(period.days_left, "day", "days")
        return f"need {_more(habit, period.remaining)}, {days} left"
    if result.next_due is None:
        return "-"
    if result.next_due == as_of:
        return "due today"
    if result.next_due == as_of + timedelta(days=1):
        return "next: tomorrow"
    if result.next_due < as_of + timedelta(days=7):
        return f"next: {WEEKDAYS[result.next_due.weekday()][:3].capitalize()}"
    return f"next: {format_day(result.next_due)}"


def _more(habit: HabitStreak, count: int) -> str:
    """``2 more``, ``1 more paper``, ``2h 30min more``."""
    if habit.schedule.kind is Kind.AMOUNT:
        return f"{format_minutes(count)} more"
    if habit.builtin and habit.name == PAPERS_HABIT:
        return f"{count} more {'paper' if count == 1 else 'papers'}"
    return f"{count} more"


# The columns of the streak table that hold numbers, right-justified, and the coloured one.
STREAK_NUMBERS = frozenset({1, 2, 4})
STATUS_COLUMN = 3


def _streak_title(report: StreakReport, *, finished: bool) -> str:
    when = "at the end of" if finished else "as of"
    return f"Streaks {when} {format_day(report.as_of)}"


def _streak_header(*, finished: bool) -> list[str]:
    header = ["habit", "current", "longest", "status" if finished else "today", "score"]
    return header if finished else [*header, "next"]


def _streak_rows(report: StreakReport, *, finished: bool) -> Iterator[tuple[Status, list[str]]]:
    """Each habit's cells under ``_streak_header``, with its status for the colour of that cell."""
    for habit in report.habits:
        result, unit = habit.streak, _streak_unit(habit)
        cells = [
            habit.name,
            plural(result.current, unit, unit + "s"),
            plural(result.longest, unit, unit + "s"),
            result.status.value,
            f"{result.score:.0%}",
        ]
        if not finished:
            cells.append(next_step(habit, report.as_of))
        yield result.status, cells


def streak_table(report: StreakReport, *, finished: bool = False) -> Table:
    """Each habit's streaks, status, score and next step; a finished span has no next step."""
    from rich.table import Table
    from rich.text import Text

    table = Table(
        title=_streak_title(report, finished=finished),
        title_justify="left",
        box=None,
        pad_edge=False,
        show_edge=False,
        header_style="bold",
    )
    habit, current, longest, status, score, *rest = _streak_header(finished=finished)
    table.add_column(habit, style="cyan", no_wrap=True)
    table.add_column(current, justify="right", no_wrap=True)
    table.add_column(longest, justify="right", no_wrap=True)
    table.add_column(status, no_wrap=True)
    table.add_column(score, justify="right", no_wrap=True)
    for name in rest:  # next
        table.add_column(name, overflow="fold")
    for habit_status, cells in _streak_rows(report, finished=finished):
        shown = Text(cells[STATUS_COLUMN], style=STATUS_STYLES[habit_status])
        table.add_row(*cells[:STATUS_COLUMN], shown, *cells[STATUS_COLUMN + 1 :])
    return table


def streak_lines(report: StreakReport, *, finished: bool = False) -> list[str]:
    """``streak_table`` as plain text for a pipe or a file: its title, then aligned columns."""
    rows = [_streak_header(finished=finished)]
    rows += [cells for _status, cells in _streak_rows(report, finished=finished)]
    return [_streak_title(report, finished=finished), *columns(rows, right=STREAK_NUMBERS)]


def calendars(report: StreakReport) -> RenderableType:
    """A 26-week heat-map per habit, rows Monday to Sunday, one column a week, then a legend."""
    from rich.console import Group
    from rich.text import Text

    first_monday = Week.of(report.as_of).start - timedelta(weeks=25)
    parts: list[RenderableType] = []
    for habit in report.habits:
        result = habit.streak
        unit = _streak_unit(habit)
        title = Text(habit.name, style="bold cyan")
        title.append(
            f"  every {habit.schedule}: current {plural(result.current, unit, unit + 's')}, "
            f"longest {plural(result.longest, unit, unit + 's')}, score {result.score:.0%}"
        )
        parts.extend([title, _month_line(first_monday), *_grid(habit, first_monday, report.as_of)])
        parts.append(Text(""))
    parts.extend(_legend())
    return Group(*parts)


LABEL_WIDTH = 4
CELL_WIDTH = 2
WEEKS_SHOWN = 26


def _month_line(first_monday: date) -> Text:
    """Month names above the week in which each month begins, like a contribution graph."""
    from rich.text import Text

    labels: dict[int, int] = {}
    for column in range(WEEKS_SHOWN):
        sunday = first_monday + timedelta(weeks=column, days=6)
        if sunday.day <= 7:  # the 1st of the month falls in this week
            labels[column] = sunday.month
    if not labels.keys() & {0, 1, 2}:
        labels[0] = first_monday.month
    line = ""
    for column, month in sorted(labels.items()):
        position = LABEL_WIDTH + CELL_WIDTH * column
        if len(line) < position:
            line = line.ljust(position) + MONTHS[month - 1][:3].capitalize()
    return Text(line, style="dim")


def _grid(habit: HabitStreak, first_monday: date, as_of: date) -> list[Text]:
    from rich.text import Text

    rows = []
    for weekday in range(7):
        row = Text(WEEKDAYS[weekday][:3].capitalize().ljust(LABEL_WIDTH), style="dim")
        for column in range(WEEKS_SHOWN):
            day = first_monday + timedelta(weeks=column, days=weekday)
            char, style = _cell(habit, day, as_of)
            row.append(char, style=style)
            row.append(" " * (CELL_WIDTH - 1))
        rows.append(row)
    return rows


def _cell(habit: HabitStreak, day: date, as_of: date) -> tuple[str, str]:
    mark: DayMark | None = habit.calendar.get(day)
    first = habit.streak.first_day
    if day > as_of or mark is None or first is None or day < first:
        return " ", ""
    if habit.schedule.kind is Kind.WEEKDAYS and not habit.schedule.is_scheduled(day):
        return (ENTRY_SHADES[-1], "green") if mark.amount else (" ", "")
    if mark.mark is Mark.DONE and habit.builtin and habit.name == JOURNAL_HABIT:
        return ENTRY_SHADES[min(mark.amount, len(ENTRY_SHADES)) - 1], "green"
    return MARK_CELLS[mark.mark]


def _legend() -> list[Text]:
    from rich.text import Text

    shades = Text("  ".join(ENTRY_SHADES), style="green")
    shades.append("  1, 2, 3, 4+ entries a day; █ done, for other habits", style="")
    rest = Text()
    for mark, meaning in (
        (Mark.MISSED, "nothing done"),
        (Mark.EXCUSED, "excused (skip or grace)"),
        (Mark.PENDING, "today, not done yet"),
    ):
        char, style = MARK_CELLS[mark]
        rest.append(char, style=style)
        rest.append(f" {meaning}   ")
    rest.rstrip()
    return [shades, rest]
