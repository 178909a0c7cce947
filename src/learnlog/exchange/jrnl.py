"""jrnl's plain-text journal and its ``jrnl --format json`` export, read into plain entries.

Pure: no I/O and no clock. The formats, as jrnl 4.6 writes them:

* Plain text: each entry starts on a line ``[<stamp>] <title>`` at the start of a line, the
  stamp written with jrnl's ``timeformat`` setting. jrnl's installer writes ``%F %r``
  (``2021-03-04 09:30:00 AM``); the other common setting, and the default of jrnl's Journal
  class, is ``%Y-%m-%d %H:%M``. Seconds are dropped: the JSON export has none. A starred
  entry's title line ends in ``*`` (jrnl writes `` *``). The body follows on the next lines,
  and jrnl puts a blank line between entries.
* JSON: ``{"tags": {tag: count}, "entries": [{"title", "body", "date": "YYYY-MM-DD",
  "time": "HH:MM", "tags": [...], "starred": bool}]}``; the title has no star marker.
* Tags: a word that starts with ``#`` or ``@`` (jrnl's default ``tagsymbols``) after white
  space or at the start, made of word characters and ``-+*#/``, compared lower-case.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from learnlog.dates import refuse_before_journals
from learnlog.domain import clean_text, is_control, normalise_tag, unique_tags
from learnlog.errors import InputError

# What jrnl's installer writes into a new configuration (glibc's %F is %Y-%m-%d and %r is
# %I:%M:%S %p in the C locale), then the other usual setting, the default of jrnl's Journal.
JRNL_DEFAULT_TIME_FORMAT = "%F %r"
JRNL_TIME_FORMATS = (JRNL_DEFAULT_TIME_FORMAT, "%Y-%m-%d %H:%M")

# uuid5(NAMESPACE_URL, "https://jrnl.sh/#learnlog-import"); fixed forever, so that importing the
# same jrnl entry twice, from either of its files, names it the same way.
JRNL_UID_NAMESPACE = uuid.UUID("cad06fd6-ab9d-5cf6-9b65-1829cd36fb7a")

# Python's strptime does not know these glibc shorthands, which jrnl's strftime writes.
_SHORTHANDS = {"F": "%Y-%m-%d", "T": "%H:%M:%S", "R": "%H:%M", "r": "%I:%M:%S %p", "D": "%m/%d/%y"}
_DIRECTIVE = re.compile(r"%(.)")

# jrnl starts an entry at a line "[stamp] title": the space after the bracket is required.
_ENTRY_LINE = re.compile(r"\[([^\]]+)\] (.*)")
# A stamp that starts with an ISO day is meant as an entry's date even if it does not parse.
_ISO_DAY_START = re.compile(r"\d{4}-\d{1,2}-\d{1,2}")
_JRNL_TAG = re.compile(r"(?<!\S)[#@][-+*#/\w]+")
_TAG_SYMBOL = re.compile(r"[^\w\s]")
_EXAMPLE_MOMENT = datetime(2026, 11, 21, 9, 30)
_JSON_DAY = "%Y-%m-%d"
_JSON_TIME = "%H:%M"


@dataclass(frozen=True)
class ForeignEntry:
    """An entry read from another program's file, before it becomes a learnlog entry."""

    moment: datetime  # naive local date and time as written by jrnl (minute precision)
    text: str  # title, then the body on the following lines, as learnlog will store it
    tags: tuple[str, ...]  # normalised learnlog tags (lower-case, no @/#), first appearance first
    starred: bool
    # "line 12" (txt) or "entry 5" (json), for messages; not part of what the entry is, so the
    # same entry read from the text file and from the JSON export compares equal.
    where: str = field(compare=False)


@dataclass
class _TxtEntry:
    """One entry of a plain-text journal while its lines are collected."""

    where: str
    stamp: datetime
    title_line: str
    body_lines: list[str] = field(default_factory=list)


def read_jrnl_json(content: str, *, source: str = "") -> list[ForeignEntry]:
    """The entries of a ``jrnl --format json`` export, in the export's order.

    ``source`` (a file name) starts every message when given.
    """
    name = source or "the file"
    try:
        document: object = json.loads(content.removeprefix("\ufeff"))
    except json.JSONDecodeError as error:
        raise InputError(
            f"{name} is not JSON (line {error.lineno}, column {error.colno}: {error.msg})"
        ) from None
    except (ValueError, RecursionError):
        raise InputError(f"{name} is not JSON that can be read") from None
    entries = document.get("entries") if isinstance(document, dict) else None
    if not isinstance(entries, list):
        raise InputError(
            f'{name} is not a jrnl JSON export: expected an object with an "entries" list, '
            "as `jrnl --format json` writes"
        )
    if not entries:
        raise InputError(f"{name} holds no jrnl entries")
    prefix = f"{source} " if source else ""
    return [
        _json_entry(record, f"entry {number}", f"{prefix}entry {number}")
        for number, record in enumerate(entries, start=1)
    ]


