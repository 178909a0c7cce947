"""The journal's vocabulary: stages, paper statuses and tags. Light enough for ``--help``."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from enum import StrEnum

from learnlog.errors import InputError


class Stage(StrEnum):
    """How far a thing learned has got: understood, then explained, then applied."""

    UNDERSTOOD = "understood"
    EXPLAINED = "explained"
    APPLIED = "applied"


class PaperStatus(StrEnum):
    """Where a paper is on the reading list."""

    QUEUED = "queued"
    READING = "reading"
    READ = "read"


# A hashtag starts with a letter after a non-word character and may hold letters, digits,
# and inner '-', '_', '.', '/' (#numpy, #deep-learning, #ml/optim); trailing punctuation
# is not part of it.
_HASHTAG = re.compile(r"(?<![\w#&])#([^\W\d_](?:[\w\-./]*\w)?)")
_TAG = re.compile(r"[^\W\d_](?:[\w\-./]*\w)?|\w+")


def _masked(text: str) -> str:
    """``text`` with each combining mark replaced by '0', keeping every position.

    A word character in ``re`` is never a combining mark, so without this ``#हिन्दी`` would
    end at its first vowel sign and ``#İstanbul``, lower-cased, would stop being a tag. A mark
    counts as a word character that cannot start a tag, like a digit.
    """
    return "".join("0" if unicodedata.category(char)[0] == "M" else char for char in text)


def hashtags(text: str) -> list[str]:
    """The ``#hashtags`` of a text, lower-cased, in order of first appearance."""
    text = unicodedata.normalize("NFC", text)
    spans = (match.span(1) for match in _HASHTAG.finditer(_masked(text)))
    return unique_tags(text[start:end] for start, end in spans)


def normalise_tag(raw: str) -> str:
    """A tag as stored: without a leading '#', lower-case; refuse what cannot be a tag."""
    tag = unicodedata.normalize("NFC", raw).strip().removeprefix("#").lower()
    if not tag or not _TAG.fullmatch(_masked(tag)):
        raise InputError(
            f"{raw!r} is not a tag; a tag is one word of letters, digits, '-', '_', '.' or '/'"
        )
    return tag


def unique_tags(tags: Iterable[str]) -> list[str]:
    """Lower-cased tags without repeats, in their first order."""
    seen: dict[str, None] = {}
    for tag in tags:
        seen.setdefault(tag.lower(), None)
    return list(seen)


def entry_tags(text: str, extra: Iterable[str] = ()) -> list[str]:
    """The tags of an entry: its hashtags, then the ``--tag`` values, each once."""
    return unique_tags([*hashtags(text), *(normalise_tag(tag) for tag in extra)])


def is_control(char: str, *, allowed: str = "\t") -> bool:
    """A control character (other than ``allowed``) or a lone surrogate.

    Control characters can drive a terminal when shown, and a lone surrogate (bytes that were
    not UTF-8 on the command line) cannot be stored or printed as UTF-8.
    """
    return char not in allowed and unicodedata.category(char) in {"Cc", "Cs"}


def _refuse_unprintable(text: str, what: str) -> None:
    if any(is_control(char, allowed="\t\n") for char in text):
        raise InputError(
            f"the {what} contains control characters or bytes that are not UTF-8; nothing was saved"
        )


