"""Papers in plain SQL: read them as views, choose them by their day and tags."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from learnlog.domain import PaperStatus, PaperView
from learnlog.store.entry_queries import tags_by_owner
from learnlog.store.sql import (
    Row,
    Sql,
    chunks,
    day_of,
    day_or_none,
    in_list,
    insert_row,
    moment_of,
    replace_owner_tags,
    update_row,
)

# The columns ``paper_view`` reads, in its order.
PAPER_COLUMNS = (
    "paper.id, paper.uid, paper.title, paper.authors, paper.link, paper.status, "
    "paper.added_on, paper.read_on, paper.notes, paper.created_at, paper.updated_at"
)

# The day a paper counts for when papers are chosen by day: the day read, else the day added.
PAPER_DAY = "COALESCE(paper.read_on, paper.added_on)"


def paper_view(row: Row, tags: Sequence[str]) -> PaperView:
    """A paper read with PAPER_COLUMNS, with its tags."""
    paper_id, uid, title, authors, link, status, added_on, read_on, notes, created, updated = row
    return PaperView(
        id=paper_id,
        uid=uid,
        title=title,
        authors=authors,
        link=link,
        status=PaperStatus(status),
        added_on=day_of(added_on),
        read_on=day_or_none(read_on),
        notes=notes,
        tags=tuple(tags),
        created_at=moment_of(created),
        updated_at=moment_of(updated),
    )


def tags_by_paper(sql: Sql, paper_ids: Iterable[int]) -> dict[int, list[str]]:
    """The tags of each paper, alphabetically."""
    return tags_by_owner(sql, "paper_tag", "paper_id", paper_ids)


def paper_views(sql: Sql, rows: Sequence[Row]) -> list[PaperView]:
    """Papers read with PAPER_COLUMNS, with their tags, in the order given."""
    tags_of = tags_by_paper(sql, (row[0] for row in rows))
    return [paper_view(row, tags_of.get(row[0], [])) for row in rows]


def papers_with_ids(sql: Sql, paper_ids: Iterable[int]) -> dict[int, PaperView]:
    """The papers with these ids, by id."""
    rows: list[Row] = []
    for chunk in chunks(sorted(set(paper_ids))):
        ids, params = in_list("id", chunk)
        rows += sql.rows(f"SELECT {PAPER_COLUMNS} FROM paper WHERE paper.id IN ({ids})", params)
    return {view.id: view for view in paper_views(sql, rows)}


def paper_conditions(
    since: date | None, until: date | None, tags: Sequence[str]
) -> tuple[str, dict[str, Any]]:
    """Papers whose day (PAPER_DAY) is within the bounds and that carry every tag.

    The parameters are named ``paper_…``, so that the conditions can stand in one statement
    with those of ``entry_conditions``.
    """
    conditions = ["1 = 1"]  # a condition even when nothing is asked, so it can follow WHERE
    params: dict[str, Any] = {}
    if since is not None:
        conditions.append(f"{PAPER_DAY} >= :paper_since")
        params["paper_since"] = since
    if until is not None:
        conditions.append(f"{PAPER_DAY} <= :paper_until")
        params["paper_until"] = until
    for index, tag in enumerate(tags):
        alias = f"paper_tagged{index}"
        conditions.append(
            f"EXISTS (SELECT 1 FROM paper_tag AS {alias} WHERE "
            f"{alias}.paper_id = paper.id AND {alias}.tag = :paper_tag{index})"
        )
        params[f"paper_tag{index}"] = tag
    return " AND ".join(conditions), params


def paper_by_id(sql: Sql, paper_id: int) -> PaperView | None:
    """The paper with this id, with its tags, or ``None``."""
    row = sql.row(f"SELECT {PAPER_COLUMNS} FROM paper WHERE paper.id = :id", {"id": paper_id})
    return None if row is None else paper_view(row, tags_by_paper(sql, [paper_id])[paper_id])


def paper_titles_and_links(sql: Sql) -> list[tuple[int, str, str | None]]:
    """Every paper's id, title and link, by id: what duplicates are looked for in."""
    rows = sql.rows("SELECT paper.id, paper.title, paper.link FROM paper ORDER BY paper.id")
    return [(paper_id, title, link) for paper_id, title, link in rows]


def papers_matching(
    sql: Sql,
    *,
    status: PaperStatus | None = None,
    read_from: date | None = None,
    read_until: date | None = None,
) -> list[PaperView]:
    """Papers with the status, read between the days given (both included).

    The reading list comes first (being read, then queued in the order added), then the papers
    read, the most recently finished first; papers finished the same day by id.
    """
    conditions = ["1 = 1"]  # a condition even when nothing is asked, so it can follow WHERE
    params: dict[str, Any] = {
        "reading": PaperStatus.READING.value,
        "queued": PaperStatus.QUEUED.value,
    }
    if status is not None:
        conditions.append("paper.status = :status")
        params["status"] = status.value
    if read_from is not None:
        conditions.append("paper.read_on >= :read_from")
        params["read_from"] = read_from
    if read_until is not None:
        conditions.append("paper.read_on <= :read_until")
        params["read_until"] = read_until
    # The ORDER BY the ORM wrote, word for word: each database keeps the order it gave before.
    statement = (
        f"SELECT {PAPER_COLUMNS} FROM paper WHERE {' AND '.join(conditions)} ORDER BY "
        "CASE WHEN paper.status = :reading THEN 0 WHEN paper.status = :queued THEN 1 ELSE 2 END, "
        "paper.read_on DESC, paper.id"
    )
    return paper_views(sql, sql.rows(statement, params))


def insert_paper(sql: Sql, values: dict[str, Any], tags: Iterable[str]) -> int:
    """Store a new paper (a value for every column but the id) with its tags; its id."""
    paper_id = insert_row(sql, "paper", values)
    replace_paper_tags(sql, paper_id, tags)
    return paper_id


def update_paper(sql: Sql, paper_id: int, values: dict[str, Any]) -> None:
    """Write these columns of one paper (at least one)."""
    update_row(sql, "paper", paper_id, values)


def replace_paper_tags(sql: Sql, paper_id: int, tags: Iterable[str]) -> None:
    """Make ``tags`` the paper's tags."""
    replace_owner_tags(sql, "paper", paper_id, tags)


def delete_paper(sql: Sql, paper_id: int) -> None:
    """Remove a paper for good, with its tags."""
    sql.run("DELETE FROM paper_tag WHERE paper_id = :id", {"id": paper_id})
    sql.run("DELETE FROM paper WHERE id = :id", {"id": paper_id})
