"""The queries of the weekly review: what happened in a span of days, in a few aggregates."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from learnlog.domain import EntryView, PaperStatus, Stage
from learnlog.store.entry_queries import ENTRY_COLUMNS, entry_views
from learnlog.store.sql import Row, Sql, chunks, day_of, day_or_none, in_list, row_limit


@dataclass(frozen=True)
class PaperRow:
    """What the review shows of a paper."""

    id: int
    title: str
    authors: str | None
    link: str | None
    added_on: date
    read_on: date | None


PAPER_COLUMNS = "id, title, authors, link, added_on, read_on"


def _paper_row(row: Row) -> PaperRow:
    paper_id, title, authors, link, added_on, read_on = row
    return PaperRow(
        id=int(paper_id),
        title=title,
        authors=authors,
        link=link,
        added_on=day_of(added_on),
        read_on=day_or_none(read_on),
    )


def tags_between(sql: Sql, first: date, last: date) -> dict[str, int]:
    """How many entries of the span carry each tag."""
    rows = sql.rows(
        "SELECT entry_tag.tag, COUNT(*) FROM entry "
        "JOIN entry_tag ON entry_tag.entry_id = entry.id "
        "WHERE entry.day BETWEEN :first AND :last AND entry.deleted_at IS NULL "
        "GROUP BY entry_tag.tag",
        {"first": first, "last": last},
    )
    return {tag: int(count) for tag, count in rows}


def check_ins_between(sql: Sql, first: date, last: date) -> list[tuple[str, date, int, int]]:
    """Each habit's check-ins per day of the span: name, day, how many, minutes."""
    rows = sql.rows(
        "SELECT habit.name, check_in.day, COUNT(*), COALESCE(SUM(check_in.minutes), 0) "
        "FROM check_in JOIN habit ON habit.id = check_in.habit_id "
        "WHERE check_in.day BETWEEN :first AND :last "
        "GROUP BY habit.name, check_in.day",
        {"first": first, "last": last},
    )
    return [
        (name, day_of(day), int(count), int(minutes or 0)) for name, day, count, minutes in rows
    ]


def papers_read_between(sql: Sql, first: date, last: date) -> list[PaperRow]:
    """Papers finished in the span, in the order they were finished."""
    rows = sql.rows(
        f"SELECT {PAPER_COLUMNS} FROM paper "
        "WHERE read_on BETWEEN :first AND :last AND status = :read ORDER BY read_on, id",
        {"first": first, "last": last, "read": PaperStatus.READ.value},
    )
    return [_paper_row(row) for row in rows]


def papers_queued_longest(sql: Sql, *, until: date, limit: int) -> list[PaperRow]:
    """Papers queued by ``until`` and still waiting to be read, the oldest additions first."""
    # Only a read paper has a read day, so ``read_on IS NULL`` takes the reading list alone
    # from read_on's index instead of reading every paper.
    rows = sql.rows(
        f"SELECT {PAPER_COLUMNS} FROM paper "
        "WHERE read_on IS NULL AND status = :queued AND added_on <= :until "
        "ORDER BY added_on, id LIMIT :limit",
        {"queued": PaperStatus.QUEUED.value, "until": until, "limit": row_limit(limit)},
    )
    return [_paper_row(row) for row in rows]


def entries_understood_only(sql: Sql, *, until: date, limit: int) -> list[EntryView]:
    """Entries that got as far as understood and no further, the oldest first."""
    rows = sql.rows(
        f"SELECT {ENTRY_COLUMNS} FROM entry "
        "WHERE entry.day <= :until AND entry.deleted_at IS NULL AND entry.stage = :understood "
        "ORDER BY entry.day, entry.id LIMIT :limit",
        {"until": until, "understood": Stage.UNDERSTOOD.value, "limit": row_limit(limit)},
    )
    return entry_views(sql, rows)


def entries_on_day_ranges(sql: Sql, ranges: Sequence[tuple[date, date]]) -> list[EntryView]:
    """Entries outside the trash written on a day of any range, ends included; oldest first.

    The candidates for a revisit, shared by the weekly review and ``learnlog review``.
    """
    if not ranges:
        return []
    params: dict[str, object] = {}
    spans = []
    for index, (first, last) in enumerate(ranges):
        spans.append(f"entry.day BETWEEN :first{index} AND :last{index}")
        params |= {f"first{index}": first, f"last{index}": last}
    rows = sql.rows(
        f"SELECT {ENTRY_COLUMNS} FROM entry "
        f"WHERE ({' OR '.join(spans)}) AND entry.deleted_at IS NULL "
        "ORDER BY entry.day, entry.id",
        params,
    )
    return entry_views(sql, rows)


def revisit_days(sql: Sql, entry_ids: Iterable[int], *, until: date) -> dict[int, list[date]]:
    """The days each entry was revisited, up to ``until``, in order."""
    found: dict[int, list[date]] = defaultdict(list)
    for chunk in chunks(sorted(set(entry_ids))):
        ids, params = in_list("id", chunk)
        rows = sql.rows(
            f"SELECT entry_id, day FROM revisit WHERE entry_id IN ({ids}) AND day <= :until "
            "ORDER BY entry_id, day",
            {**params, "until": until},
        )
        for entry_id, day in rows:
            found[int(entry_id)].append(day_of(day))
    return found
