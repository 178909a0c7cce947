"""Queries through SQLModel sessions, for the commands that write with the models.

The everyday commands read and write in plain SQL (store/sql.py and the ``*_queries`` modules);
where a query here needs one of theirs, it runs it in the session through ``SessionSql``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import case, delete, update
from sqlmodel import Session, col, select

from learnlog.domain import PaperStatus
from learnlog.store import entry_queries, paper_queries
from learnlog.store.models import (
    CheckIn,
    Entry,
    EntryTag,
    Habit,
    Paper,
    PaperTag,
    Skip,
    UndoAction,
)
from learnlog.store.sql import SessionSql


def entry_by_id(session: Session, entry_id: int, *, include_deleted: bool = False) -> Entry | None:
    """The entry with this id, or ``None``; deleted entries only when asked for."""
    entry = session.get(Entry, entry_id)
    if entry is None or (entry.deleted_at is not None and not include_deleted):
        return None
    return entry


def _replace_tags(
    session: Session, owner: Any, owner_id: int, rows: Sequence[EntryTag | PaperTag]
) -> None:
    """Delete an owner's tag rows, then add ``rows``."""
    session.execute(delete(owner.table).where(owner == owner_id))
    session.add_all(rows)
    session.flush()


def tags_by_entry(session: Session, entry_ids: Iterable[int]) -> dict[int, list[str]]:
    """The tags of each entry, alphabetically (rows written in this session are flushed)."""
    session.flush()  # plain SQL does not flush the session as its own queries would
    return entry_queries.tags_by_entry(SessionSql(session), entry_ids)


def replace_tags(session: Session, entry_id: int, tags: Sequence[str]) -> None:
    """Make ``tags`` the entry's tags."""
    rows = [EntryTag(entry_id=entry_id, tag=tag) for tag in tags]
    _replace_tags(session, col(EntryTag.entry_id), entry_id, rows)


def record_undo(
    session: Session, *, entry_id: int, action: str, snapshot: str | None, now: datetime
) -> None:
    """Remember a delete or edit so that ``undo`` can take it back."""
    session.add(UndoAction(entry_id=entry_id, action=action, snapshot=snapshot, created_at=now))
    session.flush()


def last_undo(session: Session) -> UndoAction | None:
    """The newest delete or edit not yet undone."""
    query = select(UndoAction).order_by(col(UndoAction.id).desc()).limit(1)
    return session.exec(query).first()


def forget_undo(session: Session, action: UndoAction) -> None:
    """Drop an undo record once it has been used."""
    session.delete(action)
    session.flush()


def purge_before(session: Session, cutoff: datetime) -> int:
    """Remove for good the entries deleted before ``cutoff`` and undo records older than it."""
    session.execute(delete(UndoAction).where(col(UndoAction.created_at) < cutoff))
    result = session.execute(
        delete(Entry).where(col(Entry.deleted_at).is_not(None), col(Entry.deleted_at) < cutoff)
    )
    return int(getattr(result, "rowcount", 0) or 0)


def habit_by_name(session: Session, name: str) -> Habit | None:
    """The user habit with this (lower-case) name, or ``None``."""
    return session.exec(select(Habit).where(col(Habit.name) == name)).first()


def has_check_in(session: Session, habit_id: int, day: date) -> bool:
    """Whether the habit was checked in on the day."""
    query = select(CheckIn.id).where(col(CheckIn.habit_id) == habit_id, col(CheckIn.day) == day)
    return session.exec(query.limit(1)).first() is not None


def all_skips(session: Session) -> list[Skip]:
    """Every skip, by first day."""
    return list(session.exec(select(Skip).order_by(col(Skip.first_day), col(Skip.id))))


def skip_by_id(session: Session, skip_id: int) -> Skip | None:
    """The skip with this id, or ``None``."""
    return session.get(Skip, skip_id)


def rename_skips(session: Session, old: str, new: str) -> None:
    """Keep a renamed habit's skips."""
    session.execute(update(Skip).where(col(Skip.habit) == old).values(habit=new))


def delete_skips(session: Session, habit: str) -> None:
    """Forget the skips of a removed habit (its check-ins go with it by foreign key)."""
    session.execute(delete(Skip).where(col(Skip.habit) == habit))


def paper_by_id(session: Session, paper_id: int) -> Paper | None:
    """The paper with this id, or ``None``."""
    return session.get(Paper, paper_id)


def tags_by_paper(session: Session, paper_ids: Iterable[int]) -> dict[int, list[str]]:
    """The tags of each paper, alphabetically (rows written in this session are flushed)."""
    session.flush()  # plain SQL does not flush the session as its own queries would
    return paper_queries.tags_by_paper(SessionSql(session), paper_ids)


def replace_paper_tags(session: Session, paper_id: int, tags: Sequence[str]) -> None:
    """Make ``tags`` the paper's tags."""
    rows = [PaperTag(paper_id=paper_id, tag=tag) for tag in tags]
    _replace_tags(session, col(PaperTag.paper_id), paper_id, rows)


def paper_titles_and_links(session: Session) -> list[tuple[int, str, str | None]]:
    """Every paper's id, title and link, by id: what duplicates are looked for in."""
    query = select(Paper.id, Paper.title, Paper.link).order_by(col(Paper.id))
    return [(paper_id, title, link) for paper_id, title, link in session.exec(query) if paper_id]


def papers_matching(
    session: Session,
    *,
    status: PaperStatus | None = None,
    read_from: date | None = None,
    read_until: date | None = None,
) -> list[Paper]:
    """Papers with the status, read between the days given (both included).

    The reading list comes first (being read, then queued in the order added), then the papers
    read, the most recently finished first.
    """
    query = select(Paper)
    if status is not None:
        query = query.where(col(Paper.status) == status.value)
    if read_from is not None:
        query = query.where(col(Paper.read_on) >= read_from)
    if read_until is not None:
        query = query.where(col(Paper.read_on) <= read_until)
    place = case(
        (col(Paper.status) == PaperStatus.READING.value, 0),
        (col(Paper.status) == PaperStatus.QUEUED.value, 1),
        else_=2,
    )
    return list(session.exec(query.order_by(place, col(Paper.read_on).desc(), col(Paper.id))))


def delete_paper(session: Session, paper: Paper) -> None:
    """Remove a paper for good, with its tags."""
    assert paper.id is not None
    session.execute(delete(PaperTag).where(col(PaperTag.paper_id) == paper.id))
    session.delete(paper)
    session.flush()
