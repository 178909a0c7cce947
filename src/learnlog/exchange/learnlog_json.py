"""learnlog's own JSON export: every record of a journal, with uids and a format version.

The document is written in one fixed order with fixed keys, so exporting, importing into an
empty journal and exporting again gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from itertools import islice
from json.encoder import encode_basestring
from typing import Any, TypeVar

from learnlog.errors import InputError
from learnlog.exchange.records import (
    CheckInRecord,
    EntryRecord,
    HabitRecord,
    JournalData,
    JournalText,
    PaperRecord,
    RecordText,
    RevisitRecord,
    SkipRecord,
)

FORMAT_NAME = "learnlog"
FORMAT_VERSION = 1

T = TypeVar("T")


def _day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def _moment(value: datetime) -> str:
    return value.isoformat()


def document(data: JournalData) -> dict[str, Any]:
    """The export as a JSON-ready dictionary."""
    data = data.sorted()
    return {
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "entries": [
            {
                "uid": r.uid,
                "day": _day(r.day),
                "text": r.text,
                "tags": list(r.tags),
                "source": r.source,
                "stage": r.stage,
                "starred": r.starred,
                "created_at": _moment(r.created_at),
                "updated_at": _moment(r.updated_at),
            }
            for r in data.entries
        ],
        "papers": [
            {
                "uid": r.uid,
                "title": r.title,
                "authors": r.authors,
                "link": r.link,
                "status": r.status,
                "added_on": _day(r.added_on),
                "read_on": _day(r.read_on),
                "notes": r.notes,
                "tags": list(r.tags),
                "created_at": _moment(r.created_at),
                "updated_at": _moment(r.updated_at),
            }
            for r in data.papers
        ],
        "habits": [
            {
                "uid": r.uid,
                "name": r.name,
                "schedule": r.schedule,
                "created_on": _day(r.created_on),
                "created_at": _moment(r.created_at),
                "updated_at": _moment(r.updated_at),
            }
            for r in data.habits
        ],
        "check_ins": [
            {
                "uid": r.uid,
                "habit": r.habit,
                "day": _day(r.day),
                "minutes": r.minutes,
                "created_at": _moment(r.created_at),
            }
            for r in data.check_ins
        ],
        "skips": [
            {
                "uid": r.uid,
                "habit": r.habit,
                "first_day": _day(r.first_day),
                "last_day": _day(r.last_day),
                "note": r.note,
                "created_at": _moment(r.created_at),
            }
            for r in data.skips
        ],
        "revisits": [
            {
                "uid": r.uid,
                "entry": r.entry,
                "day": _day(r.day),
                "stage": r.stage,
                "created_at": _moment(r.created_at),
            }
            for r in data.revisits
        ],
    }


# ``dump`` writes the text ``json.dumps(document(data), ensure_ascii=False, indent=2)`` gives,
# record by record from fixed templates: with an indent, ``json`` encodes in pure Python, value
# by value, which takes seconds for a large journal. It writes records as text (``RecordText``),
# so a journal's days and timestamps go out as read. Strings go through the same (C) function
# ``json`` uses; ISO days and timestamps never need escaping. A test holds the two to the same
# bytes.
# The templates write the indentation out: ``"\n      "`` comes before each field of a record,
# ``"\n        "`` before each tag.


_string = encode_basestring  # a string that is never null


def _text(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def _day_text(value: str | None) -> str:
    return "null" if value is None else f'"{value}"'


def _tags(tags: tuple[str, ...]) -> str:
    if not tags:
        return "[]"
    return "[\n        " + ",\n        ".join(map(_string, tags)) + "\n      ]"


def _entry_json(r: RecordText) -> str:
    uid, day, text, tags, source, stage, starred, created, updated = r
    return (
        f'    {{\n      "uid": {_string(uid)},\n      "day": "{day}",'
        f'\n      "text": {_string(text)},\n      "tags": {_tags(tags)},'
        f'\n      "source": {_text(source)},\n      "stage": {_text(stage)},'
        f'\n      "starred": {"true" if starred else "false"},'
        f'\n      "created_at": "{created}",\n      "updated_at": "{updated}"\n    }}'
    )


def _paper_json(r: RecordText) -> str:
    uid, title, authors, link, status, added_on, read_on, notes, tags, created, updated = r
    return (
        f'    {{\n      "uid": {_string(uid)},\n      "title": {_string(title)},'
        f'\n      "authors": {_text(authors)},\n      "link": {_text(link)},'
        f'\n      "status": {_string(status)},\n      "added_on": "{added_on}",'
        f'\n      "read_on": {_day_text(read_on)},\n      "notes": {_text(notes)},'
        f'\n      "tags": {_tags(tags)},\n      "created_at": "{created}",'
        f'\n      "updated_at": "{updated}"\n    }}'
    )


def _habit_json(r: RecordText) -> str:
    uid, name, schedule, created_on, created, updated = r
    return (
        f'    {{\n      "uid": {_string(uid)},\n      "name": {_string(name)},'
        f'\n      "schedule": {_string(schedule)},\n      "created_on": "{created_on}",'
        f'\n      "created_at": "{created}",\n      "updated_at": "{updated}"\n    }}'
    )


def _check_in_json(r: RecordText) -> str:
    uid, habit, day, minutes, created = r
    minutes = "null" if minutes is None else int.__repr__(minutes)
    return (
        f'    {{\n      "uid": {_string(uid)},\n      "habit": {_string(habit)},'
        f'\n      "day": "{day}",\n      "minutes": {minutes},'
        f'\n      "created_at": "{created}"\n    }}'
    )


def _skip_json(r: RecordText) -> str:
    uid, habit, first_day, last_day, note, created = r
    return (
        f'    {{\n      "uid": {_string(uid)},\n      "habit": {_text(habit)},'
        f'\n      "first_day": "{first_day}",'
        f'\n      "last_day": "{last_day}",\n      "note": {_text(note)},'
        f'\n      "created_at": "{created}"\n    }}'
    )


def _revisit_json(r: RecordText) -> str:
    uid, entry, day, stage, created = r
    return (
        f'    {{\n      "uid": {_string(uid)},\n      "entry": {_string(entry)},'
        f'\n      "day": "{day}",\n      "stage": {_text(stage)},'
        f'\n      "created_at": "{created}"\n    }}'
    )


# Records per piece of the text: a few hundred kilobytes, written out before the next is made.
_BATCH = 500


def _section(name: str, blocks: Iterable[str], *, last: bool = False) -> Iterator[str]:
    """One list of records, in pieces of ``_BATCH`` records."""
    ending = "\n" if last else ",\n"
    blocks = iter(blocks)
    batch = list(islice(blocks, _BATCH))
    if not batch:
        yield f'  "{name}": []{ending}'
        return
    yield f'  "{name}": [\n' + ",\n".join(batch)
    while batch := list(islice(blocks, _BATCH)):
        yield ",\n" + ",\n".join(batch)
    yield "\n  ]" + ending


def pieces(journal: JournalText) -> Iterator[str]:
    """The export as JSON text, piece by piece: a large journal's is never held whole."""
    journal = journal.sorted()
    yield f'{{\n  "format": {_text(FORMAT_NAME)},\n  "version": {FORMAT_VERSION},\n'
    yield from _section("entries", map(_entry_json, journal.entries))
    yield from _section("papers", map(_paper_json, journal.papers))
    yield from _section("habits", map(_habit_json, journal.habits))
    yield from _section("check_ins", map(_check_in_json, journal.check_ins))
    yield from _section("skips", map(_skip_json, journal.skips))
    yield from _section("revisits", map(_revisit_json, journal.revisits), last=True)
    yield "}\n"


