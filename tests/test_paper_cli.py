"""The paper commands through Typer's test runner: every success and every refusal."""

from __future__ import annotations

import itertools
import re
import sqlite3
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from tests.conftest import (
    Outcome,
    Sandbox,
    imported_modules,
    modules_of,
    orm_modules,
    today_utc,
)
from tests.test_cli import assert_one_line_error, db_dump

Run = Any

PAPER_FIELDS = {
    "id",
    "uid",
    "title",
    "authors",
    "link",
    "status",
    "added_on",
    "read_on",
    "notes",
    "tags",
    "created_at",
    "updated_at",
}


def ok(cli: Run, *args: str, input: str | None = None) -> Outcome:
    """Run a command that must succeed."""
    outcome: Outcome = cli(*args, input=input)
    assert outcome.exit_code == 0, outcome
    assert "Traceback" not in outcome.stdout + outcome.stderr
    return outcome


def spoken(day: date) -> str:
    """A day as learnlog echoes it: ``Sun 2026-11-22``."""
    return f"{day:%a} {day.isoformat()}"


def papers(cli: Run, *args: str) -> list[dict[str, Any]]:
    document = ok(cli, "paper", "list", "--json", *args).json()
    assert document["count"] == len(document["papers"])
    result: list[dict[str, Any]] = document["papers"]
    return result


def paper(cli: Run, paper_id: int) -> dict[str, Any]:
    result: dict[str, Any] = ok(cli, "paper", "show", str(paper_id), "--json").json()
    return result


def titles(cli: Run, *args: str) -> list[str]:
    return [found["title"] for found in papers(cli, *args)]


# the demo


def test_a_paper_read_yesterday_counts_in_the_papers_habit(cli: Run) -> None:
    yesterday = today_utc() - timedelta(days=1)
    added = ok(cli, "paper", "add", "Attention Is All You Need", "--link", "arXiv:1706.03762")
    assert added.stdout == "paper #1 added: Attention Is All You Need\n"
    read = ok(cli, "paper", "read", "1", "--date", "yesterday")
    assert read.stdout == f"paper #1 read on {spoken(yesterday)}\n"

    shown = paper(cli, 1)
    assert (shown["status"], shown["read_on"]) == ("read", yesterday.isoformat())
    assert shown["link"] == "arXiv:1706.03762"

    streak = ok(cli, "streak", "papers", "--json").json()
    [habit] = streak["habits"]
    assert habit["first_day"] == yesterday.isoformat()  # the read paper starts the habit
    as_of = ok(cli, "streak", "papers", "--as-of", yesterday.isoformat(), "--json").json()
    [habit] = as_of["habits"]
    assert habit["period"]["count"] == 1
    listed = ok(cli, "habit", "list", "--json").json()["habits"]
    assert {found["name"]: found["check_ins"] for found in listed}["papers"] == 1


# add


def test_add_takes_every_field_and_stores_the_canonical_link(cli: Run) -> None:
    outcome = ok(
        cli,
        "paper",
        "add",
        "Deep  learning",
        "--authors",
        "LeCun, Bengio, Hinton",
        "--link",
        "https://doi.org/10.1038/nature14539",
        "--note",
        "The review.\nRead it twice.",
        "--tag",
        "Review",
        "-t",
        "#deep-learning",
        "-t",
        "review",
        "--json",
    )
    added = outcome.json()
    assert set(added) == PAPER_FIELDS
    assert added["id"] == 1
    assert added["title"] == "Deep learning"
    assert added["authors"] == "LeCun, Bengio, Hinton"
    assert added["link"] == "doi:10.1038/nature14539"
    assert added["notes"] == "The review.\nRead it twice."
    assert added["tags"] == ["deep-learning", "review"]
    assert (added["status"], added["read_on"]) == ("queued", None)
    assert added["added_on"] == today_utc().isoformat()
    assert added["created_at"].endswith("+00:00")
    assert added["created_at"] == added["updated_at"]
    assert paper(cli, 1) == added


