"""Storage on real SQLite files: creation, safety settings, refusals and upgrades."""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import text
from sqlmodel import SQLModel

from learnlog.domain import EntryFilter
from learnlog.errors import StorageError
from learnlog.revisits import milestone_ranges
from learnlog.store import (
    entry_queries,
    habit_queries,
    models,  # noqa: F401 - the tables must be registered
    report_queries,
)
from learnlog.store.database import open_sqlite, sqlite_engine
from learnlog.store.migrate import alembic_config, script_revisions
from learnlog.store.schema import (
    APPLICATION_ID,
    HEAD,
    REVISIONS,
    SEARCH_SHADOW_TABLES,
    SEARCH_TABLE,
)
from learnlog.store.sql import Sql, SqliteSql

NOW = datetime(2026, 11, 18, 20, 30, tzinfo=UTC)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def sqlite_value(path: Path, query: str) -> object:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(query).fetchone()[0]
    finally:
        connection.close()


def test_a_new_journal_is_private_and_current(tmp_path: Path) -> None:
    path = tmp_path / "private" / "nested" / "learnlog.db"
    with open_sqlite(path, now=NOW):
        pass
    assert mode(path) == 0o600
    assert mode(path.parent) == 0o700
    assert mode(path.parent.parent) == 0o700
    assert sqlite_value(path, "PRAGMA application_id") == APPLICATION_ID
    assert sqlite_value(path, "SELECT version_num FROM alembic_version") == HEAD
    assert sqlite_value(path, "PRAGMA journal_mode") == "wal"


def test_sessions_use_foreign_keys_and_a_long_busy_timeout(tmp_path: Path) -> None:
    with open_sqlite(tmp_path / "j.db", now=NOW) as journal, journal.session() as session:
        assert session.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert session.execute(text("PRAGMA busy_timeout")).scalar() >= 5000
        assert session.execute(text("PRAGMA journal_mode")).scalar() == "wal"


def test_the_known_revisions_are_the_migration_scripts() -> None:
    assert tuple(script_revisions()) == REVISIONS


def test_the_migrations_create_exactly_the_models(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    with open_sqlite(path, now=NOW) as journal, journal.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_name": _not_the_search_index}
        )
        differences = compare_metadata(context, SQLModel.metadata)
    assert differences == []


def _not_the_search_index(name: str | None, kind: str, _parents: object) -> bool:
    # The FTS5 index and its shadow tables are built by the migration, not by a model.
    return not (kind == "table" and name in {SEARCH_TABLE, *SEARCH_SHADOW_TABLES})


def test_timestamps_come_back_as_the_same_aware_moment(tmp_path: Path) -> None:
    from learnlog.store.models import Habit

    berlin_evening = datetime(2026, 11, 18, 21, 30, tzinfo=timezone(timedelta(hours=1)))
    with open_sqlite(tmp_path / "j.db", now=NOW) as journal:
        with journal.session(write=True) as session:
            habit = Habit(
                uid="u-1",
                name="walk",
                schedule="day",
                created_on=NOW.date(),
                created_at=berlin_evening,
                updated_at=berlin_evening,
            )
            session.add(habit)
        with journal.session() as session:
            stored = session.get(Habit, 1)
    assert stored is not None
    assert stored.created_at == berlin_evening
    assert stored.created_at.utcoffset() == timedelta(0)


def run_sql(path: Path, *statements: str) -> None:
    connection = sqlite3.connect(path)
    for statement in statements:
        connection.execute(statement)
    connection.commit()
    connection.close()


def assert_refused_untouched(path: Path, message: str) -> None:
    before = snapshot(path)
    with pytest.raises(StorageError, match=message) as raised:
        open_sqlite(path, now=NOW)
    assert raised.value.exit_code == 3
    assert snapshot(path) == before


