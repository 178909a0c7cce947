"""Entries in plain SQL: record, read and change one, choose them by day, tag, stage and star."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from learnlog.domain import EntryFilter, EntryView, Stage
from learnlog.store.sql import (
    Row,
    Sql,
    chunks,
    day_of,
    in_list,
    insert_row,
    moment_of,
    replace_owner_tags,
    row_limit,
    update_row,
)

# The columns ``entry_view`` reads, in its order; named in full, so they stand in any join.
ENTRY_COLUMNS = (
    "entry.id, entry.uid, entry.day, entry.text, entry.source, entry.stage, entry.starred, "
    "entry.created_at, entry.updated_at"
)


def entry_view(row: Row, tags: Sequence[str]) -> EntryView:
    """An entry read with ENTRY_COLUMNS, with its tags."""
    entry_id, uid, day, text, source, stage, starred, created_at, updated_at = row
    return EntryView(
        id=entry_id,
        uid=uid,
        day=day_of(day),
        text=text,
        tags=tuple(tags),
        source=source,
        stage=Stage(stage) if stage else None,
        starred=bool(starred),
        created_at=moment_of(created_at),
        updated_at=moment_of(updated_at),
    )


def tags_by_owner(
    sql: Sql, table: str, owner: str, owner_ids: Iterable[int]
) -> dict[int, list[str]]:
    """The tags of each owner (``entry_tag``/``entry_id`` or ``paper_tag``/``paper_id``), sorted."""
    found: dict[int, list[str]] = defaultdict(list)
    for chunk in chunks(sorted(set(owner_ids))):
        ids, params = in_list("id", chunk)
        statement = (
            f"SELECT {owner}, tag FROM {table} WHERE {owner} IN ({ids}) ORDER BY {owner}, tag"
        )
        for owner_id, tag in sql.rows(statement, params):
            found[owner_id].append(tag)
    return found


def tags_by_entry(sql: Sql, entry_ids: Iterable[int]) -> dict[int, list[str]]:
    """The tags of each entry, alphabetically."""
    return tags_by_owner(sql, "entry_tag", "entry_id", entry_ids)


def entry_views(sql: Sql, rows: Sequence[Row]) -> list[EntryView]:
    """Entries read with ENTRY_COLUMNS, with their tags, in the order given."""
    tags_of = tags_by_entry(sql, (row[0] for row in rows))
    return [entry_view(row, tags_of.get(row[0], [])) for row in rows]


def entry_by_id(sql: Sql, entry_id: int, *, include_deleted: bool = False) -> EntryView | None:
    """The entry with this id and its tags, or ``None``; one in the trash only when asked for."""
    statement = f"SELECT {ENTRY_COLUMNS} FROM entry WHERE entry.id = :id"
    if not include_deleted:
        statement += " AND entry.deleted_at IS NULL"
    found = sql.row(statement, {"id": entry_id})
    return None if found is None else entry_views(sql, [found])[0]


def entry_conditions(wanted: EntryFilter) -> tuple[str, dict[str, Any]]:
    """The conditions of ``wanted`` (limit aside) on ``entry``, the trash left out."""
    conditions = ["entry.deleted_at IS NULL"]
    params: dict[str, Any] = {}
    if wanted.since is not None:
        conditions.append("entry.day >= :since")
        params["since"] = wanted.since
    if wanted.until is not None:
        conditions.append("entry.day <= :until")
        params["until"] = wanted.until
    if wanted.stage is not None:
        conditions.append("entry.stage = :stage")
        params["stage"] = wanted.stage.value
    if wanted.starred:
        conditions.append("entry.starred = :starred")
        params["starred"] = True
    for index, tag in enumerate(wanted.tags):
        conditions.append(
            f"EXISTS (SELECT 1 FROM entry_tag AS tagged{index} WHERE "
            f"tagged{index}.entry_id = entry.id AND tagged{index}.tag = :tag{index})"
        )
        params[f"tag{index}"] = tag
    return " AND ".join(conditions), params


def entries_matching(sql: Sql, wanted: EntryFilter) -> list[EntryView]:
    """Entries that are not in the trash and meet every condition, newest first."""
    where, params = entry_conditions(wanted)
    statement = (
        f"SELECT {ENTRY_COLUMNS} FROM entry WHERE {where} "
        "ORDER BY entry.day DESC, entry.created_at DESC, entry.id DESC"
    )
    if wanted.limit is not None:
        statement += " LIMIT :limit"
        params["limit"] = row_limit(wanted.limit)
    return entry_views(sql, sql.rows(statement, params))


def insert_entry(sql: Sql, values: dict[str, Any], tags: Iterable[str]) -> int:
    """Store a new entry (a value for every column but the id) with its tags; its id."""
    entry_id = insert_row(sql, "entry", values)
    replace_tags(sql, entry_id, tags)
    return entry_id


def update_entry(sql: Sql, entry_id: int, values: Mapping[str, object]) -> None:
    """Set the columns named in ``values`` on one entry."""
    update_row(sql, "entry", entry_id, values)


def replace_tags(sql: Sql, entry_id: int, tags: Iterable[str]) -> None:
    """Make ``tags`` the entry's tags."""
    replace_owner_tags(sql, "entry", entry_id, tags)
