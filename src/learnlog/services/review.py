"""Revisiting old entries: what is due, what is ready to move on, and marking them, by day.

The weekly report imports this module for ``due_between`` alone, so what only ``learnlog
review`` needs (the entry services, uuid) is imported inside the functions that use it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from learnlog.domain import EntryChanges, EntryView, Stage
from learnlog.errors import RefusedError
from learnlog.revisits import (
    READY_LIMIT,
    REVIEW_LIMIT,
    DueRevisit,
    due_revisits,
    milestone_ranges,
    moves_forward,
    review_window,
)
from learnlog.store import report_queries

if TYPE_CHECKING:
    from learnlog.store.database import Journal
    from learnlog.store.sql import Sql


@dataclass(frozen=True)
class ReviewList:
    """What ``learnlog review`` shows: the first few due and ready entries, and how many wait."""

    first: date
    as_of: date
    due: list[DueRevisit]
    ready: list[EntryView]
    due_count: int
    ready_count: int

    @property
    def more_due(self) -> int:
        """Due entries left out of ``due``."""
        return self.due_count - len(self.due)

    @property
    def more_ready(self) -> int:
        """Entries ready to move on left out of ``ready``."""
        return self.ready_count - len(self.ready)


@dataclass(frozen=True)
class Mark:
    """One decision on an entry: looked at again, and moved on to ``stage`` when one is given."""

    entry_id: int
    stage: Stage | None = None


@dataclass(frozen=True)
class Marked:
    """A decision stored: the entry as it now is, and whether a new revisit row was added."""

    entry: EntryView
    day: date
    stage: Stage | None
    recorded: bool


def due_between(sql: Sql, first: date, last: date) -> list[DueRevisit]:
    """Entries due for another look between ``first`` and ``last``, judged as of ``last``.

    The one rule of ``learnlog.revisits`` over the revisits stored up to ``last``; the weekly
    report and ``learnlog review`` both come here.
    """
    candidates = report_queries.entries_on_day_ranges(sql, milestone_ranges(first, last))
    revisited = report_queries.revisit_days(sql, (entry.id for entry in candidates), until=last)
    return due_revisits(candidates, revisited, first=first, last=last)


def review_list(journal: Journal, *, today: date, limit: int | None = None) -> ReviewList:
    """The entries due in the week up to ``today``, then those ready to move on, a few of each.

    Ready to move on: never revisited, at a stage with a next one (understood or explained),
    not already due, the oldest first. ``limit`` caps each list; without it, the first
    ``REVIEW_LIMIT`` due entries and ``READY_LIMIT`` ready ones are kept.
    """
    from learnlog.store import review_queries

    first, last = review_window(today)
    with journal.sql() as sql:
        due = due_between(sql, first, last)
        due_ids = {item.entry.id for item in due}
        ready = review_queries.entries_ready_to_advance(
            sql, until=last, excluded=due_ids, limit=limit or READY_LIMIT
        )
        ready_count = review_queries.count_ready_to_advance(sql, until=last, excluded=due_ids)
    return ReviewList(
        first=first,
        as_of=last,
        due=due[: limit or REVIEW_LIMIT],
        ready=ready,
        due_count=len(due),
        ready_count=ready_count,
    )


def mark_entries(
    journal: Journal, marks: Sequence[Mark], *, now: datetime, today: date
) -> list[Marked]:
    """Store each decision as a revisit of ``today``, all in one transaction.

    A stage goes through the same edit as ``learnlog edit --stage``, so ``learnlog undo`` takes
    it back (the revisit stays). Any refusal leaves the journal as it was.
    """
    with journal.sql(write=True) as sql:
        return [_mark(sql, mark, now=now, today=today) for mark in marks]


def _mark(sql: Sql, mark: Mark, *, now: datetime, today: date) -> Marked:
    import uuid

    from learnlog.services.entries import apply_edit, existing_entry
    from learnlog.store import review_queries

    entry = existing_entry(sql, mark.entry_id)
    if mark.stage is None:
        if review_queries.revisited_on(sql, entry.id, today):
            return Marked(entry=entry, day=today, stage=None, recorded=False)
    else:
        _refuse_backwards(entry, mark.stage)
        changes = EntryChanges(stage=mark.stage)
        entry = apply_edit(sql, entry.id, changes, now=now, today=today).entry
    review_queries.insert_revisit(
        sql,
        uid=str(uuid.uuid4()),
        entry_id=entry.id,
        day=today,
        stage=mark.stage.value if mark.stage else None,
        now=now,
    )
    return Marked(entry=entry, day=today, stage=mark.stage, recorded=True)


def _refuse_backwards(entry: EntryView, wanted: Stage) -> None:
    if moves_forward(entry.stage, wanted):
        return
    edit = f"'learnlog edit {entry.id} --stage {wanted.value}'"
    if entry.stage is wanted:
        raise RefusedError(
            f"#{entry.id} is already {wanted.value}; nothing was changed. Review moves a stage "
            f"on (understood, explained, applied); {edit} sets any stage"
        )
    assert entry.stage is not None
    raise RefusedError(
        f"#{entry.id} is {entry.stage.value}, past {wanted.value}; nothing was changed. "
        f"Review only moves a stage on; to move it back, use {edit}"
    )
