"""A journal as plain records: what export writes and import reads, whatever the format.

Records refer to each other by uid (a check-in names its habit's uid, a revisit its entry's),
never by the small ids a database hands out, so that they mean the same on every machine. They
are named tuples, which are made several times faster than frozen dataclasses: an export makes
one for every row of the journal.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter
from typing import Any, NamedTuple, TypeVar


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


Record = EntryRecord | PaperRecord | HabitRecord | CheckInRecord | SkipRecord | RevisitRecord
R = TypeVar("R", bound=Record)

# A record as text: its fields in the record's order, with each day and moment as its ISO 8601
# text (``2026-11-23``, ``2026-11-23T09:30:00+00:00``), the form every export writes. A journal
# is read as text: the JSON export is written straight from it (tens of thousands of rows are
# never parsed into dates only to be printed again), and records are made from it.
RecordText = tuple[Any, ...]


def _positions(kind: type[Record], *names: str) -> tuple[int, ...]:
    """Where these fields are in a record of ``kind``."""
    return tuple(kind._fields.index(name) for name in names)


def _order(kind: type[Record], *names: str) -> itemgetter[Any]:
    """The sort key of export order: these fields of a record, or of its text, by position."""
    return itemgetter(*_positions(kind, *names))


# The days (some may be missing) and the moments of each kind of record.
_DAYS: dict[type[Any], tuple[int, ...]] = {
    EntryRecord: _positions(EntryRecord, "day"),
    PaperRecord: _positions(PaperRecord, "added_on", "read_on"),
    HabitRecord: _positions(HabitRecord, "created_on"),
    CheckInRecord: _positions(CheckInRecord, "day"),
    SkipRecord: _positions(SkipRecord, "first_day", "last_day"),
    RevisitRecord: _positions(RevisitRecord, "day"),
}
_MOMENTS = {
    kind: _positions(kind, *(name for name in kind._fields if name.endswith("_at")))
    for kind in _DAYS
}
# Each kind of record by the name of its list, with the fields export sorts it by. ISO text
# sorts as the days and moments it writes when every moment is in one offset, as a journal's
# are (UTC): one key serves a journal's text and the records of any file.
_KINDS: dict[str, tuple[type[Record], itemgetter[Any]]] = {
    "entries": (EntryRecord, _order(EntryRecord, "day", "created_at", "uid")),
    "papers": (PaperRecord, _order(PaperRecord, "added_on", "created_at", "uid")),
    "habits": (HabitRecord, _order(HabitRecord, "name", "uid")),
    "check_ins": (CheckInRecord, _order(CheckInRecord, "habit", "day", "created_at", "uid")),
    "skips": (SkipRecord, _order(SkipRecord, "first_day", "created_at", "uid")),
    "revisits": (RevisitRecord, _order(RevisitRecord, "day", "created_at", "uid")),
}


def text_of(record: Record) -> RecordText:
    """A record as text."""
    values: list[Any] = list(record)
    for index in _DAYS[type(record)]:
        if values[index] is not None:
            values[index] = values[index].isoformat()
    for index in _MOMENTS[type(record)]:
        values[index] = values[index].isoformat()
    return tuple(values)


def record_of(kind: type[R], text: RecordText) -> R:
    """The record of ``kind`` that ``text`` writes out."""
    values = list(text)
    for index in _DAYS[kind]:
        if values[index] is not None:
            values[index] = date.fromisoformat(values[index])
    for index in _MOMENTS[kind]:
        values[index] = datetime.fromisoformat(values[index])
    return kind(*values)


def _in_export_order(journal: JournalData | JournalText) -> dict[str, Any]:
    """Each list of ``journal`` sorted into the one order export writes."""
    return {name: sorted(getattr(journal, name), key=key) for name, (_, key) in _KINDS.items()}


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
        return self if self.in_order else JournalData(**_in_export_order(self), in_order=True)

    def as_text(self) -> JournalText:
        """The same records as text, in export order."""
        data = self.sorted()
        lists: dict[str, Any] = {name: list(map(text_of, getattr(data, name))) for name in _KINDS}
        return JournalText(**lists, in_order=True)


@dataclass(frozen=True)
class JournalText:
    """A journal's records as text, kind by kind (the lists of ``JournalData``)."""

    entries: list[RecordText] = field(default_factory=list)
    papers: list[RecordText] = field(default_factory=list)
    habits: list[RecordText] = field(default_factory=list)
    check_ins: list[RecordText] = field(default_factory=list)
    skips: list[RecordText] = field(default_factory=list)
    revisits: list[RecordText] = field(default_factory=list)
    in_order: bool = field(default=False, compare=False, repr=False)

    def sorted(self) -> JournalText:
        """The records in export order, as ``JournalData.sorted`` puts them."""
        return self if self.in_order else JournalText(**_in_export_order(self), in_order=True)

    def records(self) -> JournalData:
        """The same journal as records, in the same order."""
        lists: dict[str, Any] = {
            name: [record_of(kind, text) for text in getattr(self, name)]
            for name, (kind, _) in _KINDS.items()
        }
        return JournalData(**lists, in_order=self.in_order)
