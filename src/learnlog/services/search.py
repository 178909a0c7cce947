"""Search use case: entries and papers that match a query, best first, with their snippets."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from learnlog.domain import EntryView, PaperView, normalise_tag, unique_tags
from learnlog.search import Snippet, parse_query, ranked, snippet
from learnlog.store import search as store
from learnlog.store.paper_queries import papers_with_ids

if TYPE_CHECKING:
    from collections.abc import Sequence

    from learnlog.search import Hit, Query
    from learnlog.store.database import Journal
    from learnlog.store.sql import Sql

_BATCH = 500  # results loaded per query: well under any database's limit on parameters


@dataclass(frozen=True)
class SearchHit:
    """One result: an entry or a paper, its place in the ranking and its snippet."""

    rank: int
    snippet: Snippet
    entry: EntryView | None = None
    paper: PaperView | None = None

    @property
    def kind(self) -> str:
        """``entry`` or ``paper``."""
        return "entry" if self.entry is not None else "paper"

    @property
    def id(self) -> int:
        """The entry's or the paper's id."""
        item = self.entry or self.paper
        assert item is not None
        return item.id

    @property
    def uid(self) -> str:
        """The entry's or the paper's uid."""
        item = self.entry or self.paper
        assert item is not None
        return item.uid

    @property
    def day(self) -> date:
        """The entry's day; for a paper the day it was read, else the day it was added."""
        if self.entry is not None:
            return self.entry.day
        assert self.paper is not None
        return self.paper.read_on or self.paper.added_on


@dataclass(frozen=True)
class SearchResults:
    """What a search found: how many matched in all, and the best of them to show."""

    query: str
    count: int
    hits: list[SearchHit]

    @property
    def shown(self) -> int:
        """How many results are shown (the limit may leave some out)."""
        return len(self.hits)


def _hashtags(tags: Sequence[str]) -> str:
    return " ".join(f"#{tag}" for tag in tags)


def entry_snippet(query: Query, entry: EntryView) -> Snippet:
    """The passage shown for an entry: from its text, else its tags, else its source."""
    fields = [("text", entry.text), ("tags", _hashtags(entry.tags)), ("source", entry.source or "")]
    return snippet(query, fields)


def paper_snippet(query: Query, paper: PaperView) -> Snippet:
    """The passage shown for a paper: from its title, else its notes, authors or tags."""
    fields = [
        ("title", paper.title),
        ("notes", paper.notes or ""),
        ("authors", paper.authors or ""),
        ("tags", _hashtags(paper.tags)),
    ]
    return snippet(query, fields)


def search_journal(
    journal: Journal,
    query: str,
    *,
    since: date | None = None,
    until: date | None = None,
    tags: Sequence[str] = (),
    limit: int | None = None,
    use_index: bool | None = None,
) -> SearchResults:
    """Entries (outside the trash) and papers matching ``query``, best first.

    ``since``/``until`` bound an entry's day and a paper's read day (else the day it was
    added); every tag in ``tags`` must be carried. ``limit`` keeps the best ones (``None``:
    all); the count is of every match. ``use_index`` is for tests: by default SQLite's
    full-text index is used where there is one.
    """
    tree = parse_query(query)
    wanted_tags = unique_tags(normalise_tag(tag) for tag in tags)
    with journal.sql() as sql:
        hits = ranked(
            store.matching_hits(
                sql, tree, since=since, until=until, tags=wanted_tags, use_index=use_index
            )
        )
        shown = hits if limit is None else hits[:limit]
        results: list[SearchHit] = []
        for start in range(0, len(shown), _BATCH):
            results.extend(_results(sql, tree, shown[start : start + _BATCH], first=start + 1))
    return SearchResults(query=query, count=len(hits), hits=results)


def _results(sql: Sql, tree: Query, hits: Sequence[Hit], *, first: int) -> list[SearchHit]:
    """The hits with their entries and papers loaded and their snippets cut, ranked from first."""
    entry_of = store.entries_with_ids(sql, (hit.id for hit in hits if hit.kind == store.ENTRY))
    paper_of = papers_with_ids(sql, (hit.id for hit in hits if hit.kind == store.PAPER))
    results: list[SearchHit] = []
    for rank, hit in enumerate(hits, start=first):
        if hit.kind == store.ENTRY:
            entry = entry_of[hit.id]
            results.append(SearchHit(rank, entry_snippet(tree, entry), entry=entry))
        else:
            paper = paper_of[hit.id]
            results.append(SearchHit(rank, paper_snippet(tree, paper), paper=paper))
    return results
