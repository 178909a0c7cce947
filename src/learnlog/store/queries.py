"""Every query learnlog runs against its tables."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import delete, exists
from sqlmodel import Session, col, select

from learnlog.domain import EntryFilter
from learnlog.store.models import Entry, EntryTag, UndoAction


def entry_by_id(session: Session, entry_id: int, *, include_deleted: bool = False) -> Entry | None:
    """The entry with this id, or ``None``; deleted entries only when asked for."""
    entry = session.get(Entry, entry_id)
    if entry is None or (entry.deleted_at is not None and not include_deleted):
        return None
    return entry


def tags_by_entry(session: Session, entry_ids: Iterable[int]) -> dict[int, list[str]]:
    """The tags of each entry, alphabetically."""
    ids = list(entry_ids)
    found: dict[int, list[str]] = defaultdict(list)
    if not ids:
        return found
    rows = session.exec(
        select(EntryTag.entry_id, EntryTag.tag)
        .where(col(EntryTag.entry_id).in_(ids))
        .order_by(col(EntryTag.entry_id), col(EntryTag.tag))
    )
    for entry_id, tag in rows:
        found[entry_id].append(tag)
    return found


def replace_tags(session: Session, entry_id: int, tags: Sequence[str]) -> None:
    """Make ``tags`` the entry's tags."""
    session.execute(delete(EntryTag).where(col(EntryTag.entry_id) == entry_id))
    session.add_all(EntryTag(entry_id=entry_id, tag=tag) for tag in tags)
    session.flush()


def entries_matching(session: Session, wanted: EntryFilter) -> list[Entry]:
    """Entries that are not in the trash and meet every condition, newest first."""
    query = select(Entry).where(col(Entry.deleted_at).is_(None))
    if wanted.since is not None:
        query = query.where(col(Entry.day) >= wanted.since)
    if wanted.until is not None:
        query = query.where(col(Entry.day) <= wanted.until)
    if wanted.stage is not None:
        query = query.where(col(Entry.stage) == wanted.stage.value)
    if wanted.starred:
        query = query.where(col(Entry.starred).is_(True))
    for tag in wanted.tags:
        query = query.where(
            exists().where(col(EntryTag.entry_id) == col(Entry.id), col(EntryTag.tag) == tag)
        )
    query = query.order_by(
        col(Entry.day).desc(), col(Entry.created_at).desc(), col(Entry.id).desc()
    )
    if wanted.limit is not None:
        query = query.limit(wanted.limit)
    return list(session.exec(query))


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
