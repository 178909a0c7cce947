"""Search: the query language and snippets as pure functions, then both search paths on SQLite."""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete

from learnlog.domain import EntryChanges, EntryDraft, PaperChanges, PaperDraft, PaperStatus
from learnlog.errors import InputError
from learnlog.search import (
    AllOf,
    AnyOf,
    Hit,
    Term,
    Without,
    document,
    fts5_expression,
    matches,
    parse_query,
    ranked,
    relevance,
    snippet,
    tokenize,
    words,
)
from learnlog.services.entries import add_entry, delete_entry, edit_entry, undo_last
from learnlog.services.papers import add_paper, edit_paper
from learnlog.services.search import SearchResults, search_journal
from learnlog.store import search as store
from learnlog.store.database import Journal, open_sqlite
from learnlog.store.models import Entry, EntryTag, Paper, PaperTag
from learnlog.store.schema import SEARCH_TABLE
from tests.test_store import build_journal_at

NOW = datetime(2026, 11, 23, 18, 0, tzinfo=UTC)
TODAY = date(2026, 11, 23)
BOTH_PATHS = pytest.mark.parametrize("use_index", [True, False], ids=["fts5", "portable"])


# Words: the tokenizer mimics SQLite's unicode61 with remove_diacritics 2.


def test_words_are_runs_of_letters_and_digits_folded() -> None:
    assert words("Broadcasting in #NumPy: size-1 axes (c++)") == (
        "broadcasting",
        "in",
        "numpy",
        "size",
        "1",
        "axes",
        "c",
    )


def test_accents_fold_away_whether_composed_or_not() -> None:
    assert words("Café naïve RÉSUMÉ") == ("cafe", "naive", "resume")
    assert words("Cafe\u0301 au lait") == ("cafe", "au", "lait")  # decomposed é: one word
    assert words("İstanbul") == ("istanbul",)


def test_other_scripts_keep_their_letters_and_emoji_separate_words() -> None:
    assert words("東京 данные ΣΟΦΊΑ straße") == ("東京", "данные", "σοφία", "straße")
    assert words("learned🎉today 🤖") == ("learned", "today")
    assert words("🎉🎉 !!") == ()


def test_tokens_know_where_they_stand_in_the_text() -> None:
    text = "  self-attention, again"
    assert [(token.word, text[token.start : token.end]) for token in tokenize(text)] == [
        ("self", "self"),
        ("attention", "attention"),
        ("again", "again"),
    ]


# The query language.


def term(text: str, *, prefix: bool = False) -> Term:
    return Term(text, words(text), prefix)


@pytest.mark.parametrize(
    ("query", "tree"),
    [
        ("numpy", term("numpy")),
        ("numpy broadcasting", AllOf((term("numpy"), term("broadcasting")))),
        ("numpy AND broadcasting", AllOf((term("numpy"), term("broadcasting")))),
        ('"deep learning"', term("deep learning")),
        ("broadcast*", term("broadcast", prefix=True)),
        ('"deep learn"*', term("deep learn", prefix=True)),
        ("numpy OR pandas", AnyOf((term("numpy"), term("pandas")))),
        ("numpy NOT pandas", Without(term("numpy"), (term("pandas"),))),
        ("a NOT b NOT c", Without(term("a"), (term("b"), term("c")))),
        # OR binds loosest, then AND, then NOT, as in FTS5.
        ("a b OR c", AnyOf((AllOf((term("a"), term("b"))), term("c")))),
        ("a (b OR c)", AllOf((term("a"), AnyOf((term("b"), term("c")))))),
        ("a OR b NOT c", AnyOf((term("a"), Without(term("b"), (term("c"),))))),
        ("((numpy))", term("numpy")),
        # Lower-case operators are words, as in FTS5; punctuation inside a word is kept for FTS5.
        ("this or that", AllOf((term("this"), term("or"), term("that")))),
        ("not", term("not")),
        ("self-attention", term("self-attention")),
        ("c++", term("c++")),
        ('numpy"deep learning"', AllOf((term("numpy"), term("deep learning")))),
    ],
)
def test_each_form_of_query_parses_to_its_tree(query: str, tree: object) -> None:
    assert parse_query(query) == tree


