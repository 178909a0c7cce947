"""The queries of ``learnlog review``: stored revisits, and entries whose stage can move on."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from sqlalchemy import ColumnElement, exists, func
from sqlmodel import Session, col, select

from learnlog.revisits import ADVANCEABLE_STAGES
from learnlog.store.models import Entry, Revisit
from learnlog.store.sql import row_limit


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