def test_add_with_read_on_marks_the_paper_read_and_echoes_the_day(cli: Run) -> None:
    day = today_utc() - timedelta(days=3)
    outcome = ok(cli, "paper", "add", "ResNet", "--read-on", "3 days ago")
    assert outcome.stdout == f"paper #1 added: ResNet (read on {spoken(day)})\n"
    assert (paper(cli, 1)["status"], paper(cli, 1)["read_on"]) == ("read", day.isoformat())


def test_add_with_status_read_and_no_day_means_read_today(cli: Run) -> None:
    ok(cli, "paper", "add", "Adam", "--status", "read")
    assert paper(cli, 1)["read_on"] == today_utc().isoformat()
    ok(cli, "paper", "add", "BatchNorm", "--status", "READING")
    assert (paper(cli, 2)["status"], paper(cli, 2)["read_on"]) == ("reading", None)


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (("--link", "doi:10.12/x"), "4 to 9 digits"),
        (("--link", "doi:"), "a DOI is"),
        (("--link", "arXiv:17"), "an arXiv id is"),
        (("--link", "arXiv:1713.12345"), "13 is not a month"),
        (("--link", "ftp://example.org/x.pdf"), "only http(s)"),
        (("--link", "see the website"), "spaces"),
        (("--read-on", "tomorrow"), "in the future"),
        (("--read-on", "01/02/2026"), "YYYY-MM-DD"),
        (("--status", "reading", "--read-on", "yesterday"), "--read-on means the paper is read"),
        (("--tag", "two words"), "not a tag"),
    ],
)
def test_add_refuses_bad_input_and_changes_nothing(
    cli: Run, sandbox: Sandbox, args: tuple[str, ...], hint: str
) -> None:
    ok(cli, "paper", "add", "Already here")
    before = db_dump(sandbox.db)
    assert_one_line_error(cli("paper", "add", "A new paper", *args), 1, hint)
    assert db_dump(sandbox.db) == before


def test_an_invalid_link_names_the_accepted_forms(cli: Run) -> None:
    outcome = cli("paper", "add", "X", "--link", "10.12/x")
    assert_one_line_error(outcome, 1, "'10.12/x'", "arXiv:1706.03762", "10.1038/nature14539")


def test_an_empty_title_is_refused(cli: Run) -> None:
    assert_one_line_error(cli("paper", "add", "  "), 1, "title is empty")
    assert papers(cli) == []


def test_an_unknown_status_is_a_usage_error(cli: Run) -> None:
    assert_one_line_error(cli("paper", "add", "X", "--status", "skimmed"), 2, "'--status'")
    assert_one_line_error(cli("paper", "list", "--status", "done"), 2, "'--status'")


# duplicates


@pytest.mark.parametrize(
    ("args", "matched"),
    [
        (("attention  is ALL you need",), "title"),
        (("Transformers", "--link", "https://arxiv.org/abs/1706.03762v2"), "link"),
        (("Attention is all you need", "--link", "1706.03762"), "title and link"),
    ],
)
def test_a_duplicate_is_refused_without_a_terminal(
    cli: Run, sandbox: Sandbox, args: tuple[str, ...], matched: str
) -> None:
    ok(cli, "paper", "add", "Attention Is All You Need", "--link", "arXiv:1706.03762")
    before = db_dump(sandbox.db)
    outcome = cli("paper", "add", *args)
    assert_one_line_error(
        outcome,
        1,
        f"a paper with this {matched} is already listed (#1 Attention Is All You Need)",
        "--yes",
    )
    assert db_dump(sandbox.db) == before


def test_yes_adds_a_duplicate_without_asking(cli: Run) -> None:
    ok(cli, "paper", "add", "Attention Is All You Need")
    outcome = ok(cli, "paper", "add", "Attention is all you need", "--yes")
    assert outcome.stdout == "paper #2 added: Attention is all you need\n"
    assert len(papers(cli)) == 2