@pytest.mark.parametrize(
    ("query", "says"),
    [
        ('"unclosed', 'has an unclosed quote ("unclosed)'),
        ('numpy "deep learning', 'unclosed quote ("deep learning)'),
        ("", "is empty"),
        ("   \t", "is empty"),
        ("OR numpy", "starts with OR, which needs a word before it"),
        ("AND numpy", "starts with AND"),
        ("NOT pandas", "starts with NOT, which needs a word before it"),
        ("numpy OR", "ends with OR, which needs a word after it"),
        ("numpy NOT", "ends with NOT"),
        ("numpy OR OR pandas", "has OR OR with no word between them"),
        ("numpy AND NOT pandas", "has AND NOT"),
        ("(NOT pandas)", "has NOT right after '('"),
        ("(numpy OR)", "has OR right before ')'"),
        ("(numpy", "'(' that is never closed"),
        ("numpy)", "')' without a '(' before it"),
        ("numpy ()", "empty parentheses"),
        ("*", "has * with no word before it"),
        ("numpy **", "has ** with no word"),
        ("++", "has ++, which has no letters or digits"),
        ('"--"', 'has "--", which has no letters or digits'),
        ('""', 'has "", which has no letters'),
        ("🎉", "has 🎉, which has no letters or digits"),
        ("(" * 17 + "a" + ")" * 17, "nests parentheses more than 16 deep"),
    ],
)
def test_a_malformed_query_is_an_input_error_that_shows_how_to_write_one(
    query: str, says: str
) -> None:
    with pytest.raises(InputError) as refused:
        parse_query(query)
    message = refused.value.message
    assert message.startswith("the search query ")
    assert says in message
    assert 'write phrases as "deep learning", prefixes as broadcast*' in message
    assert "numpy NOT pandas" in message
    assert "\n" not in message


def test_a_long_query_in_a_message_is_cut() -> None:
    with pytest.raises(InputError) as refused:
        parse_query('"' + "word " * 100)
    assert len(refused.value.message) < 200


def test_every_term_reaches_fts5_double_quoted_and_fully_grouped() -> None:
    query = parse_query('self-attention (c++ OR "deep learn"*) NOT NEAR broadcast*')
    assert fts5_expression(query) == (
        '("self-attention" AND (("c++" OR "deep learn"*) NOT "NEAR") AND "broadcast"*)'
    )
    assert fts5_expression(Term('say "hi"', ("say", "hi"))) == '"say ""hi"""'


# Matching and scoring in Python.


def test_a_phrase_matches_words_in_a_row_within_one_column() -> None:
    doc = document(text="deep learning is fun", tags="deep ml")
    assert matches(parse_query('"deep learning"'), doc)
    assert matches(parse_query('"learn"*'), doc)
    assert not matches(parse_query('"learning deep"'), doc)
    assert not matches(parse_query('"fun deep"'), doc)  # the text ends, the tags begin
    assert matches(parse_query("fun ml"), doc)  # AND spans columns


def test_relevance_counts_each_occurrence_by_the_weight_of_its_column() -> None:
    query = parse_query("numpy")
    once = document(text="numpy arrays broadcast")
    thrice = document(text="numpy numpy numpy", tags="numpy")
    title = document(title="numpy arrays broadcast")
    assert relevance(query, thrice) > relevance(query, title) > relevance(query, once) > 0
    assert relevance(parse_query("pandas NOT numpy"), once) == 0


def test_ranked_is_best_first_then_newest_day_then_entries_then_higher_id() -> None:
    day = date(2026, 11, 20)
    hits = [
        Hit("entry", 1, day, 1.0),
        Hit("paper", 9, day, 1.0),
        Hit("entry", 2, day, 1.0),
        Hit("entry", 3, day - timedelta(days=1), 1.0),
        Hit("entry", 4, day - timedelta(days=9), 5.0),
    ]
    assert [(hit.kind, hit.id) for hit in ranked(hits)] == [
        ("entry", 4),
        ("entry", 2),
        ("entry", 1),
        ("paper", 9),
        ("entry", 3),
    ]


