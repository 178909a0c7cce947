"""learnlog's own JSON export: every record of a journal, with uids and a format version.

The document is written in one fixed order with fixed keys, so exporting, importing into an
empty journal and exporting again gives the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, datetime
from json.encoder import encode_basestring
from typing import Any, TypeVar

from learnlog.errors import InputError
from learnlog.exchange.records import (
    CheckInRecord,
    EntryRecord,
    HabitRecord,
    JournalData,
    PaperRecord,
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
# by value, which takes seconds for a large journal. Strings go through the same (C) function
# ``json`` uses; dates and timestamps are ISO text, which never needs escaping. A test holds the
# two to the same bytes.
_PAD = "\n      "  # before each field of a record
_TAG_PAD = "\n        "  # before each tag of a record


_string = encode_basestring  # a string that is never null


def _text(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def _day_text(value: date | None) -> str:
    return "null" if value is None else f'"{value.isoformat()}"'


def _tags(tags: tuple[str, ...]) -> str:
    if not tags:
        return "[]"
    return "[" + _TAG_PAD + ("," + _TAG_PAD).join(map(_string, tags)) + _PAD + "]"


def _updated(created: str, record: EntryRecord | PaperRecord | HabitRecord) -> str:
    """The ``updated_at`` text, reusing ``created_at``'s for a record never changed (most)."""
    updated = record.updated_at
    # The same moment in the same zone: the same text (the same moment at another offset is not).
    if updated == record.created_at and updated.tzinfo is record.created_at.tzinfo:
        return created
    return updated.isoformat()


def _entry_json(r: EntryRecord) -> str:
    created = r.created_at.isoformat()
    return (
        f'    {{{_PAD}"uid": {_string(r.uid)},{_PAD}"day": "{r.day.isoformat()}",'
        f'{_PAD}"text": {_string(r.text)},{_PAD}"tags": {_tags(r.tags)},'
        f'{_PAD}"source": {_text(r.source)},{_PAD}"stage": {_text(r.stage)},'
        f'{_PAD}"starred": {"true" if r.starred else "false"},'
        f'{_PAD}"created_at": "{created}",{_PAD}"updated_at": "{_updated(created, r)}"\n    }}'
    )


def _paper_json(r: PaperRecord) -> str:
    created = r.created_at.isoformat()
    return (
        f'    {{{_PAD}"uid": {_string(r.uid)},{_PAD}"title": {_string(r.title)},'
        f'{_PAD}"authors": {_text(r.authors)},{_PAD}"link": {_text(r.link)},'
        f'{_PAD}"status": {_string(r.status)},{_PAD}"added_on": "{r.added_on.isoformat()}",'
        f'{_PAD}"read_on": {_day_text(r.read_on)},{_PAD}"notes": {_text(r.notes)},'
        f'{_PAD}"tags": {_tags(r.tags)},{_PAD}"created_at": "{created}",'
        f'{_PAD}"updated_at": "{_updated(created, r)}"\n    }}'
    )


def _habit_json(r: HabitRecord) -> str:
    created = r.created_at.isoformat()
    return (
        f'    {{{_PAD}"uid": {_string(r.uid)},{_PAD}"name": {_string(r.name)},'
        f'{_PAD}"schedule": {_string(r.schedule)},{_PAD}"created_on": "{r.created_on.isoformat()}",'
        f'{_PAD}"created_at": "{created}",{_PAD}"updated_at": "{_updated(created, r)}"\n    }}'
    )


def _check_in_json(r: CheckInRecord) -> str:
    minutes = "null" if r.minutes is None else int.__repr__(r.minutes)
    return (
        f'    {{{_PAD}"uid": {_string(r.uid)},{_PAD}"habit": {_string(r.habit)},'
        f'{_PAD}"day": "{r.day.isoformat()}",{_PAD}"minutes": {minutes},'
        f'{_PAD}"created_at": "{r.created_at.isoformat()}"\n    }}'
    )


def _skip_json(r: SkipRecord) -> str:
    return (
        f'    {{{_PAD}"uid": {_string(r.uid)},{_PAD}"habit": {_text(r.habit)},'
        f'{_PAD}"first_day": "{r.first_day.isoformat()}",'
        f'{_PAD}"last_day": "{r.last_day.isoformat()}",{_PAD}"note": {_text(r.note)},'
        f'{_PAD}"created_at": "{r.created_at.isoformat()}"\n    }}'
    )


def _revisit_json(r: RevisitRecord) -> str:
    return (
        f'    {{{_PAD}"uid": {_string(r.uid)},{_PAD}"entry": {_string(r.entry)},'
        f'{_PAD}"day": "{r.day.isoformat()}",{_PAD}"stage": {_text(r.stage)},'
        f'{_PAD}"created_at": "{r.created_at.isoformat()}"\n    }}'
    )


def _section(name: str, blocks: Iterable[str], *, last: bool = False) -> list[str]:
    """The pieces of one list of records, to be joined with the others in one go."""
    pieces = [f'  "{name}": [\n']
    for block in blocks:
        pieces += [block, ",\n"]
    if len(pieces) == 1:
        pieces = [f'  "{name}": []']
    else:
        pieces[-1] = "\n  ]"
    pieces.append("\n" if last else ",\n")
    return pieces


def dump(data: JournalData) -> str:
    """The export as JSON text, one document, ending in a newline."""
    data = data.sorted()
    # One join of every piece: the document is copied once, however large it is.
    return "".join(
        [
            f'{{\n  "format": {_text(FORMAT_NAME)},\n  "version": {FORMAT_VERSION},\n',
            *_section("entries", map(_entry_json, data.entries)),
            *_section("papers", map(_paper_json, data.papers)),
            *_section("habits", map(_habit_json, data.habits)),
            *_section("check_ins", map(_check_in_json, data.check_ins)),
            *_section("skips", map(_skip_json, data.skips)),
            *_section("revisits", map(_revisit_json, data.revisits), last=True),
            "}\n",
        ]
    )


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
