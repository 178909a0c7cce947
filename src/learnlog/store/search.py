"""The search queries: FTS5 with bm25 on SQLite, and a portable scan for other databases.

Both return the same hits for the same query tree (learnlog/search.py); the portable path
loads the candidate rows, with the day and tag filters applied in SQL, and matches them in
Python. ``use_index=False`` runs it on SQLite too, which is how the two are tested alike.
"""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from learnlog.domain import EntryFilter, EntryView
from learnlog.errors import InputError
from learnlog.search import (
    FIELD_WEIGHTS,
    QUERY_HELP,
    Document,
    Hit,
    Query,
    document,
    fts5_expression,
    matches,
    relevance,
)
from learnlog.store.entry_queries import ENTRY_COLUMNS, entry_conditions, entry_views
from learnlog.store.paper_queries import PAPER_DAY, paper_conditions
from learnlog.store.schema import SEARCH_TABLE
from learnlog.store.sql import Row, Sql, chunks, day_of, in_list

ENTRY = "entry"
PAPER = "paper"

# Errors of the database rather than of the MATCH expression (FTS5 says "fts5: syntax error",
# "unterminated string" and the like): those stay storage errors.
_STORAGE_TROUBLE = (
    "locked",
    "busy",
    "readonly",
    "read-only",
    "disk",
    "full",
    "no such table",
    "unable to open",
    "interrupt",
    "memory",
    "malformed",
    "corrupt",
)

_WEIGHTS = ", ".join(f"{weight:.1f}" for weight in FIELD_WEIGHTS.values())
# The index's rowid is the entry id, or minus the paper id; bm25 is lower for better matches.
_MATCH_SQL = (
    f"SELECT rowid AS key, bm25({SEARCH_TABLE}, {_WEIGHTS}) AS score "  # noqa: S608 - constants
    f"FROM {SEARCH_TABLE} WHERE {SEARCH_TABLE} MATCH :expression"
)


def matching_hits(
    sql: Sql,
    query: Query,
    *,
    since: date | None = None,
    until: date | None = None,
    tags: Sequence[str] = (),
    use_index: bool | None = None,
) -> list[Hit]:
    """Every entry outside the trash and every paper that match the query and the filters.

    Entries are filtered by their day, papers by their read day (else the day added); every
    tag given must be carried. The hits come unordered; ``search.ranked`` orders them.
    ``use_index`` chooses the path; by default the index is used where there is one (SQLite).
    """
    if use_index is None:
        use_index = sql.sqlite
    entries = entry_conditions(EntryFilter(since=since, until=until, tags=tuple(tags)))
    papers = paper_conditions(since, until, tags)
    if use_index:
        return _indexed_hits(sql, query, entries, papers)
    return _scanned_hits(sql, query, entries, papers)


# The conditions on entries and on papers: SQL and its parameters.
Conditions = tuple[str, dict[str, Any]]


def _indexed_hits(sql: Sql, query: Query, entries: Conditions, papers: Conditions) -> list[Hit]:
    (entry_where, entry_params), (paper_where, paper_params) = entries, papers
    # One pass over the index: each hit joins the entry or the paper it stands for, when that
    # passes the filters.
    statement = (
        f"SELECT hits.key, hits.score, entry.day, {PAPER_DAY} "  # noqa: S608 - fixed columns
        f"FROM ({_MATCH_SQL}) AS hits "
        f"LEFT OUTER JOIN entry ON entry.id = hits.key AND {entry_where} "
        f"LEFT OUTER JOIN paper ON paper.id = -hits.key AND {paper_where} "
        "WHERE entry.id IS NOT NULL OR paper.id IS NOT NULL"
    )
    try:
        params = {**entry_params, **paper_params, "expression": fts5_expression(query)}
        rows = sql.rows(statement, params)
    except Exception as error:
        # sqlite3 raises its own error; through a SQLAlchemy session it comes wrapped.
        reason = getattr(error, "orig", error)
        if not isinstance(reason, sqlite3.OperationalError) or any(
            word in str(reason).lower() for word in _STORAGE_TROUBLE
        ):
            raise  # a locked or damaged journal is the journal's to report
        raise InputError(f"the search query cannot be run ({reason}); {QUERY_HELP}") from None
    return [
        Hit(ENTRY, key, day_of(entry_day), -score)
        if key > 0
        else Hit(PAPER, -key, day_of(paper_day), -score)
        for key, score, entry_day, paper_day in rows
    ]


def _tags_by_owner(sql: Sql, statement: str, params: dict[str, Any]) -> dict[int, str]:
    """Each candidate's tags as the index writes them: alphabetical, separated by spaces."""
    found: dict[int, list[str]] = defaultdict(list)
    for owner_id, name in sql.rows(statement, params):
        found[owner_id].append(name)
    return {owner_id: " ".join(sorted(names)) for owner_id, names in found.items()}


def _scanned_hits(sql: Sql, query: Query, entries: Conditions, papers: Conditions) -> list[Hit]:
    (entry_where, entry_params), (paper_where, paper_params) = entries, papers
    candidates: list[tuple[str, int, date, Document]] = []
    tags_of = _tags_by_owner(
        sql,
        "SELECT entry_tag.entry_id, entry_tag.tag FROM entry_tag "  # noqa: S608 - fixed columns
        f"JOIN entry ON entry.id = entry_tag.entry_id WHERE {entry_where}",
        entry_params,
    )
    statement = "SELECT entry.id, entry.day, entry.text, entry.source FROM entry WHERE "
    for entry_id, day, body, source in sql.rows(statement + entry_where, entry_params):
        doc = document(text=body, source=source or "", tags=tags_of.get(entry_id, ""))
        candidates.append((ENTRY, entry_id, day_of(day), doc))
    tags_of = _tags_by_owner(
        sql,
        "SELECT paper_tag.paper_id, paper_tag.tag FROM paper_tag "  # noqa: S608 - fixed columns
        f"JOIN paper ON paper.id = paper_tag.paper_id WHERE {paper_where}",
        paper_params,
    )
    statement = (
        f"SELECT paper.id, {PAPER_DAY}, paper.title, paper.notes, paper.authors "  # noqa: S608
        "FROM paper WHERE "
    )
    for paper_id, day, title, notes, authors in sql.rows(statement + paper_where, paper_params):
        doc = document(
            title=title, text=notes or "", authors=authors or "", tags=tags_of.get(paper_id, "")
        )
        candidates.append((PAPER, paper_id, day_of(day), doc))
    return [
        Hit(kind, item_id, day, relevance(query, doc))
        for kind, item_id, day, doc in candidates
        if matches(query, doc)
    ]


def entries_with_ids(sql: Sql, entry_ids: Iterable[int]) -> dict[int, EntryView]:
    """The entries with these ids, by id."""
    rows: list[Row] = []
    for chunk in chunks(sorted(set(entry_ids))):
        ids, params = in_list("id", chunk)
        statement = f"SELECT {ENTRY_COLUMNS} FROM entry WHERE entry.id IN ({ids})"  # noqa: S608
        rows += sql.rows(statement, params)
    return {view.id: view for view in entry_views(sql, rows)}
