"""Migrations over time: a journal of every schema revision, written by learnlog at that revision.

tests/fixtures/schemas/schema-000N.db were written by the learnlog of the commit named in their
sidecar, schema-000N.json, through its own commands (tests/fixtures/schemas/make_fixtures.py
says how, and regenerates them). Here the current learnlog opens each one as a user would, with
a command, and everything must still be there: every row of every table, what that version's
``list``, ``paper list``, ``habit list`` and ``skips`` showed, the trash and the undo log; the
search index knows every entry and paper; the file is sound; and a backup of the journal as it
was, private to its owner, waits beside it.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import stat
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from learnlog.store.schema import APPLICATION_ID, HEAD, REVISIONS
from tests.conftest import Sandbox
from tests.fixtures.schemas.make_fixtures import table_rows
from tests.test_cli import db_dump

Run = Any

SCHEMAS = Path(__file__).parent / "fixtures" / "schemas"
OLDER = REVISIONS[:-1]
HEADER = 100  # bytes of an SQLite file's header (counters change when a file is copied)
# Columns that a migration replaced, and how the new value follows from the old row:
# 0003 names a skip's habit instead of pointing at its id.
REPLACED = {("skip", "habit_id"): "habit"}


def sidecar(revision: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (SCHEMAS / f"schema-{revision}.json").read_text(encoding="utf-8")
    )
    return document


def fixture_copy(revision: str, folder: Path) -> Path:
    """A copy of a fixture to read: SQLite opening a WAL journal writes files beside it."""
    folder.mkdir(exist_ok=True)
    copy = folder / f"schema-{revision}.db"
    shutil.copyfile(SCHEMAS / copy.name, copy)
    return copy


def primary_key(path: Path, table: str) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        info = connection.execute(f'PRAGMA table_info("{table}")').fetchall()
    finally:
        connection.close()
    return [row[1] for row in sorted(info, key=lambda row: row[5]) if row[5]]


def pragma(path: Path, statement: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(statement).fetchall()
    finally:
        connection.close()


def open_old_journal(cli: Run, sandbox: Sandbox, revision: str) -> dict[str, Any]:
    """Put the fixture where learnlog looks and open it with ``list --json``, as a user would."""
    sandbox.db.parent.mkdir(mode=0o700)
    shutil.copyfile(SCHEMAS / f"schema-{revision}.db", sandbox.db)
    sandbox.db.chmod(0o600)
    outcome = cli("list", "--json")
    assert outcome.exit_code == 0, outcome
    assert "Traceback" not in outcome.stderr
    listing: dict[str, Any] = outcome.json()
    return listing


def same_moment(old: Any, new: Any) -> bool:
    return datetime.fromisoformat(old) == datetime.fromisoformat(new)


def assert_same_views(old: list[dict[str, Any]], new: list[dict[str, Any]], key: str) -> None:
    """Every field an old version printed is printed alike now (timestamps as the same moment)."""
    new_by_key = {item[key]: item for item in new}
    assert sorted(new_by_key) == sorted(item[key] for item in old)
    for item in old:
        current = new_by_key[item[key]]
        for field, value in item.items():
            if field.endswith("_at") and value is not None:
                assert same_moment(value, current[field]), (item[key], field)
            else:
                assert current[field] == value, (item[key], field, value, current[field])


# The fixtures themselves


def test_every_schema_revision_has_a_fixture() -> None:
    assert sorted(path.stem for path in SCHEMAS.glob("schema-*.db")) == [
        f"schema-{revision}" for revision in REVISIONS
    ]


@pytest.mark.parametrize("revision", REVISIONS)
def test_each_fixture_is_the_journal_its_sidecar_describes(revision: str, tmp_path: Path) -> None:
    """The sidecar lists exactly the fixture's rows, and the file is of its revision."""
    assert not (SCHEMAS / f"schema-{revision}.db-wal").exists()  # the one file holds it all
    path = fixture_copy(revision, tmp_path)
    described = sidecar(revision)
    assert described["revision"] == revision
    assert table_rows(path) == described["tables"]
    assert pragma(path, "SELECT version_num FROM alembic_version") == [(revision,)]
    assert pragma(path, "PRAGMA application_id") == [(APPLICATION_ID,)]
    # Realistic journals: tagged entries always, the trash from 0002 on, habits, check-ins
    # with minutes, skips and tagged papers from 0003 (the first version with their commands).
    tables = described["tables"]
    assert len(tables["entry"]) >= 15
    assert tables["entry_tag"]
    if revision >= "0002":
        assert described["trash"]
        assert tables["undo_action"]
    if revision >= "0003":
        assert {row["schedule"] for row in tables["habit"]} >= {"sat,sun", "7h/week", "day"}
        assert any(row["minutes"] for row in tables["check_in"])
        assert {row["habit"] for row in tables["skip"]} >= {None, "fastai"}
        assert tables["paper_tag"]
        assert {row["status"] for row in tables["paper"]} == {"queued", "reading", "read"}
    if revision >= "0005":
        assert tables["revisit"]


# Upgrading


