"""Entry use cases: record, list, show, edit, delete and undo, with the moment passed in."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from learnlog.dates import format_day
from learnlog.domain import (
    EditResult,
    EntryChanges,
    EntryDraft,
    EntryFilter,
    EntryView,
    UndoResult,
    clean_source,
    clean_text,
    entry_tags,
    hashtags,
    normalise_tag,
    refuse_future,
    unique_tags,
)
from learnlog.errors import InputError, NotFoundError, RefusedError
from learnlog.store import entry_queries, undo_queries
from learnlog.store.schema import TRASH_DAYS

if TYPE_CHECKING:
    from learnlog.store.database import Journal
    from learnlog.store.sql import Sql

ACTION_DELETE = "delete"
ACTION_EDIT = "edit"


def existing_entry(sql: Sql, entry_id: int) -> EntryView:
    """The entry with this id outside the trash; not found is an error naming the id."""
    entry = entry_queries.entry_by_id(sql, entry_id)
    if entry is None:
        raise NotFoundError(f"there is no entry #{entry_id}; 'learnlog list' shows the ids")
    return entry


def _columns(entry: EntryView) -> dict[str, object]:
    """The values an edit may change, as the entry's columns hold them."""
    return {
        "text": entry.text,
        "day": entry.day,
        "source": entry.source,
        "stage": entry.stage.value if entry.stage else None,
        "starred": entry.starred,
    }


def _changed(entry: EntryView, wanted: dict[str, object]) -> dict[str, object]:
    """The columns of ``wanted`` whose value differs from the entry's: all an UPDATE needs."""
    stored = _columns(entry)
    return {column: value for column, value in wanted.items() if stored[column] != value}


def add_entry(journal: Journal, draft: EntryDraft, *, now: datetime, today: date) -> EntryView:
    """Record one thing learned; its tags are its hashtags plus the tags given."""
    import uuid

    text = clean_text(draft.text)
    refuse_future(draft.day, today)
    tags = sorted(entry_tags(text, draft.tags))
    values = {
        "uid": str(uuid.uuid4()),
        "day": draft.day,
        "text": text,
        "source": clean_source(draft.source),
        "stage": draft.stage.value if draft.stage else None,
        "starred": draft.starred,
        "created_at": now,
        "updated_at": now,
        "deleted_at": None,
    }
    with journal.sql(write=True) as sql:
        entry_id = entry_queries.insert_entry(sql, values, tags)
    return EntryView(
        id=entry_id,
        uid=str(values["uid"]),
        day=draft.day,
        text=text,
        tags=tuple(tags),
        source=clean_source(draft.source),
        stage=draft.stage,
        starred=draft.starred,
        created_at=now,
        updated_at=now,
    )


def list_entries(journal: Journal, wanted: EntryFilter) -> list[EntryView]:
    """Entries meeting every condition of ``wanted``, newest first."""
    if wanted.since and wanted.until and wanted.since > wanted.until:
        raise InputError(
            f"--since {format_day(wanted.since)} is after --until {format_day(wanted.until)}"
        )
    tags = tuple(normalise_tag(tag) for tag in wanted.tags)
    with journal.sql() as sql:
        return entry_queries.entries_matching(sql, replace(wanted, tags=tags))


def get_entry(journal: Journal, entry_id: int) -> EntryView:
    """One entry by its id."""
    with journal.sql() as sql:
        return existing_entry(sql, entry_id)


def _snapshot(entry: EntryView) -> str:
    """The entry as an edit found it, which ``undo`` puts back."""
    import json

    return json.dumps(
        {
            "day": entry.day.isoformat(),
            "text": entry.text,
            "tags": list(entry.tags),
            "source": entry.source,
            "stage": entry.stage.value if entry.stage else None,
            "starred": entry.starred,
            "updated_at": entry.updated_at.isoformat(),
        }
    )


def edit_entry(
    journal: Journal, entry_id: int, changes: EntryChanges, *, now: datetime, today: date
) -> EditResult:
    """Change an entry, remembering how it was so that ``undo`` can restore it.

    An edit that changes nothing writes nothing: no new ``updated_at``, no undo step.
    """
    with journal.sql(write=True) as sql:
        return apply_edit(sql, entry_id, changes, now=now, today=today)


