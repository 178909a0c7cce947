"""Habits, check-ins, skips and streaks through Typer's test runner."""

from __future__ import annotations

import sqlite3
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import Outcome, Sandbox, today_utc
from tests.test_cli import assert_one_line_error, db_dump

Run = Any

# The spec's examples: today is Wednesday 2026-11-18, in ISO week 2026-W47.
SPEC_TODAY = date(2026, 11, 18)


def ok(cli: Run, *args: str, input: str | None = None) -> Outcome:
    """Run a command that must succeed."""
    outcome: Outcome = cli(*args, input=input)
    assert outcome.exit_code == 0, outcome
    assert "Traceback" not in outcome.stdout + outcome.stderr
    return outcome


def iso(day: date) -> str:
    return day.isoformat()


def days_back(count: int, today: date = SPEC_TODAY) -> str:
    return iso(today - timedelta(days=count))


def streaks_by_name(document: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {habit["name"]: habit for habit in document["habits"]}


def streak_of(cli: Run, habit: str, as_of: date = SPEC_TODAY, *extra: str) -> dict[str, Any]:
    """One habit's streak document from ``streak HABIT --as-of DAY --json``."""
    document = ok(cli, "streak", habit, "--as-of", iso(as_of), "--json", *extra).json()
    assert document["as_of"] == iso(as_of)
    [found] = document["habits"]
    assert found["name"] == habit
    result: dict[str, Any] = found
    return result


def habits_listed(cli: Run) -> dict[str, dict[str, Any]]:
    document = ok(cli, "habit", "list", "--json").json()
    assert document["count"] == len(document["habits"])
    return {habit["name"]: habit for habit in document["habits"]}


def monday_of(day: date) -> date:
    return day - timedelta(days=day.weekday())


def insert_papers(db: Path, papers: list[tuple[str, date | None]]) -> None:
    """Papers as ``(status, read_on)`` rows, until the paper commands exist."""
    connection = sqlite3.connect(db)
    try:
        with connection:
            connection.executemany(
                "INSERT INTO paper (uid, title, status, added_on, read_on, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        f"00000000-0000-4000-8000-{number:012d}",
                        f"Paper {number}",
                        status,
                        "2026-10-01",
                        None if read_on is None else iso(read_on),
                        "2026-10-01 09:00:00",
                        "2026-10-01 09:00:00",
                    )
                    for number, (status, read_on) in enumerate(papers)
                ],
            )
    finally:
        connection.close()