def clean_text(raw: str) -> str:
    """Entry text as stored: white space trimmed at both ends, refused when nothing is left."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").strip()
    if not text:
        raise InputError("the entry is empty; nothing was saved")
    _refuse_unprintable(text, "entry")
    return text


def clean_source(raw: str | None) -> str | None:
    """A source as stored: trimmed, ``None`` when empty, refused when it cannot be printed."""
    source = (raw or "").strip()
    _refuse_unprintable(source, "source")
    return source or None


def refuse_future(day: date, today: date) -> None:
    """Entries are for days that have begun: refuse any day after ``today``."""
    if day > today:
        raise InputError(
            f"{day.isoformat()} is in the future; use today ({today.isoformat()}) or an earlier day"
        )


@dataclass(frozen=True)
class EntryDraft:
    """What a person gives to record one thing learned."""

    text: str
    day: date
    tags: tuple[str, ...] = ()
    source: str | None = None
    stage: Stage | None = None
    starred: bool = False


@dataclass(frozen=True)
class EntryChanges:
    """What an edit changes; ``None`` leaves a field as it is, ``""`` clears the source."""

    text: str | None = None
    day: date | None = None
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()
    source: str | None = None
    stage: Stage | None = None
    starred: bool | None = None
    clear_stage: bool = False

    def is_empty(self) -> bool:
        """True when the edit would change nothing."""
        return self == EntryChanges()


@dataclass(frozen=True)
class EntryFilter:
    """Which entries to list; every condition given must hold."""

    since: date | None = None
    until: date | None = None
    tags: tuple[str, ...] = ()
    stage: Stage | None = None
    starred: bool = False
    limit: int | None = None


@dataclass(frozen=True)
class EntryView:
    """An entry as shown to people and scripts."""

    id: int
    uid: str
    day: date
    text: str
    tags: tuple[str, ...]
    source: str | None
    stage: Stage | None
    starred: bool
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class EditResult:
    """The entry after an edit, and whether the edit changed anything."""

    entry: EntryView
    changed: bool


@dataclass(frozen=True)
class UndoResult:
    """What ``undo`` put back: the entry as it now is and what was undone."""

    action: str
    entry: EntryView


JOURNAL_HABIT = "journal"
PAPERS_HABIT = "papers"
BUILTIN_HABITS = (JOURNAL_HABIT, PAPERS_HABIT)
HABIT_NAME_MAX = 40
_HABIT_NAME = re.compile(r"\w(?:[\w\-]*\w)?")


def habit_name(raw: str) -> str:
    """A habit's name as stored: trimmed, lower-case, one word of letters, digits, '-' and '_'."""
    name = unicodedata.normalize("NFC", raw).strip().lower()
    if not name or len(name) > HABIT_NAME_MAX or not _HABIT_NAME.fullmatch(_masked(name)):
        raise InputError(
            f"{raw!r} cannot name a habit; use one word of letters, digits, '-' and '_' "
            f"(at most {HABIT_NAME_MAX} characters), such as 'fastai' or 'deep-work'"
        )
    return name


@dataclass(frozen=True)
class HabitView:
    """A habit as commands show it; the built-in ones have no creation day."""

    name: str
    schedule: str
    builtin: bool
    created_on: date | None
    check_ins: int


@dataclass(frozen=True)
class CheckInResult:
    """What ``done`` recorded: the habit, the day, minutes, and whether it was already done."""

    habit: str
    day: date
    minutes: int | None
    already_done: bool


@dataclass(frozen=True)
class SkipResult:
    """A skip: its id, the habit (``None`` for all) and the excused days."""

    id: int
    habit: str | None
    first_day: date
    last_day: date


@dataclass(frozen=True)
class PaperDraft:
    """What a person gives to put a paper on the reading list."""

    title: str
    authors: str | None = None
    link: str | None = None
    status: PaperStatus | None = None
    read_on: date | None = None
    notes: str | None = None
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class PaperChanges:
    """What a paper edit changes; ``None`` leaves a field as it is, ``""`` clears a text field."""

    title: str | None = None
    authors: str | None = None
    link: str | None = None
    status: PaperStatus | None = None
    read_on: date | None = None
    notes: str | None = None
    add_tags: tuple[str, ...] = ()
    remove_tags: tuple[str, ...] = ()

    def is_empty(self) -> bool:
        """True when the edit names nothing to change."""
        return self == PaperChanges()


@dataclass(frozen=True)
class PaperView:
    """A paper as shown to people and scripts."""

    id: int
    uid: str
    title: str
    authors: str | None
    link: str | None
    status: PaperStatus
    added_on: date
    read_on: date | None
    notes: str | None
    tags: tuple[str, ...]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class PaperEditResult:
    """The paper after a change, and whether the change altered anything."""

    paper: PaperView
    changed: bool
