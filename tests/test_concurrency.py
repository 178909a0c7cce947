"""Many real ``learnlog`` processes on one journal: every write lands once, every reader agrees.

The spec promises that every write is one transaction and that concurrent processes never lose
or duplicate data; the only error allowed by design is a lock held by another program for longer
than the busy timeout, which is exit 3, one line, and no partial write.
"""

from __future__ import annotations

import csv
import json
import random
import re
import sqlite3
import subprocess
import threading
import uuid
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from time import monotonic, sleep
from typing import Any

import pytest

from learnlog.store.schema import BUSY_TIMEOUT_SECONDS
from tests.conftest import Outcome, Sandbox, installed_learnlog, subprocess_env, today_utc

Run = Any  # the ``cli`` fixture: (*args, input=None) -> Outcome

# Every uid in the files this module writes comes from here, so a run can be replayed.
NAMESPACE = uuid.UUID("6c6c6f67-0000-4000-8000-636f6e637572")
SEED = 20261123
PROCESS_TIMEOUT = 300  # generous: 50 processes share two cores with other tests
LOCK_MESSAGE = re.compile(r"^error: the journal at .+ stayed locked by another program for more ")
STATUSES = {"done", "pending", "missed", "excused"}
MOST_LOCK_TIMEOUTS = 4  # of the 42 writers; see the test for why any are tolerated


def uid(name: str) -> str:
    """A uid that is the same in every run."""
    return str(uuid.uuid5(NAMESPACE, name))


def moment(day: date) -> str:
    return datetime.combine(day, time(0, 0, 1), UTC).isoformat()


def entry_record(name: str, text: str, day: date) -> dict[str, Any]:
    return {
        "uid": uid(name),
        "day": day.isoformat(),
        "text": text,
        "tags": ["load"],
        "source": None,
        "stage": None,
        "starred": False,
        "created_at": moment(day),
        "updated_at": moment(day),
    }


def write_learnlog_json(path: Path, **records: list[dict[str, Any]]) -> Path:
    kinds = ("entries", "papers", "habits", "check_ins", "skips", "revisits")
    document = {
        "format": "learnlog",
        "version": 1,
        **{kind: records.get(kind, []) for kind in kinds},
    }
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def write_csv(path: Path, entries: list[dict[str, Any]]) -> Path:
    """The entries in learnlog's CSV columns, uids included."""
    columns = ("uid", "day", "text", "tags", "source", "stage", "starred", "created_at")
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, [*columns, "updated_at"], lineterminator="\n")
        writer.writeheader()
        for entry in entries:
            writer.writerow(
                {
                    **entry,
                    "tags": " ".join(entry["tags"]),
                    "source": "",
                    "stage": "",
                    "starred": "false",
                }
            )
    return path


@dataclass
class ImportFile:
    """A small file to import and what it holds."""

    path: Path
    format: str
    entries: dict[str, str]  # uid -> text
    papers: dict[str, str] = field(default_factory=dict)  # uid -> title


@dataclass
class Job:
    """One learnlog process of the crowd and what it must leave behind when it succeeds."""

    name: str
    args: list[str]
    reader: bool = False
    added_text: str | None = None
    paper_title: str | None = None
    check_in: tuple[str, str] | None = None  # (habit, day)
    edit: tuple[str, str] | None = None  # (uid, new text)
    imported: ImportFile | None = None
    process: subprocess.Popen[bytes] | None = None
    stdout: Path | None = None
    stderr: Path | None = None
    started: float = 0.0
    ended: float = 0.0

    def start(self, folder: Path) -> None:
        self.stdout = folder / f"{self.name}.out"
        self.stderr = folder / f"{self.name}.err"
        self.started = monotonic()
        with self.stdout.open("wb") as out, self.stderr.open("wb") as err:
            self.process = subprocess.Popen(
                [installed_learnlog(), *self.args],
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=err,
                env=subprocess_env(),
            )

    def outcome(self) -> tuple[int, str, str]:
        assert self.process is not None and self.stdout and self.stderr
        code = self.process.wait(timeout=PROCESS_TIMEOUT)
        return code, self.stdout.read_text("utf-8"), self.stderr.read_text("utf-8")