@pytest.mark.usefixtures("terminal")
def test_a_duplicate_is_asked_about_on_a_terminal(cli: Run) -> None:
    ok(cli, "paper", "add", "Attention Is All You Need")
    declined = cli("paper", "add", "ATTENTION IS ALL YOU NEED", input="n\n")
    assert declined.exit_code == 1
    assert (
        "A paper with this title is already listed (#1 Attention Is All You Need). Add it anyway?"
        in declined.stderr
    )
    assert "error: the paper was not added" in declined.stderr
    assert len(papers(cli)) == 1
    accepted = ok(cli, "paper", "add", "ATTENTION IS ALL YOU NEED", input="y\n")
    # (the test runner echoes the typed answer onto standard output)
    assert accepted.stdout.endswith("paper #2 added: ATTENTION IS ALL YOU NEED\n")
    assert len(papers(cli)) == 2


# list


def test_list_shows_the_reading_list_first_then_the_papers_read(cli: Run) -> None:
    ok(cli, "paper", "add", "queued first")
    ok(cli, "paper", "add", "read long ago", "--read-on", "10 days ago")
    ok(cli, "paper", "add", "being read", "--status", "reading")
    ok(cli, "paper", "add", "queued second")
    ok(cli, "paper", "add", "read yesterday", "--read-on", "yesterday")
    assert titles(cli) == [
        "being read",
        "queued first",
        "queued second",
        "read yesterday",
        "read long ago",
    ]
    assert titles(cli, "--status", "queued") == ["queued first", "queued second"]
    assert titles(cli, "--status", "read") == ["read yesterday", "read long ago"]


def test_list_of_an_empty_reading_list_says_so(cli: Run) -> None:
    outcome = ok(cli, "paper", "list")
    assert outcome.stdout == ""
    assert outcome.stderr == "no papers match\n"
    assert ok(cli, "paper", "list", "--json").json() == {"count": 0, "papers": []}


@pytest.mark.usefixtures("narrow_plain_output", "terminal_output")
def test_the_table_fits_80_columns_and_folds_long_fields(cli: Run) -> None:
    ok(
        cli,
        "paper",
        "add",
        "Scaling Laws for Neural Language Models, and a title long enough to need folding",
        "--authors",
        "Jared Kaplan, Sam McCandlish, Tom Henighan, Tom B. Brown, Benjamin Chess, Rewon Child",
        "-t",
        "scaling",
        "-t",
        "language-models",
        "--read-on",
        "yesterday",
    )
    ok(cli, "paper", "add", "Attention Is All You Need", "--status", "reading")
    table = ok(cli, "paper", "list").stdout
    lines = table.splitlines()
    assert all(len(line) <= 80 for line in lines), table
    assert "\x1b[" not in table
    assert lines[0].split() == ["id", "status", "read", "on", "title", "authors", "tags"]
    assert "#1" in table and "#2" in table
    assert spoken(today_utc() - timedelta(days=1)) in table
    assert "#language-models" in table


LONG_TITLE = (
    "Scaling Laws for Neural Language Models, and a title long enough to need folding "
    "in any terminal, since it goes on and on well past eighty columns"
)
LONG_AUTHORS = "Jared Kaplan, Sam McCandlish, Tom Henighan, Tom B. Brown, Benjamin Chess"


def a_reading_list(cli: Run) -> None:
    """Ten papers: ids of one and two digits, long and short fields, some left empty."""
    ok(cli, "paper", "add", LONG_TITLE, "--authors", LONG_AUTHORS, "-t", "scaling", "-t", "nlp")
    for number in range(2, 10):
        ok(cli, "paper", "add", f"Paper {number}", "--read-on", f"{number} days ago")
    ok(cli, "paper", "add", "Attention Is All You Need", "--status", "reading", "-t", "nlp")


def cells(line: str) -> list[str]:
    """The cells of a plain line: what two spaces or more separate (empty cells vanish)."""
    return re.split(" {2,}", line.strip())