# Snippets.


def marked(snip: Any) -> list[str]:
    return [snip.text[start:end] for start, end in snip.highlights]


def test_a_snippet_highlights_each_matched_word_of_a_phrase_or_prefix() -> None:
    text = "Notes on self-attention: broadcasting helps; Broadcast rules"
    snip = snippet(parse_query('"self attention" broadcast*'), [("text", text)])
    assert snip.field == "text"
    assert snip.text == text
    assert marked(snip) == ["self", "attention", "broadcasting", "Broadcast"]


def test_a_snippet_is_about_twelve_words_around_the_first_match() -> None:
    text = " ".join(f"w{n}" for n in range(40)) + " target " + " ".join(f"v{n}" for n in range(40))
    snip = snippet(parse_query("target"), [("text", text)])
    assert snip.text == "…w37 w38 w39 target v0 v1 v2 v3 v4 v5 v6 v7…"
    assert marked(snip) == ["target"]


def test_a_snippet_near_either_end_is_cut_only_where_text_was_left_out() -> None:
    text = "#pytorch: view() needs contiguous memory; reshape() copies when it must."
    assert snippet(parse_query("must"), [("text", text)]).text == text
    start = snippet(parse_query("pytorch"), [("text", "#pytorch " + "word " * 20)]).text
    assert start.startswith("#pytorch word")
    assert start.endswith("word…")


def test_a_snippet_puts_the_text_on_one_line() -> None:
    snip = snippet(parse_query("second"), [("text", "first line\n\n  second\tline")])
    assert snip.text == "first line second line"
    assert marked(snip) == ["second"]


def test_a_snippet_comes_from_the_first_field_that_matched() -> None:
    fields = [("text", "nothing here"), ("tags", "#numpy #ml"), ("source", "numpy docs")]
    snip = snippet(parse_query("numpy"), fields)
    assert (snip.field, snip.text, marked(snip)) == ("tags", "#numpy #ml", ["numpy"])
    fallback = snippet(parse_query("absent"), [("title", ""), ("notes", "some notes")])
    assert (fallback.field, fallback.text, fallback.highlights) == ("notes", "some notes", ())


def test_words_under_not_are_never_highlighted() -> None:
    snip = snippet(parse_query("numpy NOT pandas"), [("text", "numpy pandas")])
    assert marked(snip) == ["numpy"]


# Both search paths on a real SQLite journal.


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with open_sqlite(tmp_path / "learnlog.db", now=NOW) as opened:
        yield opened


def add(
    journal: Journal, text: str, day: date = TODAY, *, tags: tuple[str, ...] = (), **fields: Any
) -> int:
    draft = EntryDraft(text=text, day=day, tags=tags, **fields)
    return add_entry(journal, draft, now=NOW, today=TODAY).id


def add_a_paper(journal: Journal, title: str, **fields: Any) -> int:
    return add_paper(journal, PaperDraft(title=title, **fields), now=NOW, today=TODAY).id


def found(
    journal: Journal, query: str, *, use_index: bool, **filters: Any
) -> list[tuple[str, int]]:
    results = search_journal(journal, query, use_index=use_index, **filters)
    return [(hit.kind, hit.id) for hit in results.hits]


def found_set(journal: Journal, query: str, *, use_index: bool) -> set[tuple[str, int]]:
    return set(found(journal, query, use_index=use_index))


