"""Export and import: lossless round trips, idempotent imports, and clear refusals."""

from __future__ import annotations

import dataclasses
import json
import shutil
import stat
import subprocess
import tempfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnlog.domain import EntryDraft, PaperDraft, PaperStatus, Stage, normalise_tag
from learnlog.errors import InputError
from learnlog.exchange import learnlog_json
from learnlog.exchange.records import (
    CheckInRecord,
    EntryRecord,
    HabitRecord,
    JournalData,
    PaperRecord,
    RevisitRecord,
    SkipRecord,
)
from learnlog.services.entries import add_entry
from learnlog.services.exchange import export_journal, import_journal
from learnlog.services.habits import add_habit, check_in, skip_days
from learnlog.services.papers import add_paper
from learnlog.services.review import Mark, mark_entries
from learnlog.store.database import open_sqlite
from tests.conftest import (
    Outcome,
    Sandbox,
    imported_modules,
    installed_learnlog,
    orm_modules,
    subprocess_env,
    today_utc,
)
from tests.test_cli import assert_one_line_error, db_dump

Run = Any
TODAY = date(2026, 11, 23)
NOW = datetime(2026, 11, 23, 20, 0, tzinfo=UTC)


def ok(cli: Run, *args: str, input: str | None = None) -> Outcome:
    outcome: Outcome = cli(*args, input=input)
    assert outcome.exit_code == 0, outcome
    assert "Traceback" not in outcome.stdout + outcome.stderr
    return outcome


def export_text(cli: Run, *args: str) -> str:
    return ok(cli, "export", *args).stdout


def build_small_journal(cli: Run) -> None:
    """A journal with one of everything a learner records."""
    ok(
        cli,
        "add",
        "numpy broadcasting rules #numpy",
        "-t",
        "python",
        "--source",
        "https://numpy.org",
        "--stage",
        "understood",
        "--star",
        "-d",
        "yesterday",
    )
    ok(cli, "add", "-d", "3 days ago", input="line one\n\nline three café 🎉 עברית\n")
    ok(
        cli,
        "paper",
        "add",
        "Attention Is All You Need",
        "--authors",
        "Vaswani et al",
        "--link",
        "arXiv:1706.03762",
        "-t",
        "nlp",
        "--note",
        "the transformer",
    )
    ok(cli, "paper", "add", "Deep Residual Learning", "--read-on", "yesterday")
    ok(cli, "habit", "add", "run", "--every", "2/week")
    ok(cli, "habit", "add", "study", "--every", "7h/week")
    ok(cli, "habit", "add", "weekend", "--every", "sat,sun")
    ok(cli, "done", "run", "-d", "yesterday")
    ok(cli, "done", "study", "--minutes", "90")
    ok(cli, "skip", "--from", "2026-12-24", "--to", "2026-12-26")
    ok(cli, "skip", "run", "--from", "2 days ago", "--to", "2 days ago")


