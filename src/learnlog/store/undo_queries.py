"""The trash and the undo history in plain SQL: what ``delete`` and ``edit`` leave for ``undo``."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from learnlog.store.sql import Sql


@dataclass(frozen=True)
class UndoRecord:
    """A delete or edit that ``undo`` can take back; an edit keeps the entry as it was."""

    id: int
    entry_id: int
    action: str
    snapshot: str | None


def record_undo(
    sql: Sql, *, entry_id: int, action: str, snapshot: str | None, now: datetime
) -> None:
    """Remember a delete or edit so that ``undo`` can take it back."""
    sql.run(
        "INSERT INTO undo_action (entry_id, action, snapshot, created_at) "
        "VALUES (:entry_id, :action, :snapshot, :created_at)",
        {"entry_id": entry_id, "action": action, "snapshot": snapshot, "created_at": now},
    )


def last_undo(sql: Sql) -> UndoRecord | None:
    """The newest delete or edit not yet undone."""
    found = sql.row(
        "SELECT id, entry_id, action, snapshot FROM undo_action ORDER BY id DESC LIMIT 1"
    )
    if found is None:
        return None
    record_id, entry_id, action, snapshot = found
    return UndoRecord(id=int(record_id), entry_id=int(entry_id), action=action, snapshot=snapshot)


def forget_undo(sql: Sql, record_id: int) -> None:
    """Drop an undo record once it has been used."""
    sql.run("DELETE FROM undo_action WHERE id = :id", {"id": record_id})


def purge_before(sql: Sql, cutoff: datetime) -> int:
    """Remove for good the entries deleted before ``cutoff`` and undo records older than it.

    Their tags, revisits and undo records go with them by foreign key; the number removed.
    """
    sql.run("DELETE FROM undo_action WHERE created_at < :cutoff", {"cutoff": cutoff})
    return sql.run(
        "DELETE FROM entry WHERE deleted_at IS NOT NULL AND deleted_at < :cutoff",
        {"cutoff": cutoff},
    )