@BOTH_PATHS
def test_each_form_of_query_finds_the_right_entries_and_papers(
    journal: Journal, use_index: bool
) -> None:
    numpy = add(journal, "Broadcasting in #numpy compares shapes from the right")
    pandas = add(journal, "pandas DataFrames are built on numpy arrays")
    attention = add(journal, "Self-attention lets every token look at every other token")
    deep = add(journal, "Deep learning needs data; learning deep nets needs patience")
    cpp = add(journal, "C++ templates are compiled per type", source="cppreference.com")
    paper = add_a_paper(
        journal,
        "Attention Is All You Need",
        authors="Ashish Vaswani, Noam Shazeer",
        notes="Multi-head attention replaces recurrence",
        tags=("transformers",),
    )

    def ask(query: str) -> set[tuple[str, int]]:
        return found_set(journal, query, use_index=use_index)

    def entries(*ids: int) -> set[tuple[str, int]]:
        return {("entry", entry_id) for entry_id in ids}

    assert ask("numpy") == entries(numpy, pandas)
    assert ask("NUMPY arrays") == entries(pandas)
    assert ask("numpy AND arrays") == entries(pandas)
    assert ask("broadcast*") == entries(numpy)
    assert ask('"deep learning"') == entries(deep)
    assert ask('"learning deep"') == entries(deep)
    assert ask('"deep learn"*') == entries(deep)
    assert ask('"learning data"') == set()
    assert ask("numpy OR templates") == entries(numpy, pandas, cpp)
    assert ask("numpy NOT pandas") == entries(numpy)
    assert ask("(numpy OR token) NOT dataframes") == entries(numpy, attention)
    assert ask("self-attention") == entries(attention)  # a phrase: self, then attention
    assert ask("attention") == entries(attention) | {("paper", paper)}
    assert ask("c++") == entries(cpp)
    assert ask("cppreference") == entries(cpp)  # the source
    assert ask("vaswani") == {("paper", paper)}  # the authors
    assert ask("recurrence") == {("paper", paper)}  # the notes
    assert ask("transformers") == {("paper", paper)}  # the tags
    assert ask("this or that") == set()  # lower-case or is a word, and no entry has it


@BOTH_PATHS
def test_an_entry_saying_it_three_times_and_in_its_tags_ranks_above_one_saying_it_once(
    journal: Journal, use_index: bool
) -> None:
    once = add(journal, "Today: optimisers, schedules and a note on numpy at the very end")
    often = add(journal, "numpy views, numpy strides and numpy dtypes", tags=("numpy",))
    add(journal, "nothing to do with it")
    assert found(journal, "numpy", use_index=use_index) == [("entry", often), ("entry", once)]


@BOTH_PATHS
def test_a_paper_whose_title_matches_ranks_above_entries_that_mention_it(
    journal: Journal, use_index: bool
) -> None:
    first = add(journal, "Read about dropout in a long blog post about regularisation today")
    second = add(journal, "Dropout in eval mode is off", day=TODAY - timedelta(days=1))
    paper = add_a_paper(journal, "Dropout: A Simple Way to Prevent Overfitting")
    assert found(journal, "dropout", use_index=use_index)[0] == ("paper", paper)
    assert set(found(journal, "dropout", use_index=use_index)[1:]) == {
        ("entry", first),
        ("entry", second),
    }


@BOTH_PATHS
def test_equal_scores_put_the_newest_day_first(journal: Journal, use_index: bool) -> None:
    older = add(journal, "softmax", day=TODAY - timedelta(days=3))
    newer = add(journal, "softmax", day=TODAY - timedelta(days=1))
    oldest = add(journal, "softmax", day=TODAY - timedelta(days=9))
    assert found(journal, "softmax", use_index=use_index) == [
        ("entry", newer),
        ("entry", older),
        ("entry", oldest),
    ]