def test_into_a_pipe_each_paper_is_one_whole_line(cli: Run, sandbox: Sandbox) -> None:
    a_reading_list(cli)
    # A line break can only reach the journal from outside learnlog; it is shown as a space.
    with sqlite3.connect(sandbox.db) as connection:
        connection.execute(
            "UPDATE paper SET title = 'Attention Is\nAll You Need', "
            "authors = 'Vaswani,\nShazeer' WHERE id = 10"
        )
    outcome = ok(cli, "paper", "list")
    lines = outcome.stdout.splitlines()
    assert len(lines) == 1 + 10
    assert cells(lines[0]) == ["id", "status", "read on", "title", "authors", "tags"]
    assert cells(lines[1]) == [
        "#10",
        "reading",
        "Attention Is All You Need",
        "Vaswani, Shazeer",
        "#nlp",
    ]
    assert cells(lines[2]) == ["#1", "queued", LONG_TITLE, LONG_AUTHORS, "#nlp #scaling"]
    two_days_ago = spoken(today_utc() - timedelta(days=2))
    assert cells(lines[3]) == ["#2", "read", two_days_ago, "Paper 2"]
    assert [cells(line)[0] for line in lines[4:]] == [f"#{number}" for number in range(3, 10)]
    assert "\x1b[" not in outcome.stdout
    assert outcome.stderr == ""


def test_into_a_pipe_the_columns_line_up_without_trailing_spaces(cli: Run) -> None:
    a_reading_list(cli)
    output = ok(cli, "paper", "list").stdout
    assert output.endswith("\n")
    lines = output.splitlines()
    assert all(line == line.rstrip() for line in lines)
    names = ("status", "read on", "title", "authors", "tags")
    starts = [lines[0].index(name) for name in names]
    # Cut at the header's columns, every line falls into exactly its cells.
    bounds = list(itertools.pairwise([0, *starts, None]))
    table = [[line[start:end].strip() for start, end in bounds] for line in lines]
    two_days_ago = spoken(today_utc() - timedelta(days=2))
    assert table[:4] == [
        ["id", "status", "read on", "title", "authors", "tags"],
        ["#10", "reading", "", "Attention Is All You Need", "", "#nlp"],
        ["#1", "queued", "", LONG_TITLE, LONG_AUTHORS, "#nlp #scaling"],
        ["#2", "read", two_days_ago, "Paper 2", "", ""],
    ]
    assert all(line[starts[0] - 2 : starts[0]] == "  " for line in lines)
    # The ids are right-justified, as in the table.
    assert [line[: starts[0]] for line in lines[:3]] == [" id  ", "#10  ", " #1  "]


def test_into_a_pipe_paper_list_loads_neither_rich_nor_the_orm(cli: Run) -> None:
    a_reading_list(cli)
    piped, imported = imported_modules("paper", "list")
    assert cells(piped.stdout.splitlines()[1])[0] == "#10"
    assert "learnlog.store.sql" in imported  # the log shows the journal was really read
    assert modules_of(imported, {"rich"}) == set()
    assert orm_modules(imported) == set()
    styled, imported = imported_modules("paper", "list", TTY_COMPATIBLE="1")
    assert "Attention Is All You Need" in styled.stdout
    assert "rich.console" in imported


@pytest.mark.usefixtures("narrow_plain_output", "terminal_output")
def test_a_terminal_gets_the_rich_table(cli: Run, sandbox: Sandbox) -> None:
    from rich.console import Console

    from learnlog.render.papers import papers_table
    from learnlog.services.papers import list_papers
    from learnlog.store.database import open_sqlite

    a_reading_list(cli)
    table = ok(cli, "paper", "list").stdout
    lines = table.splitlines()
    assert len(lines) > 1 + 10  # the long title folds
    assert all(len(line) <= 80 for line in lines)
    with open_sqlite(sandbox.db, now=datetime.now(UTC)) as journal:
        papers = list_papers(journal)
    console = Console(width=80, color_system=None, highlight=False, emoji=False)
    with console.capture() as drawn:
        console.print(papers_table(papers))
    assert table == drawn.get()


def read_on_days(cli: Run, days: list[str]) -> None:
    """One paper read on each day, titled by its day."""
    for day in days:
        ok(cli, "paper", "add", day, "--read-on", day)


