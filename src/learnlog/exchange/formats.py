"""Which file formats learnlog reads and writes, and telling them apart."""

from __future__ import annotations

import json
from datetime import UTC, date
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from learnlog.domain import entry_tags
from learnlog.errors import InputError
from learnlog.exchange import csv_format, learnlog_json
from learnlog.exchange.checks import checked, checked_entry
from learnlog.exchange.names import ImportFormat
from learnlog.exchange.records import EntryRecord, JournalData

if TYPE_CHECKING:
    from learnlog.exchange.jrnl import ForeignEntry


def _json(content: str) -> object | None:
    try:
        parsed: object = json.loads(content.lstrip("\ufeff"))
    except ValueError:
        return None
    return parsed


def guess_format(content: str) -> ImportFormat:
    """The format a file's content is in, or an error saying which formats are read."""
    from learnlog.exchange import jrnl

    parsed = _json(content)
    if learnlog_json.is_learnlog_document(parsed):
        return ImportFormat.LEARNLOG_JSON
    if jrnl.looks_like_jrnl_json(parsed):
        return ImportFormat.JRNL_JSON
    if parsed is None and jrnl.looks_like_jrnl_txt(content):
        return ImportFormat.JRNL_TXT
    if parsed is None and csv_format.looks_like_csv(content):
        return ImportFormat.CSV
    raise InputError(
        "cannot tell what format this file is in; name it with --format "
        "learnlog-json, jrnl-json, jrnl-txt or csv"
    )


def _from_jrnl(entries: list[ForeignEntry], zone: ZoneInfo, today: date) -> list[EntryRecord]:
    from learnlog.exchange import jrnl

    records = []
    for entry in entries:
        created = entry.moment.replace(tzinfo=zone).astimezone(UTC)
        record = EntryRecord(
            uid=jrnl.jrnl_uid(entry),
            day=entry.moment.date(),
            text=entry.text,
            tags=tuple(entry_tags(entry.text, entry.tags)),
            source=None,
            stage=None,
            starred=entry.starred,
            created_at=created,
            updated_at=created,
        )
        records.append(checked_entry(record, entry.where, today=today))
    return records


def read_records(content: str, chosen: ImportFormat, *, zone: ZoneInfo, today: date) -> JournalData:
    """The records of a file in the format ``chosen``, each checked and cleaned."""
    if chosen is ImportFormat.LEARNLOG_JSON:
        parsed = _json(content)
        if parsed is None:
            raise InputError("not JSON: a learnlog export is one JSON document")
        return checked(learnlog_json.load(parsed), today=today)
    from learnlog.exchange import jrnl

    if chosen is ImportFormat.JRNL_JSON:
        return JournalData(entries=_from_jrnl(jrnl.read_jrnl_json(content), zone, today))
    if chosen is ImportFormat.JRNL_TXT:
        return JournalData(entries=_from_jrnl(jrnl.read_jrnl_txt(content), zone, today))
    return JournalData(entries=csv_format.load(content, zone=zone, today=today))