@pytest.mark.parametrize("revision", OLDER)
def test_an_old_journal_upgrades_to_head_with_every_row_intact(
    cli: Run, sandbox: Sandbox, revision: str
) -> None:
    described = sidecar(revision)
    open_old_journal(cli, sandbox, revision)

    assert pragma(sandbox.db, "SELECT version_num FROM alembic_version") == [(HEAD,)]
    assert pragma(sandbox.db, "PRAGMA application_id") == [(APPLICATION_ID,)]
    assert pragma(sandbox.db, "PRAGMA integrity_check") == [("ok",)]
    assert pragma(sandbox.db, "PRAGMA foreign_key_check") == []
    upgraded = table_rows(sandbox.db)
    for table, old_rows in described["tables"].items():
        if table == "alembic_version":
            continue
        key = primary_key(sandbox.db, table)
        new_rows = {tuple(row[column] for column in key): row for row in upgraded[table]}
        assert len(new_rows) == len(old_rows), table
        for old in old_rows:
            new = new_rows[tuple(old[column] for column in key)]
            for column, value in old.items():
                if (table, column) in REPLACED:
                    assert new[REPLACED[table, column]] == habit_name(described, value)
                else:
                    assert new[column] == value, (table, old, column)


def habit_name(described: dict[str, Any], habit_id: int | None) -> str | None:
    if habit_id is None:
        return None
    [name] = [row["name"] for row in described["tables"]["habit"] if row["id"] == habit_id]
    return str(name)


@pytest.mark.parametrize("revision", OLDER)
def test_an_upgraded_journal_shows_what_its_version_showed(
    cli: Run, sandbox: Sandbox, revision: str
) -> None:
    """Entries (uid, day, text, tags, stage, star, times), papers, habits and skips alike."""
    shown = sidecar(revision)["cli"]
    listing = open_old_journal(cli, sandbox, revision)
    assert_same_views(shown["list"]["entries"], listing["entries"], "uid")
    if "paper_list" in shown:
        papers = cli("paper", "list", "--json").json()["papers"]
        assert_same_views(shown["paper_list"]["papers"], papers, "uid")
        habits = cli("habit", "list", "--json").json()["habits"]
        assert_same_views(shown["habit_list"]["habits"], habits, "name")
        skips = cli("skips", "--json").json()["skips"]
        assert_same_views(shown["skips"]["skips"], skips, "id")


@pytest.mark.parametrize("revision", OLDER)
def test_an_upgraded_journal_keeps_its_trash_and_undo_log(
    cli: Run, sandbox: Sandbox, revision: str
) -> None:
    described = sidecar(revision)
    open_old_journal(cli, sandbox, revision)
    trashed = set(described["trash"])
    live = {row["uid"] for row in described["tables"]["entry"]} - trashed
    listed = {entry["uid"] for entry in cli("list", "--json").json()["entries"]}
    assert listed == live
    undo_log = described["tables"].get("undo_action")
    if not undo_log:
        return  # 0001 had neither trash nor undo
    last = max(undo_log, key=lambda row: row["id"])
    assert last["action"] == "delete"
    outcome = cli("undo", "--json")
    assert outcome.exit_code == 0, outcome
    assert outcome.json()["uid"] in trashed


@pytest.mark.parametrize("revision", OLDER)
def test_an_upgraded_journal_finds_every_entry_and_paper_by_search(
    cli: Run, sandbox: Sandbox, revision: str
) -> None:
    described = sidecar(revision)
    open_old_journal(cli, sandbox, revision)
    words: dict[str, str] = described["search_words"]
    outcome = cli("search", "--json", "-n", "0", " OR ".join(sorted(set(words.values()))))
    assert outcome.exit_code == 0, outcome
    found = {result["uid"] for result in outcome.json()["results"]}
    assert set(words) <= found
    assert not found & set(described["trash"])
    for uid, word in list(words.items())[::6]:  # and a few words alone
        alone = cli("search", "--json", word).json()["results"]
        assert uid in {result["uid"] for result in alone}, word


@pytest.mark.parametrize("revision", OLDER)
def test_an_old_journal_is_backed_up_privately_before_the_upgrade(
    cli: Run, sandbox: Sandbox, revision: str
) -> None:
    fixture = fixture_copy(revision, sandbox.root / "fixture")
    open_old_journal(cli, sandbox, revision)
    backups = sorted(sandbox.db.parent.glob("*.bak"))
    assert [backup.name.split(".")[-2:] for backup in backups] == [[f"schema-{revision}", "bak"]]
    [backup] = backups
    assert backup.name.startswith(f"{sandbox.db.name}.")
    assert stat.S_IMODE(backup.stat().st_mode) == 0o600
    assert db_dump(backup) == db_dump(fixture)
    assert pragma(backup, "PRAGMA integrity_check") == [("ok",)]
    # Page for page the same file; SQLite's backup only renews counters in the 100-byte header.
    assert backup.read_bytes()[HEADER:] == fixture.read_bytes()[HEADER:]
    # Opening it again upgrades nothing and backs up nothing more.
    assert cli("list", "--json").exit_code == 0
    assert sorted(sandbox.db.parent.glob("*.bak")) == backups


def test_a_journal_of_the_current_revision_opens_without_a_backup_or_a_change(
    cli: Run, sandbox: Sandbox
) -> None:
    fixture = fixture_copy(HEAD, sandbox.root / "fixture")
    open_old_journal(cli, sandbox, HEAD)
    assert list(sandbox.db.parent.glob("*.bak")) == []
    assert db_dump(sandbox.db) == db_dump(fixture)
    assert_same_views(
        sidecar(HEAD)["cli"]["list"]["entries"], cli("list", "--json").json()["entries"], "uid"
    )
