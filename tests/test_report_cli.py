"""learnlog report through Typer's test runner: formats, spans, files and every refusal."""

from __future__ import annotations

import json
import sqlite3
import stat
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from learnlog.dates import Week
from tests.conftest import Outcome, Sandbox, today_utc
from tests.test_cli import assert_one_line_error, db_dump

Run = Any

W47 = "2026-W47"  # Mon 2026-11-16 to Sun 2026-11-22, a week that is over
LONG_HABIT = "a" * 40
LONG_TEXT = (
    "Gradient checkpointing trades compute for memory: it keeps only some activations during "
    "the forward pass and recomputes the others during the backward pass"
)


def ok(cli: Run, *args: str) -> Outcome:
    """Run a command that must succeed."""
    outcome: Outcome = cli(*args)
    assert outcome.exit_code == 0, outcome
    assert "Traceback" not in outcome.stdout + outcome.stderr
    return outcome


def insert_papers(db: Path, papers: list[tuple[str, str, str | None, date | None]]) -> None:
    """Papers as ``(title, status, link, read_on)`` rows, until the paper commands can be used."""
    connection = sqlite3.connect(db)
    try:
        with connection:
            connection.executemany(
                "INSERT INTO paper (uid, title, link, status, added_on, read_on, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        f"00000000-0000-4000-8000-{number:012d}",
                        title,
                        link,
                        status,
                        "2026-10-01",
                        None if read_on is None else read_on.isoformat(),
                        "2026-10-01 09:00:00",
                        "2026-10-01 09:00:00",
                    )
                    for number, (title, status, link, read_on) in enumerate(papers, 1)
                ],
            )
    finally:
        connection.close()


@pytest.fixture
def weeks_of_data(cli: Run, sandbox: Sandbox) -> None:
    """Three weeks, W45 to W47 of 2026, with every kind of thing the report shows."""
    for day, text, *extra in [
        ("2026-11-03", "Variances of independent variables add up #probability"),
        ("2026-11-10", "Einsum names every axis #numpy"),  # seven days old on Tue 17
        ("2026-11-12", "Weight decay is not L2 regularisation under Adam #optim", "--stage",
         "understood"),
        ("2026-11-16", "Backprop is the chain rule, applied backwards #math", "--star"),
        ("2026-11-17", LONG_TEXT, "-t", "memory-and-compute-tradeoffs", "-t", "deep-learning"),
        ("2026-11-20", "LayerNorm normalises each token over its features #transformers",
         "--source", "https://arxiv.org/abs/1607.06450"),
    ]:  # fmt: skip
        ok(cli, "add", text, "--date", day, *extra)
    ok(cli, "habit", "add", "study", "--every", "7h/week")
    ok(cli, "habit", "add", LONG_HABIT, "--every", "mon,wed,fri")
    for day, minutes in [("2026-11-09", "420"), ("2026-11-16", "90"), ("2026-11-18", "120")]:
        ok(cli, "done", "study", "--date", day, "--minutes", minutes)
    for day in ("2026-11-16", "2026-11-18"):
        ok(cli, "done", LONG_HABIT, "--date", day)
    ok(cli, "skip", "journal", "--from", "2026-11-19", "--to", "2026-11-19")
    insert_papers(
        sandbox.db,
        [
            ("Attention is all you need", "read", "arXiv:1706.03762", date(2026, 11, 17)),
            ("Layer normalization", "read", None, date(2026, 11, 10)),
            ("Generative adversarial networks", "queued", None, None),
        ],
    )


def report_json(cli: Run, *args: str) -> dict[str, Any]:
    document: dict[str, Any] = ok(cli, "report", "--format", "json", *args).json()
    return document


# The terminal ----------------------------------------------------------------------------------

RICH_HEADINGS = (
    f"Weekly review {W47}",
    "What you learned",
    "Papers: 1 of 2 read",
    "Study time, study: 3h 30min of 7h",
    "Streaks at the end of Sun 2026-11-22",
    "Gaps",
    "Highlights",
    "To revisit",
)


