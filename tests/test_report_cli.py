"""learnlog report through Typer's test runner: formats, spans, files and every refusal."""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
import stat
from datetime import date, timedelta
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


# The terminal and a pipe -----------------------------------------------------------------------

# The sections of W47, top to bottom, in a terminal and in a pipe alike.
HEADINGS = (
    f"Weekly review {W47}",
    "What you learned",
    "Papers: 1 of 2 read",
    "Study time, study: 3h 30min of 7h",
    "Streaks at the end of Sun 2026-11-22",
    "Gaps",
    "Highlights",
    "To revisit",
)


def assert_every_section_in_order(stdout: str) -> list[str]:
    """The sections of W47 in their order, its glance and its gaps; returns the lines.

    Lines are compared without the spaces that pad them to the terminal's width.
    """
    lines = [line.rstrip() for line in stdout.splitlines()]
    starts = []
    for heading in HEADINGS:
        found = [number for number, line in enumerate(lines) if line.startswith(heading)]
        assert found, heading
        starts.append(found[0])
    assert starts == sorted(starts)
    glance = [line.split() for line in lines[3:7]]
    assert glance[0] == ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    assert glance[1] == ["entries", "1", "1", "·", "·", "1", "·", "·"]
    assert glance[2] == ["check-ins", "2", "·", "2", "·", "·", "·", "·"]
    assert glance[3] == ["papers", "·", "1", "·", "·", "·", "·", "·"]
    assert "  - Days without an entry: Wed 18 Nov, Sat 21 Nov, Sun 22 Nov" in lines
    return lines


@pytest.mark.usefixtures("weeks_of_data", "terminal_output")
def test_the_terminal_report_shows_every_section(cli: Run) -> None:
    outcome = ok(cli, "report", "--week", W47)
    lines = assert_every_section_in_order(outcome.stdout)
    assert lines[0].startswith(f"Weekly review {W47} ───")  # Rich's rule
    assert outcome.stderr == ""


@pytest.mark.usefixtures("weeks_of_data")
def test_the_report_into_a_pipe_shows_every_section_as_plain_text(cli: Run) -> None:
    outcome = ok(cli, "report", "--week", W47)
    lines = assert_every_section_in_order(outcome.stdout)
    assert lines[0] == f"Weekly review {W47}"
    assert "Streaks at the end of Sun 2026-11-22" in lines
    assert outcome.stderr == ""


@pytest.mark.usefixtures("weeks_of_data", "narrow_plain_output", "terminal_output")
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


