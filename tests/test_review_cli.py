"""learnlog review through Typer's test runner: listing, marking, stages, keystrokes, refusals."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from tests.conftest import Outcome, Sandbox, today_utc
from tests.test_cli import assert_one_line_error, db_dump

Run = Any


def ok(cli: Run, *args: str, input: str | None = None) -> Outcome:
    """Run a command that must succeed."""
    outcome: Outcome = cli(*args, input=input)
    assert outcome.exit_code == 0, outcome
    assert "Traceback" not in outcome.stdout + outcome.stderr
    return outcome


def add(cli: Run, text: str, day: date, *extra: str) -> int:
    entry_id: int = ok(cli, "add", text, "--date", day.isoformat(), *extra, "--json").json()["id"]
    return entry_id


def ago(days: int) -> date:
    return today_utc() - timedelta(days=days)


def review(cli: Run, *args: str) -> dict[str, Any]:
    document: dict[str, Any] = ok(cli, "review", "--json", *args).json()
    return document


def due(cli: Run, *args: str) -> list[int]:
    return [item["entry"]["id"] for item in review(cli, *args)["due"]]


def ready(cli: Run, *args: str) -> list[int]:
    return [item["entry"]["id"] for item in review(cli, *args)["ready_to_advance"]]


def stage_of(cli: Run, entry_id: int) -> str | None:
    stage: str | None = ok(cli, "show", str(entry_id), "--json").json()["stage"]
    return stage


def revisit_rows(sandbox: Sandbox) -> list[str]:
    return [line for line in db_dump(sandbox.db) if 'INSERT INTO "revisit"' in line]


# Listing ---------------------------------------------------------------------------------------


def test_review_shows_yesterday_s_and_last_week_s_entries_and_done_removes_one(cli: Run) -> None:
    yesterday = add(cli, "Broadcasting aligns trailing axes #numpy", ago(1))
    last_week = add(cli, "Einsum names every axis", ago(7))
    listed = ok(cli, "review").stdout
    assert "Broadcasting aligns trailing axes" in listed
    assert "Einsum names every axis" in listed
    assert "1 day ago" in listed and "7 days ago" in listed

    marked = ok(cli, "review", "--done", str(yesterday))
    assert marked.stdout == f"#{yesterday} of {ago(1):%a} {ago(1).isoformat()} marked revisited\n"
    listed = ok(cli, "review").stdout
    assert "Broadcasting" not in listed
    assert "Einsum names every axis" in listed
    assert due(cli) == [last_week]


def test_only_entries_with_an_age_in_the_last_week_come_due(cli: Run) -> None:
    ids = {age: add(cli, f"{age} days old", ago(age)) for age in (0, 1, 13, 14, 20, 29, 30, 37)}
    document = review(cli)
    assert [(item["entry"]["id"], item["age_days"]) for item in document["due"]] == [
        (ids[30], 30),
        (ids[13], 7),
        (ids[1], 1),
    ]
    assert document["due"][1]["due_on"] == ago(6).isoformat()


def test_the_json_document(cli: Run) -> None:
    due_id = add(cli, "due", ago(1), "--star")
    ready_id = add(cli, "ready", ago(50), "--stage", "understood")
    document = review(cli)
    today = today_utc()
    assert list(document) == ["as_of", "window", "due", "ready_to_advance", "counts"]
    assert document["as_of"] == today.isoformat()
    assert document["window"] == {"first": ago(6).isoformat(), "last": today.isoformat()}
    [item] = document["due"]
    assert (item["age_days"], item["due_on"], item["entry"]["id"]) == (1, today.isoformat(), due_id)
    assert item["entry"]["starred"] is True
    assert document["ready_to_advance"] == [
        {"next_stage": "explained", "entry": ok(cli, "show", str(ready_id), "--json").json()}
    ]
    assert document["counts"] == {"due": 1, "ready_to_advance": 1}


def test_a_few_at_a_time_and_how_many_more_wait(cli: Run) -> None:
    for n in range(7):
        add(cli, f"due {n}", ago(1))
    for n in range(4):
        add(cli, f"ready {n}", ago(50 + n), "--stage", "explained")
    outcome = ok(cli, "review")
    assert outcome.stdout.count("1 day ago") == 5
    assert outcome.stdout.count("explained") == 3
    assert "2 more due and 1 more ready to move on; 'learnlog review -n 7'" in outcome.stderr
    assert len(due(cli, "-n", "7")) == 7
    assert len(ready(cli, "-n", "7")) == 4
    assert review(cli, "-n", "2")["counts"] == {"due": 7, "ready_to_advance": 4}


def test_an_empty_review_says_so_on_standard_error(cli: Run) -> None:
    add(cli, "twenty days old", ago(20))
    outcome = ok(cli, "review")
    assert outcome.stdout == ""
    assert "nothing to revisit" in outcome.stderr


def test_as_of_lists_what_was_due_then(cli: Run) -> None:
    entry_id = add(cli, "x", ago(15))
    assert due(cli) == []
    assert due(cli, "--as-of", ago(8).isoformat()) == [entry_id]
    assert review(cli, "--as-of", "yesterday")["as_of"] == ago(1).isoformat()


# Marking and stages ----------------------------------------------------------------------------


def test_done_takes_an_entry_off_ready_to_advance_too(cli: Run) -> None:
    first = add(cli, "understood long ago", ago(60), "--stage", "understood")
    second = add(cli, "explained long ago", ago(55), "--stage", "explained")
    assert ready(cli) == [first, second]
    outcome = ok(cli, "review", "--done", str(first), "--done", str(second))
    assert outcome.stdout.count("marked revisited") == 2
    assert ready(cli) == []


def test_stage_moves_an_entry_on_and_undo_takes_it_back(cli: Run, sandbox: Sandbox) -> None:
    entry_id = add(cli, "Adam keeps running averages", ago(50), "--stage", "understood")
    outcome = ok(cli, "review", "--stage", str(entry_id), "Explained")
    assert outcome.stdout == (
        f"#{entry_id} moved on to explained and marked revisited; "
        "'learnlog undo' takes the stage back\n"
    )
    assert stage_of(cli, entry_id) == "explained"
    assert len(revisit_rows(sandbox)) == 1
    assert ready(cli) == []

    assert f"undid the edit of #{entry_id}" in ok(cli, "undo").stdout
    assert stage_of(cli, entry_id) == "understood"
    assert len(revisit_rows(sandbox)) == 1  # the look back stays


def test_stage_from_none_to_applied(cli: Run) -> None:
    entry_id = add(cli, "built it", ago(1))
    ok(cli, "review", "--stage", str(entry_id), "applied")
    assert stage_of(cli, entry_id) == "applied"
    assert due(cli) == []


@pytest.mark.parametrize(
    ("current", "wanted", "fragment"),
    [("explained", "explained", "already explained"), ("applied", "understood", "past")],
)
def test_stage_backwards_or_the_same_is_refused_and_changes_nothing(
    cli: Run, sandbox: Sandbox, current: str, wanted: str, fragment: str
) -> None:
    entry_id = add(cli, "x", ago(1), "--stage", current)
    other = add(cli, "y", ago(1))
    before = db_dump(sandbox.db)
    outcome = cli("review", "--done", str(other), "--stage", str(entry_id), wanted)
    assert_one_line_error(outcome, 1, fragment, f"learnlog edit {entry_id} --stage {wanted}")
    assert outcome.stdout == ""
    assert db_dump(sandbox.db) == before


@pytest.mark.parametrize("deleted", [True, False], ids=["trash", "unknown"])
def test_a_missing_entry_is_not_found_and_nothing_is_stored(
    cli: Run, sandbox: Sandbox, deleted: bool
) -> None:
    kept = add(cli, "kept", ago(1))
    missing = add(cli, "gone", ago(1)) if deleted else 99
    if deleted:
        ok(cli, "delete", str(missing), "--yes")
    before = db_dump(sandbox.db)
    outcome = cli("review", "--done", str(kept), "--done", str(missing))
    assert_one_line_error(outcome, 1, f"no entry #{missing}")
    assert db_dump(sandbox.db) == before


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--done", "1", "--as-of", "yesterday"), "--as-of"),
        (("--done", "1", "--list"), "--list"),
        (("--stage", "1", "mastered"), "'--stage'"),
        (("--stage", "1"), "--stage"),
        (("--done", "0"), "--done"),
        (("-n", "0"), "--limit"),
    ],
)
def test_usage_errors_change_nothing(
    cli: Run, sandbox: Sandbox, args: tuple[str, ...], fragment: str
) -> None:
    add(cli, "x", ago(1))
    before = db_dump(sandbox.db)
    assert_one_line_error(cli("review", *args), 2, fragment)
    assert db_dump(sandbox.db) == before


def test_done_with_json_prints_what_was_marked(cli: Run) -> None:
    entry_id = add(cli, "x", ago(1), "--stage", "understood")
    document = ok(cli, "review", "--done", str(entry_id), "--json").json()
    [item] = document["marked"]
    assert item["revisited_on"] == today_utc().isoformat()
    assert (item["stage"], item["recorded"], item["entry"]["id"]) == (None, True, entry_id)
    again = ok(cli, "review", "--done", str(entry_id), "--json").json()
    assert again["marked"][0]["recorded"] is False


# The weekly report agrees -----------------------------------------------------------------------


def test_the_report_of_the_same_days_lists_the_same_entries_and_drops_a_revisited_one(
    cli: Run,
) -> None:
    for age in (1, 3, 7, 10, 30, 33, 90, 365):
        add(cli, f"{age} days old", ago(age), *(("--star",) if age == 33 else ()))
    week = ("--from", ago(6).isoformat(), "--to", today_utc().isoformat())

    def reported() -> list[tuple[int, int]]:
        document = ok(cli, "report", *week, "--json").json()
        return [(item["entry"]["id"], item["age_days"]) for item in document["revisit"]]

    def reviewed() -> list[tuple[int, int]]:
        return [(item["entry"]["id"], item["age_days"]) for item in review(cli)["due"]]

    assert reported() == reviewed()
    assert len(reported()) == 5
    chosen = reported()[0][0]
    ok(cli, "review", "--done", str(chosen))
    assert chosen not in [entry_id for entry_id, _ in reported()]
    assert reported() == reviewed()


def test_last_week_s_report_and_review_as_of_its_sunday_agree(cli: Run) -> None:
    sunday = today_utc() - timedelta(days=today_utc().isoweekday())
    for age in (1, 2, 7, 12, 30, 90):
        add(cli, f"{age} days before Sunday", sunday - timedelta(days=age))
    document = ok(cli, "report", "--last", "--json").json()
    reported = [item["entry"]["id"] for item in document["revisit"]]
    assert reported
    assert reported == due(cli, "--as-of", sunday.isoformat())


# Keystrokes -------------------------------------------------------------------------------------


@pytest.fixture
def keyboard(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input and output as terminals: review asks about each entry."""
    monkeypatch.setattr("learnlog.cli.common.stdin_is_terminal", lambda: True)
    monkeypatch.setattr("learnlog.cli.review.stdout_is_terminal", lambda: True)