@pytest.mark.usefixtures("weeks_of_data")
def test_the_terminal_report_shows_every_section(cli: Run) -> None:
    outcome = ok(cli, "report", "--week", W47)
    lines = outcome.stdout.splitlines()
    for heading in RICH_HEADINGS:
        assert any(line.startswith(heading) for line in lines), heading
    glance = [line.split() for line in lines[3:7]]
    assert glance[0] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert glance[1] == ["entries", "1", "1", "·", "·", "1", "·", "·"]
    assert glance[2] == ["check-ins", "2", "·", "2", "·", "·", "·", "·"]
    assert glance[3] == ["papers", "·", "1", "·", "·", "·", "·", "·"]
    assert "Days without an entry: Wed 18 Nov, Sat 21 Nov, Sun 22 Nov" in outcome.stdout
    assert outcome.stderr == ""


@pytest.mark.usefixtures("weeks_of_data", "narrow_plain_output")
@pytest.mark.parametrize(
    "span",
    [("--week", W47), (), ("--from", "2026-11-01", "--to", "2026-11-22")],
    ids=["week", "this-week", "from-to"],
)
def test_the_terminal_report_fits_80_columns_without_colour(
    cli: Run, span: tuple[str, ...]
) -> None:
    ok(cli, "add", LONG_TEXT + " #today")
    outcome = ok(cli, "report", *span)
    assert "\x1b" not in outcome.stdout + outcome.stderr
    lines = outcome.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80, max(lines, key=len)
    assert any(line.startswith(LONG_HABIT) for line in lines)


# Formats and files -----------------------------------------------------------------------------


@pytest.mark.usefixtures("weeks_of_data")
def test_markdown_json_and_html_formats(cli: Run) -> None:
    markdown = ok(cli, "report", "--week", W47, "--format", "markdown").stdout
    assert markdown.startswith("# This week I learned\n\n*2026-W47, Mon 16 Nov to Sun 22 Nov 2026*")
    assert "- **Fri 20 Nov**: LayerNorm" in markdown
    assert "[source](https://arxiv.org/abs/1607.06450)" in markdown

    document = report_json(cli, "--week", W47)
    assert document["span"] == {"first": "2026-11-16", "last": "2026-11-22", "week": W47}
    assert document["as_of"] == "2026-11-22"
    assert [entry["day"] for entry in document["entries"]] == [
        "2026-11-16",
        "2026-11-17",
        "2026-11-20",
    ]
    assert document["study_time"] == [
        {"habit": "study", "minutes": 210, "target": 420, "remaining": 210}
    ]

    page = ok(cli, "report", "--week", W47, "--format", "HTML").stdout
    assert page.startswith("<!doctype html>")
    for section in ("glance", "heatmap", "paper-bars", "study-time", "revisit"):
        assert f'<section id="{section}">' in page


@pytest.mark.usefixtures("weeks_of_data")
@pytest.mark.parametrize(
    ("name", "chosen"),
    [("review.md", "markdown"), ("review.json", "json"), ("Review.HTML", "html")],
)
def test_output_writes_a_private_file_in_the_format_of_its_suffix(
    cli: Run, tmp_path: Path, name: str, chosen: str
) -> None:
    path = tmp_path / name
    outcome = ok(cli, "report", "--week", W47, "--output", str(path))
    assert outcome.stdout == ""
    assert outcome.stderr == f"report for {W47} written to {path}\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    expected = ok(cli, "report", "--week", W47, "--format", chosen).stdout
    assert path.read_text(encoding="utf-8") == expected


@pytest.mark.usefixtures("weeks_of_data")
def test_an_explicit_format_wins_over_the_suffix(cli: Run, tmp_path: Path) -> None:
    path = tmp_path / "review.txt"
    ok(cli, "report", "--week", W47, "-o", str(path), "-f", "markdown")
    assert path.read_text(encoding="utf-8").startswith("# This week I learned")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# Spans -----------------------------------------------------------------------------------------


@pytest.mark.usefixtures("weeks_of_data")
def test_the_default_is_this_week_and_last_is_the_week_before(cli: Run) -> None:
    today = today_utc()
    ok(cli, "add", "learned today")
    this_week = report_json(cli)
    assert this_week["span"]["week"] == str(Week.of(today))
    assert this_week["as_of"] == today.isoformat()
    assert this_week["entries"][-1]["text"] == "learned today"
    assert ok(cli, "report").stdout.startswith(f"Weekly review {Week.of(today)}")

    previous = report_json(cli, "--last")
    assert previous["span"]["week"] == str(Week.of(today).shifted(-1))
    assert previous["as_of"] == Week.of(today).shifted(-1).end.isoformat()