def count_rows(db: Path, query: str, *parameters: object) -> int:
    connection = sqlite3.connect(db)
    try:
        count: int = connection.execute(query, parameters).fetchone()[0]
        return count
    finally:
        connection.close()


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input as a terminal, so that a question can be asked."""
    monkeypatch.setattr("learnlog.cli.common.stdin_is_terminal", lambda: True)


# the spec's table, through the command line


STREAK_FIELDS = {
    "name",
    "schedule",
    "kind",
    "builtin",
    "unit",
    "current",
    "longest",
    "status",
    "score",
    "first_day",
    "next_due",
    "period",
}
TOMORROW = -1  # days back


@pytest.mark.parametrize(
    ("entry_days_back", "skipped_days_back", "current", "longest", "status", "next_due_back"),
    [
        ((3, 2, 1), (), 3, 3, "pending", 0),
        ((3, 2, 1, 0), (), 4, 4, "done", TOMORROW),
        ((5, 4, 3), (), 0, 3, "pending", 0),
        ((4, 3, 1), (2,), 3, 3, "pending", 0),
    ],
    ids=["three-days-pending", "plus-today-done", "gap-breaks", "skip-bridges"],
)
def test_the_spec_examples_for_the_journal_through_the_cli(
    cli: Run,
    entry_days_back: tuple[int, ...],
    skipped_days_back: tuple[int, ...],
    current: int,
    longest: int,
    status: str,
    next_due_back: int,
) -> None:
    for back in entry_days_back:
        ok(cli, "add", f"learned something {back} days back", "--date", days_back(back))
    for back in skipped_days_back:
        ok(cli, "skip", "journal", "--from", days_back(back), "--to", days_back(back))

    journal = streak_of(cli, "journal")

    assert (journal["current"], journal["longest"], journal["status"]) == (
        current,
        longest,
        status,
    )
    assert journal["next_due"] == days_back(next_due_back)
    assert journal["first_day"] == days_back(max(entry_days_back))
    assert set(journal) == STREAK_FIELDS
    assert (journal["schedule"], journal["kind"], journal["builtin"]) == ("day", "daily", True)
    assert (journal["unit"], journal["period"]) == ("day", None)
    assert 0 < journal["score"] < 1


def test_the_spec_example_for_papers_through_the_cli(cli: Run, sandbox: Sandbox) -> None:
    ok(cli, "habit", "list")  # creates the journal file
    week_45, week_46, week_47 = date(2026, 11, 2), date(2026, 11, 9), date(2026, 11, 16)
    insert_papers(
        sandbox.db,
        [
            ("read", week_45 + timedelta(days=1)),
            ("read", week_45 + timedelta(days=4)),
            ("read", week_46),
            ("read", week_46),
            ("read", week_46 + timedelta(days=5)),
            ("read", week_47),
            ("read", SPEC_TODAY + timedelta(days=1)),  # after --as-of: not counted yet
            ("queued", None),
            ("reading", None),
        ],
    )

    papers = streak_of(cli, "papers")

    assert papers["current"] == 2
    assert papers["longest"] == 2
    assert papers["status"] == "pending"
    assert (papers["kind"], papers["unit"], papers["builtin"]) == ("weekly", "week", True)
    assert papers["schedule"] == "2/week"
    assert papers["period"] == {
        "start": iso(week_47),
        "count": 1,
        "target": 2,
        "remaining": 1,
        "days_left": 5,
        "unit": "papers",
    }
    table = ok(cli, "streak", "papers", "--as-of", iso(SPEC_TODAY)).stdout
    assert "need 1 more paper, 5 days left" in table


def test_papers_target_follows_papers_per_week(cli: Run, sandbox: Sandbox) -> None:
    ok(cli, "config", "set", "papers_per_week", "3")
    ok(cli, "habit", "list")
    insert_papers(sandbox.db, [("read", date(2026, 11, 16))])
    papers = streak_of(cli, "papers")
    assert papers["schedule"] == "3/week"
    assert papers["period"]["target"] == 3
    assert papers["period"]["remaining"] == 2
    assert habits_listed(cli)["papers"]["schedule"] == "3/week"


# today pending is never a broken streak


def test_a_week_of_entries_but_none_yet_today_is_counted_and_pending(cli: Run) -> None:
    today = today_utc()
    for back in range(1, 8):
        ok(cli, "add", f"entry {back}", "--date", days_back(back, today))

    document = ok(cli, "streak", "--json").json()

    assert document["as_of"] == iso(today)
    journal = streaks_by_name(document)["journal"]
    assert (journal["current"], journal["longest"], journal["status"]) == (7, 7, "pending")
    assert journal["next_due"] == iso(today)
    table = ok(cli, "streak").stdout
    [row] = [line for line in table.splitlines() if line.startswith("journal")]
    assert "7 days" in row
    assert "pending" in row
    assert "due today" in row
    assert "missed" not in row
    assert " 0 days" not in row


# streak --check


def test_streak_check_fails_silently_until_today_has_an_entry(cli: Run) -> None:
    empty = cli("streak", "--check")
    assert (empty.exit_code, empty.stdout, empty.stderr) == (1, "", "")

    ok(cli, "add", "yesterday's entry", "--date", "yesterday")
    only_yesterday = cli("streak", "--check")
    assert (only_yesterday.exit_code, only_yesterday.stdout, only_yesterday.stderr) == (1, "", "")

    ok(cli, "add", "today's entry")
    written = cli("streak", "--check")
    assert (written.exit_code, written.stdout, written.stderr) == (0, "", "")


def test_streak_check_as_of_looks_at_that_day_only(cli: Run) -> None:
    today = today_utc()
    ok(cli, "add", "two days back", "--date", days_back(2, today))

    def check(*args: str) -> int:
        outcome = cli("streak", "--check", *args)
        assert (outcome.stdout, outcome.stderr) == ("", "")
        code: int = outcome.exit_code
        return code

    assert check("--as-of", days_back(2, today)) == 0
    assert check("--as-of", days_back(1, today)) == 1
    assert check("--as-of", days_back(3, today)) == 1
    assert check() == 1


def test_streak_check_ignores_deleted_entries_and_other_habits(cli: Run) -> None:
    ok(cli, "habit", "add", "gym", "--every", "day")
    ok(cli, "done", "gym")
    assert cli("streak", "--check").exit_code == 1
    ok(cli, "add", "soon deleted")
    assert cli("streak", "--check").exit_code == 0
    ok(cli, "delete", "1", "--yes")
    assert cli("streak", "--check").exit_code == 1


# streak --calendar


def calendar_journal(cli: Run) -> None:
    """Entries from Mon 2026-11-09 to Tue 2026-11-17, Thu and Fri 2026-11-12/13 excused."""
    per_day = {9: 1, 10: 2, 11: 4, 14: 1, 15: 1, 16: 1, 17: 1}
    for day, count in per_day.items():
        for number in range(count):
            ok(cli, "add", f"entry {number}", "--date", iso(date(2026, 11, day)))
    ok(cli, "skip", "journal", "--from", "2026-11-12", "--to", "2026-11-13")


WEEKDAY_LABELS = ["Mon ", "Tue ", "Wed ", "Thu ", "Fri ", "Sat ", "Sun "]
LABEL_WIDTH = 4
# As of Wed 2026-11-18 the 26 weeks shown start on Mon 2026-05-25: W46 is column 24, W47 25.
FIRST_MONDAY = date(2026, 5, 25)


def cell(row: str, column: int) -> str:
    return row.ljust(LABEL_WIDTH + 2 * 26)[LABEL_WIDTH + 2 * column]


@pytest.mark.usefixtures("narrow_plain_output")
def test_the_calendar_is_a_plain_heat_map_within_80_columns(cli: Run) -> None:
    calendar_journal(cli)
    long_name = "a" * 40
    ok(cli, "habit", "add", long_name, "--every", "mon,wed,fri,sun")
    ok(cli, "done", long_name, "--date", "2026-11-16")  # begun before the as-of day

    outcome = ok(cli, "streak", "--calendar", "--as-of", iso(SPEC_TODAY))

    text = outcome.stdout
    assert "\x1b" not in text + outcome.stderr
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 80, max(lines, key=len)
    for name in ("journal", "papers", long_name):
        assert any(line.startswith(name) for line in lines), name
    start = next(index for index, line in enumerate(lines) if line.startswith("journal "))
    months, *rows = lines[start + 1 : start + 9]
    assert [row[:LABEL_WIDTH] for row in rows] == WEEKDAY_LABELS
    # Month names stand above the week in which the month begins (Sun 2026-11-01: column 22).
    assert months[LABEL_WIDTH + 2 * 22 :].startswith("Nov")
    assert months[LABEL_WIDTH + 2 * 1 :].startswith("Jun")
    for month in ("Jul", "Aug", "Sep", "Oct"):
        assert month in months
    mon, tue, wed, thu, fri, sat, sun = rows
    assert [cell(row, 24) for row in rows] == ["░", "▒", "█", "~", "~", "░", "░"]
    assert [cell(row, 25) for row in (mon, tue, wed)] == ["░", "░", "○"]
    assert [cell(row, 25) for row in (thu, fri, sat, sun)] == [" "] * 4  # the future
    assert {cell(row, column) for row in rows for column in range(24)} == {" "}  # before day 1
    legend = "\n".join(lines[-2:])
    for fragment in ("░  ▒  ▓  █", "entries a day", "~ excused", "nothing done", "○ today"):
        assert fragment in legend


def test_the_calendar_json_marks_every_day_of_the_26_weeks(cli: Run) -> None:
    calendar_journal(cli)

    journal = streak_of(cli, "journal", SPEC_TODAY, "--calendar")

    days = {mark["day"]: mark for mark in journal["calendar"]}
    assert list(days) == [
        iso(FIRST_MONDAY + timedelta(days=offset))
        for offset in range((SPEC_TODAY - FIRST_MONDAY).days + 1)
    ]
    assert days["2026-11-08"] == {"day": "2026-11-08", "mark": "open", "amount": 0}
    assert days["2026-11-11"] == {"day": "2026-11-11", "mark": "done", "amount": 4}
    assert days["2026-11-12"]["mark"] == "excused"
    assert days["2026-11-13"]["mark"] == "excused"
    assert days["2026-11-18"] == {"day": "2026-11-18", "mark": "pending", "amount": 0}
    assert "calendar" not in streak_of(cli, "journal")
    every = ok(cli, "streak", "--calendar", "--as-of", iso(SPEC_TODAY), "--json").json()
    assert all("calendar" in habit for habit in every["habits"])


# habit add, list, rename, remove


@pytest.mark.parametrize(
    ("every", "stored", "kind"),
    [
        ("day", "day", "daily"),
        ("sat,sun", "sat,sun", "weekdays"),
        ("mon-fri", "mon-fri", "weekdays"),
        ("1/week", "1/week", "weekly"),
        ("7/week", "7/week", "weekly"),
        ("7h/week", "7h/week", "amount"),
        ("420min/week", "7h/week", "amount"),
        ("90min/week", "90min/week", "amount"),
    ],
)
def test_habit_add_accepts_every_schedule_form(
    cli: Run, every: str, stored: str, kind: str
) -> None:
    outcome = ok(cli, "habit", "add", "Deep-Work", "--every", every)
    assert outcome.stdout == f"tracking deep-work, every {stored}\n"
    assert habits_listed(cli)["deep-work"]["schedule"] == stored
    assert streak_of(cli, "deep-work", today_utc())["kind"] == kind


def test_habit_add_json_has_the_stable_shape(cli: Run) -> None:
    outcome = ok(cli, "habit", "add", "gym", "--every", "3/week", "--json")
    assert outcome.json() == {
        "name": "gym",
        "schedule": "3/week",
        "builtin": False,
        "created_on": iso(today_utc()),
        "check_ins": 0,
    }


def test_habit_list_shows_the_built_in_habits_first_then_the_rest_by_name(cli: Run) -> None:
    ok(cli, "add", "an entry")
    ok(cli, "habit", "add", "zeta", "--every", "day")
    ok(cli, "habit", "add", "alpha", "--every", "sat,sun")
    ok(cli, "done", "alpha", "--date", "yesterday")
    ok(cli, "done", "alpha")

    document = ok(cli, "habit", "list", "--json").json()

    assert document["count"] == 4
    assert document["habits"] == [
        {
            "name": "journal",
            "schedule": "day",
            "builtin": True,
            "created_on": None,
            "check_ins": 1,
        },
        {
            "name": "papers",
            "schedule": "2/week",
            "builtin": True,
            "created_on": None,
            "check_ins": 0,
        },
        {
            "name": "alpha",
            "schedule": "sat,sun",
            "builtin": False,
            "created_on": iso(today_utc()),
            "check_ins": 2,
        },
        {
            "name": "zeta",
            "schedule": "day",
            "builtin": False,
            "created_on": iso(today_utc()),
            "check_ins": 0,
        },
    ]
    table = ok(cli, "habit", "list").stdout
    names = [line.split()[0] for line in table.splitlines()[1:]]
    assert names == ["journal", "papers", "alpha", "zeta"]
    assert "built in" in table
    assert "2 check-ins" in table


def test_done_records_a_check_in_and_a_second_one_that_day_changes_nothing(
    cli: Run, sandbox: Sandbox
) -> None:
    ok(cli, "habit", "add", "gym", "--every", "day")
    first = ok(cli, "done", "GYM", "--date", "2026-11-16")
    assert first.stdout == "gym done for Mon 2026-11-16\n"
    before = db_dump(sandbox.db)

    again = ok(cli, "done", "gym", "--date", "2026-11-16")
    assert again.stdout == ""
    assert "already done" in again.stderr
    assert again.stderr.count("\n") == 1
    assert ok(cli, "done", "gym", "--date", "2026-11-16", "--json").json() == {
        "habit": "gym",
        "day": "2026-11-16",
        "minutes": None,
        "already_done": True,
    }
    assert db_dump(sandbox.db) == before
    assert habits_listed(cli)["gym"]["check_ins"] == 1


def test_done_defaults_to_today_and_reports_in_json(cli: Run) -> None:
    ok(cli, "habit", "add", "gym", "--every", "day")
    assert ok(cli, "done", "gym", "--json").json() == {
        "habit": "gym",
        "day": iso(today_utc()),
        "minutes": None,
        "already_done": False,
    }
    gym = streak_of(cli, "gym", today_utc())
    assert (gym["current"], gym["status"]) == (1, "done")


def test_skip_excuses_one_habit_every_habit_or_a_built_in_one(cli: Run) -> None:
    ok(cli, "habit", "add", "read", "--every", "day")
    one = ok(cli, "skip", "read", "--from", "2026-11-10", "--to", "2026-11-11")
    assert one.stdout == "read excused on Tue 2026-11-10 to Wed 2026-11-11 (skip #1)\n"
    every = ok(cli, "skip", "--from", "2026-11-16")
    assert every.stdout == "every habit excused on Mon 2026-11-16 (skip #2)\n"
    assert ok(cli, "skip", "Journal", "--from", "2026-11-12").stdout.startswith("journal excused")
    assert ok(cli, "skip", "papers", "--from", "2026-12-24", "--to", "2026-12-26").exit_code == 0

    for day in ("2026-11-15", "2026-11-17"):
        ok(cli, "add", "x", "--date", day)
        ok(cli, "done", "read", "--date", day)
    for habit in ("read", "journal"):
        streak = streak_of(cli, habit)  # 15 done, 16 excused for every habit, 17 done
        assert (streak["current"], streak["status"]) == (2, "pending"), habit


def test_habit_remove_with_yes_deletes_the_habit(cli: Run) -> None:
    ok(cli, "habit", "add", "gym", "--every", "day")
    ok(cli, "done", "gym")
    outcome = ok(cli, "habit", "remove", "Gym", "--yes")
    assert outcome.stdout.startswith("removed gym")
    assert "gym" not in habits_listed(cli)


@pytest.mark.usefixtures("terminal")
def test_habit_remove_asks_on_a_terminal_and_a_no_keeps_it(cli: Run, sandbox: Sandbox) -> None:
    ok(cli, "habit", "add", "gym", "--every", "day")
    ok(cli, "done", "gym")
    before = db_dump(sandbox.db)
    declined = cli("habit", "remove", "gym", input="n\n")
    assert declined.exit_code == 1
    assert "Remove gym" in declined.stderr
    assert "error: gym was not removed" in declined.stderr
    assert db_dump(sandbox.db) == before
    ok(cli, "habit", "remove", "gym", input="y\n")
    assert "gym" not in habits_listed(cli)


def test_habit_rename_prints_the_new_name(cli: Run) -> None:
    ok(cli, "habit", "add", "gym", "--every", "day")
    assert ok(cli, "habit", "rename", "gym", "Lifting").stdout == "renamed to lifting\n"
    assert list(habits_listed(cli)) == ["journal", "papers", "lifting"]
    assert ok(cli, "habit", "rename", "lifting", "LIFTING").exit_code == 0


# every failure: exit 1, one line, nothing changed


@pytest.fixture
def journal_with_habits(cli: Run, sandbox: Sandbox) -> list[str]:
    """An entry, habits gym (3/week) and study (2h/week) with check-ins and a skip."""
    ok(cli, "add", "an entry #x")
    ok(cli, "habit", "add", "gym", "--every", "3/week")
    ok(cli, "habit", "add", "study", "--every", "2h/week")
    ok(cli, "done", "gym", "--date", "yesterday")
    ok(cli, "done", "study", "--minutes", "30")
    ok(cli, "skip", "gym", "--from", "2026-11-01")
    return db_dump(sandbox.db)


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        # unknown habits
        (("done", "nope"), ("no habit 'nope'", "journal, papers, gym, study")),
        (("skip", "nope", "--from", "2026-11-01"), ("no habit 'nope'",)),
        (("streak", "nope"), ("no habit 'nope'", "gym")),
        (("streak", "nope", "--json"), ("no habit 'nope'",)),
        (("habit", "remove", "nope", "--yes"), ("no habit 'nope'",)),
        (("habit", "remove", "nope"), ("no habit 'nope'",)),
        (("habit", "rename", "nope", "other"), ("no habit 'nope'",)),
        # malformed schedules
        (("habit", "add", "swim", "--every", "fortnightly"), ("day", "sat,sun", "mon-fri")),
        (("habit", "add", "swim", "--every", "mon-funday"), ("N/week", "7h/week", "420min/week")),
        (("habit", "add", "swim", "--every", ""), ("cannot read the schedule", "N/week")),
        (("habit", "add", "swim", "--every", "8/week"), ("1/week to 7/week",)),
        (("habit", "add", "swim", "--every", "0/week"), ("1/week to 7/week",)),
        (("habit", "add", "swim", "--every", "0min/week"), ("whole number of minutes",)),
        (("habit", "add", "swim", "--every", "169h/week"), ("168h",)),
        # duplicates and built-in names
        (("habit", "add", "gym", "--every", "day"), ("already a habit 'gym'",)),
        (("habit", "add", " GYM ", "--every", "day"), ("already a habit 'gym'",)),
        (("habit", "add", "journal", "--every", "day"), ("built-in",)),
        (("habit", "add", "Papers", "--every", "2/week"), ("built-in",)),
        (("habit", "rename", "gym", "journal"), ("built-in",)),
        (("habit", "rename", "gym", "papers"), ("built-in",)),
        (("habit", "rename", "journal", "diary"), ("built-in",)),
        (("habit", "rename", "papers", "reading"), ("built-in",)),
        (("habit", "rename", "gym", "study"), ("already a habit 'study'",)),
        (("habit", "remove", "journal", "--yes"), ("built-in",)),
        (("habit", "remove", "papers", "--yes"), ("built-in",)),
        (("habit", "remove", "journal"), ("journal",)),
        (("habit", "remove", "papers"), ("papers",)),
        # names that cannot be habits
        (("habit", "add", "two words", "--every", "day"), ("cannot name a habit",)),
        (("habit", "add", "", "--every", "day"), ("cannot name a habit",)),
        (("habit", "add", "x" * 41, "--every", "day"), ("at most 40",)),
        (("habit", "add", "--every", "day", "--", "-gym"), ("cannot name a habit",)),
        (("habit", "add", "gym-", "--every", "day"), ("cannot name a habit",)),
        (("habit", "add", "gym!", "--every", "day"), ("cannot name a habit",)),
        (("habit", "rename", "gym", "gym/2"), ("cannot name a habit",)),
        (("done", "two words"), ("cannot name a habit",)),
        (("streak", "two words"), ("cannot name a habit",)),
        # done
        (("done", "gym", "--date", "tomorrow"), ("in the future",)),
        (("done", "study", "--minutes", "30", "--date", "tomorrow"), ("in the future",)),
        (("done", "gym", "--date", "01/02/2026"), ("YYYY-MM-DD",)),
        (("done", "study"), ("--minutes",)),
        (("done", "study", "--date", "yesterday"), ("--minutes",)),
        (("done", "study", "--minutes", "0"), ("between 1 and 1440",)),
        (("done", "study", "--minutes", "1441"), ("between 1 and 1440",)),
        (("done", "study", "--minutes", "-5"), ("between 1 and 1440",)),
        (("done", "journal"), ("learnlog add",)),
        (("done", "papers"), ("paper",)),
        # skip
        (("skip", "--from", "2026-11-10", "--to", "2026-11-09"), ("before",)),
        (("skip", "gym", "--from", "2026-11-10", "--to", "2026-11-09"), ("before",)),
        (("skip", "journal", "--from", "someday"), ("YYYY-MM-DD",)),
        # remove without a terminal to ask on
        (("habit", "remove", "gym"), ("--yes",)),
        # streak
        (("streak", "--as-of", "tomorrow"), ("in the future",)),
        (("streak", "--check", "--as-of", "tomorrow"), ("in the future",)),
    ],
)
def test_every_habit_failure_is_one_line_exit_1_and_changes_nothing(
    cli: Run,
    sandbox: Sandbox,
    journal_with_habits: list[str],
    args: tuple[str, ...],
    fragments: tuple[str, ...],
) -> None:
    outcome = cli(*args)
    assert_one_line_error(outcome, 1, *fragments)
    assert outcome.stdout == ""
    assert db_dump(sandbox.db) == journal_with_habits


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (("habit", "add", "swim"), ("Missing option '--every'",)),
        (("skip", "gym"), ("Missing option '--from'",)),
        (("done",), ("Missing argument",)),
        (("done", "study", "--minutes", "lots"), ("'--minutes'",)),
        (("habit", "rename", "gym"), ("Missing argument",)),
        (("streak", "--bogus"), ("No such option: --bogus",)),
    ],
)
def test_habit_usage_errors_are_one_line_exit_2_and_change_nothing(
    cli: Run,
    sandbox: Sandbox,
    journal_with_habits: list[str],
    args: tuple[str, ...],
    fragments: tuple[str, ...],
) -> None:
    assert_one_line_error(cli(*args), 2, *fragments, "--help")
    assert db_dump(sandbox.db) == journal_with_habits


def test_built_in_habits_are_refused_alike_with_or_without_yes(
    cli: Run, journal_with_habits: list[str]
) -> None:
    """Without --yes the refusal must still say the habit is built in and cannot be removed."""
    for name in ("journal", "papers"):
        asked = cli("habit", "remove", name)
        forced = cli("habit", "remove", name, "--yes")
        assert (asked.exit_code, forced.exit_code) == (1, 1)
        assert "built-in" in forced.stderr
        assert asked.stderr == forced.stderr


# weekly and amount habits


def test_three_check_ins_in_a_past_iso_week_meet_a_3_per_week_habit(cli: Run) -> None:
    monday = monday_of(today_utc()) - timedelta(weeks=2)
    wednesday, friday, sunday = (monday + timedelta(days=n) for n in (2, 4, 6))
    ok(cli, "habit", "add", "gym", "--every", "3/week")
    ok(cli, "done", "gym", "--date", iso(monday))
    ok(cli, "done", "gym", "--date", iso(wednesday))

    midweek = streak_of(cli, "gym", wednesday)
    assert (midweek["current"], midweek["status"]) == (0, "pending")
    assert midweek["period"] == {
        "start": iso(monday),
        "count": 2,
        "target": 3,
        "remaining": 1,
        "days_left": 5,
        "unit": "check-ins",
    }
    table = ok(cli, "streak", "gym", "--as-of", iso(wednesday)).stdout
    assert "need 1 more, 5 days left" in table

    ok(cli, "done", "gym", "--date", iso(friday))
    met = streak_of(cli, "gym", sunday)
    assert (met["current"], met["longest"], met["status"]) == (1, 1, "done")
    assert (met["kind"], met["unit"], met["schedule"]) == ("weekly", "week", "3/week")
    assert met["period"] == {
        "start": iso(monday),
        "count": 3,
        "target": 3,
        "remaining": 0,
        "days_left": 1,
        "unit": "check-ins",
    }
    assert met["next_due"] == iso(sunday + timedelta(days=1))
    assert "1 week" in ok(cli, "streak", "gym", "--as-of", iso(sunday)).stdout

    # An empty next week is pending up to its last day; once it is over, it breaks the streak.
    next_sunday = sunday + timedelta(weeks=1)
    pending = streak_of(cli, "gym", next_sunday)
    assert (pending["current"], pending["longest"], pending["status"]) == (1, 1, "pending")
    assert (pending["period"]["remaining"], pending["period"]["days_left"]) == (3, 1)
    after_the_miss = streak_of(cli, "gym", next_sunday + timedelta(days=1))
    assert (after_the_miss["current"], after_the_miss["longest"]) == (0, 1)
    assert after_the_miss["period"]["start"] == iso(next_sunday + timedelta(days=1))


def test_an_amount_habit_adds_up_the_minutes_of_its_week(cli: Run) -> None:
    monday = monday_of(today_utc()) - timedelta(weeks=2)
    tuesday, wednesday = monday + timedelta(days=1), monday + timedelta(days=2)
    ok(cli, "habit", "add", "study", "--every", "2h/week")
    assert ok(cli, "done", "study", "-m", "45", "--date", iso(monday)).stdout == (
        f"study done for Mon {iso(monday)} (45 min)\n"
    )
    for _ in range(2):  # an amount habit takes several check-ins a day
        done = ok(cli, "done", "study", "--minutes", "30", "--date", iso(tuesday), "--json")
        assert done.json()["already_done"] is False
        assert done.json()["minutes"] == 30

    short = streak_of(cli, "study", wednesday)
    assert (short["current"], short["status"], short["kind"]) == (0, "pending", "amount")
    assert short["period"] == {
        "start": iso(monday),
        "count": 105,
        "target": 120,
        "remaining": 15,
        "days_left": 5,
        "unit": "minutes",
    }
    assert (
        "need 15min more, 5 days left"
        in ok(cli, "streak", "study", "--as-of", iso(wednesday)).stdout
    )

    ok(cli, "done", "study", "--minutes", "15", "--date", iso(wednesday))
    met = streak_of(cli, "study", wednesday)
    assert (met["current"], met["status"]) == (1, "done")
    assert (met["period"]["count"], met["period"]["remaining"]) == (120, 0)
    assert habits_listed(cli)["study"]["check_ins"] == 4


# rename keeps the history, remove deletes it


def test_rename_keeps_check_ins_and_skips(cli: Run) -> None:
    ok(cli, "habit", "add", "read", "--every", "day")
    for back in (4, 3, 1):
        ok(cli, "done", "read", "--date", days_back(back))
    ok(cli, "skip", "read", "--from", days_back(2))
    before = streak_of(cli, "read")
    assert (before["current"], before["longest"]) == (3, 3)

    ok(cli, "habit", "rename", "read", "reading")

    after = streak_of(cli, "reading")
    assert after == before | {"name": "reading"}
    assert habits_listed(cli)["reading"]["check_ins"] == 3
    assert_one_line_error(cli("streak", "read"), 1, "no habit 'read'")


def test_remove_deletes_check_ins_and_skips_of_the_habit(cli: Run, sandbox: Sandbox) -> None:
    ok(cli, "habit", "add", "read", "--every", "day")
    for back in (4, 3, 1):
        ok(cli, "done", "read", "--date", days_back(back))
    ok(cli, "skip", "read", "--from", days_back(2))
    ok(cli, "skip", "--from", days_back(10))  # every habit's skip stays

    ok(cli, "habit", "remove", "read", "--yes")
    assert count_rows(sandbox.db, "SELECT count(*) FROM check_in") == 0
    assert count_rows(sandbox.db, "SELECT count(*) FROM skip WHERE habit = ?", "read") == 0
    assert count_rows(sandbox.db, "SELECT count(*) FROM skip WHERE habit IS NULL") == 1

    ok(cli, "habit", "add", "read", "--every", "day")
    assert habits_listed(cli)["read"]["check_ins"] == 0
    for back in (3, 1):
        ok(cli, "done", "read", "--date", days_back(back))
    again = streak_of(cli, "read")  # D-2 is no longer excused: it breaks the run
    assert (again["current"], again["longest"]) == (1, 1)


def test_a_habit_begun_after_the_as_of_day_is_left_out_unless_asked_for(cli: Run) -> None:
    ok(cli, "habit", "add", "later", "--every", "day")  # created today, after SPEC_TODAY
    every = ok(cli, "streak", "--as-of", iso(SPEC_TODAY), "--json").json()["habits"]
    assert [habit["name"] for habit in every] == ["journal", "papers"]
    [later] = ok(cli, "streak", "later", "--as-of", iso(SPEC_TODAY), "--json").json()["habits"]
    assert (later["current"], later["first_day"]) == (0, None)


def test_an_excused_week_says_what_would_still_meet_it(cli: Run) -> None:
    ok(cli, "habit", "add", "fastai", "--every", "7h/week")
    ok(cli, "skip", "fastai", "--from", "2026-11-19", "--to", "2026-11-22")  # Thu to Sun off
    ok(cli, "done", "fastai", "--date", "2026-11-17", "--minutes", "250")
    [fastai] = ok(cli, "streak", "fastai", "--as-of", iso(SPEC_TODAY), "--json").json()["habits"]
    assert fastai["status"] == "excused"  # 250 of the 180 minutes its three open days ask
    assert fastai["period"]["remaining"] == 170
    table = ok(cli, "streak", "fastai", "--as-of", iso(SPEC_TODAY)).stdout
    assert "excused this week; 2h 50min more would meet it" in table


def test_skips_are_listed_and_unskip_takes_one_back(cli: Run, sandbox: Sandbox) -> None:
    ok(cli, "add", "read about skips", "--date", "2026-11-16")
    ok(cli, "add", "read about skips again", "--date", "2026-11-18")
    ok(cli, "skip", "journal", "--from", "2026-11-17")
    ok(cli, "skip", "--from", "2026-12-24", "--to", "2026-12-26")
    assert ok(cli, "skips").stdout == (
        "#1  journal excused on Tue 2026-11-17\n"
        "#2  every habit excused on Thu 2026-12-24 to Sat 2026-12-26\n"
    )
    assert ok(cli, "skips", "--json").json()["skips"][0] == {
        "id": 1,
        "habit": "journal",
        "first_day": "2026-11-17",
        "last_day": "2026-11-17",
    }
    assert streak_of(cli, "journal")["current"] == 2
    removed = ok(cli, "unskip", "1")
    assert removed.stdout == "removed skip #1: journal excused on Tue 2026-11-17\n"
    assert streak_of(cli, "journal")["current"] == 1  # the 17th is missed again
    before = db_dump(sandbox.db)
    assert_one_line_error(cli("unskip", "1"), 1, "there is no skip #1")
    assert db_dump(sandbox.db) == before
    assert [skip["id"] for skip in ok(cli, "skips", "--json").json()["skips"]] == [2]


@pytest.mark.parametrize(
    "extra", [("journal",), ("--json",), ("--calendar",)], ids=["habit", "json", "calendar"]
)
def test_check_answers_for_the_journal_alone(cli: Run, extra: tuple[str, ...]) -> None:
    outcome = cli("streak", "--check", *extra)
    assert_one_line_error(outcome, 2, "--check", "journal alone")
    assert outcome.stdout == ""


def test_an_id_beyond_any_skip_is_a_usage_error(cli: Run) -> None:
    assert_one_line_error(cli("unskip", "9223372036854775808"), 2, "9223372036854775807")