@BOTH_PATHS
def test_filters_bound_days_and_require_every_tag(journal: Journal, use_index: bool) -> None:
    early = add(journal, "adam optimiser", TODAY - timedelta(days=10), tags=("optim",))
    middle = add(journal, "adam again", TODAY - timedelta(days=5), tags=("optim", "adam"))
    late = add(journal, "adam once more", TODAY, tags=("adam",))
    read = add_a_paper(
        journal,
        "Adam: A Method for Stochastic Optimization",
        status=PaperStatus.READ,
        read_on=TODAY - timedelta(days=6),
        tags=("optim",),
    )
    queued = add_a_paper(journal, "AdamW: Decoupled Weight Decay")  # added today

    def ask(**filters: Any) -> set[tuple[str, int]]:
        return set(found(journal, "adam*", use_index=use_index, **filters))

    assert ask(since=TODAY - timedelta(days=6)) == {
        ("entry", middle),
        ("entry", late),
        ("paper", read),
        ("paper", queued),
    }
    assert ask(until=TODAY - timedelta(days=6)) == {("entry", early), ("paper", read)}
    assert ask(since=TODAY - timedelta(days=5), until=TODAY - timedelta(days=1)) == {
        ("entry", middle)
    }
    assert ask(tags=("optim",)) == {("entry", early), ("entry", middle), ("paper", read)}
    assert ask(tags=("#Optim", "adam")) == {("entry", middle)}
    with pytest.raises(InputError):
        ask(tags=("not a tag",))


@BOTH_PATHS
def test_the_trash_is_never_searched(journal: Journal, use_index: bool) -> None:
    kept = add(journal, "gradient clipping keeps norms bounded")
    trashed = add(journal, "gradient checkpointing trades compute for memory")
    delete_entry(journal, trashed, now=NOW)
    assert found_set(journal, "gradient", use_index=use_index) == {("entry", kept)}
    undo_last(journal)
    assert found_set(journal, "gradient", use_index=use_index) == {
        ("entry", kept),
        ("entry", trashed),
    }


@BOTH_PATHS
def test_edits_tags_and_paper_changes_are_found_at_once(journal: Journal, use_index: bool) -> None:
    entry = add(journal, "learning rate warmup")
    paper = add_a_paper(journal, "Some paper")

    def ask(query: str) -> set[tuple[str, int]]:
        return found_set(journal, query, use_index=use_index)

    edit_entry(journal, entry, EntryChanges(text="cosine schedules"), now=NOW, today=TODAY)
    assert ask("warmup") == set()
    assert ask("cosine") == {("entry", entry)}
    edit_entry(journal, entry, EntryChanges(add_tags=("schedules",)), now=NOW, today=TODAY)
    assert ask("schedules NOT cosine") == set()
    edit_entry(journal, entry, EntryChanges(source="fast.ai lesson 5"), now=NOW, today=TODAY)
    assert ask("lesson") == {("entry", entry)}
    edit_entry(journal, entry, EntryChanges(remove_tags=("schedules",)), now=NOW, today=TODAY)
    assert ask("cosine") == {("entry", entry)}
    changes = PaperChanges(
        title="Batch Normalization", notes="internal covariate shift", add_tags=("bn",)
    )
    edit_paper(journal, paper, changes, now=NOW, today=TODAY)
    assert ask("batch") == {("paper", paper)}
    assert ask("covariate") == {("paper", paper)}
    assert ask("bn") == {("paper", paper)}
    assert ask('"some paper"') == set()


@BOTH_PATHS
def test_accents_case_and_emoji(journal: Journal, use_index: bool) -> None:
    cafe = add(journal, "Learned about Café culture 🎉☕ and naïve Bayes")
    emoji = add(journal, "🎉🎉🎉")
    assert found_set(journal, "cafe", use_index=use_index) == {("entry", cafe)}
    assert found_set(journal, "CAFÉ NAIVE", use_index=use_index) == {("entry", cafe)}
    assert found_set(journal, "culture", use_index=use_index) == {("entry", cafe)}
    with pytest.raises(InputError):
        search_journal(journal, "🎉", use_index=use_index)
    assert emoji not in {hit.id for hit in search_journal(journal, "culture").hits}


@BOTH_PATHS
def test_control_characters_and_bytes_that_are_not_utf8_only_separate_words(
    journal: Journal, use_index: bool
) -> None:
    entry = add(journal, "numpy café x")
    assert found_set(journal, "\x00numpy", use_index=use_index) == {("entry", entry)}
    assert found_set(journal, "caf\udce9", use_index=use_index) == set()  # 'caf', a surrogate
    assert found_set(journal, "x\x1bcafé", use_index=use_index) == set()  # the phrase 'x café'
    with pytest.raises(InputError) as refused:
        parse_query("\x1b[+")
    assert "\x1b" not in refused.value.message