@pytest.mark.usefixtures("weeks_of_data")
def test_week_accepts_iso_weeks_and_expressions(cli: Run) -> None:
    assert report_json(cli, "--week", W47)["span"]["first"] == "2026-11-16"
    assert report_json(cli, "--week", "2026w46")["span"]["week"] == "2026-W46"
    assert report_json(cli, "--week", "2026-11-18")["span"]["week"] == W47
    assert report_json(cli, "--week", "last week")["span"]["week"] == str(
        Week.of(today_utc()).shifted(-1)
    )


@pytest.mark.usefixtures("weeks_of_data")
def test_from_to_reviews_any_span(cli: Run) -> None:
    document = report_json(cli, "--from", "2026-11-09", "--to", "2026-11-22")
    assert document["span"] == {"first": "2026-11-09", "last": "2026-11-22", "week": None}
    assert len(document["days"]) == 14
    assert len(document["entries"]) == 5
    assert document["papers"]["count"] == 2
    assert document["papers"]["target"] == 4
    rich = ok(cli, "report", "--from", "2026-11-09", "--to", "2026-11-22").stdout
    assert rich.startswith("Review 2026-11-09 to 2026-11-22")
    markdown = ok(cli, "report", "--from", "2026-11-09", "--to", "2026-11-22", "-f", "markdown")
    assert markdown.stdout.startswith("# What I learned\n\n*Mon 2026-11-09 to Sun 2026-11-22*")

    until_today = report_json(cli, "--from", "2026-11-20")
    assert until_today["span"]["last"] == today_utc().isoformat()


# Refusals --------------------------------------------------------------------------------------


def placeholders(tmp_path: Path) -> dict[str, str]:
    """Values that depend on the day the tests run, or on their directory."""
    next_week = Week.of(today_utc()).shifted(1)
    return {
        "NEXT_WEEK": str(next_week),
        "NEXT_MONDAY": next_week.start.isoformat(),
        "FILE.txt": str(tmp_path / "review.txt"),
    }


@pytest.mark.usefixtures("weeks_of_data")
@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (("--week", W47, "--last"), "choose one of --week, --last, or --from/--to"),
        (("--last", "--from", "2026-11-01"), "choose one"),
        (("--to", "2026-11-20"), "--to needs --from"),
        (("--from", "2026-11-20", "--to", "2026-11-10"), "is before --from"),
        (("--week", "NEXT_WEEK"), "has not begun yet"),
        (("--week", "someday"), "cannot read the week 'someday'"),
        (("--week", "2026-W54"), "2026 has weeks 1 to 53"),
        (("--from", "01/02/2026"), "YYYY-MM-DD"),
        (("--output", "FILE.txt"), "cannot tell the format of review.txt"),
    ],
    ids=[
        "week-and-last",
        "last-and-from",
        "to-without-from",
        "to-before-from",
        "week-not-begun",
        "unreadable-week",
        "no-such-week",
        "ambiguous-day",
        "unknown-suffix",
    ],
)
def test_refusals_are_one_line_exit_1_and_change_nothing(
    cli: Run, sandbox: Sandbox, tmp_path: Path, args: tuple[str, ...], hint: str
) -> None:
    values = placeholders(tmp_path)
    before = db_dump(sandbox.db)
    assert_one_line_error(cli("report", *(values.get(arg, arg) for arg in args)), 1, hint)
    assert db_dump(sandbox.db) == before
    assert not (tmp_path / "review.txt").exists()


@pytest.mark.usefixtures("weeks_of_data")
def test_from_a_day_to_come_says_the_span_has_not_begun(
    cli: Run, sandbox: Sandbox, tmp_path: Path
) -> None:
    """Not "--to <today> is before --from <day>": no --to was given."""
    before = db_dump(sandbox.db)
    outcome = cli("report", "--from", placeholders(tmp_path)["NEXT_MONDAY"])
    assert_one_line_error(outcome, 1, "has not begun yet")
    assert db_dump(sandbox.db) == before


