"""Habit use cases: add, list, rename and remove habits, check in, skip, and compute streaks."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from learnlog.dates import Week, format_day
from learnlog.domain import (
    BUILTIN_HABITS,
    JOURNAL_HABIT,
    PAPERS_HABIT,
    CheckInResult,
    HabitView,
    SkipResult,
    habit_name,
    refuse_future,
)
from learnlog.errors import InputError, NotFoundError
from learnlog.habits import (
    DAILY,
    MINUTES_PER_DAY,
    DayMark,
    History,
    Kind,
    Schedule,
    Streak,
    parse_schedule,
    streak,
    streak_and_marks,
    weekly,
)
from learnlog.store import habit_queries

if TYPE_CHECKING:
    from learnlog.config import Settings
    from learnlog.store.database import Journal
    from learnlog.store.sql import Sql

CALENDAR_WEEKS = 26


@dataclass(frozen=True)
class HabitStreak:
    """One habit's streak, and its calendar when one was asked for."""

    name: str
    schedule: Schedule
    builtin: bool
    streak: Streak
    calendar: dict[date, DayMark]


@dataclass(frozen=True)
class StreakReport:
    """Every habit asked for, as of the end of ``as_of``."""

    as_of: date
    habits: list[HabitStreak]


def _refuse_builtin(name: str, doing: str) -> None:
    if name in BUILTIN_HABITS:
        raise InputError(
            f"{name!r} is a built-in habit and cannot be {doing}; "
            f"the built-in habits are {' and '.join(BUILTIN_HABITS)}"
        )


def _user_habit(sql: Sql, raw_name: str) -> habit_queries.HabitRow:
    name = habit_name(raw_name)
    habit = habit_queries.habit_by_name(sql, name)
    if habit is not None:
        return habit
    if name == JOURNAL_HABIT:
        raise InputError("the journal habit is kept by adding entries: learnlog add TEXT")
    if name == PAPERS_HABIT:
        raise InputError("the papers habit counts the papers you mark read")
    raise NotFoundError(_unknown(sql, name))


def _unknown(sql: Sql, name: str) -> str:
    names = [*BUILTIN_HABITS, *(habit.name for habit in habit_queries.all_habits(sql))]
    return f"there is no habit {name!r}; the habits are {', '.join(names)}"


def _builtin_schedule(name: str, settings: Settings) -> Schedule:
    return DAILY if name == JOURNAL_HABIT else weekly(settings.papers_per_week)


def add_habit(
    journal: Journal, raw_name: str, every: str, *, now: datetime, today: date
) -> HabitView:
    """Start tracking a habit with a schedule (``day``, ``sat,sun``, ``2/week``, ``7h/week``)."""
    import uuid

    name = habit_name(raw_name)
    _refuse_builtin(name, "added again")
    schedule = parse_schedule(every)
    with journal.sql(write=True) as sql:
        if habit_queries.habit_by_name(sql, name) is not None:
            raise InputError(f"there is already a habit {name!r}; 'learnlog habit list' shows it")
        habit_queries.insert_habit(
            sql,
            {
                "uid": str(uuid.uuid4()),
                "name": name,
                "schedule": str(schedule),
                "created_on": today,
                "created_at": now,
                "updated_at": now,
            },
        )
    return HabitView(
        name=name, schedule=str(schedule), builtin=False, created_on=today, check_ins=0
    )


def list_habits(journal: Journal, *, settings: Settings) -> list[HabitView]:
    """The built-in habits, then the user's habits by name."""
    with journal.sql() as sql:
        counts = habit_queries.check_ins_by_habit(sql)
        views = [
            HabitView(
                name=JOURNAL_HABIT,
                schedule=str(DAILY),
                builtin=True,
                created_on=None,
                check_ins=habit_queries.count_entries(sql),
            ),
            HabitView(
                name=PAPERS_HABIT,
                schedule=str(weekly(settings.papers_per_week)),
                builtin=True,
                created_on=None,
                check_ins=habit_queries.count_papers_read(sql),
            ),
        ]
        views.extend(
            HabitView(
                name=habit.name,
                schedule=habit.schedule,
                builtin=False,
                created_on=habit.created_on,
                check_ins=counts.get(habit.id, 0),
            )
            for habit in habit_queries.all_habits(sql)
        )
        return views