def wait_for_all(jobs: list[Job]) -> None:
    """Wait for every job, noting when each ended (to within a polling interval)."""
    deadline = monotonic() + PROCESS_TIMEOUT
    running = list(jobs)
    while running and monotonic() < deadline:
        for job in list(running):
            assert job.process is not None
            if job.process.poll() is not None:
                job.ended = monotonic()
                running.remove(job)
        sleep(0.01)
    assert not running, f"still running after {PROCESS_TIMEOUT} s: {[j.name for j in running]}"


@dataclass
class World:
    """The journal before the crowd arrives, and what the crowd is asked to do."""

    day: date
    week: str
    setup_texts: dict[str, str]  # uid -> text before any edit
    ids: dict[str, int]  # uid -> id of the setup entries
    files: dict[str, ImportFile]
    jobs: list[Job]


def build_world(sandbox: Sandbox, cli: Run) -> World:
    """A journal with six entries and two habits, four import files, and fifty jobs."""
    day = today_utc()  # every command gets explicit days: passing midnight changes nothing
    year, week_number, _ = day.isocalendar()
    week = f"{year}-W{week_number:02d}"
    files_dir = sandbox.root / "files"
    files_dir.mkdir()

    setup_entries = [entry_record(f"setup {k}", f"before edit {k}", day) for k in range(6)]
    habits = [
        {
            "uid": uid(name),
            "name": name,
            "schedule": schedule,
            "created_on": (day - timedelta(days=10)).isoformat(),
            "created_at": moment(day - timedelta(days=10)),
            "updated_at": moment(day - timedelta(days=10)),
        }
        for name, schedule in (("fastai", "day"), ("kaggle", "3/week"))
    ]
    setup = write_learnlog_json(files_dir / "setup.json", entries=setup_entries, habits=habits)
    prepared = cli("import", str(setup), "--format", "learnlog-json")
    assert prepared.exit_code == 0, prepared.stderr
    connection = sqlite3.connect(sandbox.db)
    try:
        ids = dict(connection.execute("SELECT uid, id FROM entry"))
    finally:
        connection.close()
    assert len(ids) == 6

    files: dict[str, ImportFile] = {}
    for name, file_format in (("a", "json"), ("b", "json"), ("c", "csv"), ("d", "csv")):
        records = [
            entry_record(f"file {name} {k}", f"imported {name}{k} #load", day) for k in range(4)
        ]
        papers: list[dict[str, Any]] = []
        if name == "a":  # a paper in the same transaction as the entries
            papers = [
                {
                    "uid": uid("file a paper"),
                    "title": "Imported paper from file a",
                    "authors": None,
                    "link": None,
                    "status": "read",
                    "added_on": day.isoformat(),
                    "read_on": day.isoformat(),
                    "notes": None,
                    "tags": [],
                    "created_at": moment(day),
                    "updated_at": moment(day),
                }
            ]
        path = files_dir / f"{name}.{file_format}"
        if file_format == "json":
            write_learnlog_json(path, entries=records, papers=papers)
        else:
            write_csv(path, records)
        files[name] = ImportFile(
            path=path,
            format="learnlog-json" if file_format == "json" else "csv",
            entries={record["uid"]: record["text"] for record in records},
            papers={paper["uid"]: paper["title"] for paper in papers},
        )

    jobs: list[Job] = []
    for k in range(15):
        text = f"concurrent add {k} #load"
        jobs.append(Job(f"add-{k}", ["add", text, "--date", day.isoformat()], added_text=text))
    for k in range(8):
        habit, back = ("fastai", "kaggle")[k % 2], 1 + k // 2
        done_day = (day - timedelta(days=back)).isoformat()
        jobs.append(
            Job(f"done-{k}", ["done", habit, "--date", done_day], check_in=(habit, done_day))
        )
    for k in range(8):
        title = f"Concurrent paper {k}"
        args = ["paper", "add", title, "--status", "read", "--read-on", day.isoformat()]
        jobs.append(Job(f"paper-{k}", args, paper_title=title))
    for k, record in enumerate(setup_entries):
        new_text = f"after edit {k}"
        args = ["edit", str(ids[record["uid"]]), "--text", new_text]
        jobs.append(Job(f"edit-{k}", args, edit=(record["uid"], new_text)))
    for k, name in enumerate(("a", "a", "b", "c", "d")):  # file a twice, at the same time
        imported = files[name]
        args = ["import", str(imported.path), "--format", imported.format, "--json"]
        jobs.append(Job(f"import-{name}-{k}", args, imported=imported))
    for k in range(4):
        streak = ["streak", "--json", "--as-of", day.isoformat()]
        jobs.append(Job(f"streak-{k}", streak, reader=True))
        jobs.append(Job(f"report-{k}", ["report", "--json", "--week", week], reader=True))
    random.Random(SEED).shuffle(jobs)
    return World(
        day=day,
        week=week,
        setup_texts={record["uid"]: record["text"] for record in setup_entries},
        ids=ids,
        files=files,
        jobs=jobs,
    )