@pytest.mark.usefixtures("keyboard")
def test_one_keystroke_per_entry_each_saved_at_once(cli: Run, sandbox: Sandbox) -> None:
    starred = add(cli, "starred, asked first", ago(1), "--star")
    revisited = add(cli, "revisited with r", ago(7))
    # The 1-day-old ones come after the 7-day-old one, the older days first.
    explained = add(cli, "explained after a wrong key", ago(3), "--stage", "understood")
    skipped = add(cli, "skipped with space", ago(2))
    untouched = add(cli, "shown, then q", ago(1))
    # starred: s; revisited: r; explained: x (asks again), e; skipped: space; then q.
    outcome = ok(cli, "review", input="sRxe q")
    assert "[1/5]" in outcome.stdout and "[5/5]" in outcome.stdout
    assert outcome.stdout.index("starred, asked first") < outcome.stdout.index("revisited with r")
    assert f"#{revisited} of" in outcome.stdout
    assert f"#{explained} moved on to explained" in outcome.stdout
    assert "r revisited · e explained · a applied · s skip · q quit? " in outcome.stderr
    assert "2 entries marked, 2 skipped" in outcome.stderr
    assert stage_of(cli, explained) == "explained"
    assert sorted(due(cli)) == sorted([starred, skipped, untouched])
    assert len(revisit_rows(sandbox)) == 2