def test_week_selects_by_the_iso_week_of_the_read_day_across_a_new_year(cli: Run) -> None:
    # 2020-W53 runs from Mon 2020-12-28 to Sun 2021-01-03.
    read_on_days(cli, ["2020-12-27", "2020-12-28", "2021-01-03", "2021-01-04"])
    ok(cli, "paper", "add", "still queued")
    outcome = ok(cli, "paper", "list", "--week", "2020-W53", "--json")
    assert [found["title"] for found in outcome.json()["papers"]] == ["2021-01-03", "2020-12-28"]
    assert outcome.stderr == "papers read in 2020-W53 (Mon 2020-12-28 to Sun 2021-01-03)\n"
    assert titles(cli, "--week", "2021-01-01") == ["2021-01-03", "2020-12-28"]
    assert titles(cli, "--week", "2020-W52") == ["2020-12-27"]
    assert titles(cli, "--week", "2021-W01") == ["2021-01-04"]
    # a year is the calendar year of the read day, not the ISO year of its week
    assert titles(cli, "--year", "2020") == ["2020-12-28", "2020-12-27"]
    assert titles(cli, "--year", "2021") == ["2021-01-04", "2021-01-03"]
    assert titles(cli, "--week", "2020-W53", "--year", "2021") == ["2021-01-03"]
    assert titles(cli, "--week", "2020-W53", "--status", "read") == ["2021-01-03", "2020-12-28"]


def test_this_week_and_last_week_are_resolved_against_today(cli: Run) -> None:
    today = today_utc()
    monday = today - timedelta(days=today.weekday())
    read_on_days(cli, [today.isoformat(), (monday - timedelta(days=1)).isoformat()])
    assert titles(cli, "--week", "this week") == [today.isoformat()]
    assert titles(cli, "--week", "last week") == [(monday - timedelta(days=1)).isoformat()]
    outcome = ok(cli, "paper", "list", "--week", "this week")
    assert f"({spoken(monday)} to {spoken(monday + timedelta(days=6))})" in outcome.stderr


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (("--week", "2021-W53"), "2021 has weeks 1 to 52"),
        (("--week", "soon"), "cannot read the week"),
        (("--week", "this week", "--status", "queued"), "no such day"),
        (("--year", "2026", "--status", "reading"), "no such day"),
        (("--week", "2020-W53", "--year", "2019"), "has no day in 2019"),
    ],
)
def test_list_refuses_weeks_it_cannot_select_by(cli: Run, args: tuple[str, ...], hint: str) -> None:
    assert_one_line_error(cli("paper", "list", *args), 1, hint)


def test_a_year_out_of_range_is_a_usage_error(cli: Run) -> None:
    assert_one_line_error(cli("paper", "list", "--year", "0"), 2, "'--year'")


# start, read


def test_start_marks_a_paper_as_being_read_once(cli: Run, sandbox: Sandbox) -> None:
    ok(cli, "paper", "add", "Dropout")
    assert ok(cli, "paper", "start", "1").stdout == "paper #1 started: Dropout\n"
    assert paper(cli, 1)["status"] == "reading"
    before = db_dump(sandbox.db)
    again = ok(cli, "paper", "start", "1")
    assert again.stdout == "paper #1 is already being read: Dropout\n"
    assert db_dump(sandbox.db) == before
    assert ok(cli, "paper", "start", "1", "--json").json()["status"] == "reading"


def test_start_refuses_a_paper_already_read(cli: Run, sandbox: Sandbox) -> None:
    ok(cli, "paper", "add", "Dropout", "--read-on", "yesterday")
    before = db_dump(sandbox.db)
    assert_one_line_error(cli("paper", "start", "1"), 1, "was read on", "--status reading")
    assert db_dump(sandbox.db) == before


