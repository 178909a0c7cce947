"""The queries of the weekly review: what happened in a span of days, in a few aggregates."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func
from sqlmodel import Session, col, select

from learnlog.domain import PaperStatus, Stage
from learnlog.store.models import CheckIn, Entry, EntryTag, Habit, Paper


def tags_between(session: Session, first: date, last: date) -> dict[str, int]:
    """How many entries of the span carry each tag."""
    query = (
        select(col(EntryTag.tag), func.count())
        .join(Entry, col(Entry.id) == col(EntryTag.entry_id))
        .where(col(Entry.deleted_at).is_(None), col(Entry.day).between(first, last))
        .group_by(col(EntryTag.tag))
    )
    return {tag: int(count) for tag, count in session.exec(query)}


def check_ins_between(
    session: Session, first: date, last: date
) -> list[tuple[str, date, int, int]]:
    """Each habit's check-ins per day of the span: name, day, how many, minutes."""
    query = (
        select(
            col(Habit.name),
            col(CheckIn.day),
            func.count(),
            func.coalesce(func.sum(CheckIn.minutes), 0),
        )
        .join(Habit, col(Habit.id) == col(CheckIn.habit_id))
        .where(col(CheckIn.day).between(first, last))
        .group_by(col(Habit.name), col(CheckIn.day))
    )
    return [
        (name, day, int(count), int(minutes or 0))
        for name, day, count, minutes in session.exec(query)
    ]


def papers_read_between(session: Session, first: date, last: date) -> list[Paper]:
    """Papers finished in the span, in the order they were finished."""
    query = (
        select(Paper)
        .where(
            col(Paper.status) == PaperStatus.READ.value,
            col(Paper.read_on).between(first, last),
        )
        .order_by(col(Paper.read_on), col(Paper.id))
    )
    return list(session.exec(query))


def papers_queued_longest(session: Session, *, until: date, limit: int) -> list[Paper]:
    """Papers queued by ``until`` and still waiting to be read, the oldest additions first."""
    query = (
        select(Paper)
        .where(col(Paper.status) == PaperStatus.QUEUED.value, col(Paper.added_on) <= until)
        .order_by(col(Paper.added_on), col(Paper.id))
        .limit(limit)
    )
    return list(session.exec(query))


def entries_understood_only(session: Session, *, until: date, limit: int) -> list[Entry]:
    """Entries that got as far as understood and no further, the oldest first."""
    query = (
        select(Entry)
        .where(
            col(Entry.deleted_at).is_(None),
            col(Entry.stage) == Stage.UNDERSTOOD.value,
            col(Entry.day) <= until,
        )
        .order_by(col(Entry.day), col(Entry.id))
        .limit(limit)
    )
    return list(session.exec(query))
