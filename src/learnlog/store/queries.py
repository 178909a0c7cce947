"""Every query learnlog runs against its tables."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from sqlalchemy import case, delete, exists, update
from sqlalchemy import select as sa_select
from sqlalchemy.orm import aliased
from sqlmodel import Session, col, select

from learnlog.domain import EntryFilter, PaperStatus
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

T = TypeVar("T")

# The largest LIMIT a database takes (a signed 64-bit integer); asking for more means every row.
MAX_ROWS = 2**63 - 1


def row_limit(limit: int) -> int:
    """``limit`` as SQL can take it: a count past the 64-bit range overflows the driver."""
    return min(limit, MAX_ROWS)


def entry_by_id(session: Session, entry_id: int, *, include_deleted: bool = False) -> Entry | None:
    """The entry with this id, or ``None``; deleted entries only when asked for."""
    entry = session.get(Entry, entry_id)
    if entry is None or (entry.deleted_at is not None and not include_deleted):
        return None
    return entry


# Ids or uids per IN (...) list, well under every database's limit on parameters.
CHUNK = 500


def chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    """``items`` in slices of at most CHUNK, for IN (...) lists of any length."""
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def tags_by_owner(
    session: Session, owner: Any, tag: Any, owner_ids: Iterable[int]
) -> dict[int, list[str]]:
    """The tags of each owner (entry or paper), alphabetically."""
    found: dict[int, list[str]] = defaultdict(list)
    for chunk in chunks(sorted(set(owner_ids))):
        rows = session.execute(sa_select(owner, tag).where(owner.in_(chunk)).order_by(owner, tag))
        for owner_id, name in rows:
            found[owner_id].append(name)
    return found


def _replace_tags(
    session: Session, owner: Any, owner_id: int, rows: Sequence[EntryTag | PaperTag]
) -> None:
    """Delete an owner's tag rows, then add ``rows``."""
    session.execute(delete(owner.table).where(owner == owner_id))
    session.add_all(rows)
    session.flush()


def tags_by_entry(session: Session, entry_ids: Iterable[int]) -> dict[int, list[str]]:
    """The tags of each entry, alphabetically."""
    return tags_by_owner(session, col(EntryTag.entry_id), col(EntryTag.tag), entry_ids)


def replace_tags(session: Session, entry_id: int, tags: Sequence[str]) -> None:
    """Make ``tags`` the entry's tags."""
    rows = [EntryTag(entry_id=entry_id, tag=tag) for tag in tags]
    _replace_tags(session, col(EntryTag.entry_id), entry_id, rows)


def entry_conditions(wanted: EntryFilter) -> list[Any]:
    """The conditions of ``wanted`` (limit aside) as SQL, the trash left out."""
    conditions: list[Any] = [col(Entry.deleted_at).is_(None)]
    if wanted.since is not None:
        conditions.append(col(Entry.day) >= wanted.since)
    if wanted.until is not None:
        conditions.append(col(Entry.day) <= wanted.until)
    if wanted.stage is not None:
        conditions.append(col(Entry.stage) == wanted.stage.value)
    if wanted.starred:
        conditions.append(col(Entry.starred).is_(True))
    for tag in wanted.tags:
        # An alias, so that the condition also holds inside a query of entry_tag itself.
        tagged = aliased(EntryTag)
        conditions.append(
            exists().where(col(tagged.entry_id) == col(Entry.id), col(tagged.tag) == tag)
        )
    return conditions


def entries_matching(session: Session, wanted: EntryFilter) -> list[Entry]:
    """Entries that are not in the trash and meet every condition, newest first."""
    query = select(Entry).where(*entry_conditions(wanted))
    query = query.order_by(
        col(Entry.day).desc(), col(Entry.created_at).desc(), col(Entry.id).desc()
    )
    if wanted.limit is not None:
        query = query.limit(row_limit(wanted.limit))
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
    """The tags of each paper, alphabetically."""
    return tags_by_owner(session, col(PaperTag.paper_id), col(PaperTag.tag), paper_ids)


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
