"""Use cases over a real SQLite journal, with the moment passed in."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from learnlog.domain import EntryChanges, EntryDraft, EntryFilter, Stage
from learnlog.errors import InputError, NotFoundError, RefusedError
from learnlog.services.entries import (
    add_entry,
    delete_entry,
    edit_entry,
    get_entry,
    list_entries,
    undo_last,
)
from learnlog.store.database import Journal, open_sqlite

TODAY = date(2026, 11, 18)
NOW = datetime(2026, 11, 18, 20, 0, tzinfo=UTC)


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with open_sqlite(tmp_path / "j.db", now=NOW) as opened:
        yield opened


def add(journal: Journal, text: str, day: date = TODAY, **fields: object) -> int:
    draft = EntryDraft(text=text, day=day, **fields)  # type: ignore[arg-type]
    return add_entry(journal, draft, now=NOW, today=TODAY).id


def test_hashtags_and_given_tags_become_lower_case_tags(journal: Journal) -> None:
    entry_id = add(journal, "Broadcasting aligns trailing axes #NumPy", tags=("Arrays", "#numpy"))
    entry = get_entry(journal, entry_id)
    assert entry.tags == ("arrays", "numpy")
    assert entry.text == "Broadcasting aligns trailing axes #NumPy"
    assert entry.created_at == NOW == entry.updated_at


def test_an_entry_in_the_future_is_refused_and_nothing_is_saved(journal: Journal) -> None:
    with pytest.raises(InputError, match="future"):
        add(journal, "from tomorrow", day=TODAY + timedelta(days=1))
    assert list_entries(journal, EntryFilter()) == []


def test_empty_text_is_refused_and_nothing_is_saved(journal: Journal) -> None:
    with pytest.raises(InputError):
        add(journal, "   \n ")
    assert list_entries(journal, EntryFilter()) == []


def test_list_is_newest_first_and_honours_every_filter(journal: Journal) -> None:
    old = add(journal, "old #python", day=date(2026, 11, 1), stage=Stage.UNDERSTOOD)
    middle = add(journal, "middle #python #numpy", day=date(2026, 11, 10), starred=True)
    new = add(journal, "new #numpy", day=date(2026, 11, 17), stage=Stage.APPLIED)

    def ids(**wanted: object) -> list[int]:
        return [e.id for e in list_entries(journal, EntryFilter(**wanted))]  # type: ignore[arg-type]

    assert ids() == [new, middle, old]
    assert ids(since=date(2026, 11, 10)) == [new, middle]
    assert ids(until=date(2026, 11, 10)) == [middle, old]
    assert ids(since=date(2026, 11, 10), until=date(2026, 11, 10)) == [middle]
    assert ids(tags=("python",)) == [middle, old]
    assert ids(tags=("PYTHON", "numpy")) == [middle]
    assert ids(stage=Stage.APPLIED) == [new]
    assert ids(starred=True) == [middle]
    assert ids(limit=2) == [new, middle]


def test_entries_of_one_day_are_listed_newest_written_first(journal: Journal) -> None:
    first = add(journal, "first")
    second = add(journal, "second")
    assert [entry.id for entry in list_entries(journal, EntryFilter())] == [second, first]


def test_editing_the_text_replaces_its_hashtags_but_keeps_given_tags(journal: Journal) -> None:
    entry_id = add(journal, "about #numpy", tags=("course",))
    later = NOW + timedelta(hours=1)
    edited = edit_entry(
        journal, entry_id, EntryChanges(text="about #pandas"), now=later, today=TODAY
    ).entry
    assert edited.tags == ("course", "pandas")
    assert edited.updated_at == later
    assert edited.created_at == NOW


def test_edit_changes_each_field_given_and_nothing_else(journal: Journal) -> None:
    entry_id = add(journal, "text #a", source="https://example.org", stage=Stage.UNDERSTOOD)
    changes = EntryChanges(
        day=date(2026, 11, 16),
        add_tags=("b",),
        remove_tags=("a",),
        stage=Stage.EXPLAINED,
        starred=True,
    )
    edited = edit_entry(journal, entry_id, changes, now=NOW, today=TODAY).entry
    assert (edited.day, edited.tags, edited.stage, edited.starred) == (
        date(2026, 11, 16),
        ("b",),
        Stage.EXPLAINED,
        True,
    )
    assert edited.text == "text #a"
    assert edited.source == "https://example.org"
    cleared = edit_entry(
        journal, entry_id, EntryChanges(source="", clear_stage=True), now=NOW, today=TODAY
    ).entry
    assert (cleared.source, cleared.stage) == (None, None)


def test_an_edit_that_changes_nothing_writes_nothing(journal: Journal) -> None:
    entry_id = add(journal, "as it is #same", starred=True)
    before = get_entry(journal, entry_id)
    later = NOW + timedelta(hours=2)
    same = EntryChanges(text="as it is #same", starred=True, add_tags=("SAME",))
    result = edit_entry(journal, entry_id, same, now=later, today=TODAY)
    assert result.changed is False
    assert get_entry(journal, entry_id) == before
    with pytest.raises(RefusedError, match="nothing to undo"):
        undo_last(journal)


def test_a_listing_whose_start_is_after_its_end_is_refused(journal: Journal) -> None:
    with pytest.raises(InputError, match="after"):
        list_entries(journal, EntryFilter(since=TODAY, until=TODAY - timedelta(days=1)))


def test_edit_refuses_a_future_day_and_changes_nothing(journal: Journal) -> None:
    entry_id = add(journal, "text")
    before = get_entry(journal, entry_id)
    with pytest.raises(InputError, match="future"):
        edit_entry(
            journal, entry_id, EntryChanges(day=TODAY + timedelta(days=2)), now=NOW, today=TODAY
        )
    assert get_entry(journal, entry_id) == before


def test_unknown_ids_are_not_found(journal: Journal) -> None:
    for action in (
        lambda: get_entry(journal, 42),
        lambda: edit_entry(journal, 42, EntryChanges(text="x"), now=NOW, today=TODAY),
        lambda: delete_entry(journal, 42, now=NOW),
    ):
        with pytest.raises(NotFoundError, match="#42"):
            action()


def test_delete_then_undo_restores_the_same_entry(journal: Journal) -> None:
    entry_id = add(journal, "keep me #safe", day=date(2026, 11, 2), starred=True)
    before = get_entry(journal, entry_id)
    delete_entry(journal, entry_id, now=NOW)
    assert list_entries(journal, EntryFilter()) == []
    with pytest.raises(NotFoundError):
        get_entry(journal, entry_id)
    result = undo_last(journal)
    assert result.action == "delete"
    assert result.entry == before
    assert list_entries(journal, EntryFilter()) == [before]


def test_undo_takes_back_edits_and_deletes_newest_first(journal: Journal) -> None:
    entry_id = add(journal, "first version #v1")
    original = get_entry(journal, entry_id)
    edit_entry(journal, entry_id, EntryChanges(text="second #v2"), now=NOW, today=TODAY)
    edited = get_entry(journal, entry_id)
    delete_entry(journal, entry_id, now=NOW)
    assert undo_last(journal).entry == edited
    assert undo_last(journal).entry == original
    with pytest.raises(RefusedError, match="nothing to undo"):
        undo_last(journal)


def test_the_trash_is_emptied_after_thirty_days(journal: Journal) -> None:
    old = add(journal, "deleted long ago")
    delete_entry(journal, old, now=NOW)
    recent = add(journal, "deleted later")
    delete_entry(journal, recent, now=NOW + timedelta(days=31))
    restored = undo_last(journal)
    assert restored.entry.id == recent
    with pytest.raises(RefusedError, match="nothing to undo"):
        undo_last(journal)
    assert [entry.id for entry in list_entries(journal, EntryFilter())] == [recent]


def test_ids_are_never_reused_after_the_trash_is_emptied(journal: Journal) -> None:
    first = add(journal, "one")
    newest = add(journal, "two")
    delete_entry(journal, newest, now=NOW - timedelta(days=40))
    delete_entry(journal, first, now=NOW)  # empties the trash of the newest
    assert add(journal, "three") == newest + 1
