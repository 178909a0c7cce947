"""Reading a journal as records and writing records into one: the SQL of export and import."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from sqlalchemy import delete, insert, update
from sqlalchemy import select as sa_select
from sqlmodel import Session, col

from learnlog.domain import EntryFilter
from learnlog.exchange.records import (
    CheckInRecord,
    EntryRecord,
    HabitRecord,
    PaperRecord,
    RevisitRecord,
    SkipRecord,
)
from learnlog.store.models import (
    CheckIn,
    Entry,
    EntryTag,
    Habit,
    Paper,
    PaperTag,
    Revisit,
    Skip,
)
from learnlog.store.queries import chunks, entry_conditions, paper_conditions, tags_by_owner

_ENTRY_COLUMNS = (
    col(Entry.id),
    col(Entry.uid),
    col(Entry.day),
    col(Entry.text),
    col(Entry.source),
    col(Entry.stage),
    col(Entry.starred),
    col(Entry.created_at),
    col(Entry.updated_at),
)


def _entry_records(session: Session, rows: list[Any]) -> dict[int, EntryRecord]:
    tags = tags_by_owner(
        session, col(EntryTag.entry_id), col(EntryTag.tag), (row[0] for row in rows)
    )
    return {
        row[0]: EntryRecord(
            uid=row[1],
            day=row[2],
            text=row[3],
            tags=tuple(tags.get(row[0], ())),
            source=row[4],
            stage=row[5],
            starred=bool(row[6]),
            created_at=row[7],
            updated_at=row[8],
        )
        for row in rows
    }


def entry_records(session: Session, wanted: EntryFilter) -> dict[int, EntryRecord]:
    """Entries outside the trash meeting ``wanted``, by id."""
    query = sa_select(*_ENTRY_COLUMNS).where(*entry_conditions(wanted))
    return _entry_records(session, list(session.execute(query)))


def entries_by_uid(
    session: Session, uids: Sequence[str]
) -> dict[str, tuple[int, EntryRecord, bool]]:
    """The entries with these uids, trash included: id, record, and whether it is in the trash."""
    found: dict[str, tuple[int, EntryRecord, bool]] = {}
    for chunk in chunks(uids):
        query = sa_select(*_ENTRY_COLUMNS, col(Entry.deleted_at)).where(col(Entry.uid).in_(chunk))
        rows = list(session.execute(query))
        records = _entry_records(session, rows)
        for row in rows:
            found[row[1]] = (row[0], records[row[0]], row[9] is not None)
    return found


_PAPER_COLUMNS = (
    col(Paper.id),
    col(Paper.uid),
    col(Paper.title),
    col(Paper.authors),
    col(Paper.link),
    col(Paper.status),
    col(Paper.added_on),
    col(Paper.read_on),
    col(Paper.notes),
    col(Paper.created_at),
    col(Paper.updated_at),
)


def _paper_records(session: Session, query: Any) -> dict[int, PaperRecord]:
    rows = list(session.execute(query))
    tags = tags_by_owner(
        session, col(PaperTag.paper_id), col(PaperTag.tag), (row[0] for row in rows)
    )
    return {
        row[0]: PaperRecord(
            uid=row[1],
            title=row[2],
            authors=row[3],
            link=row[4],
            status=row[5],
            added_on=row[6],
            read_on=row[7],
            notes=row[8],
            tags=tuple(tags.get(row[0], ())),
            created_at=row[9],
            updated_at=row[10],
        )
        for row in rows
    }


def paper_records(
    session: Session, *, since: date | None, until: date | None, tags: Sequence[str]
) -> dict[int, PaperRecord]:
    """Papers whose day (read_on when read, else added_on) is in the bounds, with every tag."""
    query = sa_select(*_PAPER_COLUMNS).where(*paper_conditions(since, until, tags))
    return _paper_records(session, query)


def papers_by_uid(session: Session, uids: Sequence[str]) -> dict[str, tuple[int, PaperRecord]]:
    """The papers with these uids: id and record."""
    found: dict[str, tuple[int, PaperRecord]] = {}
    for chunk in chunks(uids):
        records = _paper_records(
            session, sa_select(*_PAPER_COLUMNS).where(col(Paper.uid).in_(chunk))
        )
        found.update({record.uid: (paper_id, record) for paper_id, record in records.items()})
    return found


def habit_records(session: Session) -> dict[int, HabitRecord]:
    """Every user habit, by id."""
    query = sa_select(
        col(Habit.id),
        col(Habit.uid),
        col(Habit.name),
        col(Habit.schedule),
        col(Habit.created_on),
        col(Habit.created_at),
        col(Habit.updated_at),
    )
    return {
        row[0]: HabitRecord(
            uid=row[1],
            name=row[2],
            schedule=row[3],
            created_on=row[4],
            created_at=row[5],
            updated_at=row[6],
        )
        for row in session.execute(query)
    }


def check_in_records(
    session: Session, habit_uids: dict[int, str], *, since: date | None, until: date | None
) -> list[CheckInRecord]:
    """Check-ins on the days in the bounds, naming their habit by uid."""
    query = sa_select(
        col(CheckIn.uid),
        col(CheckIn.habit_id),
        col(CheckIn.day),
        col(CheckIn.minutes),
        col(CheckIn.created_at),
    )
    if since is not None:
        query = query.where(col(CheckIn.day) >= since)
    if until is not None:
        query = query.where(col(CheckIn.day) <= until)
    return [
        CheckInRecord(uid=uid, habit=habit_uids[habit_id], day=day, minutes=minutes, created_at=at)
        for uid, habit_id, day, minutes, at in session.execute(query)
    ]


def check_in_keys(session: Session) -> tuple[set[str], set[tuple[int, date]]]:
    """The uids of every check-in, and each (habit id, day) that has one."""
    uids: set[str] = set()
    days: set[tuple[int, date]] = set()
    for uid, habit_id, day in session.execute(
        sa_select(col(CheckIn.uid), col(CheckIn.habit_id), col(CheckIn.day))
    ):
        uids.add(uid)
        days.add((habit_id, day))
    return uids, days


def skip_records(session: Session, *, since: date | None, until: date | None) -> list[SkipRecord]:
    """Skips that overlap the bounds."""
    query = sa_select(
        col(Skip.uid),
        col(Skip.habit),
        col(Skip.first_day),
        col(Skip.last_day),
        col(Skip.note),
        col(Skip.created_at),
    )
    if since is not None:
        query = query.where(col(Skip.last_day) >= since)
    if until is not None:
        query = query.where(col(Skip.first_day) <= until)
    return [
        SkipRecord(uid=uid, habit=habit, first_day=first, last_day=last, note=note, created_at=at)
        for uid, habit, first, last, note, at in session.execute(query)
    ]


def revisit_records(session: Session, entry_uids: dict[int, str]) -> list[RevisitRecord]:
    """The revisits of the entries given (id to uid), naming their entry by uid."""
    query = sa_select(
        col(Revisit.uid),
        col(Revisit.entry_id),
        col(Revisit.day),
        col(Revisit.stage),
        col(Revisit.created_at),
    )
    return [
        RevisitRecord(uid=uid, entry=entry_uids[entry_id], day=day, stage=stage, created_at=at)
        for uid, entry_id, day, stage, at in session.execute(query)
        if entry_id in entry_uids
    ]


def known_uids(session: Session, model: Any, uids: Sequence[str]) -> set[str]:
    """Which of ``uids`` the table of ``model`` already holds."""
    found: set[str] = set()
    for chunk in chunks(uids):
        found.update(session.execute(sa_select(model.uid).where(model.uid.in_(chunk))).scalars())
    return found


def ids_by_uid(session: Session, model: Any, uids: Sequence[str]) -> dict[str, int]:
    """The ids of the rows of ``model`` with these uids."""
    found: dict[str, int] = {}
    for chunk in chunks(uids):
        query = sa_select(model.uid, model.id).where(model.uid.in_(chunk))
        found.update({uid: int(row_id) for uid, row_id in session.execute(query)})
    return found


def _entry_row(record: EntryRecord) -> dict[str, Any]:
    return {
        "uid": record.uid,
        "day": record.day,
        "text": record.text,
        "source": record.source,
        "stage": record.stage,
        "starred": record.starred,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }


def _paper_row(record: PaperRecord) -> dict[str, Any]:
    return {
        "uid": record.uid,
        "title": record.title,
        "authors": record.authors,
        "link": record.link,
        "status": record.status,
        "added_on": record.added_on,
        "read_on": record.read_on,
        "notes": record.notes,
        "created_at": record.created_at,
        "updated_at": record.updated_at,
    }


def insert_entries(session: Session, records: Sequence[EntryRecord]) -> dict[str, int]:
    """Add entries with their tags; the new ids by uid."""
    if not records:
        return {}
    session.execute(insert(Entry), [_entry_row(record) for record in records])
    ids = ids_by_uid(session, Entry, [record.uid for record in records])
    tag_rows = [
        {"entry_id": ids[record.uid], "tag": tag} for record in records for tag in record.tags
    ]
    if tag_rows:
        session.execute(insert(EntryTag), tag_rows)
    return ids


def update_entry(session: Session, entry_id: int, record: EntryRecord) -> None:
    """Overwrite an entry and its tags with ``record``."""
    session.execute(update(Entry).where(col(Entry.id) == entry_id).values(**_entry_row(record)))
    session.execute(delete(EntryTag).where(col(EntryTag.entry_id) == entry_id))
    if record.tags:
        session.execute(insert(EntryTag), [{"entry_id": entry_id, "tag": t} for t in record.tags])


def insert_papers(session: Session, records: Sequence[PaperRecord]) -> None:
    """Add papers with their tags."""
    if not records:
        return
    session.execute(insert(Paper), [_paper_row(record) for record in records])
    ids = ids_by_uid(session, Paper, [record.uid for record in records])
    tag_rows = [
        {"paper_id": ids[record.uid], "tag": tag} for record in records for tag in record.tags
    ]
    if tag_rows:
        session.execute(insert(PaperTag), tag_rows)


def update_paper(session: Session, paper_id: int, record: PaperRecord) -> None:
    """Overwrite a paper and its tags with ``record``."""
    session.execute(update(Paper).where(col(Paper.id) == paper_id).values(**_paper_row(record)))
    session.execute(delete(PaperTag).where(col(PaperTag.paper_id) == paper_id))
    if record.tags:
        session.execute(insert(PaperTag), [{"paper_id": paper_id, "tag": t} for t in record.tags])


def insert_habits(session: Session, records: Sequence[HabitRecord]) -> dict[str, int]:
    """Add habits; the new ids by uid."""
    if not records:
        return {}
    session.execute(
        insert(Habit),
        [
            {
                "uid": r.uid,
                "name": r.name,
                "schedule": r.schedule,
                "created_on": r.created_on,
                "created_at": r.created_at,
                "updated_at": r.updated_at,
            }
            for r in records
        ],
    )
    return ids_by_uid(session, Habit, [record.uid for record in records])


def update_habit(session: Session, habit_id: int, record: HabitRecord) -> None:
    """Give a habit the schedule and times of ``record`` (its name stays)."""
    session.execute(
        update(Habit)
        .where(col(Habit.id) == habit_id)
        .values(schedule=record.schedule, updated_at=record.updated_at)
    )


def insert_check_ins(session: Session, rows: Sequence[tuple[CheckInRecord, int]]) -> None:
    """Add check-ins, each with the local id of its habit."""
    if rows:
        session.execute(
            insert(CheckIn),
            [
                {
                    "uid": r.uid,
                    "habit_id": habit_id,
                    "day": r.day,
                    "minutes": r.minutes,
                    "created_at": r.created_at,
                }
                for r, habit_id in rows
            ],
        )


def insert_skips(session: Session, records: Sequence[SkipRecord]) -> None:
    """Add skips."""
    if records:
        session.execute(
            insert(Skip),
            [
                {
                    "uid": r.uid,
                    "habit": r.habit,
                    "first_day": r.first_day,
                    "last_day": r.last_day,
                    "note": r.note,
                    "created_at": r.created_at,
                }
                for r in records
            ],
        )


def insert_revisits(session: Session, rows: Sequence[tuple[RevisitRecord, int]]) -> None:
    """Add revisits, each with the local id of its entry."""
    if rows:
        session.execute(
            insert(Revisit),
            [
                {
                    "uid": r.uid,
                    "entry_id": entry_id,
                    "day": r.day,
                    "stage": r.stage,
                    "created_at": r.created_at,
                }
                for r, entry_id in rows
            ],
        )