def snapshot(path: Path) -> tuple[bytes, int, set[str]]:
    siblings = {item.name for item in path.parent.iterdir()}
    return path.read_bytes(), mode(path), siblings


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"these are my notes, not a database\n", "not a learnlog journal"),
        (os.urandom(4096), "not a learnlog journal"),
    ],
    ids=["text-file", "random-bytes"],
)
def test_a_file_that_is_not_a_database_is_refused_untouched(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(content)
    assert_refused_untouched(path, message)


def test_a_database_of_another_program_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "other.sqlite"
    run_sql(
        path,
        "CREATE TABLE bookmarks (url TEXT)",
        "INSERT INTO bookmarks VALUES ('https://example.org')",
    )
    assert_refused_untouched(path, "another program")


def test_a_journal_from_a_newer_learnlog_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    with open_sqlite(path, now=NOW):
        pass
    run_sql(path, "UPDATE alembic_version SET version_num = '9999'")
    assert_refused_untouched(path, "newer learnlog")


def build_journal_at(path: Path, revision: str) -> None:
    """A journal as an older learnlog left it: the schema up to ``revision`` and one entry."""
    engine = sqlite_engine(path)
    try:
        with engine.connect() as connection, connection.begin():
            command.upgrade(alembic_config(connection), revision)
            connection.exec_driver_sql(f"PRAGMA application_id = {APPLICATION_ID}")
            connection.exec_driver_sql(
                "INSERT INTO entry (uid, day, text, starred, created_at, updated_at) VALUES "
                "('older-uid', '2026-01-02', 'kept across upgrades #old', 0, "
                "'2026-01-02 10:00:00', '2026-01-02 10:00:00')"
            )
            connection.exec_driver_sql("INSERT INTO entry_tag (entry_id, tag) VALUES (1, 'old')")
    finally:
        engine.dispose()


def test_an_older_journal_is_backed_up_then_upgraded_with_every_row(tmp_path: Path) -> None:
    from learnlog.domain import EntryFilter
    from learnlog.services.entries import list_entries

    path = tmp_path / "j.db"
    build_journal_at(path, REVISIONS[0])
    with open_sqlite(path, now=NOW) as journal:
        entries = list_entries(journal, EntryFilter())
    assert sqlite_value(path, "SELECT version_num FROM alembic_version") == HEAD
    assert [(entry.uid, entry.text, entry.tags) for entry in entries] == [
        ("older-uid", "kept across upgrades #old", ("old",))
    ]
    backups = sorted(tmp_path.glob("j.db.*.bak"))
    assert [backup.name for backup in backups] == [
        f"j.db.20261118T203000Z.schema-{REVISIONS[0]}.bak"
    ]
    assert mode(backups[0]) == 0o600
    assert sqlite_value(backups[0], "SELECT version_num FROM alembic_version") == REVISIONS[0]
    assert sqlite_value(backups[0], "SELECT text FROM entry") == "kept across upgrades #old"


def test_skips_keep_their_habit_when_they_come_to_name_it(tmp_path: Path) -> None:
    """Revision 0003: a skip that pointed at a habit id names it; no habit still means all."""
    from learnlog.config import Settings
    from learnlog.services.habits import habit_streaks

    path = tmp_path / "j.db"
    build_journal_at(path, "0002")
    run_sql(
        path,
        "INSERT INTO habit (uid, name, schedule, created_on, created_at, updated_at) VALUES "
        "('h', 'fastai', 'day', '2026-11-10', '2026-11-10 08:00:00', '2026-11-10 08:00:00')",
        "INSERT INTO check_in (uid, habit_id, day, created_at) VALUES "
        "('c1', 1, '2026-11-16', '2026-11-16 08:00:00'), "
        "('c2', 1, '2026-11-18', '2026-11-18 08:00:00')",
        "INSERT INTO skip (uid, habit_id, first_day, last_day, created_at) VALUES "
        "('s1', 1, '2026-11-17', '2026-11-17', '2026-11-17 08:00:00'), "
        "('s2', NULL, '2026-12-24', '2026-12-26', '2026-11-17 08:00:00')",
    )
    with open_sqlite(path, now=NOW) as journal:
        report = habit_streaks(
            journal, as_of=date(2026, 11, 18), settings=Settings(), only="fastai"
        )
    assert sqlite_value(path, "SELECT version_num FROM alembic_version") == HEAD
    assert (
        sqlite_value(
            path,
            "SELECT group_concat(uid || '=' || coalesce(habit, '*'), ' ') FROM "
            "(SELECT uid, habit FROM skip ORDER BY uid)",
        )
        == "s1=fastai s2=*"
    )
    [fastai] = report.habits
    assert fastai.streak.current == 2  # the 17th stays excused


def test_a_directory_given_as_the_journal_is_a_storage_error(tmp_path: Path) -> None:
    with pytest.raises(StorageError, match="is a directory"):
        open_sqlite(tmp_path, now=NOW)


def test_a_damaged_journal_is_a_storage_error_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "j.db"
    with open_sqlite(path, now=NOW):
        pass
    data = path.read_bytes()
    path.write_bytes(data[:100] + os.urandom(len(data) - 100))
    before = snapshot(path)
    with pytest.raises(StorageError) as raised:
        open_sqlite(path, now=NOW)
    assert raised.value.exit_code == 3
    assert snapshot(path) == before


def test_a_sqlite_url_opens_the_file_with_the_same_safety(tmp_path: Path) -> None:
    from learnlog.store.database import open_url

    path = tmp_path / "by-url" / "j.db"
    with open_url(f"sqlite:///{path}", now=NOW):
        pass
    assert mode(path) == 0o600
    assert sqlite_value(path, "PRAGMA journal_mode") == "wal"
    assert sqlite_value(path, "PRAGMA application_id") == APPLICATION_ID


def test_an_unusable_database_url_is_a_storage_error() -> None:
    from learnlog.store.database import open_url

    with pytest.raises(StorageError, match="LEARNLOG_DATABASE_URL"):
        open_url("not a url", now=NOW)


class PlannedSql(SqliteSql):
    """Plain SQL that remembers every SELECT it sends, with its bound parameters."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        super().__init__(connection)
        self.sent: list[tuple[str, dict[str, object]]] = []

    def _execute(self, statement: str, params: dict[str, object]) -> Any:
        if statement.lstrip().upper().startswith("SELECT"):
            self.sent.append((statement, params))
        return super()._execute(statement, params)


def query_plans(path: Path, run: Callable[[Sql], object]) -> list[str]:
    """``EXPLAIN QUERY PLAN`` of every SELECT that ``run(sql)`` sends, one string each."""
    connection = sqlite3.connect(path)
    try:
        sql = PlannedSql(connection)
        run(sql)
        return [
            " / ".join(row[-1] for row in connection.execute(f"EXPLAIN QUERY PLAN {sent}", params))
            for sent, params in sql.sent
        ]
    finally:
        connection.close()


WEEK = (date(2026, 11, 16), date(2026, 11, 22))
DAY = date(2026, 11, 18)
# Queries that sort what their search found, which is never a whole table: the reading list
# (papers not read), or the entries of a few revisit weeks.
SORTING_FEW = {"queued-papers", "revisit-candidates"}


@pytest.mark.parametrize(
    ("name", "query"),
    [
        ("entries-per-day", lambda s: habit_queries.entries_per_day(s, until=DAY)),
        ("entry-on-day", lambda s: habit_queries.has_entry_on(s, DAY)),
        ("list-newest", lambda s: entry_queries.entries_matching(s, EntryFilter(limit=10))),
        ("week-entries", lambda s: entry_queries.entries_matching(s, EntryFilter(*WEEK))),
        ("check-ins", lambda s: habit_queries.check_ins_per_day(s, 1, until=DAY)),
        (
            "check-in-minutes",
            lambda s: habit_queries.check_ins_per_day(s, 1, until=DAY, minutes=True),
        ),
        ("papers-per-day", lambda s: habit_queries.papers_read_per_day(s, until=DAY)),
        ("papers-this-year", lambda s: habit_queries.papers_read_per_day(s, until=DAY, since=DAY)),
        ("skips", lambda s: habit_queries.skips_of(s, "fastai")),
        ("week-check-ins", lambda s: report_queries.check_ins_between(s, *WEEK)),
        ("tags", lambda s: report_queries.tags_between(s, *WEEK)),
        ("week-papers", lambda s: report_queries.papers_read_between(s, *WEEK)),
        ("queued-papers", lambda s: report_queries.papers_queued_longest(s, until=DAY, limit=5)),
        ("understood", lambda s: report_queries.entries_understood_only(s, until=DAY, limit=5)),
        (
            "revisit-candidates",
            lambda s: report_queries.entries_on_day_ranges(s, milestone_ranges(*WEEK)),
        ),
        ("revisits", lambda s: report_queries.revisit_days(s, [1, 2], until=DAY)),
    ],
)
def test_streak_list_and_report_queries_use_indexes(
    tmp_path: Path, name: str, query: Callable[[Sql], object]
) -> None:
    """On the big tables no query reads every row or sorts them all itself."""
    path = tmp_path / "j.db"
    with open_sqlite(path, now=NOW):
        pass
    run_sql(
        path,
        "INSERT INTO habit (uid, name, schedule, created_on, created_at, updated_at) VALUES "
        "('h', 'fastai', 'day', '2026-01-01', '2026-01-01 08:00:00', '2026-01-01 08:00:00')",
        "ANALYZE",
    )
    plans = query_plans(path, query)
    assert plans
    for plan in plans:
        for table in ("entry", "check_in", "entry_tag", "paper", "revisit"):
            assert (
                f"SCAN {table} " not in f"{plan} "
                or "USING" in plan.split(f"SCAN {table}")[1].split(" / ")[0]
            ), plan
        assert name in SORTING_FEW or "TEMP B-TREE FOR ORDER BY" not in plan, plan


def test_the_quick_answer_reads_only_a_current_journal(tmp_path: Path) -> None:
    """The prompt's fast path answers for a current journal and leaves every other to the door."""
    from learnlog.store.quick import entry_exists_on

    path = tmp_path / "j.db"
    assert entry_exists_on(path, date(2026, 11, 18)) is None  # no journal yet
    build_journal_at(path, REVISIONS[0])  # one entry on 2026-01-02, an older schema
    assert entry_exists_on(path, date(2026, 1, 2)) is None
    with open_sqlite(path, now=NOW):
        pass  # upgraded
    assert entry_exists_on(path, date(2026, 1, 2)) is True
    assert entry_exists_on(path, date(2026, 1, 3)) is False
    run_sql(path, "UPDATE entry SET deleted_at = '2026-01-03 10:00:00'")
    assert entry_exists_on(path, date(2026, 1, 2)) is False  # in the trash
    other = tmp_path / "other.db"
    run_sql(other, "CREATE TABLE entry (day TEXT, deleted_at TEXT)")
    assert entry_exists_on(other, date(2026, 1, 2)) is None  # not a learnlog journal
    (tmp_path / "text.db").write_text("not a database")
    with pytest.raises(StorageError):  # at once, as the door would: no second wait
        entry_exists_on(tmp_path / "text.db", date(2026, 1, 2))
    newer = tmp_path / "newer.db"
    shutil.copy(path, newer)
    run_sql(newer, "PRAGMA journal_mode=WAL", "UPDATE alembic_version SET version_num = '9999'")
    before = sorted(p.name for p in tmp_path.iterdir())
    assert entry_exists_on(newer, date(2026, 1, 2)) is None  # refused by the door, untouched
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no -wal/-shm left behind
