"""Reading a journal as records and writing records into one: the SQL of export and import.

Records name each other by uid; the ids of the tables stay in here and in the import plan.
Rows come in the order of their ids, the order they were written in, which is nearly the
order export writes them in (``JournalData.sorted``): sorting them then costs about one pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from itertools import groupby
from operator import itemgetter
from typing import Any

from learnlog.domain import EntryFilter
from learnlog.exchange.records import (
    CheckInRecord,
    EntryRecord,
    HabitRecord,
    PaperRecord,
    RecordText,
    RevisitRecord,
    SkipRecord,
    record_of,
)
from learnlog.store.entry_queries import ENTRY_COLUMNS, entry_conditions, tags_by_owner
from learnlog.store.paper_queries import PAPER_COLUMNS, paper_conditions
from learnlog.store.sql import (
    Row,
    Sql,
    chunks,
    day_of,
    day_text,
    day_text_or_none,
    in_list,
    moment_text,
    replace_owner_tags,
    update_row,
)

_first, _second = itemgetter(0), itemgetter(1)


def _grouped_tags(rows: Iterable[Row]) -> dict[int, tuple[str, ...]]:
    """(owner id, tag) rows, ordered by owner and tag, as each owner's tags."""
    return {owner_id: tuple(map(_second, group)) for owner_id, group in groupby(rows, key=_first)}


def _chosen_with_tags(
    sql: Sql, table: str, columns: str, where: str, params: dict[str, Any]
) -> tuple[list[Row], dict[int, tuple[str, ...]]]:
    """The rows of ``table`` (entry or paper) meeting ``where`` in id order, and their tags.

    Two statements however many rows are chosen: the tags are read with the same conditions.
    """
    tags = _grouped_tags(
        sql.rows(
            f"SELECT {table}_tag.{table}_id, {table}_tag.tag FROM {table}_tag "
            f"JOIN {table} ON {table}.id = {table}_tag.{table}_id WHERE {where} "
            f"ORDER BY {table}_tag.{table}_id, {table}_tag.tag",
            params,
        )
    )
    rows = sql.rows(f"SELECT {columns} FROM {table} WHERE {where} ORDER BY {table}.id", params)
    return rows, tags


def _entry_text(row: Row, tags: tuple[str, ...]) -> RecordText:
    created = moment_text(row[7])
    # Most entries were never changed: their two timestamps are one text.
    updated = created if row[8] == row[7] else moment_text(row[8])
    # uid, day, text, tags, source, stage, starred, created_at, updated_at
    return (row[1], day_text(row[2]), row[3], tags, row[4], row[5], bool(row[6]), created, updated)


def entry_texts(sql: Sql, wanted: EntryFilter) -> dict[int, RecordText]:
    """Entries outside the trash meeting ``wanted``, as text, by id."""
    where, params = entry_conditions(wanted)
    rows, tags = _chosen_with_tags(sql, "entry", ENTRY_COLUMNS, where, params)
    return {row[0]: _entry_text(row, tags.get(row[0], ())) for row in rows}


def entries_by_uid(sql: Sql, uids: Sequence[str]) -> dict[str, tuple[int, EntryRecord, bool]]:
    """The entries with these uids, trash included: id, record, and whether it is in the trash."""
    found: dict[str, tuple[int, EntryRecord, bool]] = {}
    for chunk in chunks(uids):
        wanted, params = in_list("uid", chunk)
        rows = sql.rows(
            f"SELECT {ENTRY_COLUMNS}, entry.deleted_at FROM entry WHERE entry.uid IN ({wanted})",
            params,
        )
        tags = tags_by_owner(sql, "entry_tag", "entry_id", (row[0] for row in rows))
        for row in rows:
            record = record_of(EntryRecord, _entry_text(row, tuple(tags.get(row[0], ()))))
            found[record.uid] = (row[0], record, row[9] is not None)
    return found


def _paper_text(row: Row, tags: tuple[str, ...]) -> RecordText:
    created = moment_text(row[9])
    updated = created if row[10] == row[9] else moment_text(row[10])
    # uid, title, authors, link, status, added_on, read_on, notes, tags, created_at, updated_at
    return (
        *row[1:6],
        day_text(row[6]),
        day_text_or_none(row[7]),
        row[8],
        tags,
        created,
        updated,
    )