def _habit_view(sql: Sql, habit: habit_queries.HabitRow) -> HabitView:
    return HabitView(
        name=habit.name,
        schedule=habit.schedule,
        builtin=False,
        created_on=habit.created_on,
        check_ins=habit_queries.count_check_ins(sql, habit.id),
    )


def get_habit(journal: Journal, raw_name: str) -> HabitView:
    """One user habit, to show before it is removed."""
    _refuse_builtin(habit_name(raw_name), "removed")
    with journal.sql() as sql:
        return _habit_view(sql, _user_habit(sql, raw_name))


def remove_habit(journal: Journal, raw_name: str) -> HabitView:
    """Stop tracking a habit, with its check-ins and skips."""
    name = habit_name(raw_name)
    _refuse_builtin(name, "removed")
    with journal.sql(write=True) as sql:
        habit = _user_habit(sql, name)
        view = _habit_view(sql, habit)
        habit_queries.delete_habit(sql, habit)
        return view


def rename_habit(journal: Journal, old: str, new: str, *, now: datetime) -> HabitView:
    """Give a habit a new name, keeping its check-ins and skips."""
    old_name, new_name = habit_name(old), habit_name(new)
    _refuse_builtin(old_name, "renamed")
    _refuse_builtin(new_name, "taken as a new name")
    with journal.sql(write=True) as sql:
        habit = _user_habit(sql, old_name)
        if new_name != old_name and habit_queries.habit_by_name(sql, new_name) is not None:
            raise InputError(f"there is already a habit {new_name!r}")
        habit_queries.rename_habit(sql, habit, new_name, now=now)
        return _habit_view(sql, replace(habit, name=new_name))


def check_in(
    journal: Journal,
    raw_name: str,
    *,
    day: date,
    minutes: int | None,
    now: datetime,
    today: date,
) -> CheckInResult:
    """Record that a habit was done on a day; an amount habit needs the minutes spent.

    A habit judged by days is done once a day: a second check-in changes nothing.
    """
    import uuid

    refuse_future(day, today)
    if minutes is not None and not 1 <= minutes <= MINUTES_PER_DAY:
        raise InputError(f"--minutes must be between 1 and {MINUTES_PER_DAY} (a whole day)")
    with journal.sql(write=True) as sql:
        habit = _user_habit(sql, raw_name)
        schedule = parse_schedule(habit.schedule)
        if schedule.kind is Kind.AMOUNT and minutes is None:
            raise InputError(
                f"{habit.name} is counted in time ({schedule}); say how long with --minutes M"
            )
        if schedule.kind is not Kind.AMOUNT and habit_queries.has_check_in(sql, habit.id, day):
            return CheckInResult(habit=habit.name, day=day, minutes=None, already_done=True)
        habit_queries.insert_check_in(
            sql,
            {
                "uid": str(uuid.uuid4()),
                "habit_id": habit.id,
                "day": day,
                "minutes": minutes,
                "created_at": now,
            },
        )
        return CheckInResult(habit=habit.name, day=day, minutes=minutes, already_done=False)


def skip_days(
    journal: Journal, raw_name: str | None, *, first: date, last: date, now: datetime
) -> SkipResult:
    """Excuse a range of days for one habit, or for every habit when none is named."""
    import uuid

    if last < first:
        raise InputError(f"--to {format_day(last)} is before --from {format_day(first)}")
    with journal.sql(write=True) as sql:
        name = None
        if raw_name is not None:
            name = habit_name(raw_name)
            if name not in BUILTIN_HABITS and habit_queries.habit_by_name(sql, name) is None:
                raise NotFoundError(_unknown(sql, name))
        skip_id = habit_queries.insert_skip(
            sql,
            {
                "uid": str(uuid.uuid4()),
                "habit": name,
                "first_day": first,
                "last_day": last,
                "note": None,
                "created_at": now,
            },
        )
        return SkipResult(id=skip_id, habit=name, first_day=first, last_day=last)


def list_skips(journal: Journal) -> list[SkipResult]:
    """Every skip, by its first day."""
    with journal.sql() as sql:
        return habit_queries.all_skips(sql)


def remove_skip(journal: Journal, skip_id: int) -> SkipResult:
    """Take a skip back: its days count again."""
    with journal.sql(write=True) as sql:
        skip = habit_queries.skip_by_id(sql, skip_id)
        if skip is None:
            raise NotFoundError(f"there is no skip #{skip_id}; 'learnlog skips' lists them")
        habit_queries.delete_skip(sql, skip_id)
        return skip


