"""When an entry comes back for another look: the revisit ages and the rule, pure.

An entry reaches a *milestone* when it turns one of ``REVISIT_AGES`` days old. Looking back over
a window of days, an entry is *due* when one of its milestones lies in the window and it has not
been revisited since that milestone. ``learnlog review`` looks back over the last week and the
weekly report over the span it covers; both ask this module, so they always agree.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from learnlog.domain import EntryView, Stage

# A second look the next day, a week later, a month, a season and a year later (spec: review).
REVISIT_AGES = (1, 7, 30, 90, 365)
# `learnlog review` looks back a week, today included, so that reviewing weekly misses nothing.
REVIEW_WINDOW_DAYS = 7
# A few at a time: what `review` shows of each list unless -n says otherwise.
REVIEW_LIMIT = 5  # entries due
READY_LIMIT = 3  # entries ready to move on a stage, shown below them
STAGES = tuple(Stage)  # in the order learning goes: understood, explained, applied
ADVANCEABLE_STAGES = STAGES[:-1]  # a stage with one after it


@dataclass(frozen=True)
class DueRevisit:
    """An entry due for another look, and the age it reached in the window."""

    entry: EntryView
    age_days: int

    @property
    def due_on(self) -> date:
        """The day the entry reached ``age_days``."""
        return self.entry.day + timedelta(days=self.age_days)


def review_window(today: date) -> tuple[date, date]:
    """The days ``learnlog review`` looks back over: the last week, today included."""
    return today - timedelta(days=REVIEW_WINDOW_DAYS - 1), today


def milestone_ranges(first: date, last: date) -> list[tuple[date, date]]:
    """For each revisit age, the entry days that reach it between ``first`` and ``last``."""
    return [(first - timedelta(days=age), last - timedelta(days=age)) for age in REVISIT_AGES]


def due_age(day: date, first: date, last: date) -> int | None:
    """The largest age an entry of ``day`` reaches between ``first`` and ``last``, if any."""
    ages = [age for age in REVISIT_AGES if first <= day + timedelta(days=age) <= last]
    return max(ages, default=None)


def revisit_order(item: DueRevisit) -> tuple[bool, int, date, int]:
    """Starred entries first, then the greater ages, then the older days, then the ids."""
    return (not item.entry.starred, -item.age_days, item.entry.day, item.entry.id)


def due_revisits(
    entries: Iterable[EntryView],
    revisited: Mapping[int, Collection[date]],
    *,
    first: date,
    last: date,
) -> list[DueRevisit]:
    """The entries due between ``first`` and ``last``, in ``revisit_order``.

    ``revisited`` maps an entry's id to the days it was revisited. A revisit counts from the
    day of the milestone on, so a look before it (or after ``last``) does not: an entry looked
    at again when three days old is still due at seven. Only the largest age reached in the
    window is reported; a revisit on or after it is also after every smaller one.
    """
    found = []
    for entry in entries:
        age = due_age(entry.day, first, last)
        if age is None:
            continue
        milestone = entry.day + timedelta(days=age)
        if any(milestone <= seen <= last for seen in revisited.get(entry.id, ())):
            continue
        found.append(DueRevisit(entry=entry, age_days=age))
    return sorted(found, key=revisit_order)


def moves_forward(current: Stage | None, wanted: Stage) -> bool:
    """Whether ``wanted`` lies after ``current``: any stage after none, else a later one."""
    return current is None or STAGES.index(wanted) > STAGES.index(current)


def next_stage(current: Stage | None) -> Stage | None:
    """The stage after ``current`` (understood after none), or ``None`` after applied."""
    later = [stage for stage in STAGES if moves_forward(current, stage)]
    return later[0] if later else None
