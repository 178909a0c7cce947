"""The search queries: FTS5 with bm25 on SQLite, and a portable scan for other databases.

Both return the same hits for the same query tree (learnlog/search.py); the portable path
loads the candidate rows, with the day and tag filters applied in SQL, and matches them in
Python. ``use_index=False`` runs it on SQLite too, which is how the two are tested alike.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Float, Integer, and_, column, or_, text
from sqlalchemy import select as sa_select
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, col, select

from learnlog.domain import EntryFilter
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
from learnlog.store.models import Entry, EntryTag, Paper, PaperTag
from learnlog.store.queries import entry_conditions, paper_conditions, paper_day
from learnlog.store.schema import SEARCH_TABLE

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


def has_index(session: Session) -> bool:
    """Whether the journal has the full-text index: SQLite journals do, others do not."""
    return session.get_bind().dialect.name == "sqlite"


def matching_hits(
    session: Session,
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
    ``use_index`` chooses the path; by default the index is used where there is one.
    """
    if use_index is None:
        use_index = has_index(session)
    if use_index:
        return _indexed_hits(session, query, since=since, until=until, tags=tags)
    return _scanned_hits(session, query, since=since, until=until, tags=tags)


def _indexed_hits(
    session: Session,
    query: Query,
    *,
    since: date | None,
    until: date | None,
    tags: Sequence[str],
) -> list[Hit]:
    expression = fts5_expression(query)
    hits = text(_MATCH_SQL).columns(column("key", Integer), column("score", Float)).subquery("hits")
    # One pass over the index: each hit joins the entry or the paper it stands for, when that
    # passes the filters.
    entry_joins = and_(
        col(Entry.id) == hits.c.key,
        *entry_conditions(EntryFilter(since=since, until=until, tags=tuple(tags))),
    )
    paper_joins = and_(col(Paper.id) == -hits.c.key, *paper_conditions(since, until, tags))
    statement = (
        sa_select(hits.c.key, hits.c.score, col(Entry.day), paper_day())
        .select_from(hits)
        .outerjoin(Entry, entry_joins)
        .outerjoin(Paper, paper_joins)
        .where(or_(col(Entry.id).is_not(None), col(Paper.id).is_not(None)))
    )
    try:
        rows = session.execute(statement, {"expression": expression}).all()
    except OperationalError as error:
        reason = str(error.orig)
        if any(word in reason.lower() for word in _STORAGE_TROUBLE):
            raise  # a locked or damaged journal is the session's to report
        raise InputError(f"the search query cannot be run ({reason}); {QUERY_HELP}") from None
    return [
        Hit(ENTRY, key, entry_day, -score) if key > 0 else Hit(PAPER, -key, paper_day, -score)
        for key, score, entry_day, paper_day in rows
    ]


def _tags_by_owner(
    session: Session, owner: Any, tag: Any, joined: Any, conditions: list[Any]
) -> dict[int, str]:
    """Each candidate's tags as the index writes them: alphabetical, separated by spaces."""
    found: dict[int, list[str]] = defaultdict(list)
    for owner_id, name in session.execute(sa_select(owner, tag).join(joined).where(*conditions)):
        found[owner_id].append(name)
    return {owner_id: " ".join(sorted(names)) for owner_id, names in found.items()}


def _scanned_hits(
    session: Session,
    query: Query,
    *,
    since: date | None,
    until: date | None,
    tags: Sequence[str],
) -> list[Hit]:
    candidates: list[tuple[str, int, date, Document]] = []
    conditions = entry_conditions(EntryFilter(since=since, until=until, tags=tuple(tags)))
    tags_of = _tags_by_owner(session, col(EntryTag.entry_id), col(EntryTag.tag), Entry, conditions)
    entries = sa_select(col(Entry.id), col(Entry.day), col(Entry.text), col(Entry.source))
    for entry_id, day, body, source in session.execute(entries.where(*conditions)):
        doc = document(text=body, source=source or "", tags=tags_of.get(entry_id, ""))
        candidates.append((ENTRY, entry_id, day, doc))
    conditions = paper_conditions(since, until, tags)
    tags_of = _tags_by_owner(session, col(PaperTag.paper_id), col(PaperTag.tag), Paper, conditions)
    papers = sa_select(
        col(Paper.id), paper_day(), col(Paper.title), col(Paper.notes), col(Paper.authors)
    )
    for paper_id, day, title, notes, authors in session.execute(papers.where(*conditions)):
        doc = document(
            title=title, text=notes or "", authors=authors or "", tags=tags_of.get(paper_id, "")
        )
        candidates.append((PAPER, paper_id, day, doc))
    return [
        Hit(kind, item_id, day, relevance(query, doc))
        for kind, item_id, day, doc in candidates
        if matches(query, doc)
    ]


def entries_by_ids(session: Session, entry_ids: Iterable[int]) -> dict[int, Entry]:
    """The entries with these ids, by id (a few hundred at a time)."""
    found = session.exec(select(Entry).where(col(Entry.id).in_(list(entry_ids))))
    return {entry.id: entry for entry in found if entry.id is not None}


def papers_by_ids(session: Session, paper_ids: Iterable[int]) -> dict[int, Paper]:
    """The papers with these ids, by id (a few hundred at a time)."""
    found = session.exec(select(Paper).where(col(Paper.id).in_(list(paper_ids))))
    return {paper.id: paper for paper in found if paper.id is not None}