def read_rows(path: Path, query: str) -> list[tuple[Any, ...]]:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return list(connection.execute(query))
    finally:
        connection.close()


def assert_consistent_streaks(document: dict[str, Any], day: date) -> None:
    assert document["as_of"] == day.isoformat()
    assert {habit["name"] for habit in document["habits"]} == {
        "journal",
        "papers",
        "fastai",
        "kaggle",
    }
    for habit in document["habits"]:
        assert 0 <= habit["current"] <= habit["longest"], habit
        assert habit["status"] in STATUSES, habit
        assert 0 <= habit["score"] <= 1, habit
        period = habit["period"]
        if period is not None:
            assert period["remaining"] == max(0, period["target"] - period["count"]), habit
    [journal] = [habit for habit in document["habits"] if habit["name"] == "journal"]
    assert journal["status"] == "done"  # the setup entries are on this day


def assert_consistent_report(document: dict[str, Any], world: World, final_uids: set[str]) -> None:
    assert document["span"]["week"] == world.week
    entries = document["entries"]
    seen = {entry["uid"]: entry["text"] for entry in entries}
    assert len(seen) == len(entries), "an entry is listed twice"
    assert sum(cell["entries"] for cell in document["days"]) == len(entries)
    summary = re.match(r"(\d+) things? learned", document["summary"])
    assert summary is not None and int(summary.group(1)) == len(entries), document["summary"]
    papers = document["papers"]
    assert (
        papers["count"] == len(papers["read"]) == sum(cell["papers"] for cell in document["days"])
    )
    assert papers["remaining"] == max(0, papers["target"] - papers["count"])
    # What the reader saw is a state the journal really passed through: nothing invented, no
    # setup entry missing, every edit all old or all new, every import all there or all absent.
    assert set(seen) <= final_uids
    for entry_uid, before in world.setup_texts.items():
        edits = [job.edit[1] for job in world.jobs if job.edit and job.edit[0] == entry_uid]
        assert seen[entry_uid] in {before, *edits}
    titles = {paper["title"] for paper in papers["read"]}
    for imported in world.files.values():
        present = [entry_uid in seen for entry_uid in imported.entries]
        present += [title in titles for title in imported.papers.values()]
        assert all(present) or not any(present), f"half of {imported.path.name} was visible"