def test_limit_keeps_the_best_and_counts_them_all(journal: Journal) -> None:
    for n in range(5):
        add(journal, "relu " * (n + 1), TODAY - timedelta(days=n))
    everything = search_journal(journal, "relu")
    best_two = search_journal(journal, "relu", limit=2)
    assert (everything.count, everything.shown) == (5, 5)
    assert (best_two.count, best_two.shown) == (5, 2)
    assert [hit.id for hit in best_two.hits] == [hit.id for hit in everything.hits[:2]]
    assert [hit.rank for hit in everything.hits] == [1, 2, 3, 4, 5]


def test_results_carry_the_entry_the_paper_and_their_snippets(journal: Journal) -> None:
    entry = add(journal, "Broadcasting stretches size-1 axes #numpy", source="numpy docs")
    paper = add_a_paper(journal, "Deep Residual Learning", notes="skip connections broadcast")
    results: SearchResults = search_journal(journal, "broadcast*")
    by_kind = {hit.kind: hit for hit in results.hits}
    assert by_kind["entry"].entry is not None and by_kind["entry"].id == entry
    assert by_kind["entry"].snippet.field == "text"
    assert marked(by_kind["entry"].snippet) == ["Broadcasting"]
    assert by_kind["paper"].paper is not None and by_kind["paper"].id == paper
    assert by_kind["paper"].snippet.field == "notes"
    assert by_kind["paper"].day == TODAY
    assert marked(by_kind["paper"].snippet) == ["broadcast"]


def test_an_error_from_fts5_is_an_input_error_not_a_crash(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    add(journal, "anything")
    monkeypatch.setattr(store, "fts5_expression", lambda _query: '"unclosed')
    with pytest.raises(InputError) as refused:
        search_journal(journal, "anything", use_index=True)
    assert "the search query cannot be run (unterminated string)" in refused.value.message
    assert "numpy NOT pandas" in refused.value.message


# The index itself.


def index_rows(path: Path) -> set[tuple[Any, ...]]:
    connection = sqlite3.connect(path)
    try:
        return set(
            connection.execute(
                f"SELECT rowid, title, text, authors, source, tags FROM {SEARCH_TABLE}"
            )
        )
    finally:
        connection.close()


def rows_from_tables(path: Path) -> set[tuple[Any, ...]]:
    """What the index should hold, built from the tables (tags in alphabetical order)."""
    connection = sqlite3.connect(path)
    try:
        entries = connection.execute(
            "SELECT id, '', text, '', coalesce(source, ''), coalesce((SELECT group_concat(tag, ' ')"
            " FROM (SELECT tag FROM entry_tag WHERE entry_id = entry.id ORDER BY tag)), '')"
            " FROM entry WHERE deleted_at IS NULL"
        )
        papers = connection.execute(
            "SELECT -id, title, coalesce(notes, ''), coalesce(authors, ''), '',"
            " coalesce((SELECT group_concat(tag, ' ') FROM (SELECT tag FROM paper_tag"
            " WHERE paper_id = paper.id ORDER BY tag)), '') FROM paper"
        )
        return set(entries) | set(papers)
    finally:
        connection.close()


def integrity_check(path: Path) -> None:
    connection = sqlite3.connect(path)
    try:
        connection.execute(f"INSERT INTO {SEARCH_TABLE}({SEARCH_TABLE}) VALUES('integrity-check')")
    finally:
        connection.close()


def test_the_index_stays_equal_to_the_tables_through_every_kind_of_write(tmp_path: Path) -> None:
    path = tmp_path / "learnlog.db"
    with open_sqlite(path, now=NOW) as journal:
        first = add(journal, "first #alpha", tags=("beta",), source="somewhere")
        second = add(journal, "second")
        paper = add_a_paper(journal, "A paper", authors="Someone", tags=("zeta", "alpha"))
        edit_entry(journal, first, EntryChanges(text="first again #gamma"), now=NOW, today=TODAY)
        delete_entry(journal, second, now=NOW)
        edit_paper(
            journal, paper, PaperChanges(notes="notes", remove_tags=("zeta",)), now=NOW, today=TODAY
        )
        add_a_paper(journal, "Another paper")
    integrity_check(path)
    assert index_rows(path) == rows_from_tables(path)
    assert (first, "", "first again #gamma", "", "somewhere", "beta gamma") in index_rows(path)


def test_a_journal_written_before_the_index_is_indexed_when_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "older.db"
    build_journal_at(path, "0004")  # one entry: 'kept across upgrades #old'
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "INSERT INTO paper (uid, title, authors, status, added_on, notes, created_at,"
            " updated_at) VALUES ('p-uid', 'Older Paper Title', 'An Author', 'queued',"
            " '2026-01-03', 'old notes', '2026-01-03 10:00:00', '2026-01-03 10:00:00')"
        )
        connection.execute("INSERT INTO paper_tag (paper_id, tag) VALUES (1, 'legacy')")
    connection.close()
    with open_sqlite(path, now=NOW) as journal:
        assert found_set(journal, "upgrades", use_index=True) == {("entry", 1)}
        assert found_set(journal, "legacy", use_index=True) == {("paper", 1)}
        add(journal, "written after the upgrade")
    integrity_check(path)
    assert index_rows(path) == rows_from_tables(path)


