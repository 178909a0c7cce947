"""Plain SQL on the journal: the same rows as the SQLModel columns, one transaction per unit."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import select

from learnlog.domain import EntryDraft, EntryFilter, Stage
from learnlog.errors import StorageError
from learnlog.services.entries import add_entry, list_entries
from learnlog.store import entry_queries
from learnlog.store.database import Journal, open_sqlite
from learnlog.store.models import Entry
from learnlog.store.sql import (
    SessionSql,
    day_text,
    in_list,
    moment_of,
    moment_text,
    sqlite_value,
)

NOW = datetime(2026, 11, 18, 20, 30, tzinfo=UTC)
TODAY = date(2026, 11, 18)


@pytest.fixture
def journal(tmp_path: Path) -> Journal:
    return open_sqlite(tmp_path / "journal.db", now=NOW)


def entry_values(uid: str, text: str) -> dict[str, object]:
    """Every column of a new entry row but its id."""
    return {
        "uid": uid,
        "day": TODAY,
        "text": text,
        "source": None,
        "stage": None,
        "starred": False,
        "created_at": NOW,
        "updated_at": NOW,
        "deleted_at": None,
    }


def raw_rows(path: Path, statement: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(statement).fetchall()
    finally:
        connection.close()


def test_an_entry_added_in_plain_sql_reads_back_through_the_models(journal: Journal) -> None:
    moment = datetime(2026, 11, 18, 21, 0, 0, tzinfo=timezone(timedelta(hours=1)))
    draft = EntryDraft(
        text="einsum #numpy", day=TODAY, tags=("Linear-Algebra",), stage=Stage.EXPLAINED
    )
    added = add_entry(journal, draft, now=moment, today=TODAY)
    with journal.session() as session:
        stored = session.exec(select(Entry)).one()
    assert stored.id == added.id
    assert stored.uid == added.uid
    assert stored.day == TODAY
    assert stored.stage == "explained"
    assert stored.created_at == moment  # the same moment, given back in UTC
    assert stored.created_at.tzinfo is not None
    assert stored.created_at.utcoffset() == timedelta(0)
    assert added.tags == ("linear-algebra", "numpy")


def test_plain_sql_writes_the_text_the_models_write(journal: Journal, tmp_path: Path) -> None:
    """Whole seconds too: the stored text always carries six digits of microseconds."""
    add_entry(journal, EntryDraft(text="plain", day=TODAY), now=NOW, today=TODAY)
    with journal.session(write=True) as session:
        session.add(
            Entry(uid="u-orm", day=TODAY, text="orm", created_at=NOW, updated_at=NOW, starred=True)
        )
    rows = raw_rows(
        tmp_path / "journal.db", "SELECT day, created_at, updated_at, starred FROM entry"
    )
    assert rows == [
        ("2026-11-18", "2026-11-18 20:30:00.000000", "2026-11-18 20:30:00.000000", 0),
        ("2026-11-18", "2026-11-18 20:30:00.000000", "2026-11-18 20:30:00.000000", 1),
    ]


def test_statements_through_a_session_bind_values_as_sqlite_does(journal: Journal) -> None:
    """The path a server journal takes, run here on SQLite: same rows, same answers."""
    add_entry(journal, EntryDraft(text="one #a", day=TODAY), now=NOW, today=TODAY)
    with journal.session() as session:
        through_session = entry_queries.entries_matching(
            SessionSql(session), EntryFilter(since=TODAY, tags=("a",))
        )
    with journal.sql() as sql:
        direct = entry_queries.entries_matching(sql, EntryFilter(since=TODAY, tags=("a",)))
    assert through_session == direct
    assert [entry.text for entry in direct] == ["one #a"]


def test_a_failed_unit_of_work_leaves_the_journal_as_it_was(journal: Journal) -> None:
    add_entry(journal, EntryDraft(text="kept", day=TODAY), now=NOW, today=TODAY)
    [kept] = list_entries(journal, EntryFilter())
    with pytest.raises(StorageError, match="unique"), journal.sql(write=True) as sql:
        entry_queries.insert_entry(sql, entry_values("a-new-uid", "lost"), ["first"])
        entry_queries.insert_entry(sql, entry_values(kept.uid, "again"), [])  # a uid in use
    assert [entry.text for entry in list_entries(journal, EntryFilter())] == ["kept"]


def test_an_error_in_the_program_rolls_back_too(journal: Journal) -> None:
    with pytest.raises(RuntimeError), journal.sql(write=True) as sql:
        entry_queries.insert_entry(sql, entry_values("u1", "half"), [])
        raise RuntimeError("stopped half way")
    assert list_entries(journal, EntryFilter()) == []


def test_an_empty_in_list_matches_nothing(journal: Journal) -> None:
    add_entry(journal, EntryDraft(text="x", day=TODAY), now=NOW, today=TODAY)
    ids, params = in_list("id", [])
    with journal.sql() as sql:
        assert sql.rows(f"SELECT id FROM entry WHERE id IN ({ids})", params) == []


def test_a_moment_without_a_zone_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        sqlite_value(datetime(2026, 11, 18, 12, 0))


def test_stored_moments_come_back_aware_in_utc() -> None:
    assert moment_of("2026-11-18 20:30:00.000001") == datetime(
        2026, 11, 18, 20, 30, 0, 1, tzinfo=UTC
    )


@given(moment=st.datetimes(min_value=datetime(1, 1, 1, 0, 0, 1)))
def test_a_stored_moment_reads_as_the_iso_text_of_its_moment(moment: datetime) -> None:
    """Export writes timestamps from their stored text: the same text isoformat would give."""
    stored = sqlite_value(moment.replace(tzinfo=UTC))
    assert isinstance(stored, str)
    assert moment_text(stored) == moment_of(stored).isoformat()
    assert moment_text(moment) == moment_of(moment).isoformat()  # a server's naive UTC
    for other_form in (stored[:19], stored.replace(" ", "T")):  # not as SQLAlchemy writes
        assert moment_text(other_form) == moment_of(other_form).isoformat()


@given(day=st.dates())
def test_a_stored_day_reads_as_its_iso_text(day: date) -> None:
    assert day_text(day.isoformat()) == day.isoformat()
    assert day_text(day) == day.isoformat()
    basic = day.isoformat().replace("-", "")  # another ISO form, not one a journal holds
    assert day_text(basic) == day.isoformat()