@pytest.mark.usefixtures("weeks_of_data", "fresh_consoles")
@pytest.mark.parametrize("variable", ["FORCE_COLOR", "TTY_COMPATIBLE"])
def test_force_color_and_tty_compatible_ask_for_the_terminal_layout(
    cli: Run, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    """As for Rich: either says the output is a terminal, though it is not one."""
    assert "─" not in ok(cli, "report", "--week", W47).stdout
    monkeypatch.setenv(variable, "1")
    styled = ok(cli, "report", "--week", W47).stdout
    assert f"Weekly review {W47}" in styled
    assert "─" in styled  # Rich's rule under the title


# A few hundred characters, a line break, a star, and a stage that lists it among the gaps.
LONG_ENTRY = (
    "Mixed precision keeps a float32 master copy of the weights, computes the forward and "
    "backward passes in float16, and scales the loss before the backward pass so that small "
    "gradients do not flush to zero; the scale backs off whenever a gradient overflows and grows "
    "again after a run of clean steps, which is what torch.cuda.amp.GradScaler automates\n"
    "and bfloat16, with the exponent range of float32, needs no loss scaling at all #precision"
)


@pytest.mark.usefixtures("weeks_of_data")
def test_the_report_into_a_pipe_is_one_whole_item_a_line(cli: Run) -> None:
    """Never wrapped, so that grep and the like see every entry, gap and highlight whole."""
    ok(cli, "add", LONG_ENTRY, "--date", "2026-11-18", "--star", "--stage", "understood")
    flat = LONG_ENTRY.replace("\n", " ")
    head = LONG_ENTRY.splitlines()[0]
    outcome = ok(cli, "report", "--week", W47)
    lines = outcome.stdout.splitlines()
    assert [line for line in lines if "float32 master copy" in line] == [
        f"Wed 18 Nov  * {flat}",
        f"  - Understood, not yet explained or applied: {head} (#7)",
        f"  * {flat}",
        f"  - #7 {head} (Wed 2026-11-18, 1 day ago)",
    ]
    assert f"Tue 17 Nov  {LONG_TEXT}  #deep-learning #memory-and-compute-tradeoffs" in lines
    assert "bfloat16" not in outcome.stdout.replace(flat, "")  # the second line, only there


def spans_in_the_pipe() -> list[tuple[str, ...]]:
    """A finished week, a finished span of 22 days, and a running span with days to come."""
    today = today_utc()
    running = (today - timedelta(days=4)).isoformat(), (today + timedelta(days=2)).isoformat()
    return [
        ("--week", W47),
        ("--from", "2026-11-01", "--to", "2026-11-22"),
        ("--from", running[0], "--to", running[1]),
    ]


SPAN_IDS = ["week", "from-to", "running"]


@pytest.mark.usefixtures("weeks_of_data")
@pytest.mark.parametrize("which", range(3), ids=SPAN_IDS)
def test_the_report_into_a_pipe_has_no_trailing_spaces_colours_or_rules(
    cli: Run, which: int
) -> None:
    ok(cli, "add", LONG_TEXT + " #today", "--star")
    outcome = ok(cli, "report", *spans_in_the_pipe()[which])
    text = outcome.stdout
    assert [line for line in text.splitlines() if line != line.rstrip()] == []
    assert text.endswith("\n")
    assert not text.endswith("\n\n")
    assert "\n\n\n" not in text
    assert "\x1b" not in text
    assert "─" not in text


def cell_spans(line: str) -> list[tuple[int, int]]:
    """Where each cell of a line of plain columns begins and ends: cells are 2+ spaces apart."""
    return [found.span() for found in re.finditer(r"\S+(?: \S+)*", line)]


def block_after(lines: list[str], first: str) -> list[str]:
    """The lines from the one that starts with ``first`` to the next blank line."""
    start = next(number for number, line in enumerate(lines) if line.startswith(first))
    return list(itertools.takewhile(bool, lines[start:]))


@pytest.mark.usefixtures("weeks_of_data")
@pytest.mark.parametrize("which", range(3), ids=SPAN_IDS)
def test_the_columns_of_the_report_into_a_pipe_line_up(cli: Run, which: int) -> None:
    ok(cli, "add", "learned today #today")
    lines = ok(cli, "report", *spans_in_the_pipe()[which]).stdout.splitlines()

    header, *rows = lines[3:7]  # the glance: day columns right-justified under their heads
    day_ends = [end for _start, end in cell_spans(header)]
    assert len(day_ends) == (14 if which == 1 else 7)
    for row in rows:
        (label_start, _label_end), *counts = cell_spans(row)
        assert label_start == 0
        assert [end for _start, end in counts] == day_ends[: len(counts)]
    if which == 2:  # the days to come are blank
        assert [len(cell_spans(row)) for row in rows] == [6, 6, 6]

    _title, header, *rows = block_after(lines, "Streaks ")
    names = header.split()
    assert names[:5] == [
        "habit",
        "current",
        "longest",
        "today" if which == 2 else "status",
        "score",
    ]
    assert names[5:] == (["next"] if which == 2 else [])
    heads = cell_spans(header)
    assert any(row.startswith(LONG_HABIT + "  ") for row in rows)
    for row in rows:
        cells = cell_spans(row)
        assert len(cells) == len(heads), row
        for name, (head_start, head_end), (start, end) in zip(names, heads, cells, strict=True):
            if name in {"current", "longest", "score"}:
                assert end == head_end, (name, row)
            else:
                assert start == head_start, (name, row)

    _heading, *learned = block_after(lines, "What you learned")
    text_starts = {cell_spans(line)[1][0] for line in learned}
    assert len(text_starts) == 1
    if which == 1:  # "Tue 3 Nov" is padded to the width of "Mon 16 Nov"
        assert text_starts == {12}


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
    [
        ("review.txt", "rich"),
        ("review.md", "markdown"),
        ("review.json", "json"),
        ("Review.HTML", "html"),
    ],
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


@pytest.mark.usefixtures("weeks_of_data", "terminal_output")
@pytest.mark.parametrize("chosen", [(), ("--format", "rich")], ids=["by-suffix", "rich"])
def test_a_txt_file_gets_the_plain_text_even_from_a_terminal(
    cli: Run, tmp_path: Path, chosen: tuple[str, ...]
) -> None:
    path = tmp_path / "week.txt"
    outcome = ok(cli, "report", "--week", W47, "-o", str(path), *chosen)
    assert outcome.stdout == ""
    assert f"report for {W47} written to {path}" in outcome.stderr
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    written = path.read_text(encoding="utf-8")
    lines = assert_every_section_in_order(written)
    assert lines[0] == f"Weekly review {W47}"
    assert f"Tue 17 Nov  {LONG_TEXT}  #deep-learning #memory-and-compute-tradeoffs" in lines
    assert [line for line in written.splitlines() if line != line.rstrip()] == []
    assert "─" not in written


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
        "FILE.pdf": str(tmp_path / "review.pdf"),
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
        (("--output", "FILE.pdf"), "cannot tell the format of review.pdf; name it .txt,"),
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
    assert list(tmp_path.glob("review.*")) == []


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
