"""The queries of ``learnlog review``: stored revisits, and entries whose stage can move on."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Sequence
from datetime import date

from sqlalchemy import ColumnElement, exists, func, or_
from sqlmodel import Session, col, select

from learnlog.revisits import ADVANCEABLE_STAGES
from learnlog.store.models import Entry, Revisit
from learnlog.store.queries import row_limit


def entries_on_day_ranges(session: Session, ranges: Sequence[tuple[date, date]]) -> list[Entry]:
    """Entries outside the trash written on a day of any range, ends included; oldest first."""
    if not ranges:
        return []
    query = (
        select(Entry)
        .where(
            col(Entry.deleted_at).is_(None),
            or_(*(col(Entry.day).between(first, last) for first, last in ranges)),
        )
        .order_by(col(Entry.day), col(Entry.id))
    )
    return list(session.exec(query))


def revisit_days(
    session: Session, entry_ids: Iterable[int], *, until: date
) -> dict[int, list[date]]:
    """The days each entry was revisited, up to ``until``, in order."""
    ids = list(entry_ids)
    found: dict[int, list[date]] = defaultdict(list)
    if not ids:
        return found
    query = (
        select(col(Revisit.entry_id), col(Revisit.day))
        .where(col(Revisit.entry_id).in_(ids), col(Revisit.day) <= until)
        .order_by(col(Revisit.entry_id), col(Revisit.day))
    )
    for entry_id, day in session.exec(query):
        found[entry_id].append(day)
    return found


def _ready_to_advance(*, until: date, excluded: Collection[int]) -> list[ColumnElement[bool]]:
    """The conditions of an entry ready to move on: never revisited, at a stage with a next."""
    revisited = exists().where(col(Revisit.entry_id) == col(Entry.id), col(Revisit.day) <= until)
    conditions = [
        col(Entry.deleted_at).is_(None),
        col(Entry.day) <= until,
        col(Entry.stage).in_([stage.value for stage in ADVANCEABLE_STAGES]),
        ~revisited,
    ]
    if excluded:
        conditions.append(col(Entry.id).not_in(list(excluded)))
    return conditions


def entries_ready_to_advance(
    session: Session, *, until: date, excluded: Collection[int], limit: int
) -> list[Entry]:
    """Entries up to ``until``, never revisited by then, whose stage can move on; oldest first.

    The entries of ``excluded`` (those already due for a revisit) are left out.
    """
    query = (
        select(Entry)
        .where(*_ready_to_advance(until=until, excluded=excluded))
        .order_by(col(Entry.day), col(Entry.id))
        .limit(row_limit(limit))
    )
    return list(session.exec(query))


def count_ready_to_advance(session: Session, *, until: date, excluded: Collection[int]) -> int:
    """How many entries ``entries_ready_to_advance`` would give without a limit."""
    query = (
        select(func.count())
        .select_from(Entry)
        .where(*_ready_to_advance(until=until, excluded=excluded))
    )
    return int(session.exec(query).one())


def revisited_on(session: Session, entry_id: int, day: date) -> bool:
    """Whether the entry already has a revisit stored for the day."""
    query = select(Revisit.id).where(col(Revisit.entry_id) == entry_id, col(Revisit.day) == day)
    return session.exec(query.limit(1)).first() is not None