def read_jrnl_txt(
    content: str, *, time_format: str | None = None, source: str = ""
) -> list[ForeignEntry]:
    """The entries of a jrnl plain-text journal, in time order as jrnl keeps them.

    ``time_format`` is the journal's ``timeformat`` setting; without it, a stamp in either of
    :data:`JRNL_TIME_FORMATS` starts an entry. ``source`` (a file name) starts every message.
    """
    formats = _formats(time_format)
    prefix = f"{source} " if source else ""
    collected: list[_TxtEntry] = []
    lines = content.removeprefix("\ufeff").replace("\r\n", "\n").split("\n")
    for number, line in enumerate(lines, start=1):
        where = f"line {number}"
        start = _entry_start(line, formats, prefix + where)
        if start is not None:
            collected.append(_TxtEntry(where, *start))
        elif collected:
            collected[-1].body_lines.append(line)
        elif line.strip():
            raise InputError(
                f"{prefix}{where}: expected a jrnl entry line like {_example(formats)}"
            )
    if not collected:
        raise InputError(f"{source or 'the file'} holds no jrnl entries")
    # jrnl sorts a journal by date and time when it opens it; its export follows that order.
    collected.sort(key=lambda entry: entry.stamp)
    return [_txt_entry(entry, prefix) for entry in collected]


def looks_like_jrnl_json(document: object) -> bool:
    """True when parsed JSON has the shape of a ``jrnl --format json`` export."""
    if not isinstance(document, dict):
        return False
    entries = document.get("entries")
    if not isinstance(entries, list):
        return False
    if not entries:
        # An empty journal exports as {"tags": {}, "entries": []}.
        return isinstance(document.get("tags"), dict)
    return all(
        isinstance(entry, dict) and {"date", "time", "title"} <= entry.keys() for entry in entries
    )


def looks_like_jrnl_txt(content: str, *, time_format: str | None = None) -> bool:
    """True when the first line that is not blank is a jrnl entry line."""
    formats = _formats(time_format)
    for line in content.removeprefix("\ufeff").split("\n"):
        if line.strip():
            try:
                return _entry_start(line.rstrip("\r"), formats, "") is not None
            except InputError:
                return False
    return False


def jrnl_uid(entry: ForeignEntry) -> str:
    """A uid for a jrnl entry that is the same from its text file and its JSON export."""
    name = f"{entry.moment.isoformat(timespec='minutes')}\n{entry.text}"
    return str(uuid.uuid5(JRNL_UID_NAMESPACE, name))


def _formats(time_format: str | None) -> tuple[str, ...]:
    """The strptime formats a journal's stamps may be in."""
    chosen = (time_format,) if time_format else JRNL_TIME_FORMATS
    return tuple(_DIRECTIVE.sub(lambda m: _SHORTHANDS.get(m[1], m[0]), f) for f in chosen)


def _example(formats: Sequence[str]) -> str:
    """Entry lines in ``formats``, as people would write them, for messages."""
    return " or ".join(f'"[{_EXAMPLE_MOMENT.strftime(f)}] Title"' for f in formats)


def _entry_start(line: str, formats: Sequence[str], label: str) -> tuple[datetime, str] | None:
    """The stamp and title line when ``line`` starts an entry, else ``None``."""
    match = _ENTRY_LINE.match(line)
    if match is None:
        return None
    stamp, title_line = match[1], match[2]
    for time_format in formats:
        try:
            return datetime.strptime(stamp, time_format), title_line
        except ValueError:
            continue
    if _ISO_DAY_START.match(stamp):
        # jrnl would guess at it; a broken date is better named than read as another body.
        raise InputError(
            f'{label}: "[{_shown(stamp)}]" is not a date and time like {_example(formats)}'
        )
    return None


