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
    Stage,
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
from learnlog.store import entry_queries
from learnlog.store.schema import TRASH_DAYS

if TYPE_CHECKING:
    from sqlmodel import Session

    from learnlog.store.database import Journal
    from learnlog.store.models import Entry

ACTION_DELETE = "delete"
ACTION_EDIT = "edit"


def _view(entry: Entry, tags: list[str]) -> EntryView:
    assert entry.id is not None
    return EntryView(
        id=entry.id,
        uid=entry.uid,
        day=entry.day,
        text=entry.text,
        tags=tuple(tags),
        source=entry.source,
        stage=Stage(entry.stage) if entry.stage else None,
        starred=entry.starred,
        created_at=entry.created_at,
        updated_at=entry.updated_at,
    )


def _view_of(session: Session, entry: Entry) -> EntryView:
    from learnlog.store import queries

    assert entry.id is not None
    return _view(entry, queries.tags_by_entry(session, [entry.id])[entry.id])


def entry_views(session: Session, entries: list[Entry]) -> list[EntryView]:
    """Entries with their tags, in the order given."""
    from learnlog.store import queries

    tags_of = queries.tags_by_entry(session, (entry.id for entry in entries if entry.id))
    return [_view(entry, tags_of.get(entry.id or 0, [])) for entry in entries]


def _existing(session: Session, entry_id: int) -> Entry:
    from learnlog.store import queries

    entry = queries.entry_by_id(session, entry_id)
    if entry is None:
        raise NotFoundError(f"there is no entry #{entry_id}; 'learnlog list' shows the ids")
    return entry


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
    with journal.session() as session:
        return _view_of(session, _existing(session, entry_id))


def _snapshot(entry: Entry, tags: list[str]) -> str:
    import json

    return json.dumps(
        {
            "day": entry.day.isoformat(),
            "text": entry.text,
            "tags": tags,
            "source": entry.source,
            "stage": entry.stage,
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
    with journal.session(write=True) as session:
        return apply_edit(session, entry_id, changes, now=now, today=today)


def apply_edit(
    session: Session, entry_id: int, changes: EntryChanges, *, now: datetime, today: date
) -> EditResult:
    """``edit_entry`` inside a write session the caller holds, with the same undo step."""
    from learnlog.store import queries

    entry = _existing(session, entry_id)
    assert entry.id is not None
    old_tags = queries.tags_by_entry(session, [entry.id])[entry.id]
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
    wanted = {
        "text": text,
        "day": changes.day or entry.day,
        "source": entry.source if changes.source is None else clean_source(changes.source),
        "stage": stage.value if isinstance(stage, Stage) else stage,
        "starred": entry.starred if changes.starred is None else changes.starred,
    }
    if tags == sorted(old_tags) and all(getattr(entry, k) == v for k, v in wanted.items()):
        return EditResult(entry=_view(entry, sorted(old_tags)), changed=False)
    snapshot = _snapshot(entry, old_tags)
    for field, value in wanted.items():
        setattr(entry, field, value)
    entry.updated_at = now
    session.add(entry)
    queries.replace_tags(session, entry.id, tags)
    queries.record_undo(session, entry_id=entry.id, action=ACTION_EDIT, snapshot=snapshot, now=now)
    return EditResult(entry=_view(entry, tags), changed=True)


def delete_entry(journal: Journal, entry_id: int, *, now: datetime) -> EntryView:
    """Move an entry to the trash, where it stays 30 days, and empty older trash."""
    from learnlog.store import queries

    with journal.session(write=True) as session:
        entry = _existing(session, entry_id)
        assert entry.id is not None
        view = _view_of(session, entry)
        entry.deleted_at = now
        session.add(entry)
        queries.record_undo(
            session, entry_id=entry.id, action=ACTION_DELETE, snapshot=None, now=now
        )
        queries.purge_before(session, now - timedelta(days=TRASH_DAYS))
        return view


def undo_last(journal: Journal) -> UndoResult:
    """Take back the newest delete or edit."""
    from learnlog.store import queries

    with journal.session(write=True) as session:
        action = queries.last_undo(session)
        if action is None:
            raise RefusedError("there is nothing to undo")
        entry = queries.entry_by_id(session, action.entry_id, include_deleted=True)
        if entry is None:  # the foreign key removes undo records with their entry
            raise RefusedError("there is nothing to undo")
        if action.action == ACTION_DELETE:
            entry.deleted_at = None
        else:
            _restore(session, entry, action.snapshot or "{}")
        session.add(entry)
        queries.forget_undo(session, action)
        session.flush()
        return UndoResult(action=action.action, entry=_view_of(session, entry))


def _restore(session: Session, entry: Entry, snapshot: str) -> None:
    import json

    from learnlog.store import queries

    saved = json.loads(snapshot)
    assert entry.id is not None
    entry.day = date.fromisoformat(saved["day"])
    entry.text = saved["text"]
    entry.source = saved["source"]
    entry.stage = saved["stage"]
    entry.starred = bool(saved["starred"])
    entry.updated_at = datetime.fromisoformat(saved["updated_at"])
    queries.replace_tags(session, entry.id, saved["tags"])