def use_db(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setenv("LEARNLOG_DB", str(path))


# Round trips -------------------------------------------------------------------------------


def test_export_import_export_gives_the_same_bytes(
    cli: Run, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_small_journal(cli)
    first = export_text(cli)
    exported = sandbox.root / "journal.json"
    exported.write_text(first, encoding="utf-8")
    use_db(monkeypatch, sandbox.root / "other" / "new.db")
    ok(cli, "import", str(exported))
    assert export_text(cli) == first
    document = json.loads(first)
    assert document["format"] == "learnlog" and document["version"] == 1
    assert [len(document[kind]) for kind in learnlog_json_kinds()] == [2, 2, 3, 2, 2, 0]


def learnlog_json_kinds() -> list[str]:
    return ["entries", "papers", "habits", "check_ins", "skips", "revisits"]


def test_an_import_keeps_every_field_of_an_entry(
    cli: Run, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_small_journal(cli)
    before = ok(cli, "list", "--json").json()["entries"]
    exported = sandbox.root / "journal.json"
    ok(cli, "export", "-o", str(exported))
    use_db(monkeypatch, sandbox.root / "other" / "new.db")
    ok(cli, "import", str(exported))
    after = ok(cli, "list", "--json").json()["entries"]
    keep = ("uid", "day", "text", "tags", "source", "stage", "starred", "created_at", "updated_at")
    assert [{k: e[k] for k in keep} for e in after] == [{k: e[k] for k in keep} for e in before]
    streaks = ok(cli, "streak", "--json").json()
    assert {habit["name"] for habit in streaks["habits"]} == {
        "journal",
        "papers",
        "run",
        "study",
        "weekend",
    }


def test_importing_the_same_file_twice_changes_nothing_the_second_time(
    cli: Run, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_small_journal(cli)
    exported = sandbox.root / "journal.json"
    ok(cli, "export", "-o", str(exported))
    target = sandbox.root / "other" / "new.db"
    use_db(monkeypatch, target)
    first = ok(cli, "import", str(exported), "--json").json()
    assert first["entries"] == {"added": 2, "updated": 0, "unchanged": 0}
    dump = db_dump(target)
    second = ok(cli, "import", str(exported), "--json").json()
    assert second["entries"] == {"added": 0, "updated": 0, "unchanged": 2}
    assert all(second[kind]["added"] == 0 for kind in learnlog_json_kinds())
    assert db_dump(target) == dump


def test_a_dry_run_says_what_would_change_and_changes_nothing(
    cli: Run, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_small_journal(cli)
    exported = sandbox.root / "journal.json"
    ok(cli, "export", "-o", str(exported))
    target = sandbox.root / "other" / "new.db"
    use_db(monkeypatch, target)
    ok(cli, "add", "already here")
    dump = db_dump(target)
    outcome = ok(cli, "import", str(exported), "--dry-run")
    assert "entries: would add 2, would update 0" in outcome.stderr
    assert "dry run: nothing was changed" in outcome.stderr
    assert db_dump(target) == dump
    assert ok(cli, "import", str(exported), "--dry-run", "--json").json()["dry_run"] is True


def test_a_newer_copy_of_an_entry_updates_it_and_an_older_one_does_not(
    cli: Run, sandbox: Sandbox
) -> None:
    ok(cli, "add", "first words #ml")
    document = json.loads(export_text(cli))
    entry = document["entries"][0]
    newer = dict(entry, text="better words #ml", updated_at="2099-01-01T00:00:00+00:00")
    older = dict(entry, text="old words", updated_at="2000-01-01T00:00:00+00:00")
    for changed, expected, counts in (
        (older, "first words #ml", {"added": 0, "updated": 0, "unchanged": 1}),
        (newer, "better words #ml", {"added": 0, "updated": 1, "unchanged": 0}),
    ):
        path = sandbox.root / "changed.json"
        path.write_text(json.dumps(dict(document, entries=[changed])), encoding="utf-8")
        assert ok(cli, "import", str(path), "--json").json()["entries"] == counts
        assert ok(cli, "show", "1", "--json").json()["text"] == expected


def test_an_entry_in_the_trash_stays_there(cli: Run, sandbox: Sandbox) -> None:
    ok(cli, "add", "soon gone")
    path = sandbox.root / "journal.json"
    ok(cli, "export", "-o", str(path))
    ok(cli, "delete", "1", "--yes")
    assert ok(cli, "import", str(path), "--json").json()["entries"]["unchanged"] == 1
    assert ok(cli, "list", "--json").json()["count"] == 0


def test_a_habit_of_the_same_name_is_the_same_habit(
    cli: Run, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    ok(cli, "habit", "add", "run", "--every", "day")
    ok(cli, "done", "run", "-d", "yesterday")
    path = sandbox.root / "a.json"
    ok(cli, "export", "-o", str(path))
    use_db(monkeypatch, sandbox.root / "b" / "b.db")
    ok(cli, "habit", "add", "run", "--every", "day")
    ok(cli, "done", "run", "-d", "yesterday")
    result = ok(cli, "import", str(path), "--json").json()
    assert result["habits"] == {"added": 0, "updated": 0, "unchanged": 1}
    # A day-judged habit keeps one check-in a day: yesterday's is already there.
    assert result["check_ins"] == {"added": 0, "updated": 0, "unchanged": 1}
    assert ok(cli, "habit", "list", "--json").json()["habits"][-1]["check_ins"] == 1


# Hypothesis: any journal survives export and import ----------------------------------------

texts = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\x00"),
    min_size=1,
    max_size=40,
).filter(lambda text: text.strip() != "")
tag_names = st.from_regex(r"[a-z][a-z0-9]{0,6}(-[a-z0-9]{1,4})?", fullmatch=True)
days = st.dates(min_value=date(1990, 1, 1), max_value=TODAY)


@st.composite
def journals(draw: st.DrawFn) -> dict[str, Any]:
    entries = draw(
        st.lists(
            st.tuples(
                texts,
                days,
                st.lists(tag_names, max_size=3),
                st.none() | st.sampled_from(list(Stage)),
                st.booleans(),
                st.none() | st.just("https://example.org/a?b=1"),
                st.sampled_from(["none", "revisit", "advance"]),
            ),
            max_size=8,
        )
    )
    papers = draw(
        st.lists(
            st.tuples(texts, st.none() | texts, st.none() | days, st.lists(tag_names, max_size=2)),
            max_size=4,
            unique_by=lambda paper: paper[0].strip().casefold(),
        )
    )
    habits = draw(
        st.lists(
            st.tuples(
                st.from_regex(r"[a-z]{3,8}", fullmatch=True).filter(
                    lambda name: name not in {"journal", "papers"}
                ),
                st.sampled_from(["day", "sat,sun", "3/week", "7h/week"]),
                st.lists(st.tuples(days, st.integers(1, 300)), max_size=5),
            ),
            max_size=3,
            unique_by=lambda habit: habit[0],
        )
    )
    skips = draw(st.lists(st.tuples(days, st.integers(0, 5)), max_size=2))
    return {"entries": entries, "papers": papers, "habits": habits, "skips": skips}


@pytest.fixture(scope="module")
def empty_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated, empty journal to copy: opening one from nothing costs a migration."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    with open_sqlite(path, now=NOW):
        pass
    return path


def fresh_copy(template: Path, folder: Path, name: str) -> Path:
    target = folder / name
    shutil.copyfile(template, target)
    target.chmod(0o600)
    return target


def fill(path: Path, journal: dict[str, Any]) -> None:
    """Write a generated journal through the same services the commands use."""
    with open_sqlite(path, now=NOW) as db:
        moment = NOW - timedelta(days=400)
        marks = []
        for text, day, tags, stage, starred, source, look in journal["entries"]:
            moment += timedelta(minutes=7)
            draft = EntryDraft(text, day, tuple(tags), source, stage, starred)
            entry = add_entry(db, draft, now=moment, today=TODAY)
            if look == "revisit" or (look == "advance" and stage is not None):
                marks.append(Mark(entry.id))
            elif look == "advance":
                marks.append(Mark(entry.id, Stage.EXPLAINED))
        mark_entries(db, marks, now=moment, today=TODAY)
        for title, authors, read_on, tags in journal["papers"]:
            moment += timedelta(minutes=7)
            status = PaperStatus.READ if read_on else None
            paper = PaperDraft(title, authors, status=status, read_on=read_on, tags=tuple(tags))
            add_paper(db, paper, now=moment, today=TODAY)
        for name, every, check_ins in journal["habits"]:
            moment += timedelta(minutes=7)
            add_habit(db, name, every, now=moment, today=TODAY)
            for day, minutes in check_ins:
                moment += timedelta(minutes=7)
                spent = minutes if every.endswith("h/week") else None
                check_in(db, name, day=day, minutes=spent, now=moment, today=TODAY)
        for first, length in journal["skips"]:
            moment += timedelta(minutes=7)
            skip_days(db, None, first=first, last=first + timedelta(days=length), now=moment)


def export_of(path: Path) -> str:
    with open_sqlite(path, now=NOW) as db:
        return learnlog_json.dump(export_journal(db, since=None, until=None, tags=()))


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(journal=journals())
def test_any_journal_exports_imports_and_exports_to_identical_json(
    journal: dict[str, Any], empty_journal: Path, tmp_path: Path
) -> None:
    from zoneinfo import ZoneInfo

    from learnlog.exchange.formats import read_records
    from learnlog.exchange.names import ImportFormat

    folder = Path(tempfile.mkdtemp(dir=tmp_path))
    source = fresh_copy(empty_journal, folder, "source.db")
    fill(source, journal)
    exported = export_of(source)
    target = fresh_copy(empty_journal, folder, "target.db")
    data = read_records(exported, ImportFormat.LEARNLOG_JSON, zone=ZoneInfo("UTC"), today=TODAY)
    with open_sqlite(target, now=NOW) as db:
        import_journal(db, data, dry_run=False)
    assert export_of(target) == exported
    document = json.loads(exported)
    assert len(document["entries"]) == len(journal["entries"])
    looked_at = [entry for entry in journal["entries"] if entry[-1] != "none"]
    assert len(document["revisits"]) == len(looked_at)


# Formats -----------------------------------------------------------------------------------


def test_export_files_are_private_and_the_format_follows_the_name(
    cli: Run, sandbox: Sandbox
) -> None:
    build_small_journal(cli)
    for name, first_line in (
        ("out.json", "{"),
        ("out.md", "# learnlog journal"),
        ("out.csv", "uid,day,text,tags,source,stage,starred,created_at,updated_at"),
    ):
        path = sandbox.root / name
        outcome = ok(cli, "export", "-o", str(path))
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert path.read_text(encoding="utf-8").splitlines()[0] == first_line
        assert outcome.stdout == ""
        assert str(path) in outcome.stderr


def test_markdown_is_grouped_by_week_oldest_first(cli: Run) -> None:
    ok(cli, "add", "old thing <b>bold</b>", "-d", "2026-11-02")
    ok(cli, "add", "new thing", "-d", "2026-11-17", "--star", "-t", "extra")
    text = export_text(cli, "--format", "markdown")
    assert text.index("## 2026-W45") < text.index("## 2026-W47")
    assert "### Mon 2 Nov 2026" in text
    assert "- new thing ★" in text and "`#extra`" in text
    assert "&lt;b&gt;bold&lt;/b&gt;" in text  # HTML in journal text is shown, not run


def test_csv_round_trips_and_rows_without_uid_import_once(
    cli: Run, sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    build_small_journal(cli)
    path = sandbox.root / "entries.csv"
    ok(cli, "export", "-o", str(path))
    use_db(monkeypatch, sandbox.root / "b" / "b.db")
    ok(cli, "import", str(path))
    assert export_text(cli, "-f", "csv") == path.read_text(encoding="utf-8")
    plain = sandbox.root / "plain.csv"
    plain.write_text('day,text,tags\n2026-11-01,"a note, with a comma",ml\n', encoding="utf-8")
    assert ok(cli, "import", str(plain), "--json").json()["entries"]["added"] == 1
    assert ok(cli, "import", str(plain), "--json").json()["entries"]["added"] == 0
    found = ok(cli, "list", "--on", "2026-11-01", "--json").json()["entries"]
    assert [(e["text"], e["tags"]) for e in found] == [("a note, with a comma", ["ml"])]


def test_export_filters_by_day_and_tag(cli: Run) -> None:
    ok(cli, "add", "early #ml", "-d", "2026-11-01")
    ok(cli, "add", "late #ml", "-d", "2026-11-20")
    ok(cli, "add", "late other", "-d", "2026-11-21")
    by_day = json.loads(export_text(cli, "--since", "2026-11-15"))
    assert [e["text"] for e in by_day["entries"]] == ["late #ml", "late other"]
    by_tag = json.loads(export_text(cli, "--tag", "ML"))
    assert [e["text"] for e in by_tag["entries"]] == ["early #ml", "late #ml"]


def test_the_format_is_guessed_and_said(cli: Run, sandbox: Sandbox) -> None:
    ok(cli, "add", "something")
    path = sandbox.root / "file.data"
    path.write_text(export_text(cli), encoding="utf-8")
    outcome = ok(cli, "import", str(path))
    assert "read file.data as learnlog-json (guessed" in outcome.stderr


# Refusals: one line, exit 1, nothing imported ----------------------------------------------


def valid_document(cli: Run) -> dict[str, Any]:
    ok(cli, "add", "kept #ml", "-d", "yesterday")
    ok(cli, "habit", "add", "run", "--every", "day")
    document: dict[str, Any] = json.loads(export_text(cli))
    return document


def broken(document: dict[str, Any], kind: str, **changes: Any) -> dict[str, Any]:
    record = dict(document[kind][0], **changes)
    return dict(document, **{kind: [*document[kind], record]})


@pytest.mark.parametrize(
    ("change", "fragments"),
    [
        (lambda d: broken(d, "entries", uid="new-1", day="2026-13-40"), ["entries[1]", "day"]),
        (lambda d: broken(d, "entries", uid="new-1", text="  "), ["entries[1]", "empty"]),
        (lambda d: broken(d, "entries", uid="new-1", text="bell\x07"), ["entries[1]", "control"]),
        (lambda d: broken(d, "entries", uid="new-1", stage="mastered"), ["entries[1]", "stage"]),
        (lambda d: broken(d, "entries", uid="new-1", day="1850-01-01"), ["entries[1]", "1900"]),
        (lambda d: broken(d, "entries", uid="new-1", day="2999-01-01"), ["entries[1]", "future"]),
        (lambda d: broken(d, "entries", uid="new-1", tags=["no spaces"]), ["entries[1]", "tag"]),
        (lambda d: broken(d, "entries", uid="new-1", starred="yes"), ["entries[1]", "starred"]),
        (lambda d: broken(d, "entries"), ["entries[1]", "repeats the uid of entries[0]"]),
        (lambda d: broken(d, "habits", uid="h-2", schedule="often"), ["habits[1]"]),
        (lambda d: broken(d, "habits", uid="h-2", name="journal"), ["habits[1]", "built-in"]),
        (lambda d: dict(d, version=2), ["version 2"]),
        (lambda d: dict(d, entries={}), ['"entries" should be a list']),
        (
            lambda d: dict(
                d,
                check_ins=[
                    {
                        "uid": "c",
                        "habit": "nope",
                        "day": "2026-11-01",
                        "minutes": None,
                        "created_at": "2026-11-01T00:00:00+00:00",
                    }
                ],
            ),
            ["check_ins[0]", "neither in the file nor in the journal"],
        ),
        (
            lambda d: dict(
                d,
                revisits=[
                    {
                        "uid": "r",
                        "entry": "nope",
                        "day": "2026-11-01",
                        "stage": None,
                        "created_at": "2026-11-01T00:00:00+00:00",
                    }
                ],
            ),
            ["revisits[0]", "neither in the file nor in the journal"],
        ),
    ],
)
def test_a_bad_record_is_named_and_nothing_is_imported(
    cli: Run, sandbox: Sandbox, change: Any, fragments: list[str]
) -> None:
    document = change(valid_document(cli))
    path = sandbox.root / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    ok(cli, "add", "another entry that is not in the file")
    before = db_dump(sandbox.db)
    outcome = cli("import", str(path), "--format", "learnlog-json")
    assert_one_line_error(outcome, 1, "bad.json", *fragments)
    assert db_dump(sandbox.db) == before


@pytest.mark.parametrize(
    ("content", "fragments"),
    [
        ("", ["cannot tell what format"]),
        ("just some words\n", ["cannot tell what format"]),
        ('{"format": "learnlog", "version": 1, "entries": [3]}', ["entries[0]", "an object"]),
        ("day,text\n2026-11-01\n", ["line 2"]),
        ("day,text,colour\n2026-11-01,x,red\n", ["line 1", "colour"]),
        ("day,text\n01/02/2026,x\n", ["line 2", "day"]),
    ],
)
def test_a_bad_file_is_one_clear_line(
    cli: Run, sandbox: Sandbox, content: str, fragments: list[str]
) -> None:
    path = sandbox.root / "bad.txt"
    path.write_text(content, encoding="utf-8")
    ok(cli, "add", "kept")
    before = db_dump(sandbox.db)
    assert_one_line_error(cli("import", str(path)), 1, *fragments)
    assert db_dump(sandbox.db) == before


def test_a_missing_or_binary_file_is_refused(cli: Run, sandbox: Sandbox) -> None:
    assert_one_line_error(cli("import", str(sandbox.root / "nope.json")), 1, "cannot read")
    binary = sandbox.root / "photo.jpg"
    binary.write_bytes(b"\xff\xd8\xff\xe0 not text")
    assert_one_line_error(cli("import", str(binary)), 1, "not UTF-8")


def test_export_refuses_a_missing_folder_before_opening_the_journal(
    cli: Run, sandbox: Sandbox
) -> None:
    outcome = cli("export", "-o", str(sandbox.root / "no" / "such" / "out.json"))
    assert_one_line_error(outcome, 1, "does not exist")
    assert not sandbox.db.exists()


def test_the_installed_program_moves_a_journal_through_a_pipe(sandbox: Sandbox) -> None:
    learnlog = installed_learnlog()
    env = subprocess_env()
    for text in ("first #ml", "second"):
        subprocess.run([learnlog, "add", text], env=env, check=True, capture_output=True)
    exported = subprocess.run(
        [learnlog, "export"], env=env, check=True, capture_output=True, text=True
    ).stdout
    other = sandbox.root / "other.db"
    result = subprocess.run(
        [learnlog, "--db", str(other), "import", "-"],
        env=env,
        input=exported,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "entries: 2 added" in result.stderr
    again = subprocess.run(
        [learnlog, "--db", str(other), "export"], env=env, capture_output=True, text=True
    )
    assert again.stdout == exported
    assert stat.S_IMODE(other.stat().st_mode) == 0o600


def test_an_export_read_only_in_part_ends_quietly(sandbox: Sandbox) -> None:
    """``learnlog export | head``: the reader stops early; exit 1 without a word, as Rich does."""
    learnlog = installed_learnlog()
    env = subprocess_env()
    long_text = "a long entry about attention " * 20_000  # 580 kB, many times a pipe's buffer
    subprocess.run(
        [learnlog, "add"], env=env, input=long_text.encode(), check=True, capture_output=True
    )
    for _ in range(3):
        with subprocess.Popen(
            [learnlog, "export"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        ) as process:
            assert process.stdout is not None and process.stderr is not None
            assert process.stdout.read(10) == b'{\n  "forma'
            process.stdout.close()
            errors = process.stderr.read().decode()
            assert process.wait(timeout=60) == 1, errors
        assert errors == ""


# jrnl journals written by jrnl itself (tests/fixtures/jrnl, see make_fixtures.py) ----------

JRNL_FIXTURES = Path(__file__).parent / "fixtures" / "jrnl"


def jrnl_entries() -> list[dict[str, Any]]:
    document = json.loads((JRNL_FIXTURES / "journal.json").read_text(encoding="utf-8"))
    entries: list[dict[str, Any]] = document["entries"]
    return entries


def jrnl_tags(entry: dict[str, Any]) -> set[str]:
    """jrnl's tags that can be learnlog tags; others (``#c++``, ``##``) stay in the text only."""
    tags = set()
    for tag in entry["tags"]:
        try:
            tags.add(normalise_tag(tag[1:]))
        except InputError:
            assert tag in entry["title"] + entry["body"]
    return tags


def all_entries(cli: Run) -> list[dict[str, Any]]:
    listed: list[dict[str, Any]] = ok(cli, "list", "--json").json()["entries"]
    return sorted(listed, key=lambda entry: (entry["created_at"], entry["id"]))


@pytest.mark.parametrize("name", ["journal.json", "journal.txt"])
def test_a_jrnl_journal_imports_with_every_entry_date_tag_and_star(
    cli: Run, sandbox: Sandbox, name: str
) -> None:
    expected = jrnl_entries()
    assert len(expected) >= 200
    outcome = ok(cli, "import", str(JRNL_FIXTURES / name))
    guessed = "jrnl-json" if name.endswith(".json") else "jrnl-txt"
    assert f"as {guessed} (guessed" in outcome.stderr
    imported = all_entries(cli)
    assert len(imported) == len(expected)
    for mine, theirs in zip(imported, expected, strict=True):
        assert mine["day"] == theirs["date"]
        assert mine["created_at"].startswith(f"{theirs['date']}T{theirs['time']}")  # TZ is UTC
        assert mine["starred"] is theirs["starred"]
        assert jrnl_tags(theirs) <= set(mine["tags"])
        title, body = theirs["title"], theirs["body"].strip()
        assert mine["text"] == (f"{title}\n{body}" if body else title)
    assert sum(entry["starred"] for entry in imported) >= 5
    assert any("\n" in entry["text"] for entry in imported)
    assert len({entry["day"][:4] for entry in imported}) >= 3


def test_importing_jrnl_again_in_either_form_adds_nothing(cli: Run, sandbox: Sandbox) -> None:
    ok(cli, "import", str(JRNL_FIXTURES / "journal.json"))
    before = db_dump(sandbox.db)
    for name in ("journal.json", "journal.txt"):
        counts = ok(cli, "import", str(JRNL_FIXTURES / name), "--json").json()["entries"]
        assert counts["added"] == 0 and counts["updated"] == 0
    assert db_dump(sandbox.db) == before


# The JSON writer, the journal through a server's door, and what export imports -------------

zones = st.sampled_from(
    [UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30))]
)
moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2100, 1, 1), timezones=zones
)
any_text = st.text() | st.sampled_from(
    ['"quoted"\\', "tab\there\nnewline", "\x00\x1f\x7f", "é😀\u2028", "\udcff"]
)
maybe_text = st.none() | any_text


@st.composite
def stamps(draw: st.DrawFn) -> tuple[datetime, datetime]:
    """created_at and updated_at: often the same moment, sometimes at another offset."""
    created = draw(moments)
    updated = draw(st.sampled_from(["same", "offset", "other"]))
    if updated == "same":
        return created, created
    if updated == "offset":
        return created, created.astimezone(draw(zones))
    return created, draw(moments)


@st.composite
def records(draw: st.DrawFn) -> JournalData:
    def entry() -> EntryRecord:
        created, updated = draw(stamps())
        tags = tuple(draw(st.lists(any_text, max_size=3)))
        return EntryRecord(
            draw(any_text),
            draw(st.dates()),
            draw(any_text),
            tags,
            draw(maybe_text),
            draw(maybe_text),
            draw(st.booleans()),
            created,
            updated,
        )

    def paper() -> PaperRecord:
        created, updated = draw(stamps())
        return PaperRecord(
            draw(any_text),
            draw(any_text),
            draw(maybe_text),
            draw(maybe_text),
            draw(any_text),
            draw(st.dates()),
            draw(st.none() | st.dates()),
            draw(maybe_text),
            tuple(draw(st.lists(any_text, max_size=2))),
            created,
            updated,
        )

    def habit() -> HabitRecord:
        created, updated = draw(stamps())
        return HabitRecord(
            draw(any_text), draw(any_text), draw(any_text), draw(st.dates()), created, updated
        )

    def many(make: Any) -> list[Any]:
        return [make() for _ in range(draw(st.integers(0, 3)))]

    return JournalData(
        entries=many(entry),
        papers=many(paper),
        habits=many(habit),
        check_ins=many(
            lambda: CheckInRecord(
                draw(any_text),
                draw(any_text),
                draw(st.dates()),
                draw(st.none() | st.integers()),
                draw(moments),
            )
        ),
        skips=many(
            lambda: SkipRecord(
                draw(any_text),
                draw(maybe_text),
                draw(st.dates()),
                draw(st.dates()),
                draw(maybe_text),
                draw(moments),
            )
        ),
        revisits=many(
            lambda: RevisitRecord(
                draw(any_text), draw(any_text), draw(st.dates()), draw(maybe_text), draw(moments)
            )
        ),
    )


@settings(max_examples=200, deadline=None)
@given(data=records())
def test_the_json_export_is_exactly_what_json_dumps_writes(data: JournalData) -> None:
    expected = json.dumps(learnlog_json.document(data), ensure_ascii=False, indent=2) + "\n"
    assert learnlog_json.dump(data.as_text()) == expected
    assert learnlog_json.dump(data.sorted().as_text()) == expected


def test_an_export_written_in_many_pieces_is_one_json_document() -> None:
    """Export writes 500 records a piece: the joins between pieces must not show."""
    moment = datetime(2026, 1, 1, 9, 30, tzinfo=UTC)
    entries = [
        EntryRecord(
            f"uid-{index:05d}",
            date(2025, 1, 1) + timedelta(days=index % 365),
            f"entry {index}",
            ("ml",) if index % 3 else (),
            None,
            None,
            False,
            moment + timedelta(seconds=index),
            moment + timedelta(seconds=index, microseconds=index % 2),
        )
        for index in range(1001)
    ]
    check_ins = [
        CheckInRecord(f"check-{index}", "habit-uid", date(2025, 1, 1), None, moment)
        for index in range(500)
    ]
    data = JournalData(entries=entries, check_ins=check_ins)
    pieces = list(learnlog_json.pieces(data.as_text()))
    assert len(pieces) > 5
    expected = json.dumps(learnlog_json.document(data), ensure_ascii=False, indent=2) + "\n"
    assert "".join(pieces) == expected


def test_a_journal_on_a_server_exports_and_imports_as_a_file_does(
    cli: Run, sandbox: Sandbox, tmp_path: Path
) -> None:
    """A server journal is reached through SQLAlchemy; the same SQL gives the same records."""
    from zoneinfo import ZoneInfo

    from learnlog.exchange.formats import read_records
    from learnlog.exchange.names import ImportFormat
    from learnlog.store.database import Journal, sqlite_engine

    build_small_journal(cli)
    ok(cli, "review", "--done", "1")
    filters: list[dict[str, Any]] = [
        {"since": None, "until": None, "tags": ()},
        {"since": TODAY - timedelta(days=400), "until": today_utc(), "tags": ("python",)},
    ]
    with Journal("server", engine=sqlite_engine(sandbox.db)) as server:
        assert server.path is None
        through_session = [export_journal(server, **wanted) for wanted in filters]
    with open_sqlite(sandbox.db, now=NOW) as db:
        direct = [export_journal(db, **wanted) for wanted in filters]
    assert through_session == direct
    assert direct[0].entries and direct[0].revisits and direct[0].check_ins and direct[0].skips

    exported = learnlog_json.dump(direct[0])
    data = read_records(
        exported, ImportFormat.LEARNLOG_JSON, zone=ZoneInfo("UTC"), today=today_utc()
    )
    target = tmp_path / "target.db"
    with open_sqlite(target, now=NOW):
        pass
    with Journal("server", engine=sqlite_engine(target)) as server:
        summary = import_journal(server, data, dry_run=False)
        again = import_journal(server, data, dry_run=False)
        assert (
            learnlog_json.dump(export_journal(server, since=None, until=None, tags=())) == exported
        )
    assert summary.tallies["entries"].added == len(data.entries)
    assert not again.changed


def test_a_journal_read_as_text_is_its_records_written_out(cli: Run, sandbox: Sandbox) -> None:
    """Export writes days and timestamps as stored, in an order sorted as text: both must be
    what the records give, or JSON would disagree with Markdown and with an import."""
    build_small_journal(cli)
    for text in ("third on one day", "first on one day", "second on one day"):
        ok(cli, "add", text, "-d", "2 days ago")
    ok(cli, "edit", "1", "--text", "numpy broadcasting, edited #numpy")
    with open_sqlite(sandbox.db, now=NOW) as db:
        text = export_journal(db, since=None, until=None, tags=())
    records = text.records()
    assert len(records.entries) == 5 and records.habits and records.check_ins
    assert any(entry.updated_at != entry.created_at for entry in records.entries)  # the edit
    assert records.as_text() == text
    assert dataclasses.replace(records, in_order=False).sorted() == records
    assert [entry.text for entry in records.entries if "one day" in entry.text] == [
        "third on one day",
        "first on one day",
        "second on one day",
    ]


@pytest.mark.parametrize(
    "args",
    [
        ("--format", "json"),
        ("--format", "csv", "--tag", "python"),
        ("--format", "markdown", "--since", "2020-01-01", "--until", "today"),
    ],
)
def test_export_never_imports_the_orm(cli: Run, args: tuple[str, ...]) -> None:
    build_small_journal(cli)
    _outcome, imported = imported_modules("export", *args)
    assert "learnlog.services.exchange" in imported
    assert orm_modules(imported) == set()