def dump(journal: JournalText) -> str:
    """The export as JSON text, one document, ending in a newline."""
    return "".join(pieces(journal))


def is_learnlog_document(parsed: object) -> bool:
    """Whether parsed JSON is a learnlog export (of any version)."""
    return isinstance(parsed, dict) and parsed.get("format") == FORMAT_NAME


class _Record:
    """One JSON object of the file, read field by field with errors that name it."""

    def __init__(self, raw: object, where: str) -> None:
        if not isinstance(raw, dict):
            raise InputError(f"{where}: expected an object, found {_kind(raw)}")
        self.raw: dict[str, Any] = raw
        uid = raw.get("uid")
        self.where = f"{where} (uid {uid})" if isinstance(uid, str) else where

    def _get(self, key: str, kinds: tuple[type, ...], *, optional: bool) -> Any:
        if key not in self.raw:
            raise InputError(f'{self.where}: "{key}" is missing')
        value = self.raw[key]
        if value is None and optional:
            return None
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            expected = " or ".join(sorted(k.__name__ for k in kinds))
            raise InputError(f'{self.where}: "{key}" should be {expected}, found {_kind(value)}')
        return value

    def text(self, key: str) -> str:
        value: str = self._get(key, (str,), optional=False)
        return value

    def maybe_text(self, key: str) -> str | None:
        value: str | None = self._get(key, (str,), optional=True)
        return value

    def flag(self, key: str) -> bool:
        value: bool = self._get(key, (bool,), optional=False)
        return value

    def maybe_number(self, key: str) -> int | None:
        value: int | None = self._get(key, (int,), optional=True)
        return value

    def tags(self, key: str) -> tuple[str, ...]:
        values: list[Any] = self._get(key, (list,), optional=False)
        if not all(isinstance(value, str) for value in values):
            raise InputError(f'{self.where}: "{key}" should be a list of strings')
        return tuple(values)

    def _parsed(self, key: str, parse: Callable[[str], T], what: str, optional: bool) -> T | None:
        value = self._get(key, (str,), optional=optional)
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError:
            raise InputError(f'{self.where}: "{key}" is not {what} ({value})') from None

    def day(self, key: str) -> date:
        value = self._parsed(key, date.fromisoformat, "a date like 2026-11-23", False)
        assert value is not None
        return value

    def maybe_day(self, key: str) -> date | None:
        return self._parsed(key, date.fromisoformat, "a date like 2026-11-23", True)

    def moment(self, key: str) -> datetime:
        value = self._parsed(key, datetime.fromisoformat, "a timestamp", False)
        assert value is not None
        if value.tzinfo is None:
            raise InputError(f'{self.where}: "{key}" needs a UTC offset ({self.raw[key]})')
        return value