def test_read_defaults_to_today_and_can_move_the_day(cli: Run, sandbox: Sandbox) -> None:
    today = today_utc()
    ok(cli, "paper", "add", "GAN", "--status", "reading")
    assert ok(cli, "paper", "read", "1").stdout == f"paper #1 read on {spoken(today)}\n"
    before = db_dump(sandbox.db)
    again = ok(cli, "paper", "read", "1", "-d", "today")
    assert again.stdout == f"paper #1 read on {spoken(today)} (already marked so)\n"
    assert db_dump(sandbox.db) == before
    moved = ok(cli, "paper", "read", "1", "--date", "2 days ago", "--json").json()
    assert moved["read_on"] == (today - timedelta(days=2)).isoformat()


@pytest.mark.parametrize("day", ["tomorrow", "01/02/2026", "someday"])
def test_read_refuses_a_bad_or_future_day(cli: Run, sandbox: Sandbox, day: str) -> None:
    ok(cli, "paper", "add", "GAN")
    before = db_dump(sandbox.db)
    assert_one_line_error(cli("paper", "read", "1", "--date", day), 1)
    assert db_dump(sandbox.db) == before


# edit


def test_edit_changes_only_what_is_given(cli: Run) -> None:
    ok(cli, "paper", "add", "Atention", "--authors", "Vaswani", "-t", "nlp", "-t", "old")
    edited = ok(
        cli,
        "paper",
        "edit",
        "1",
        "--title",
        "Attention Is All You Need",
        "--link",
        "1706.03762",
        "--tag",
        "Transformers",
        "--untag",
        "old",
        "--note",
        "Multi-head attention.",
        "--json",
    ).json()
    assert edited["title"] == "Attention Is All You Need"
    assert edited["authors"] == "Vaswani"
    assert edited["link"] == "arXiv:1706.03762"
    assert edited["tags"] == ["nlp", "transformers"]
    assert edited["notes"] == "Multi-head attention."
    assert edited["status"] == "queued"
    assert edited["updated_at"] >= edited["created_at"]
    cleared = ok(cli, "paper", "edit", "1", "--authors", "", "--link", "", "--json").json()
    assert (cleared["authors"], cleared["link"]) == (None, None)


def test_edit_follows_the_reading_rules(cli: Run) -> None:
    today = today_utc()
    ok(cli, "paper", "add", "VAE")
    outcome = ok(cli, "paper", "edit", "1", "--read-on", "yesterday")
    yesterday = today - timedelta(days=1)
    assert outcome.stdout == f"paper #1 updated (read on {spoken(yesterday)})\n"
    assert paper(cli, 1)["status"] == "read"
    # read again without a day keeps the day it was read
    assert ok(cli, "paper", "edit", "1", "--status", "read").stdout.startswith(
        "paper #1 is unchanged"
    )
    assert paper(cli, 1)["read_on"] == yesterday.isoformat()
    # back on the list: no read day
    assert (
        ok(cli, "paper", "edit", "1", "--status", "queued").stdout == "paper #1 updated (queued)\n"
    )
    assert paper(cli, 1)["read_on"] is None
    ok(cli, "paper", "edit", "1", "--status", "read")
    assert paper(cli, 1)["read_on"] == today.isoformat()
    ok(cli, "paper", "edit", "1", "--status", "reading")
    assert (paper(cli, 1)["status"], paper(cli, 1)["read_on"]) == ("reading", None)


def test_an_edit_that_changes_nothing_writes_nothing(cli: Run, sandbox: Sandbox) -> None:
    ok(cli, "paper", "add", "VAE", "--authors", "Kingma", "-t", "generative")
    before = db_dump(sandbox.db)
    outcome = ok(
        cli, "paper", "edit", "1", "--title", " VAE ", "--authors", "Kingma", "-t", "Generative"
    )
    assert outcome.stdout == "paper #1 is unchanged (queued)\n"
    assert db_dump(sandbox.db) == before


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        ((), "nothing to change"),
        (("--link", "arXiv:1713.12345"), "13 is not a month"),
        (("--link", "10.12/x"), "4 to 9 digits"),
        (("--read-on", "tomorrow"), "in the future"),
        (("--status", "queued", "--read-on", "yesterday"), "--read-on means the paper is read"),
        (("--title", ""), "title is empty"),
        (("--untag", "not a tag"), "not a tag"),
    ],
)
def test_edit_refuses_bad_input_and_changes_nothing(
    cli: Run, sandbox: Sandbox, args: tuple[str, ...], hint: str
) -> None:
    ok(cli, "paper", "add", "VAE")
    before = db_dump(sandbox.db)
    assert_one_line_error(cli("paper", "edit", "1", *args), 1, hint)
    assert db_dump(sandbox.db) == before


