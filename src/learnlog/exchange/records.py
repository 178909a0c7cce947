"""A journal as plain records: what export writes and import reads, whatever the format.

Records refer to each other by uid (a check-in names its habit's uid, a revisit its entry's),
never by the small ids a database hands out, so that they mean the same on every machine. They
are named tuples, which are made several times faster than frozen dataclasses: an export makes
one for every row of the journal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import NamedTuple


class EntryRecord(NamedTuple):
    """One thing learned."""

    uid: str
    day: date
    text: str
    tags: tuple[str, ...]
    source: str | None
    stage: str | None
    starred: bool
    created_at: datetime
    updated_at: datetime


class PaperRecord(NamedTuple):
    """A paper on the reading list."""

    uid: str
    title: str
    authors: str | None
    link: str | None
    status: str
    added_on: date
    read_on: date | None
    notes: str | None
    tags: tuple[str, ...]
    created_at: datetime
    updated_at: datetime


class HabitRecord(NamedTuple):
    """A user habit and its schedule."""

    uid: str
    name: str
    schedule: str
    created_on: date
    created_at: datetime
    updated_at: datetime


class CheckInRecord(NamedTuple):
    """One check-in of the habit with uid ``habit``."""

    uid: str
    habit: str
    day: date
    minutes: int | None
    created_at: datetime


class SkipRecord(NamedTuple):
    """Days excused for the habit named, or for every habit when ``habit`` is ``None``."""

    uid: str
    habit: str | None
    first_day: date
    last_day: date
    note: str | None
    created_at: datetime


class RevisitRecord(NamedTuple):
    """A look back at the entry with uid ``entry``."""

    uid: str
    entry: str
    day: date
    stage: str | None
    created_at: datetime


@dataclass(frozen=True)
class JournalData:
    """Everything a journal holds, or the part of it a filter chose."""

    entries: list[EntryRecord] = field(default_factory=list)
    papers: list[PaperRecord] = field(default_factory=list)
    habits: list[HabitRecord] = field(default_factory=list)
    check_ins: list[CheckInRecord] = field(default_factory=list)
    skips: list[SkipRecord] = field(default_factory=list)
    revisits: list[RevisitRecord] = field(default_factory=list)
    # Set on what ``sorted`` gives, so that sorting it again (each format sorts what it is
    # given) costs nothing; it says nothing about the records, so it takes no part in equality.
    in_order: bool = field(default=False, compare=False, repr=False)

    def sorted(self) -> JournalData:
        """The same records in the one order export writes them, whatever order they came in."""
        if self.in_order:
            return self
        return JournalData(
            entries=sorted(self.entries, key=lambda r: (r.day, r.created_at, r.uid)),
            papers=sorted(self.papers, key=lambda r: (r.added_on, r.created_at, r.uid)),
            habits=sorted(self.habits, key=lambda r: (r.name, r.uid)),
            check_ins=sorted(self.check_ins, key=lambda r: (r.habit, r.day, r.created_at, r.uid)),
            skips=sorted(self.skips, key=lambda r: (r.first_day, r.created_at, r.uid)),
            revisits=sorted(self.revisits, key=lambda r: (r.day, r.created_at, r.uid)),
            in_order=True,
        )
