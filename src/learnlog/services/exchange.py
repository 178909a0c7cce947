"""Export and import: a journal to records and back, merged by uid in one transaction."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol, TypeVar

from learnlog.domain import BUILTIN_HABITS, EntryFilter, normalise_tag
from learnlog.errors import InputError
from learnlog.exchange.records import (
    CheckInRecord,
    EntryRecord,
    HabitRecord,
    JournalData,
    JournalText,
    PaperRecord,
    RevisitRecord,
    SkipRecord,
)
from learnlog.store import exchange_queries as store

if TYPE_CHECKING:
    from learnlog.store.database import Journal
    from learnlog.store.sql import Sql

T = TypeVar("T")


class UidRecord(Protocol):
    """Any record of the file: each kind is matched by its uid."""

    @property
    def uid(self) -> str:
        """The record's uid."""
        ...


KINDS = ("entries", "papers", "habits", "check_ins", "skips", "revisits")


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a whole journal is read into records.

    Records hold no cycles, but the collector would walk the growing heap again and again as
    tens of thousands of them are made: a sixth of the time of a large export.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def export_journal(
    journal: Journal, *, since: date | None, until: date | None, tags: Sequence[str]
) -> JournalText:
    """The journal's records as text, in export order (``.records()`` makes them records).

    Days and tags choose the entries and papers; check-ins and skips follow the days alone,
    revisits follow their entries, and every habit comes along.
    """
    if since and until and since > until:
        raise InputError(f"--since {since.isoformat()} is after --until {until.isoformat()}")
    wanted_tags = tuple(normalise_tag(tag) for tag in tags)
    with _collector_paused():
        return _read_text(journal, since=since, until=until, tags=wanted_tags).sorted()


def _read_text(
    journal: Journal, *, since: date | None, until: date | None, tags: tuple[str, ...]
) -> JournalText:
    with journal.sql() as sql:
        entries = store.entry_texts(sql, EntryFilter(since=since, until=until, tags=tags))
        papers = store.paper_texts(sql, since=since, until=until, tags=tags)
        return JournalText(
            entries=list(entries.values()),
            papers=list(papers.values()),
            habits=list(store.habit_texts(sql).values()),
            check_ins=store.check_in_texts(sql, since=since, until=until),
            skips=store.skip_texts(sql, since=since, until=until),
            revisits=store.revisit_texts(
                sql, {entry_id: entry[0] for entry_id, entry in entries.items()}
            ),
        )


