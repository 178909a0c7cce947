"""The queries of ``learnlog review``: stored revisits, and entries whose stage can move on."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime
from typing import Any

from learnlog.domain import EntryView
from learnlog.revisits import ADVANCEABLE_STAGES
from learnlog.store.entry_queries import ENTRY_COLUMNS, entry_views
from learnlog.store.sql import Sql, in_list, row_limit


def _ready_to_advance(*, until: date, excluded: Collection[int]) -> tuple[str, dict[str, Any]]:
    """The conditions of an entry ready to move on: never revisited, at a stage with a next."""
    stages, params = in_list("stage", [stage.value for stage in ADVANCEABLE_STAGES])
    conditions = [
        "entry.deleted_at IS NULL",
        "entry.day <= :until",
        f"entry.stage IN ({stages})",
        "NOT EXISTS (SELECT 1 FROM revisit "
        "WHERE revisit.entry_id = entry.id AND revisit.day <= :until)",
    ]
    params["until"] = until
    if excluded:
        ids, id_params = in_list("excluded", sorted(excluded))
        conditions.append(f"entry.id NOT IN ({ids})")
        params |= id_params
    return " AND ".join(conditions), params


def entries_ready_to_advance(
    sql: Sql, *, until: date, excluded: Collection[int], limit: int
) -> list[EntryView]:
    """Entries up to ``until``, never revisited by then, whose stage can move on; oldest first.

    The entries of ``excluded`` (those already due for a revisit) are left out.
    """
    where, params = _ready_to_advance(until=until, excluded=excluded)
    rows = sql.rows(
        f"SELECT {ENTRY_COLUMNS} FROM entry WHERE {where} "
        "ORDER BY entry.day, entry.id LIMIT :limit",
        {**params, "limit": row_limit(limit)},
    )
    return entry_views(sql, rows)


def count_ready_to_advance(sql: Sql, *, until: date, excluded: Collection[int]) -> int:
    """How many entries ``entries_ready_to_advance`` would give without a limit."""
    where, params = _ready_to_advance(until=until, excluded=excluded)
    return int(sql.value(f"SELECT COUNT(*) FROM entry WHERE {where}", params))


def revisited_on(sql: Sql, entry_id: int, day: date) -> bool:
    """Whether the entry already has a revisit stored for the day."""
    statement = "SELECT 1 FROM revisit WHERE entry_id = :entry_id AND day = :day LIMIT 1"
    return sql.row(statement, {"entry_id": entry_id, "day": day}) is not None


def insert_revisit(
    sql: Sql, *, uid: str, entry_id: int, day: date, stage: str | None, now: datetime
) -> None:
    """Store a look back at an entry on ``day``, with the stage it moved on to, if any."""
    sql.run(
        "INSERT INTO revisit (uid, entry_id, day, stage, created_at) "
        "VALUES (:uid, :entry_id, :day, :stage, :created_at)",
        {"uid": uid, "entry_id": entry_id, "day": day, "stage": stage, "created_at": now},
    )