def paper_texts(
    sql: Sql, *, since: date | None, until: date | None, tags: Sequence[str]
) -> dict[int, RecordText]:
    """Papers whose day (read_on when read, else added_on) is in the bounds, with every tag."""
    where, params = paper_conditions(since, until, tags)
    rows, tags_of = _chosen_with_tags(sql, "paper", PAPER_COLUMNS, where, params)
    return {row[0]: _paper_text(row, tags_of.get(row[0], ())) for row in rows}


def papers_by_uid(sql: Sql, uids: Sequence[str]) -> dict[str, tuple[int, PaperRecord]]:
    """The papers with these uids: id and record."""
    found: dict[str, tuple[int, PaperRecord]] = {}
    for chunk in chunks(uids):
        wanted, params = in_list("uid", chunk)
        rows = sql.rows(f"SELECT {PAPER_COLUMNS} FROM paper WHERE paper.uid IN ({wanted})", params)
        tags = tags_by_owner(sql, "paper_tag", "paper_id", (row[0] for row in rows))
        for row in rows:
            text = _paper_text(row, tuple(tags.get(row[0], ())))
            found[row[1]] = (row[0], record_of(PaperRecord, text))
    return found


def habit_texts(sql: Sql) -> dict[int, RecordText]:
    """Every user habit as text, by id."""
    rows = sql.rows(
        "SELECT id, uid, name, schedule, created_on, created_at, updated_at FROM habit "
        "ORDER BY name, uid"
    )
    return {
        habit_id: (uid, name, schedule, day_text(on), moment_text(at), moment_text(updated))
        for habit_id, uid, name, schedule, on, at, updated in rows
    }


def habit_records(sql: Sql) -> dict[int, HabitRecord]:
    """Every user habit, by id."""
    return {habit_id: record_of(HabitRecord, text) for habit_id, text in habit_texts(sql).items()}


def _day_bounds(
    first: str, last: str, since: date | None, until: date | None
) -> tuple[str, dict[str, Any]]:
    """``WHERE`` conditions (or nothing) for rows whose days ``first``..``last`` meet the bounds."""
    conditions: list[str] = []
    params: dict[str, Any] = {}
    if since is not None:
        conditions.append(f"{last} >= :since")
        params["since"] = since
    if until is not None:
        conditions.append(f"{first} <= :until")
        params["until"] = until
    return (" WHERE " + " AND ".join(conditions) if conditions else ""), params


def check_in_texts(sql: Sql, *, since: date | None, until: date | None) -> list[RecordText]:
    """Check-ins on the days in the bounds as text, naming their habit by uid."""
    where, params = _day_bounds("check_in.day", "check_in.day", since, until)
    rows = sql.rows(
        "SELECT check_in.uid, habit.uid, check_in.day, check_in.minutes, check_in.created_at "
        f"FROM check_in JOIN habit ON habit.id = check_in.habit_id{where}",
        params,
    )
    return [
        (uid, habit, day_text(day), minutes, moment_text(at))
        for uid, habit, day, minutes, at in rows
    ]


def check_in_keys(sql: Sql) -> tuple[set[str], set[tuple[int, date]]]:
    """The uids of every check-in, and each (habit id, day) that has one."""
    uids: set[str] = set()
    days: set[tuple[int, date]] = set()
    for uid, habit_id, day in sql.rows("SELECT uid, habit_id, day FROM check_in"):
        uids.add(uid)
        days.add((habit_id, day_of(day)))
    return uids, days


def skip_texts(sql: Sql, *, since: date | None, until: date | None) -> list[RecordText]:
    """Skips that overlap the bounds, as text."""
    where, params = _day_bounds("first_day", "last_day", since, until)
    rows = sql.rows(
        f"SELECT uid, habit, first_day, last_day, note, created_at FROM skip{where}", params
    )
    return [
        (uid, habit, day_text(first), day_text(last), note, moment_text(at))
        for uid, habit, first, last, note, at in rows
    ]


def revisit_texts(sql: Sql, entry_uids: dict[int, str]) -> list[RecordText]:
    """The revisits of the entries given (id to uid) as text, naming their entry by uid."""
    rows = sql.rows("SELECT uid, entry_id, day, stage, created_at FROM revisit")
    return [
        (uid, entry_uids[entry_id], day_text(day), stage, moment_text(at))
        for uid, entry_id, day, stage, at in rows
        if entry_id in entry_uids
    ]