def has_entry_on(journal: Journal, day: date) -> bool:
    """Whether the journal has an entry for the day (``streak --check``)."""
    with journal.sql() as sql:
        return habit_queries.has_entry_on(sql, day)


def habit_streaks(
    journal: Journal,
    *,
    as_of: date,
    settings: Settings,
    only: str | None = None,
    calendar: bool = False,
) -> StreakReport:
    """Every habit's streak, status, score and what is next, as of the end of ``as_of``."""
    with journal.sql() as sql:
        return streak_report(sql, as_of=as_of, settings=settings, only=only, calendar=calendar)


def streak_report(
    sql: Sql,
    *,
    as_of: date,
    settings: Settings,
    only: str | None = None,
    calendar: bool | str = False,
    day_over: bool = False,
) -> StreakReport:
    """``habit_streaks`` inside a unit of work that is already open (the weekly report's).

    ``calendar`` is ``True`` for every habit's calendar, or one habit's name for that one's
    alone (the weekly report draws only the journal's).
    """
    wanted = None if only is None else habit_name(only)
    user_habits = habit_queries.all_habits(sql)
    if wanted is not None and wanted not in {*BUILTIN_HABITS, *(h.name for h in user_habits)}:
        raise NotFoundError(_unknown(sql, wanted))
    first_shown = Week.of(as_of).start - timedelta(weeks=CALENDAR_WEEKS - 1)
    habits = []
    for name, history, builtin in _histories(
        sql, user_habits, as_of=as_of, settings=settings, only=wanted
    ):
        if wanted is None and not _existed(history, builtin, as_of):
            continue
        if calendar is True or calendar == name:
            result, marks = streak_and_marks(
                history, today=as_of, first=first_shown, day_over=day_over
            )
        else:
            result, marks = streak(history, today=as_of, day_over=day_over), {}
        habits.append(
            HabitStreak(
                name=name,
                schedule=history.schedule,
                builtin=builtin,
                streak=result,
                calendar=marks,
            )
        )
        # Let this history go before the next one is read: a long journal's habits then never
        # sit in memory two at a time.
        del history
    return StreakReport(as_of=as_of, habits=habits)


def _existed(history: History, builtin: bool, as_of: date) -> bool:
    """Whether a habit is part of the picture on ``as_of``: built in, or begun by then."""
    return builtin or history.first_day(as_of) is not None


def _histories(
    sql: Sql,
    user_habits: list[habit_queries.HabitRow],
    *,
    as_of: date,
    settings: Settings,
    only: str | None,
) -> Iterator[tuple[str, History, bool]]:
    """Each habit's name, history and whether it is built in; built-in habits first.

    One habit at a time, read when it is asked for, so that a long journal's histories are
    never all in memory together and one habit asked for reads only its own rows.
    """
    grace = settings.grace_per_month
    if only in {None, JOURNAL_HABIT}:
        yield (
            JOURNAL_HABIT,
            History.of(
                _builtin_schedule(JOURNAL_HABIT, settings),
                done=habit_queries.entries_per_day(sql, until=as_of),
                skips=habit_queries.skips_of(sql, JOURNAL_HABIT),
                grace_per_month=grace,
            ),
            True,
        )
    if only in {None, PAPERS_HABIT}:
        yield (
            PAPERS_HABIT,
            History.of(
                _builtin_schedule(PAPERS_HABIT, settings),
                done=habit_queries.papers_read_per_day(sql, until=as_of),
                skips=habit_queries.skips_of(sql, PAPERS_HABIT),
            ),
            True,
        )
    for habit in user_habits:
        if only not in {None, habit.name}:
            continue
        # Built by a call, not held in a local, so that this generator keeps no history alive
        # while the next habit's rows are read.
        yield habit.name, _user_history(sql, habit, as_of=as_of, grace_per_month=grace), False


def _user_history(
    sql: Sql, habit: habit_queries.HabitRow, *, as_of: date, grace_per_month: int
) -> History:
    """A user habit's check-ins up to ``as_of``, in minutes for an amount habit, and skips."""
    schedule = parse_schedule(habit.schedule)
    return History.of(
        schedule,
        done=habit_queries.check_ins_per_day(
            sql, habit.id, until=as_of, minutes=schedule.kind is Kind.AMOUNT
        ),
        skips=habit_queries.skips_of(sql, habit.name),
        created_on=habit.created_on,
        grace_per_month=grace_per_month,
    )