def apply_edit(
    sql: Sql, entry_id: int, changes: EntryChanges, *, now: datetime, today: date
) -> EditResult:
    """``edit_entry`` inside a writing unit of work the caller holds, with the same undo step."""
    entry = existing_entry(sql, entry_id)
    old_tags = list(entry.tags)
    text, tags = entry.text, list(old_tags)
    if changes.text is not None:
        text = clean_text(changes.text)
        kept = [tag for tag in tags if tag not in hashtags(entry.text)]
        tags = unique_tags([*kept, *hashtags(text)])
    if changes.day is not None:
        refuse_future(changes.day, today)
    removed = {normalise_tag(tag) for tag in changes.remove_tags}
    added = [normalise_tag(tag) for tag in changes.add_tags]
    tags = sorted(tag for tag in unique_tags([*tags, *added]) if tag not in removed)
    stage = None if changes.clear_stage else (changes.stage or entry.stage)
    edited = replace(
        entry,
        text=text,
        day=changes.day or entry.day,
        tags=tuple(tags),
        source=entry.source if changes.source is None else clean_source(changes.source),
        stage=stage,
        starred=entry.starred if changes.starred is None else changes.starred,
        updated_at=now,
    )
    changed = _changed(entry, _columns(edited))
    if tags == sorted(old_tags) and not changed:
        return EditResult(entry=replace(entry, tags=tuple(sorted(old_tags))), changed=False)
    entry_queries.update_entry(sql, entry.id, {**changed, "updated_at": now})
    entry_queries.replace_tags(sql, entry.id, tags)
    undo_queries.record_undo(
        sql, entry_id=entry.id, action=ACTION_EDIT, snapshot=_snapshot(entry), now=now
    )
    return EditResult(entry=edited, changed=True)


def delete_entry(journal: Journal, entry_id: int, *, now: datetime) -> EntryView:
    """Move an entry to the trash, where it stays 30 days, and empty older trash."""
    with journal.sql(write=True) as sql:
        entry = existing_entry(sql, entry_id)
        entry_queries.update_entry(sql, entry.id, {"deleted_at": now})
        undo_queries.record_undo(
            sql, entry_id=entry.id, action=ACTION_DELETE, snapshot=None, now=now
        )
        undo_queries.purge_before(sql, now - timedelta(days=TRASH_DAYS))
        return entry


def undo_last(journal: Journal) -> UndoResult:
    """Take back the newest delete or edit."""
    with journal.sql(write=True) as sql:
        action = undo_queries.last_undo(sql)
        if action is None:
            raise RefusedError("there is nothing to undo")
        entry = entry_queries.entry_by_id(sql, action.entry_id, include_deleted=True)
        if entry is None:  # the foreign key removes undo records with their entry
            raise RefusedError("there is nothing to undo")
        if action.action == ACTION_DELETE:
            entry_queries.update_entry(sql, entry.id, {"deleted_at": None})
        else:
            _restore(sql, entry, action.snapshot or "{}")
        undo_queries.forget_undo(sql, action.id)
        restored = entry_queries.entry_by_id(sql, entry.id, include_deleted=True)
        assert restored is not None
        return UndoResult(action=action.action, entry=restored)


def _restore(sql: Sql, entry: EntryView, snapshot: str) -> None:
    """Put back the entry an edit's snapshot holds, tags included."""
    import json

    saved = json.loads(snapshot)
    wanted: dict[str, object] = {
        "day": date.fromisoformat(saved["day"]),
        "text": saved["text"],
        "source": saved["source"],
        "stage": saved["stage"],
        "starred": bool(saved["starred"]),
    }
    updated_at = datetime.fromisoformat(saved["updated_at"])
    entry_queries.update_entry(sql, entry.id, {**_changed(entry, wanted), "updated_at": updated_at})
    entry_queries.replace_tags(sql, entry.id, saved["tags"])
