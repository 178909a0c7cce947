"""Entries as one CSV file with a fixed header, for spreadsheets and scripts.

Columns: uid, day, text, tags (separated by spaces), source, stage, starred (true/false),
created_at, updated_at (ISO 8601 with offset). Reading needs only ``day`` and ``text``: a row
without a uid gets one derived from its day and text, so importing the file again adds nothing.
"""

from __future__ import annotations

import csv
import io
import uuid
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from learnlog.errors import InputError
from learnlog.exchange.checks import checked_entry
from learnlog.exchange.records import EntryRecord, RecordText

COLUMNS = (
    "uid",
    "day",
    "text",
    "tags",
    "source",
    "stage",
    "starred",
    "created_at",
    "updated_at",
)
REQUIRED = ("day", "text")
# Uids of rows that come without one: the same day and text always give the same uid.
CSV_NAMESPACE = uuid.UUID("0b7c8f4e-4c1d-5d1e-9a57-6c6f67637376")
_TRUE = {"true", "yes", "1", "y", "x", "*"}
_FALSE = {"false", "no", "0", "n", ""}


def dump(entries: list[RecordText]) -> str:
    """Entries (as text, days and moments in ISO form) as CSV text with the header row first."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for uid, day, text, tags, source, stage, starred, created, updated in entries:
        writer.writerow(
            [
                uid,
                day,
                text,
                " ".join(tags),
                source or "",
                stage or "",
                "true" if starred else "false",
                created,
                updated,
            ]
        )
    return out.getvalue()


def looks_like_csv(content: str) -> bool:
    """Whether the first line is a header naming at least the day and text columns."""
    first = content.lstrip("\ufeff").split("\n", 1)[0].strip().lower()
    names = {name.strip().strip('"') for name in first.split(",")}
    return set(REQUIRED) <= names


def _moment(raw: str, where: str, column: str) -> datetime:
    try:
        value = datetime.fromisoformat(raw)
    except ValueError:
        raise InputError(f"{where}: {column} is not a timestamp ({raw})") from None
    if value.tzinfo is None:
        raise InputError(f"{where}: {column} needs a UTC offset ({raw})")
    return value


def _row(row: dict[str, str], where: str, zone: ZoneInfo) -> EntryRecord:
    raw_day = (row.get("day") or "").strip()
    try:
        day = date.fromisoformat(raw_day)
    except ValueError:
        raise InputError(f"{where}: day is not a date like 2026-11-23 ({raw_day!r})") from None
    text = row.get("text") or ""
    starred_raw = (row.get("starred") or "").strip().lower()
    if starred_raw not in _TRUE | _FALSE:
        raise InputError(f"{where}: starred should be true or false ({starred_raw!r})")
    uid = (row.get("uid") or "").strip() or str(
        uuid.uuid5(CSV_NAMESPACE, f"{day.isoformat()}\n{text.strip()}")
    )
    created_raw = (row.get("created_at") or "").strip()
    created = (
        _moment(created_raw, where, "created_at")
        if created_raw
        else datetime.combine(day, time(), tzinfo=zone)
    )
    updated_raw = (row.get("updated_at") or "").strip()
    updated = _moment(updated_raw, where, "updated_at") if updated_raw else created
    return EntryRecord(
        uid=uid,
        day=day,
        text=text,
        tags=tuple((row.get("tags") or "").split()),
        source=row.get("source") or None,
        stage=(row.get("stage") or "").strip().lower() or None,
        starred=starred_raw in _TRUE,
        created_at=created,
        updated_at=updated,
    )


def load(content: str, *, zone: ZoneInfo, today: date) -> list[EntryRecord]:
    """Entries read from CSV text and checked; a bad row is an error naming its line."""
    # The csv module refuses fields over 128 KiB, but an entry may be longer (learnlog keeps any
    # text and exports it whole); no field is longer than the file it is in.
    csv.field_size_limit(max(csv.field_size_limit(), len(content)))
    reader = csv.DictReader(io.StringIO(content.lstrip("\ufeff"), newline=""), strict=True)
    try:
        header = [name.strip().lower() for name in reader.fieldnames or []]
    except csv.Error as error:
        raise InputError(f"line 1: not valid CSV ({error})") from None
    missing = [name for name in REQUIRED if name not in header]
    unknown = [name for name in header if name not in COLUMNS]
    if missing or unknown:
        problem = (
            f"it has no {' or '.join(missing)} column"
            if missing
            else f"unknown column {unknown[0]!r}"
        )
        raise InputError(
            f"line 1: not a learnlog CSV header: {problem}; the columns are {', '.join(COLUMNS)}"
        )
    reader.fieldnames = header
    records = []
    try:
        for row in reader:
            where = f"line {reader.line_num}"
            if None in row:
                raise InputError(f"{where}: more fields than the header has columns")
            records.append(checked_entry(_row(row, where, zone), where, today=today))
    except csv.Error as error:
        raise InputError(f"line {reader.line_num}: not valid CSV ({error})") from None
    return records
