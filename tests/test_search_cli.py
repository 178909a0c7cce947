"""learnlog search through Typer's test runner: results, highlights, JSON, filters and refusals."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from learnlog.search import Snippet
from tests.conftest import Sandbox, imported_modules, orm_modules, today_utc
from tests.test_cli import assert_one_line_error, db_dump
from tests.test_paper_cli import ok

Run = Any


def spoken(days_ago: int) -> str:
    day = today_utc() - timedelta(days=days_ago)
    return f"{day:%a} {day.isoformat()}"


def iso(days_ago: int) -> str:
    return (today_utc() - timedelta(days=days_ago)).isoformat()


def results(cli: Run, *args: str) -> list[dict[str, Any]]:
    document = ok(cli, "search", "--json", *args).json()
    assert document["shown"] == len(document["results"])
    found: list[dict[str, Any]] = document["results"]
    return found


def ids(cli: Run, *args: str) -> list[tuple[str, int]]:
    return [(result["kind"], result["id"]) for result in results(cli, *args)]


@pytest.fixture
def journal(cli: Run) -> None:
    """Three entries and two papers, written as a person would."""
    ok(cli, "add", "Broadcasting in #numpy compares shapes from the right", "-d", iso(2))
    ok(cli, "add", "pandas is built on numpy arrays", "-t", "pandas", "-d", iso(1))
    ok(cli, "add", "Self-attention lets every token look at the others", "-t", "transformers")
    ok(
        cli,
        "paper",
        "add",
        "Attention Is All You Need",
        "--authors",
        "Vaswani et al.",
        "--read-on",
        iso(3),
        "--tag",
        "transformers",
    )
    ok(
        cli,
        "paper",
        "add",
        "Deep Residual Learning",
        "--note",
        "Identity shortcuts let the signal through; the input is added to the output, "
        "with no broadcast needed when the shapes agree",
    )


def test_a_prefix_finds_the_word_and_plain_output_marks_it(cli: Run, journal: None) -> None:
    outcome = ok(cli, "search", "broadcast*")
    assert outcome.stdout.splitlines() == [
        f"#1  {spoken(2)}  **Broadcasting** in #numpy compares shapes from the right  #numpy",
        "paper #2  queued  Deep Residual Learning — …added to the output, with no "
        "**broadcast** needed when the shapes agree",
    ]
    assert outcome.stderr == ""
    assert "\x1b[" not in outcome.stdout


def test_json_gives_the_snippet_its_highlights_and_the_whole_entry(cli: Run, journal: None) -> None:
    document = ok(cli, "search", "broadcast*", "--json").json()
    assert (document["query"], document["count"], document["shown"]) == ("broadcast*", 2, 2)
    first, second = document["results"]
    assert set(first) == {
        "kind",
        "id",
        "uid",
        "day",
        "rank",
        "field",
        "snippet",
        "highlights",
        "entry",
    }
    assert (first["kind"], first["id"], first["rank"], first["day"]) == ("entry", 1, 1, iso(2))
    assert first["field"] == "text"
    assert first["snippet"] == "Broadcasting in #numpy compares shapes from the right"
    assert first["highlights"] == [[0, 12]]
    assert [first["snippet"][start:end] for start, end in first["highlights"]] == ["Broadcasting"]
    assert first["entry"] == ok(cli, "show", "1", "--json").json()
    assert first["uid"] == first["entry"]["uid"]
    assert (second["kind"], second["id"], second["rank"], second["field"]) == (
        "paper",
        2,
        2,
        "notes",
    )
    assert second["paper"] == ok(cli, "paper", "show", "2", "--json").json()
    assert "entry" not in second


def test_each_result_line_names_the_entry_or_paper_its_day_and_tags(
    cli: Run, journal: None
) -> None:
    outcome = ok(cli, "search", "attention")
    assert outcome.stdout.splitlines() == [
        f"paper #1  read {spoken(3)}  **Attention** Is All You Need",
        f"#3  {spoken(0)}  Self-**attention** lets every token look at the others  #transformers",
    ]


def test_a_match_only_in_the_tags_shows_the_tags_once(cli: Run, journal: None) -> None:
    outcome = ok(cli, "search", "pandas", "NOT", "arrays", "OR", "transformers", "NOT", "token")
    assert outcome.stdout.splitlines() == [
        f"paper #1  read {spoken(3)}  Attention Is All You Need — #**transformers**"
    ]


def test_the_words_of_the_query_may_come_as_separate_arguments(cli: Run, journal: None) -> None:
    assert ids(cli, "numpy", "NOT", "pandas") == [("entry", 1)]
    assert ids(cli, "numpy NOT pandas") == [("entry", 1)]
    assert ids(cli, "numpy", "or", "pandas") == []  # a lower-case or is a word


def test_a_query_that_finds_nothing_says_so_and_succeeds(cli: Run, journal: None) -> None:
    outcome = ok(cli, "search", "quaternions")
    assert outcome.stdout == ""
    assert outcome.stderr == "no entries or papers match: quaternions\n"
    assert ok(cli, "search", "quaternions", "--json").json() == {
        "query": "quaternions",
        "count": 0,
        "shown": 0,
        "results": [],
    }


def test_a_search_of_a_new_journal_finds_nothing(cli: Run) -> None:
    assert ok(cli, "search", "anything").stderr == "no entries or papers match: anything\n"


def test_the_limit_shows_the_best_and_says_how_many_more_matched(cli: Run) -> None:
    for count in range(1, 5):
        ok(cli, "add", " ".join(["relu"] * count) + " and other words to make it longer")
    outcome = ok(cli, "search", "relu", "-n", "2")
    assert [line.split()[0] for line in outcome.stdout.splitlines()] == ["#4", "#3"]
    assert outcome.stderr == "showing the 2 best of 4 matches; -n 0 shows them all\n"
    document = ok(cli, "search", "relu", "--limit", "2", "--json").json()
    assert (document["count"], document["shown"]) == (4, 2)
    assert [result["rank"] for result in document["results"]] == [1, 2]
    everything = ok(cli, "search", "relu", "-n", "0")
    assert len(everything.stdout.splitlines()) == 4
    assert everything.stderr == ""


def test_the_default_limit_is_twenty(cli: Run) -> None:
    for _ in range(21):
        ok(cli, "add", "dropout")
    outcome = ok(cli, "search", "dropout")
    assert len(outcome.stdout.splitlines()) == 20
    assert "showing the 20 best of 21 matches" in outcome.stderr


def test_filters_by_day_and_tag_and_echo_the_days(cli: Run, journal: None) -> None:
    outcome = ok(cli, "search", "numpy OR attention", "--since", iso(2), "--json")
    assert outcome.stderr == f"searching since {spoken(2)}\n"
    found = {(result["kind"], result["id"]) for result in outcome.json()["results"]}
    assert found == {("entry", 1), ("entry", 2), ("entry", 3)}  # paper #1 was read before
    until = ok(cli, "search", "numpy OR attention", "--until", "3 days ago", "--json")
    assert until.stderr == f"searching until {spoken(3)}\n"
    assert [(r["kind"], r["id"]) for r in until.json()["results"]] == [("paper", 1)]
    both = ok(cli, "search", "numpy", "--since", iso(1), "--until", iso(1))
    assert both.stderr == f"searching from {spoken(1)} to {spoken(1)}\n"
    assert ids(cli, "attention", "-t", "transformers") == [("paper", 1), ("entry", 3)]
    assert ids(cli, "numpy", "--tag", "NumPy", "--tag", "#numpy") == [("entry", 1)]
    assert ids(cli, "numpy", "-t", "numpy", "-t", "pandas") == []


def test_trashed_entries_are_not_found_until_restored(cli: Run, journal: None) -> None:
    ok(cli, "delete", "1", "--yes")
    assert ids(cli, "broadcasting") == []
    ok(cli, "undo")
    assert ids(cli, "broadcasting") == [("entry", 1)]


def test_an_edit_or_a_tag_is_found_at_once(cli: Run, journal: None) -> None:
    ok(cli, "edit", "2", "--text", "polars is not built on numpy", "--tag", "dataframes")
    assert ids(cli, "pandas") == [("entry", 2)]  # the tag given at first stays
    assert ids(cli, "polars") == [("entry", 2)]
    assert ids(cli, "dataframes") == [("entry", 2)]
    ok(cli, "paper", "edit", "2", "--title", "ResNets", "--note", "")
    assert ids(cli, "residual") == []
    assert ids(cli, "resnets") == [("paper", 2)]


def test_accents_and_emoji(cli: Run) -> None:
    ok(cli, "add", "Un café crème 🎉 et un croissant 🥐")
    ok(cli, "add", "🎉🎉🎉 party")
    plain = ok(cli, "search", "cafe")
    assert "Un **café** crème 🎉 et un croissant 🥐" in plain.stdout
    assert ids(cli, "CAFÉ", "croissant") == [("entry", 1)]
    assert ids(cli, "party") == [("entry", 2)]


MALFORMED = [
    ('"unclosed', 'has an unclosed quote ("unclosed)'),
    ("", "is empty"),
    ("  ", "is empty"),
    ("numpy OR", "ends with OR"),
    ("OR numpy", "starts with OR"),
    ("NOT pandas", "starts with NOT, which needs a word before it"),
    ("numpy OR OR pandas", "has OR OR"),
    ("(numpy", "never closed"),
    ("numpy)", "without a '('"),
    ("*", "has * with no word before it"),
    ("++", "no letters or digits"),
    ("c++ OR --", "has --, which has no letters or digits"),
]


@pytest.mark.parametrize(("query", "says"), MALFORMED)
def test_a_malformed_query_is_one_line_exit_1_and_changes_nothing(
    cli: Run, sandbox: Sandbox, journal: None, query: str, says: str
) -> None:
    before = db_dump(sandbox.db)
    outcome = cli("search", query)
    assert_one_line_error(outcome, 1, says, 'write phrases as "deep learning"', "numpy NOT pandas")
    assert outcome.stdout == ""
    assert db_dump(sandbox.db) == before
    assert_one_line_error(cli("search", query, "--json"), 1, says)


def test_a_malformed_query_does_not_create_a_journal(cli: Run, sandbox: Sandbox) -> None:
    assert_one_line_error(cli("search", '"unclosed'), 1, "unclosed quote")
    assert not sandbox.db.exists()


def test_usage_errors_exit_2(cli: Run) -> None:
    assert cli("search").exit_code == 2
    assert cli("search", "numpy", "-n", "-1").exit_code == 2


def test_a_bad_day_or_tag_is_refused(cli: Run, journal: None) -> None:
    assert_one_line_error(cli("search", "numpy", "--since", "01/02/2026"), 1, "YYYY-MM-DD")
    assert_one_line_error(cli("search", "numpy", "-t", "two words"), 1, "is not a tag")


def test_with_colour_the_matched_words_are_styled_not_starred() -> None:
    from learnlog.render.search import HIGHLIGHT_STYLE, highlighted

    snip = Snippet("text", "numpy and more numpy", ((0, 5), (15, 20)))
    styled = highlighted(snip, plain=False)
    assert styled.plain == "numpy and more numpy"
    assert [(span.start, span.end, str(span.style)) for span in styled.spans] == [
        (0, 5, HIGHLIGHT_STYLE),
        (15, 20, HIGHLIGHT_STYLE),
    ]
    assert highlighted(snip, plain=True).plain == "**numpy** and more **numpy**"
    control = Snippet("text", "a\x1b[31mb numpy", ((8, 13),))
    assert highlighted(control, plain=True).plain == "a\ufffd[31mb **numpy**"


def test_plain_lines_are_the_styled_lines_without_their_styles(
    cli: Run, journal: None, sandbox: Sandbox
) -> None:
    from learnlog.render.search import plain_line, result_line
    from learnlog.services.search import search_journal
    from learnlog.store.database import open_sqlite

    ok(cli, "paper", "start", "2")
    with open_sqlite(sandbox.db, now=datetime.now(UTC)) as opened:
        results = search_journal(opened, "broadcast* OR attention OR numpy")
    assert {hit.kind for hit in results.hits} == {"entry", "paper"}
    for hit in results.hits:
        assert plain_line(hit) == result_line(hit, plain=True).plain
        assert "**" not in result_line(hit, plain=False).plain


@pytest.mark.parametrize("args", [("numpy",), ("numpy", "--json"), ("nothing-matches",)])
def test_search_never_imports_the_orm(args: tuple[str, ...], journal: None) -> None:
    _outcome, imported = imported_modules("search", *args)
    assert "learnlog.services.search" in imported
    assert orm_modules(imported) == set()