def _txt_entry(entry: _TxtEntry, prefix: str) -> ForeignEntry:
    """A collected plain-text entry, with jrnl's star marker taken off its title."""
    title = entry.title_line.strip()
    starred = title.endswith("*")
    if starred:
        # As jrnl does: every space and '*' at either end of the title line goes.
        title = title.strip("\n *")
    body = "\n".join(entry.body_lines)
    label = prefix + entry.where
    return _foreign_entry(entry.stamp, title, body, starred, (), entry.where, label)


def _json_entry(record: object, where: str, label: str) -> ForeignEntry:
    """One record of a jrnl JSON export."""
    if not isinstance(record, dict):
        raise InputError(f'{label}: expected an object with "date", "time", "title" and "body"')
    day_text = _text_field(record, "date", label)
    time_text = _text_field(record, "time", label)
    title = _text_field(record, "title", label)
    body = _text_field(record, "body", label, default="")
    starred = record.get("starred", False)
    if not isinstance(starred, bool):
        raise InputError(f'{label}: "starred" is not true or false ({_shown(str(starred))})')
    listed = record.get("tags", [])
    if not isinstance(listed, list) or not all(isinstance(tag, str) for tag in listed):
        raise InputError(f'{label}: "tags" is not a list of tags')
    try:
        day = datetime.strptime(day_text, _JSON_DAY).date()
    except ValueError:
        raise InputError(
            f'{label}: "date" is not a date ({_shown(day_text)}); expected YYYY-MM-DD'
        ) from None
    try:
        at = datetime.strptime(time_text, _JSON_TIME).time()
    except ValueError:
        raise InputError(
            f'{label}: "time" is not a time of day ({_shown(time_text)}); expected HH:MM'
        ) from None
    stamp = datetime.combine(day, at)
    return _foreign_entry(stamp, title, body, starred, listed, where, label)


def _text_field(record: dict[str, object], key: str, label: str, default: str | None = None) -> str:
    """A string field of a JSON record, or a message naming it."""
    if key not in record:
        if default is not None:
            return default
        raise InputError(
            f'{label}: "{key}" is missing; a jrnl entry has "date", "time" and "title"'
        )
    value = record[key]
    if not isinstance(value, str):
        raise InputError(f'{label}: "{key}" is not text ({_shown(json.dumps(value))})')
    return value


def _foreign_entry(
    stamp: datetime,
    title: str,
    body: str,
    starred: bool,
    listed_tags: Iterable[str],
    where: str,
    label: str,
) -> ForeignEntry:
    """An entry from its parts, whichever file they came from, checked as learnlog checks."""
    try:
        refuse_before_journals(stamp.date(), stamp.isoformat(sep=" ", timespec="minutes"))
    except InputError as error:
        raise InputError(f"{label}: {error.message}") from None
    title, body = title.strip(), body.strip()
    raw = f"{title}\n{body}" if body else title
    if not raw:
        raise InputError(f"{label}: the entry has no title and no body")
    try:
        text = clean_text(raw)
    except InputError:
        bad = next(char for char in raw if is_control(char, allowed="\t\n\r"))
        what = "a byte that is not UTF-8" if 0xD800 <= ord(bad) <= 0xDFFF else "a control character"
        raise InputError(
            f"{label}: the entry holds {what} (U+{ord(bad):04X}); learnlog cannot store it"
        ) from None
    return ForeignEntry(
        moment=stamp.replace(second=0, microsecond=0),
        text=text,
        tags=_tags(text, listed_tags),
        starred=starred,
        where=where,
    )


def _tags(text: str, listed: Iterable[str]) -> tuple[str, ...]:
    """jrnl's tags of ``text``, then any others its export lists, as learnlog tags.

    A jrnl tag that cannot be a learnlog tag (``#c++``, ``@draft-``) stays in the text only.
    """
    names = (_tag_name(raw) for raw in [*_JRNL_TAG.findall(text), *listed])
    return tuple(unique_tags(name for name in names if name is not None))


def _tag_name(raw: str) -> str | None:
    """A jrnl tag (``@PyTorch``) as a learnlog tag (``pytorch``), or ``None`` if it cannot be."""
    name = raw[1:] if _TAG_SYMBOL.match(raw) else raw
    if name.startswith("#"):
        # normalise_tag would drop this second '#': jrnl's "##x" is not the tag "x".
        return None
    try:
        return normalise_tag(name)
    except InputError:
        return None


def _shown(value: str) -> str:
    """A value from the file as a message may show it: short, and never a control sequence."""
    short = value if len(value) <= 40 else value[:39] + "…"
    return short if short.isprintable() else repr(short)