# The tables records are matched in by uid.
UID_TABLES = frozenset({"entry", "paper", "habit", "check_in", "skip", "revisit"})


def known_uids(sql: Sql, table: str, uids: Sequence[str]) -> set[str]:
    """Which of ``uids`` the table already holds."""
    assert table in UID_TABLES
    found: set[str] = set()
    for chunk in chunks(uids):
        wanted, params = in_list("uid", chunk)
        found.update(
            uid for (uid,) in sql.rows(f"SELECT uid FROM {table} WHERE uid IN ({wanted})", params)
        )
    return found


def ids_by_uid(sql: Sql, table: str, uids: Sequence[str]) -> dict[str, int]:
    """The ids of the rows of the table with these uids."""
    assert table in UID_TABLES
    found: dict[str, int] = {}
    for chunk in chunks(uids):
        wanted, params = in_list("uid", chunk)
        rows = sql.rows(f"SELECT uid, id FROM {table} WHERE uid IN ({wanted})", params)
        found.update({uid: int(row_id) for uid, row_id in rows})
    return found


def _insert(sql: Sql, table: str, rows: Sequence[dict[str, Any]]) -> None:
    """Add rows that all have the same columns."""
    if not rows:
        return
    columns = list(rows[0])
    sql.run_many(
        f"INSERT INTO {table} ({', '.join(columns)}) "
        f"VALUES ({', '.join(f':{column}' for column in columns)})",
        rows,
    )


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


def _insert_tagged(
    sql: Sql,
    owner: str,
    rows: Sequence[dict[str, Any]],
    records: Sequence[EntryRecord | PaperRecord],
) -> dict[str, int]:
    """Add entries or papers (``owner``), one row each, with their tags; the new ids by uid."""
    if not records:
        return {}
    _insert(sql, owner, rows)
    ids = ids_by_uid(sql, owner, [record.uid for record in records])
    tag_rows = [
        {f"{owner}_id": ids[record.uid], "tag": tag} for record in records for tag in record.tags
    ]
    _insert(sql, f"{owner}_tag", tag_rows)
    return ids


def insert_entries(sql: Sql, records: Sequence[EntryRecord]) -> dict[str, int]:
    """Add entries with their tags; the new ids by uid."""
    return _insert_tagged(sql, "entry", [_entry_row(record) for record in records], records)


def overwrite_entry(sql: Sql, entry_id: int, record: EntryRecord) -> None:
    """Overwrite an entry and its tags with ``record``."""
    update_row(sql, "entry", entry_id, _entry_row(record))
    replace_owner_tags(sql, "entry", entry_id, record.tags)


def insert_papers(sql: Sql, records: Sequence[PaperRecord]) -> None:
    """Add papers with their tags."""
    _insert_tagged(sql, "paper", [_paper_row(record) for record in records], records)


def overwrite_paper(sql: Sql, paper_id: int, record: PaperRecord) -> None:
    """Overwrite a paper and its tags with ``record``."""
    update_row(sql, "paper", paper_id, _paper_row(record))
    replace_owner_tags(sql, "paper", paper_id, record.tags)


def insert_habits(sql: Sql, records: Sequence[HabitRecord]) -> dict[str, int]:
    """Add habits; the new ids by uid."""
    if not records:
        return {}
    _insert(
        sql,
        "habit",
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
    return ids_by_uid(sql, "habit", [record.uid for record in records])


def update_habit(sql: Sql, habit_id: int, record: HabitRecord) -> None:
    """Give a habit the schedule and times of ``record`` (its name stays)."""
    update_row(
        sql, "habit", habit_id, {"schedule": record.schedule, "updated_at": record.updated_at}
    )


def insert_check_ins(sql: Sql, rows: Sequence[tuple[CheckInRecord, int]]) -> None:
    """Add check-ins, each with the local id of its habit."""
    _insert(
        sql,
        "check_in",
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


def insert_skips(sql: Sql, records: Sequence[SkipRecord]) -> None:
    """Add skips."""
    _insert(
        sql,
        "skip",
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


def insert_revisits(sql: Sql, rows: Sequence[tuple[RevisitRecord, int]]) -> None:
    """Add revisits, each with the local id of its entry."""
    _insert(
        sql,
        "revisit",
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
