"""The rules every imported record must meet, whatever file it came from.

Each record is cleaned the way the commands clean what people type, so an imported journal
holds nothing the commands could not have written; a record that breaks a rule is an error
naming it, and the import stops before anything is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TypeVar

from learnlog.dates import refuse_before_journals
from learnlog.domain import (
    BUILTIN_HABITS,
    PaperStatus,
    Stage,
    clean_source,
    clean_text,
    habit_name,
    is_control,
    normalise_tag,
    unique_tags,
)
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
from learnlog.habits import MINUTES_PER_DAY, parse_schedule
from learnlog.papers import clean_authors, clean_link, clean_notes, clean_title
from learnlog.store.schema import UID_LENGTH

T = TypeVar("T")


def _named(where: str, check: Callable[[], T]) -> T:
    """Run ``check``; an input error it raises is prefixed with the record it is about."""
    try:
        return check()
    except InputError as error:
        raise InputError(f"{where}: {error.message}") from None


def _uid(uid: str) -> str:
    if not uid or len(uid) > UID_LENGTH or any(is_control(c) or c.isspace() for c in uid):
        raise InputError(f"uid {uid!r} is not a uid (1 to {UID_LENGTH} characters, no spaces)")
    return uid


def _day(day: date, today: date, what: str) -> date:
    refuse_before_journals(day, day.isoformat())
    if day > today:
        raise InputError(f"{what} {day.isoformat()} is in the future (today is {today})")
    return day


def _stage(stage: str | None) -> str | None:
    if stage is None:
        return None
    try:
        return Stage(stage).value
    except ValueError:
        raise InputError(f"stage {stage!r} is not understood, explained or applied") from None


def _tags(tags: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(unique_tags(normalise_tag(tag) for tag in tags)))


def checked_entry(record: EntryRecord, where: str, *, today: date) -> EntryRecord:
    """An entry as it will be stored, or an error naming ``where``."""

    def check() -> EntryRecord:
        return record._replace(
            uid=_uid(record.uid),
            day=_day(record.day, today, "day"),
            text=clean_text(record.text),
            tags=_tags(record.tags),
            source=clean_source(record.source),
            stage=_stage(record.stage),
        )

    return _named(where, check)


def _paper(record: PaperRecord, today: date) -> PaperRecord:
    try:
        status = PaperStatus(record.status)
    except ValueError:
        raise InputError(f"status {record.status!r} is not queued, reading or read") from None
    if (status is PaperStatus.READ) != (record.read_on is not None):
        raise InputError("a paper has a read_on day exactly when its status is read")
    return record._replace(
        uid=_uid(record.uid),
        title=clean_title(record.title),
        authors=clean_authors(record.authors),
        link=clean_link(record.link),
        added_on=_day(record.added_on, today, "added_on"),
        read_on=None if record.read_on is None else _day(record.read_on, today, "read_on"),
        notes=clean_notes(record.notes),
        tags=_tags(record.tags),
    )


def _habit(record: HabitRecord, today: date) -> HabitRecord:
    name = habit_name(record.name)
    if name in BUILTIN_HABITS:
        raise InputError(f"{name!r} is a built-in habit and cannot be imported as a user habit")
    return record._replace(
        uid=_uid(record.uid),
        name=name,
        schedule=str(parse_schedule(record.schedule)),
        created_on=_day(record.created_on, today, "created_on"),
    )


def _check_in(record: CheckInRecord, today: date) -> CheckInRecord:
    if record.minutes is not None and not 1 <= record.minutes <= MINUTES_PER_DAY:
        raise InputError(f"minutes must be between 1 and {MINUTES_PER_DAY}")
    return record._replace(uid=_uid(record.uid), day=_day(record.day, today, "day"))


def _skip(record: SkipRecord) -> SkipRecord:
    refuse_before_journals(record.first_day, record.first_day.isoformat())
    if record.last_day < record.first_day:
        raise InputError("last_day is before first_day")
    return record._replace(
        uid=_uid(record.uid),
        habit=None if record.habit is None else habit_name(record.habit),
        note=clean_notes(record.note),
    )


def _revisit(record: RevisitRecord, today: date) -> RevisitRecord:
    return record._replace(
        uid=_uid(record.uid),
        day=_day(record.day, today, "day"),
        stage=_stage(record.stage),
    )


def checked(data: JournalData, *, today: date) -> JournalData:
    """Every record cleaned and checked; the first bad one is an error naming it."""

    def each(kind: str, records: list[T], check: Callable[[T], T]) -> list[T]:
        cleaned = []
        for index, record in enumerate(records):
            where = f"{kind}[{index}] (uid {getattr(record, 'uid', '?')})"
            cleaned.append(_named(where, partial(check, record)))
        return cleaned

    return JournalData(
        entries=[
            checked_entry(record, f"entries[{index}] (uid {record.uid})", today=today)
            for index, record in enumerate(data.entries)
        ],
        papers=each("papers", data.papers, lambda r: _paper(r, today)),
        habits=each("habits", data.habits, lambda r: _habit(r, today)),
        check_ins=each("check_ins", data.check_ins, lambda r: _check_in(r, today)),
        skips=each("skips", data.skips, _skip),
        revisits=each("revisits", data.revisits, lambda r: _revisit(r, today)),
    )