# The two paths agree: Hypothesis writes journals and queries, FTS5 and Python must match.

VOCABULARY = [
    "numpy",
    "NumPy",
    "broadcast",
    "broadcasting",
    "attention",
    "self",
    "deep",
    "learning",
    "café",
    "CAFE",
    "naïve",
    "résumé",
    "Über",
    "straße",
    "東京",
    "данные",
    "σοφία",
    "or",
    "not",
    "c",
    "x1",
    "2026",
]
SEPARATORS = [" ", " ", " ", "-", ", ", "; ", " #", " (", ") ", "\n", " 🎉 ", "/", "_", "++ "]
TAGS = ["numpy", "deep-learning", "café", "ml/optim", "x1", "naïve"]


@st.composite
def texts(draw: st.DrawFn, *, min_words: int = 1) -> str:
    chosen = draw(st.lists(st.sampled_from(VOCABULARY), min_size=min_words, max_size=8))
    pieces = [chosen[0]] if chosen else []
    for word in chosen[1:]:
        pieces += [draw(st.sampled_from(SEPARATORS)), word]
    return "".join(pieces)


@st.composite
def term_texts(draw: st.DrawFn) -> str:
    word = draw(st.sampled_from(VOCABULARY))
    form = draw(st.sampled_from(["word", "prefix", "phrase", "phrase prefix"]))
    if form == "word":
        return word
    if form == "prefix":
        return word[: draw(st.integers(1, len(word)))] + "*"
    phrase = " ".join(draw(st.lists(st.sampled_from(VOCABULARY), min_size=1, max_size=3)))
    return f'"{phrase}"' + ("*" if form == "phrase prefix" else "")