@pytest.mark.usefixtures("keyboard")
def test_keys_for_stages_not_ahead_are_not_offered(cli: Run) -> None:
    entry_id = add(cli, "already explained", ago(1), "--stage", "explained")
    outcome = ok(cli, "review", input="ea")
    assert "r revisited · a applied · s skip · q quit? " in outcome.stderr
    assert stage_of(cli, entry_id) == "applied"


@pytest.mark.usefixtures("keyboard")
def test_the_end_of_the_input_quits_keeping_what_was_saved(cli: Run) -> None:
    first = add(cli, "first", ago(7))
    second = add(cli, "second", ago(1))
    ok(cli, "review", input="r")
    assert due(cli) == [second]
    assert first not in due(cli)


@pytest.mark.usefixtures("keyboard")
@pytest.mark.parametrize("flag", ["--list", "--json"])
def test_list_and_json_never_ask(cli: Run, flag: str, sandbox: Sandbox) -> None:
    add(cli, "x", ago(1))
    before = db_dump(sandbox.db)
    outcome = ok(cli, "review", flag, input="r")
    assert "?" not in outcome.stderr
    assert db_dump(sandbox.db) == before


def test_without_a_terminal_review_lists_and_asks_nothing(cli: Run, sandbox: Sandbox) -> None:
    add(cli, "x", ago(1))
    before = db_dump(sandbox.db)
    outcome = ok(cli, "review", input="r")
    assert "skip" not in outcome.stderr
    assert "--done ID" in outcome.stderr
    assert db_dump(sandbox.db) == before