# remove, show


def test_remove_with_yes_deletes_the_paper_and_its_tags(cli: Run, sandbox: Sandbox) -> None:
    ok(cli, "paper", "add", "Keep me", "-t", "keep")
    ok(cli, "paper", "add", "Remove me", "-t", "gone")
    assert ok(cli, "paper", "remove", "2", "--yes").stdout == "removed paper #2: Remove me\n"
    assert titles(cli) == ["Keep me"]
    connection = sqlite3.connect(sandbox.db)
    try:
        tags = connection.execute("SELECT paper_id, tag FROM paper_tag").fetchall()
    finally:
        connection.close()
    assert tags == [(1, "keep")]


def test_remove_without_yes_and_without_a_terminal_refuses(cli: Run, sandbox: Sandbox) -> None:
    ok(cli, "paper", "add", "Keep me")
    before = db_dump(sandbox.db)
    assert_one_line_error(cli("paper", "remove", "1"), 1, "--yes")
    assert db_dump(sandbox.db) == before


@pytest.mark.usefixtures("terminal")
def test_remove_asks_and_a_no_keeps_the_paper(cli: Run) -> None:
    ok(cli, "paper", "add", "Maybe")
    declined = cli("paper", "remove", "1", input="n\n")
    assert declined.exit_code == 1
    assert "Remove paper #1 (Maybe) for good?" in declined.stderr
    assert titles(cli) == ["Maybe"]
    ok(cli, "paper", "remove", "1", input="y\n")
    assert titles(cli) == []


def test_show_prints_every_field(cli: Run) -> None:
    ok(
        cli,
        "paper",
        "add",
        "Deep learning",
        "--authors",
        "LeCun",
        "--link",
        "10.1038/nature14539",
        "-t",
        "review",
        "--note",
        "A classic.",
        "--read-on",
        "yesterday",
    )
    outcome = ok(cli, "paper", "show", "1")
    for fragment in (
        "paper #1",
        "Deep learning",
        "LeCun",
        "doi:10.1038/nature14539",
        "#review",
        "A classic.",
        spoken(today_utc() - timedelta(days=1)),
        "uid",
    ):
        assert fragment in outcome.stdout
    assert set(paper(cli, 1)) == PAPER_FIELDS


# ids


@pytest.mark.parametrize(
    "command",
    [
        ("show", "7"),
        ("start", "7"),
        ("read", "7"),
        ("edit", "7", "--title", "x"),
        ("remove", "7", "--yes"),
        ("remove", "7"),
    ],
)
def test_an_unknown_id_is_a_clear_error(
    cli: Run, sandbox: Sandbox, command: tuple[str, ...]
) -> None:
    ok(cli, "paper", "add", "The only paper")
    before = db_dump(sandbox.db)
    assert_one_line_error(cli("paper", *command), 1, "no paper #7", "paper list")
    assert db_dump(sandbox.db) == before


@pytest.mark.parametrize("paper_id", ["first", "0", "-1"])
def test_an_id_that_is_not_a_paper_id_is_a_usage_error(cli: Run, paper_id: str) -> None:
    assert_one_line_error(cli("paper", "show", paper_id), 2)


# start-up


@pytest.mark.parametrize("args", [("paper", "--help"), ("paper", "add", "--help")])
def test_paper_help_never_imports_the_database_stack(args: tuple[str, ...]) -> None:
    _outcome, imported = imported_modules(*args)
    assert "learnlog.cli.papers" in imported  # the import log is really there
    assert orm_modules(imported) == set()
