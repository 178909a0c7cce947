"""Habits in plain SQL: habits, check-ins and skips, and what each streak is computed from."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from operator import itemgetter
from typing import Any

from learnlog.domain import PaperStatus, SkipResult
from learnlog.store.sql import Row, Sql, day_of, insert_row


@dataclass(frozen=True)
class HabitRow:
    """A user habit as stored."""

    id: int
    name: str
    schedule: str
    created_on: date


def _per_day(sql: Sql, days: Iterable[Any], amounts: Iterable[Any]) -> list[tuple[date, int]]:
    """Days, one each, and their amounts as ``(date, int)`` pairs.

    SQLite gives days as ISO text, which ``date.fromisoformat`` reads without the detour through
    ``day_of``; a server gives dates. ``map`` keeps the thousands of days of a long journal out
    of the interpreter loop.
    """
    read_day = date.fromisoformat if sql.sqlite else day_of
    return list(zip(map(read_day, days), map(int, amounts), strict=True))


def _grouped_per_day(sql: Sql, rows: list[tuple[Any, ...]]) -> list[tuple[date, int]]:
    """``(day, amount)`` rows of a GROUP BY day as ``(date, int)`` pairs."""
    return _per_day(sql, map(itemgetter(0), rows), map(itemgetter(1), rows))


def _count_per_day(sql: Sql, statement: str, params: dict[str, object]) -> list[tuple[date, int]]:
    """How many rows each day has, from a statement whose first column is the day.

    Counting a few thousand rows here costs less than SQLite's GROUP BY, and each day's text
    is then read once. The rows are counted as they are read, so they are let go before the
    days are made.
    """
    counts = Counter(map(itemgetter(0), sql.rows(statement, params)))
    return _per_day(sql, counts.keys(), counts.values())


def entries_per_day(sql: Sql, *, until: date) -> list[tuple[date, int]]:
    """How many entries each day up to ``until`` has, leaving out the trash."""
    rows = sql.rows(
        "SELECT day, COUNT(*) FROM entry WHERE deleted_at IS NULL AND day <= :until GROUP BY day",
        {"until": until},
    )
    return _grouped_per_day(sql, rows)


def has_entry_on(sql: Sql, day: date) -> bool:
    """Whether the day has an entry outside the trash."""
    statement = "SELECT 1 FROM entry WHERE day = :day AND deleted_at IS NULL LIMIT 1"
    return sql.row(statement, {"day": day}) is not None


def count_entries(sql: Sql) -> int:
    """Entries outside the trash."""
    return int(sql.value("SELECT COUNT(*) FROM entry WHERE deleted_at IS NULL"))


def papers_read_per_day(
    sql: Sql, *, until: date, since: date | None = None
) -> list[tuple[date, int]]:
    """How many papers were finished each day up to ``until`` (from ``since`` when given)."""
    # read_on first, so that the search runs along its index.
    conditions = "read_on IS NOT NULL AND read_on <= :until AND status = :read"
    params: dict[str, object] = {"until": until, "read": PaperStatus.READ.value}
    if since is not None:
        conditions += " AND read_on >= :since"
        params["since"] = since
    return _count_per_day(sql, f"SELECT read_on FROM paper WHERE {conditions}", params)


def count_papers_read(sql: Sql) -> int:
    """Papers marked read."""
    statement = "SELECT COUNT(*) FROM paper WHERE status = :read"
    return int(sql.value(statement, {"read": PaperStatus.READ.value}))


# The columns ``_habit_row`` reads, in its order.
HABIT_COLUMNS = "id, name, schedule, created_on"


def _habit_row(row: Row) -> HabitRow:
    habit_id, name, schedule, created_on = row
    return HabitRow(id=int(habit_id), name=name, schedule=schedule, created_on=day_of(created_on))


def all_habits(sql: Sql) -> list[HabitRow]:
    """Every user habit, by name."""
    return [_habit_row(row) for row in sql.rows(f"SELECT {HABIT_COLUMNS} FROM habit ORDER BY name")]


def habit_by_name(sql: Sql, name: str) -> HabitRow | None:
    """The user habit with this (lower-case) name, or ``None``."""
    row = sql.row(f"SELECT {HABIT_COLUMNS} FROM habit WHERE name = :name", {"name": name})
    return None if row is None else _habit_row(row)


def insert_habit(sql: Sql, values: dict[str, object]) -> int:
    """Store a new habit (a value for every column but the id); its id."""
    return insert_row(sql, "habit", values)


def rename_habit(sql: Sql, habit: HabitRow, new_name: str, *, now: datetime) -> None:
    """Give a habit a new name; its skips, which name it, follow."""
    sql.run(
        "UPDATE skip SET habit = :new_name WHERE habit = :old_name",
        {"new_name": new_name, "old_name": habit.name},
    )
    sql.run(
        "UPDATE habit SET name = :new_name, updated_at = :now WHERE id = :id",
        {"new_name": new_name, "now": now, "id": habit.id},
    )


def delete_habit(sql: Sql, habit: HabitRow) -> None:
    """Forget a habit with its check-ins and skips.

    Skips name their habit, so they are deleted by name; the check-ins go with the habit by
    foreign key (ON DELETE CASCADE; foreign keys are on in every connection).
    """
    sql.run("DELETE FROM skip WHERE habit = :name", {"name": habit.name})
    sql.run("DELETE FROM habit WHERE id = :id", {"id": habit.id})


def check_ins_by_habit(sql: Sql) -> dict[int, int]:
    """How many check-ins each user habit has."""
    rows = sql.rows("SELECT habit_id, COUNT(*) FROM check_in GROUP BY habit_id")
    return {int(habit_id): int(count) for habit_id, count in rows}


def count_check_ins(sql: Sql, habit_id: int) -> int:
    """How many check-ins one habit has."""
    statement = "SELECT COUNT(*) FROM check_in WHERE habit_id = :habit_id"
    return int(sql.value(statement, {"habit_id": habit_id}))


def has_check_in(sql: Sql, habit_id: int, day: date) -> bool:
    """Whether the habit was checked in on the day."""
    statement = "SELECT 1 FROM check_in WHERE habit_id = :habit_id AND day = :day LIMIT 1"
    return sql.row(statement, {"habit_id": habit_id, "day": day}) is not None


def insert_check_in(sql: Sql, values: dict[str, object]) -> int:
    """Store a new check-in (a value for every column but the id); its id."""
    return insert_row(sql, "check_in", values)


def check_ins_per_day(
    sql: Sql, habit_id: int, *, until: date, minutes: bool = False
) -> list[tuple[date, int]]:
    """Each day's check-ins of a habit up to ``until``: how many, or with ``minutes`` the
    minutes spent."""
    params: dict[str, object] = {"habit_id": habit_id, "until": until}
    conditions = "habit_id = :habit_id AND day <= :until"
    if not minutes:  # the (habit_id, day) index alone holds what is counted
        return _count_per_day(sql, f"SELECT day FROM check_in WHERE {conditions}", params)
    # Summed here rather than by GROUP BY, which costs SQLite more than the rows cost Python.
    minutes_per_day: Counter[Any] = Counter()
    for day, spent in sql.rows(f"SELECT day, minutes FROM check_in WHERE {conditions}", params):
        minutes_per_day[day] += spent or 0
    return _per_day(sql, minutes_per_day.keys(), minutes_per_day.values())


def skips_of(sql: Sql, habit: str) -> list[tuple[date, date]]:
    """The day ranges excused for the habit: its own skips and those of every habit."""
    rows = sql.rows(
        "SELECT first_day, last_day FROM skip WHERE habit = :habit OR habit IS NULL",
        {"habit": habit},
    )
    return [(day_of(first), day_of(last)) for first, last in rows]


# The columns ``_skip_result`` reads, in its order.
SKIP_COLUMNS = "id, habit, first_day, last_day"


def _skip_result(row: Row) -> SkipResult:
    skip_id, habit, first_day, last_day = row
    return SkipResult(
        id=int(skip_id), habit=habit, first_day=day_of(first_day), last_day=day_of(last_day)
    )


def insert_skip(sql: Sql, values: dict[str, object]) -> int:
    """Store a new skip (a value for every column but the id); its id."""
    return insert_row(sql, "skip", values)


def all_skips(sql: Sql) -> list[SkipResult]:
    """Every skip, by first day."""
    rows = sql.rows(f"SELECT {SKIP_COLUMNS} FROM skip ORDER BY first_day, id")
    return [_skip_result(row) for row in rows]


def skip_by_id(sql: Sql, skip_id: int) -> SkipResult | None:
    """The skip with this id, or ``None``."""
    row = sql.row(f"SELECT {SKIP_COLUMNS} FROM skip WHERE id = :id", {"id": skip_id})
    return None if row is None else _skip_result(row)


def delete_skip(sql: Sql, skip_id: int) -> None:
    """Take back one skip."""
    sql.run("DELETE FROM skip WHERE id = :id", {"id": skip_id})