def _kind(value: object) -> str:
    if value is None:
        return "null"
    return {
        bool: "true/false",
        int: "a number",
        float: "a number",
        str: "a string",
        list: "a list",
        dict: "an object",
    }.get(type(value), type(value).__name__)


def _records(top: dict[str, Any], key: str, read: Callable[[_Record], T]) -> list[T]:
    raw = top.get(key, [])
    if not isinstance(raw, list):
        raise InputError(f'"{key}" should be a list, found {_kind(raw)}')
    return [read(_Record(item, f"{key}[{index}]")) for index, item in enumerate(raw)]


def _entry(r: _Record) -> EntryRecord:
    return EntryRecord(
        uid=r.text("uid"),
        day=r.day("day"),
        text=r.text("text"),
        tags=r.tags("tags"),
        source=r.maybe_text("source"),
        stage=r.maybe_text("stage"),
        starred=r.flag("starred"),
        created_at=r.moment("created_at"),
        updated_at=r.moment("updated_at"),
    )


def _paper(r: _Record) -> PaperRecord:
    return PaperRecord(
        uid=r.text("uid"),
        title=r.text("title"),
        authors=r.maybe_text("authors"),
        link=r.maybe_text("link"),
        status=r.text("status"),
        added_on=r.day("added_on"),
        read_on=r.maybe_day("read_on"),
        notes=r.maybe_text("notes"),
        tags=r.tags("tags"),
        created_at=r.moment("created_at"),
        updated_at=r.moment("updated_at"),
    )


def _habit(r: _Record) -> HabitRecord:
    return HabitRecord(
        uid=r.text("uid"),
        name=r.text("name"),
        schedule=r.text("schedule"),
        created_on=r.day("created_on"),
        created_at=r.moment("created_at"),
        updated_at=r.moment("updated_at"),
    )


def _check_in(r: _Record) -> CheckInRecord:
    return CheckInRecord(
        uid=r.text("uid"),
        habit=r.text("habit"),
        day=r.day("day"),
        minutes=r.maybe_number("minutes"),
        created_at=r.moment("created_at"),
    )


def _skip(r: _Record) -> SkipRecord:
    return SkipRecord(
        uid=r.text("uid"),
        habit=r.maybe_text("habit"),
        first_day=r.day("first_day"),
        last_day=r.day("last_day"),
        note=r.maybe_text("note"),
        created_at=r.moment("created_at"),
    )


def _revisit(r: _Record) -> RevisitRecord:
    return RevisitRecord(
        uid=r.text("uid"),
        entry=r.text("entry"),
        day=r.day("day"),
        stage=r.maybe_text("stage"),
        created_at=r.moment("created_at"),
    )


def load(parsed: object) -> JournalData:
    """Read a parsed learnlog export; a wrong field is an error naming its record."""
    if not is_learnlog_document(parsed):
        raise InputError('not a learnlog export: expected an object with "format": "learnlog"')
    assert isinstance(parsed, dict)
    version = parsed.get("version")
    if version != FORMAT_VERSION:
        raise InputError(
            f"this is a learnlog export of format version {version}; "
            f"this learnlog reads version {FORMAT_VERSION}"
        )
    return JournalData(
        entries=_records(parsed, "entries", _entry),
        papers=_records(parsed, "papers", _paper),
        habits=_records(parsed, "habits", _habit),
        check_ins=_records(parsed, "check_ins", _check_in),
        skips=_records(parsed, "skips", _skip),
        revisits=_records(parsed, "revisits", _revisit),
    )