def test_fifty_processes_writing_and_reading_at_once_agree_on_every_write(
    sandbox: Sandbox, cli: Run
) -> None:
    world = build_world(sandbox, cli)
    assert len(world.jobs) == 50
    output = sandbox.root / "output"
    output.mkdir()
    for job in world.jobs:
        job.start(output)
    wait_for_all(world.jobs)
    outcomes = {job.name: job.outcome() for job in world.jobs}

    # Every process succeeded, or lost the lock by design: one line, exit 3, nothing written
    # (checked below), and only after waiting the whole busy timeout (a lower bound, which a
    # correct program always meets). On a healthy machine none loses; two cores shared by fifty
    # processes and other tests can stretch a 20 ms write to a second and the queue for the lock
    # towards the timeout, so a few losers are tolerated (and printed). A systematic fault, such
    # as writes starting as deferred transactions that deadlock, makes most writers lose.
    succeeded, lost = [], []
    for job in world.jobs:
        code, _stdout, stderr = outcomes[job.name]
        assert "Traceback" not in stderr, (job.name, stderr)
        if code == 3 and not job.reader:
            assert stderr.count("\n") == 1 and LOCK_MESSAGE.match(stderr), (job.name, stderr)
            assert job.ended - job.started >= BUSY_TIMEOUT_SECONDS, (job.name, stderr)
            lost.append(job.name)
            continue
        assert code == 0, (job.name, code, stderr)
        succeeded.append(job)
    writers = sum(1 for job in world.jobs if not job.reader)
    assert len(lost) <= MOST_LOCK_TIMEOUTS, f"{len(lost)} of {writers} writers timed out: {lost}"
    if lost:
        print(f"{len(lost)} of {writers} writers waited past the busy timeout: {lost}")

    # The journal holds exactly what the successful writers wrote, each thing once.
    imports = [job for job in succeeded if job.imported]
    imported_files = {job.imported.path: job.imported for job in imports if job.imported}
    expected_entries = {
        entry_uid: next(
            (job.edit[1] for job in succeeded if job.edit and job.edit[0] == entry_uid), text
        )
        for entry_uid, text in world.setup_texts.items()
    }
    for imported in imported_files.values():
        expected_entries.update(imported.entries)
    added_texts = [job.added_text for job in succeeded if job.added_text]
    rows = read_rows(sandbox.db, "SELECT uid, text FROM entry WHERE deleted_at IS NULL")
    assert len({entry_uid for entry_uid, _ in rows}) == len(rows)
    assert Counter(text for _, text in rows) == Counter([*expected_entries.values(), *added_texts])
    assert {entry_uid: text for entry_uid, text in rows if entry_uid in expected_entries} == (
        expected_entries
    )
    listed = cli("list", "--json", "--limit", "1000").json()
    assert listed["count"] == len(rows)
    assert {entry["uid"]: entry["text"] for entry in listed["entries"]} == dict(rows)

    # Each add printed its own id, and that id holds its text.
    ids_by_text = {
        text: entry_id for entry_id, text in read_rows(sandbox.db, "SELECT id, text FROM entry")
    }
    for job in succeeded:
        if job.added_text:
            printed = re.match(r"#(\d+) logged for ", outcomes[job.name][1])
            assert printed is not None, outcomes[job.name]
            assert int(printed.group(1)) == ids_by_text[job.added_text]

    papers = read_rows(sandbox.db, "SELECT uid, title FROM paper")
    expected_titles = [job.paper_title for job in succeeded if job.paper_title]
    for imported in imported_files.values():
        expected_titles += imported.papers.values()
    assert sorted(title for _, title in papers) == sorted(expected_titles)
    assert len({paper_uid for paper_uid, _ in papers}) == len(papers)
    paper_list = cli("paper", "list", "--json").json()
    assert sorted(paper["title"] for paper in paper_list["papers"]) == sorted(expected_titles)

    check_ins = read_rows(
        sandbox.db,
        "SELECT habit.name, check_in.day FROM check_in JOIN habit ON habit.id = check_in.habit_id",
    )
    expected_check_ins = [job.check_in for job in succeeded if job.check_in]
    assert sorted(check_ins) == sorted(expected_check_ins)
    habits = {habit["name"]: habit for habit in cli("habit", "list", "--json").json()["habits"]}
    for name in ("fastai", "kaggle"):
        assert habits[name]["check_ins"] == sum(
            1 for habit, _ in expected_check_ins if habit == name
        )

    # The same file imported twice at once: one import added it, the other found it there.
    file_a = world.files["a"].path
    tallies = [
        json.loads(outcomes[job.name][1])
        for job in imports
        if job.imported is not None and job.imported.path == file_a
    ]
    if len(tallies) == 2:
        assert sorted(tally["entries"]["added"] for tally in tallies) == [0, 4]
        assert sorted(tally["entries"]["unchanged"] for tally in tallies) == [0, 4]
        assert sorted(tally["papers"]["added"] for tally in tallies) == [0, 1]

    # The full-text index follows the tables it indexes, row for row.
    [(indexed,)] = read_rows(sandbox.db, "SELECT count(*) FROM search_index")
    assert indexed == len(rows) + len(papers)
    [(integrity,)] = read_rows(sandbox.db, "PRAGMA integrity_check")
    assert integrity == "ok"

    # Every reader saw one consistent state of the journal.
    final_uids = {entry_uid for entry_uid, _ in rows}
    readers = [job for job in world.jobs if job.reader]
    for job in readers:
        document = json.loads(outcomes[job.name][1])
        if job.args[0] == "streak":
            assert_consistent_streaks(document, world.day)
        else:
            assert_consistent_report(document, world, final_uids)


def hold_write_lock(path: Path) -> sqlite3.Connection:
    """Take the journal's write lock the way another learnlog process would."""
    holder = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    return holder