@dataclass
class Tally:
    """What an import did (or would do) with one kind of record."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportSummary:
    """What an import did, kind by kind, or would do when it was a dry run."""

    dry_run: bool
    tallies: dict[str, Tally] = field(default_factory=lambda: {kind: Tally() for kind in KINDS})

    @property
    def changed(self) -> bool:
        """Whether the import added or updated anything."""
        return any(tally.added or tally.updated for tally in self.tallies.values())


@dataclass
class _Plan:
    """The writes an import makes, worked out before the first one."""

    summary: ImportSummary
    new_entries: list[EntryRecord] = field(default_factory=list)
    changed_entries: list[tuple[int, EntryRecord]] = field(default_factory=list)
    new_papers: list[PaperRecord] = field(default_factory=list)
    changed_papers: list[tuple[int, PaperRecord]] = field(default_factory=list)
    new_habits: list[HabitRecord] = field(default_factory=list)
    changed_habits: list[tuple[int, HabitRecord]] = field(default_factory=list)
    # Every habit uid, of the journal and of the file's habits it already holds, to a local id.
    habit_ids: dict[str, int] = field(default_factory=dict)
    new_check_ins: list[CheckInRecord] = field(default_factory=list)
    new_skips: list[SkipRecord] = field(default_factory=list)
    new_revisits: list[RevisitRecord] = field(default_factory=list)


def _refuse_repeats(kind: str, records: Sequence[UidRecord]) -> None:
    seen: dict[str, int] = {}
    for index, record in enumerate(records):
        first = seen.setdefault(record.uid, index)
        if first != index:
            raise InputError(f"{kind}[{index}] repeats the uid of {kind}[{first}]")


def import_journal(journal: Journal, data: JournalData, *, dry_run: bool) -> ImportSummary:
    """Merge checked records into the journal by uid, all or nothing.

    A record whose uid is new is added; one the journal holds is updated when the file's copy
    was changed later, and otherwise left as it is, so importing a file twice changes nothing.
    Entries in the trash stay there. A habit already in the journal under the same name is the
    same habit, and a day-judged habit keeps one check-in a day.
    """
    for kind in KINDS:
        _refuse_repeats(kind, getattr(data, kind))
    with journal.sql(write=not dry_run) as sql:
        plan = _plan(sql, data, ImportSummary(dry_run=dry_run))
        if not dry_run:
            _apply(sql, plan)
    return plan.summary


def _plan(sql: Sql, data: JournalData, summary: ImportSummary) -> _Plan:
    plan = _Plan(summary)
    tally = summary.tallies
    existing_entries = store.entries_by_uid(sql, [r.uid for r in data.entries])
    for record in data.entries:
        found = existing_entries.get(record.uid)
        if found is None:
            plan.new_entries.append(record)
            tally["entries"].added += 1
        elif not found[2] and found[1] != record and record.updated_at > found[1].updated_at:
            plan.changed_entries.append((found[0], record))
            tally["entries"].updated += 1
        else:
            tally["entries"].unchanged += 1
    existing_papers = store.papers_by_uid(sql, [r.uid for r in data.papers])
    for paper in data.papers:
        held = existing_papers.get(paper.uid)
        if held is None:
            plan.new_papers.append(paper)
            tally["papers"].added += 1
        elif held[1] != paper and paper.updated_at > held[1].updated_at:
            plan.changed_papers.append((held[0], paper))
            tally["papers"].updated += 1
        else:
            tally["papers"].unchanged += 1
    local_habits = store.habit_records(sql)
    day_judged = _plan_habits(local_habits, data, plan)
    _plan_check_ins(sql, local_habits, data, plan, day_judged)
    known_habits = {h.name for h in data.habits} | {h.name for h in local_habits.values()}
    known_skips = store.known_uids(sql, "skip", [r.uid for r in data.skips])
    for index, skip in enumerate(data.skips):
        if skip.habit is not None and skip.habit not in known_habits | set(BUILTIN_HABITS):
            raise InputError(
                f"skips[{index}] (uid {skip.uid}): there is no habit {skip.habit!r} "
                "in the file or the journal"
            )
        _count(tally["skips"], skip.uid in known_skips, plan.new_skips, skip)
    entry_uids = {r.uid for r in data.entries} | set(existing_entries)
    entry_uids |= store.known_uids(sql, "entry", [r.entry for r in data.revisits])
    known_revisits = store.known_uids(sql, "revisit", [r.uid for r in data.revisits])
    for index, revisit in enumerate(data.revisits):
        if revisit.entry not in entry_uids:
            raise InputError(
                f"revisits[{index}] (uid {revisit.uid}): its entry {revisit.entry} "
                "is neither in the file nor in the journal"
            )
        _count(tally["revisits"], revisit.uid in known_revisits, plan.new_revisits, revisit)
    return plan


def _count(tally: Tally, known: bool, new: list[T], record: T) -> None:
    if known:
        tally.unchanged += 1
    else:
        new.append(record)
        tally.added += 1


def _plan_habits(local: dict[int, HabitRecord], data: JournalData, plan: _Plan) -> set[str]:
    """Match the file's habits to the journal's; the uids (file and local) judged by days."""
    from learnlog.habits import Kind, parse_schedule  # only an import needs schedules

    plan.habit_ids.update({habit.uid: habit_id for habit_id, habit in local.items()})
    by_uid = {habit.uid: (habit_id, habit) for habit_id, habit in local.items()}
    by_name = {habit.name: (habit_id, habit) for habit_id, habit in local.items()}
    tally = plan.summary.tallies["habits"]
    day_judged = {
        habit.uid
        for habit in local.values()
        if parse_schedule(habit.schedule).kind is not Kind.AMOUNT
    }
    for habit in data.habits:
        if parse_schedule(habit.schedule).kind is not Kind.AMOUNT:
            day_judged.add(habit.uid)
        held = by_uid.get(habit.uid) or by_name.get(habit.name)
        if held is None:
            plan.new_habits.append(habit)
            tally.added += 1
            continue
        habit_id, mine = held
        plan.habit_ids[habit.uid] = habit_id
        if (
            mine.uid == habit.uid
            and habit.updated_at > mine.updated_at
            and (mine.schedule != habit.schedule)
        ):
            plan.changed_habits.append((habit_id, habit))
            tally.updated += 1
        else:
            tally.unchanged += 1
    return day_judged


def _plan_check_ins(
    sql: Sql,
    local: dict[int, HabitRecord],
    data: JournalData,
    plan: _Plan,
    day_judged: set[str],
) -> None:
    uid_of = {habit_id: habit.uid for habit_id, habit in local.items()}
    file_habits = {habit.uid for habit in data.habits}
    known, days = store.check_in_keys(sql)
    # Each habit is named by its uid: the local habit's when the file's matched one.
    taken = {(uid_of[habit_id], day) for habit_id, day in days}
    tally = plan.summary.tallies["check_ins"]
    for index, check_in in enumerate(data.check_ins):
        if check_in.habit not in file_habits and check_in.habit not in plan.habit_ids:
            raise InputError(
                f"check_ins[{index}] (uid {check_in.uid}): its habit {check_in.habit} "
                "is neither in the file nor in the journal"
            )
        matched = plan.habit_ids.get(check_in.habit)
        habit = uid_of[matched] if matched is not None else check_in.habit
        if check_in.uid in known or (habit in day_judged and (habit, check_in.day) in taken):
            tally.unchanged += 1
            continue
        taken.add((habit, check_in.day))
        plan.new_check_ins.append(check_in)
        tally.added += 1


def _apply(sql: Sql, plan: _Plan) -> None:
    habit_ids = dict(plan.habit_ids)
    habit_ids.update(store.insert_habits(sql, plan.new_habits))
    for habit_id, habit in plan.changed_habits:
        store.update_habit(sql, habit_id, habit)
    store.insert_entries(sql, plan.new_entries)
    for entry_id, entry in plan.changed_entries:
        store.overwrite_entry(sql, entry_id, entry)
    store.insert_papers(sql, plan.new_papers)
    for paper_id, paper in plan.changed_papers:
        store.overwrite_paper(sql, paper_id, paper)
    store.insert_check_ins(
        sql,
        [(check_in, habit_ids[check_in.habit]) for check_in in plan.new_check_ins],
    )
    store.insert_skips(sql, plan.new_skips)
    entry_ids = store.ids_by_uid(sql, "entry", sorted({r.entry for r in plan.new_revisits}))
    store.insert_revisits(sql, [(r, entry_ids[r.entry]) for r in plan.new_revisits])