@pytest.mark.usefixtures("weeks_of_data")
def test_output_to_a_missing_directory_is_refused(
    cli: Run, sandbox: Sandbox, tmp_path: Path
) -> None:
    before = db_dump(sandbox.db)
    path = tmp_path / "no" / "such" / "dir" / "review.md"
    outcome = cli("report", "--week", W47, "--output", str(path))
    assert_one_line_error(outcome, 1, str(path.parent))
    assert not (tmp_path / "no").exists()
    assert db_dump(sandbox.db) == before


@pytest.mark.usefixtures("weeks_of_data")
def test_an_unknown_format_is_a_usage_error(cli: Run, sandbox: Sandbox) -> None:
    before = db_dump(sandbox.db)
    assert_one_line_error(cli("report", "--format", "pdf"), 2, "pdf")
    assert db_dump(sandbox.db) == before


# An empty journal ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chosen", "friendly"),
    [
        ("rich", "No entries in this span yet: 'learnlog add' starts one."),
        ("markdown", "Nothing written down this time; the next entry starts a new streak."),
        ("json", '"entries": []'),
        ("html", "Nothing recorded here yet"),
    ],
)
def test_an_empty_journal_gives_a_friendly_report_in_every_format(
    cli: Run, chosen: str, friendly: str
) -> None:
    outcome = ok(cli, "report", "--format", chosen)
    assert friendly in outcome.stdout
    assert outcome.stderr == ""
    if chosen == "json":
        document = outcome.json()
        assert document["papers"] == {"read": [], "count": 0, "target": 2, "remaining": 2}
        assert document["pace"]["actual"] == 0
        assert all(day["entries"] == 0 for day in document["days"])


# The demo ------------------------------------------------------------------------------


def test_a_paper_read_in_the_week_counts_against_the_target_and_the_pace(
    cli: Run, sandbox: Sandbox
) -> None:
    ok(cli, "habit", "list")  # creates the journal
    read_on = date(2026, 11, 21)  # the Saturday of W47
    insert_papers(sandbox.db, [("Attention is all you need", "read", None, read_on)])

    document = report_json(cli, "--week", W47)

    assert document["papers"]["count"] == 1
    assert document["papers"]["target"] == 2
    assert document["papers"]["remaining"] == 1
    assert document["papers"]["read"][0]["read_on"] == read_on.isoformat()
    assert document["pace"]["actual"] == 1
    assert [day["papers"] for day in document["days"]] == [0, 0, 0, 0, 0, 1, 0]
    assert "Papers: 1 of 2 read; 1 of 100 papers in 2026" in ok(cli, "report", "--week", W47).stdout


def test_report_accepts_json_like_every_reporting_command(cli: Run, sandbox: Sandbox) -> None:
    """The spec: "Listing and reporting commands accept --json"; the issue's demo uses it."""
    ok(cli, "habit", "list")
    insert_papers(sandbox.db, [("Attention is all you need", "read", None, date(2026, 11, 21))])
    outcome = ok(cli, "report", "--week", W47, "--json")
    document = json.loads(outcome.stdout)
    assert (document["papers"]["count"], document["papers"]["target"]) == (1, 2)
    assert document["pace"]["actual"] == 1


def test_output_into_a_pipe_writes_into_it_and_leaves_the_pipe(cli: Run, tmp_path: Path) -> None:
    """A named pipe (or /dev/stdout, or a shell's >(…)) is written into, never replaced."""
    import os
    import threading

    pipe = tmp_path / "review.md"
    os.mkfifo(pipe)
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append(pipe.read_text(encoding="utf-8")))
    reader.start()
    outcome = cli("report", "--format", "markdown", "--output", str(pipe))
    reader.join(timeout=10)
    assert outcome.exit_code == 0, outcome
    assert received and received[0].startswith("# This week I learned")
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_output_to_a_folder_is_refused(cli: Run, tmp_path: Path, sandbox: Sandbox) -> None:
    cli("habit", "list")
    before = db_dump(sandbox.db)
    outcome = cli("report", "--format", "json", "--output", str(tmp_path))
    assert_one_line_error(outcome, 1, "is a folder")
    assert db_dump(sandbox.db) == before