def query_texts() -> st.SearchStrategy[str]:
    def combine(parts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
        pair = st.tuples(parts, parts)
        return st.one_of(
            pair.map(lambda two: f"{two[0]} {two[1]}"),
            pair.map(lambda two: f"{two[0]} AND {two[1]}"),
            pair.map(lambda two: f"{two[0]} OR {two[1]}"),
            pair.map(lambda two: f"{two[0]} NOT {two[1]}"),
            parts.map(lambda one: f"({one})"),
        )

    return st.recursive(term_texts(), combine, max_leaves=5)


@st.composite
def journals(draw: st.DrawFn) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    entries = [
        {
            "text": draw(texts()),
            "source": draw(st.none() | texts()),
            "tags": draw(st.lists(st.sampled_from(TAGS), max_size=3, unique=True)),
            "trashed": draw(st.booleans()),
        }
        for _ in range(draw(st.integers(1, 6)))
    ]
    papers = [
        {
            "title": draw(texts()),
            "notes": draw(st.none() | texts()),
            "authors": draw(st.none() | texts()),
            "tags": draw(st.lists(st.sampled_from(TAGS), max_size=2, unique=True)),
        }
        for _ in range(draw(st.integers(0, 3)))
    ]
    return entries, papers


@pytest.fixture(scope="module")
def shared_journal(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Journal]:
    path = tmp_path_factory.mktemp("property") / "learnlog.db"
    with open_sqlite(path, now=NOW) as opened:
        yield opened


def fill(journal: Journal, entries: list[dict[str, Any]], papers: list[dict[str, Any]]) -> None:
    """Replace everything in the journal; the triggers keep the index in step."""
    with journal.session(write=True) as session:
        for table in (EntryTag, Entry, PaperTag, Paper):
            session.execute(delete(table))
        for item in entries:
            entry = Entry(
                uid=str(uuid.uuid4()),
                day=TODAY,
                text=item["text"],
                source=item["source"],
                created_at=NOW,
                updated_at=NOW,
                deleted_at=NOW if item["trashed"] else None,
            )
            session.add(entry)
            session.flush()
            assert entry.id is not None
            session.add_all(EntryTag(entry_id=entry.id, tag=tag) for tag in item["tags"])
        for item in papers:
            paper = Paper(
                uid=str(uuid.uuid4()),
                title=item["title"],
                notes=item["notes"],
                authors=item["authors"],
                added_on=TODAY,
                created_at=NOW,
                updated_at=NOW,
            )
            session.add(paper)
            session.flush()
            assert paper.id is not None
            session.add_all(PaperTag(paper_id=paper.id, tag=tag) for tag in item["tags"])


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(content=journals(), queries=st.lists(query_texts(), min_size=1, max_size=4))
def test_the_portable_path_finds_what_fts5_finds(
    shared_journal: Journal,
    content: tuple[list[dict[str, Any]], list[dict[str, Any]]],
    queries: list[str],
) -> None:
    fill(shared_journal, *content)
    with shared_journal.sql() as sql:
        for text in queries:
            query = parse_query(text)
            indexed = store.matching_hits(sql, query, use_index=True)
            scanned = store.matching_hits(sql, query, use_index=False)
            assert {(hit.kind, hit.id) for hit in indexed} == {
                (hit.kind, hit.id) for hit in scanned
            }, text


# Through a SQLAlchemy session: how a journal on a database server is searched.


@BOTH_PATHS
def test_a_session_finds_what_sqlite3_finds_with_the_same_filters(
    journal: Journal, use_index: bool
) -> None:
    from learnlog.store.sql import SessionSql

    add(journal, "adam optimiser #ml", TODAY - timedelta(days=3))
    add(journal, "adamw decouples weight decay", TODAY - timedelta(days=1), tags=("ml",))
    add(journal, "adam in the trash")
    delete_entry(journal, 3, now=NOW)
    add_a_paper(journal, "Adam: a method", tags=("ml",), status=PaperStatus.READ, read_on=TODAY)
    query = parse_query("adam*")
    filters: dict[str, Any] = {"since": TODAY - timedelta(days=2), "tags": ("ml",)}
    with journal.sql() as sql:
        direct = store.matching_hits(sql, query, use_index=use_index, **filters)
    with journal.session() as session:
        through = store.matching_hits(SessionSql(session), query, use_index=use_index, **filters)
    assert sorted(through, key=repr) == sorted(direct, key=repr)
    assert {(hit.kind, hit.id) for hit in direct} == {("entry", 2), ("paper", 1)}


def test_an_error_from_fts5_through_a_session_is_an_input_error_too(
    journal: Journal, monkeypatch: pytest.MonkeyPatch
) -> None:
    from learnlog.store.sql import SessionSql

    add(journal, "anything")
    monkeypatch.setattr(store, "fts5_expression", lambda _query: '"unclosed')
    with journal.session() as session, pytest.raises(InputError) as refused:
        store.matching_hits(SessionSql(session), parse_query("anything"), use_index=True)
    assert "unterminated string" in refused.value.message