def db_dump(path: Path) -> list[str]:
    connection = sqlite3.connect(path)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def test_a_lock_held_past_the_busy_timeout_is_exit_3_one_line_and_no_write(
    sandbox: Sandbox, cli: Run
) -> None:
    """The installed command, with the shipped busy timeout (10 s): the one slow test here."""
    assert cli("add", "before the lock").exit_code == 0
    before = db_dump(sandbox.db)
    holder = hold_write_lock(sandbox.db)
    try:
        outcome = subprocess.run(
            [installed_learnlog(), "add", "written while locked #lost"],
            capture_output=True,
            text=True,
            env=subprocess_env(),
            timeout=PROCESS_TIMEOUT,
            check=False,
        )
    finally:
        holder.rollback()
        holder.close()
    assert outcome.returncode == 3, outcome
    assert outcome.stderr.count("\n") == 1, outcome.stderr
    assert LOCK_MESSAGE.match(outcome.stderr), outcome.stderr
    assert "10 s; nothing was changed" in outcome.stderr
    assert outcome.stdout == ""
    assert db_dump(sandbox.db) == before


@pytest.fixture
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> float:
    """The in-process commands give up on a held lock after a fraction of a second."""
    seconds = 0.25
    monkeypatch.setattr("learnlog.store.database.BUSY_TIMEOUT_SECONDS", seconds)
    return seconds


WRITES = {
    "add": ["add", "written while locked"],
    "done": ["done", "fastai"],
    "paper-add": ["paper", "add", "Locked out"],
    "edit": ["edit", "1", "--text", "edited while locked"],
    "delete": ["delete", "1", "--yes"],
    "habit-add": ["habit", "add", "kaggle", "--every", "3/week"],
    "import": ["import", "{import}", "--format", "learnlog-json"],
}


@pytest.mark.parametrize("command", list(WRITES), ids=list(WRITES))
def test_every_write_refused_by_a_held_lock_changes_nothing(
    sandbox: Sandbox, cli: Run, short_busy_timeout: float, command: str
) -> None:
    assert cli("add", "before the lock").exit_code == 0
    assert cli("habit", "add", "fastai", "--every", "day").exit_code == 0
    to_import = write_learnlog_json(
        sandbox.root / "import.json",
        entries=[entry_record(f"locked {k}", f"locked import {k}", today_utc()) for k in range(3)],
    )
    before = db_dump(sandbox.db)
    args = [str(to_import) if arg == "{import}" else arg for arg in WRITES[command]]
    holder = hold_write_lock(sandbox.db)
    try:
        outcome: Outcome = cli(*args)
        # Readers are not held up by a writer: WAL lets them see the last committed state.
        listed = cli("list", "--json")
    finally:
        holder.rollback()
        holder.close()
    assert outcome.exit_code == 3, outcome
    assert outcome.stderr.count("\n") == 1, outcome.stderr
    assert LOCK_MESSAGE.match(outcome.stderr), outcome.stderr
    assert f"{short_busy_timeout:g} s; nothing was changed" in outcome.stderr
    assert db_dump(sandbox.db) == before
    assert listed.exit_code == 0
    assert [entry["text"] for entry in listed.json()["entries"]] == ["before the lock"]


def test_a_writer_waits_for_a_lock_released_within_the_busy_timeout(
    sandbox: Sandbox, cli: Run
) -> None:
    assert cli("add", "before the lock").exit_code == 0
    holder = hold_write_lock(sandbox.db)
    release = threading.Timer(0.5, holder.rollback)
    release.start()
    try:
        outcome = cli("add", "written after the wait")
    finally:
        release.join()
        holder.close()
    assert outcome.exit_code == 0, outcome
    texts = [entry["text"] for entry in cli("list", "--json").json()["entries"]]
    assert sorted(texts) == ["before the lock", "written after the wait"]


def test_an_upgrade_that_cannot_get_the_lock_is_exit_3_and_leaves_no_backup(
    sandbox: Sandbox, cli: Run, short_busy_timeout: float
) -> None:
    from tests.test_crash import backups_of, build_old_journal

    sandbox.db.parent.mkdir(parents=True)
    build_old_journal(sandbox.db, at="0004", entries=10)
    before = db_dump(sandbox.db)
    holder = hold_write_lock(sandbox.db)
    try:
        outcome = cli("list")
    finally:
        holder.rollback()
        holder.close()
    assert outcome.exit_code == 3, outcome
    assert outcome.stderr.count("\n") == 1, outcome.stderr
    assert LOCK_MESSAGE.match(outcome.stderr), outcome.stderr
    assert db_dump(sandbox.db) == before
    assert backups_of(sandbox.db) == []
