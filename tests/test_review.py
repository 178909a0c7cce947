"""Revisiting old entries: the pure rule, its properties, and the use cases on a real journal."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from learnlog.domain import EntryDraft, EntryView, Stage
from learnlog.errors import NotFoundError, RefusedError
from learnlog.revisits import (
    DueRevisit,
    due_age,
    due_revisits,
    milestone_ranges,
    moves_forward,
    next_stage,
    review_window,
    revisit_order,
)
from learnlog.services.entries import add_entry, delete_entry, get_entry, undo_last
from learnlog.services.report import week_span, weekly_report
from learnlog.services.review import Mark, mark_entries, review_list
from learnlog.store.database import Journal, open_sqlite
from tests.test_report import SETTINGS, W47, build_sample

TODAY = date(2026, 11, 18)  # a Wednesday
NOW = datetime.combine(TODAY, time(20, 0), UTC)
STAMP = datetime(2026, 1, 1, tzinfo=UTC)


def ago(days: int, today: date = TODAY) -> date:
    return today - timedelta(days=days)


def view(
    entry_id: int, day: date, *, starred: bool = False, stage: Stage | None = None
) -> EntryView:
    return EntryView(
        id=entry_id,
        uid=f"uid-{entry_id}",
        day=day,
        text=f"entry {entry_id}",
        tags=(),
        source=None,
        stage=stage,
        starred=starred,
        created_at=STAMP,
        updated_at=STAMP,
    )


def due_in_week(
    entries: list[EntryView], revisited: dict[int, list[date]] | None = None, today: date = TODAY
) -> list[tuple[int, int]]:
    first, last = review_window(today)
    found = due_revisits(entries, revisited or {}, first=first, last=last)
    return [(item.entry.id, item.age_days) for item in found]


# The rule ---------------------------------------------------------------------------------------


def test_the_review_window_is_the_last_seven_days_today_included() -> None:
    assert review_window(TODAY) == (date(2026, 11, 12), TODAY)


def test_entries_from_yesterday_and_last_week_are_due_and_today_s_is_not() -> None:
    entries = [view(1, ago(0)), view(2, ago(1)), view(3, ago(7))]
    assert sorted(due_in_week(entries)) == [(2, 1), (3, 7)]


@pytest.mark.parametrize(
    ("age", "due_at"),
    [
        (1, 1),
        (6, 1),
        (7, 7),  # 1 day old six days ago, 7 days old today: the larger age, once
        (8, 7),  # 7 days old yesterday, inside the week looked back on
        (13, 7),
        (14, None),
        (29, None),
        (30, 30),
        (36, 30),
        (37, None),
        (90, 90),
        (365, 365),
        (371, 365),
        (372, None),
    ],
)
def test_an_entry_is_due_while_one_of_its_ages_lies_in_the_week(
    age: int, due_at: int | None
) -> None:
    expected = [] if due_at is None else [(1, due_at)]
    assert due_in_week([view(1, ago(age))]) == expected


def test_a_revisit_on_or_after_the_milestone_takes_the_entry_off_the_list() -> None:
    entry = view(1, ago(7))
    assert due_in_week([entry], {1: [ago(0)]}) == []
    milestone = entry.day + timedelta(days=7)
    assert due_in_week([entry], {1: [milestone]}) == []


def test_a_revisit_before_the_milestone_does_not_count() -> None:
    written = ago(7)
    # Looked at again when three days old: done with the 1-day milestone, due again at seven.
    third_day = written + timedelta(days=3)
    assert due_in_week([view(1, written)], {1: [third_day]}, today=third_day) == []
    assert due_in_week([view(1, written)], {1: [third_day]}) == [(1, 7)]


def test_a_revisit_after_the_window_does_not_count() -> None:
    entry = view(1, ago(7))
    assert due_in_week([entry], {1: [TODAY + timedelta(days=1)]}) == [(1, 7)]


def test_several_ages_in_a_long_window_give_the_largest_once() -> None:
    entry = view(1, date(2026, 1, 1))
    found = due_revisits([entry], {}, first=date(2026, 1, 1), last=date(2027, 1, 1))
    assert [(item.entry.id, item.age_days) for item in found] == [(1, 365)]
    assert found[0].due_on == date(2027, 1, 1)


def test_due_entries_come_starred_first_then_older_ages_then_older_days_then_ids() -> None:
    entries = [
        view(1, ago(1)),
        view(2, ago(30)),
        view(3, ago(7), starred=True),
        view(4, ago(2)),
        view(5, ago(2)),
        view(6, ago(90)),
    ]
    assert due_in_week(entries) == [(3, 7), (6, 90), (2, 30), (4, 1), (5, 1), (1, 1)]


@pytest.mark.parametrize(
    ("current", "wanted", "forward"),
    [
        (None, Stage.UNDERSTOOD, True),
        (None, Stage.APPLIED, True),
        (Stage.UNDERSTOOD, Stage.EXPLAINED, True),
        (Stage.UNDERSTOOD, Stage.APPLIED, True),
        (Stage.EXPLAINED, Stage.APPLIED, True),
        (Stage.EXPLAINED, Stage.EXPLAINED, False),
        (Stage.APPLIED, Stage.EXPLAINED, False),
        (Stage.EXPLAINED, Stage.UNDERSTOOD, False),
    ],
)
def test_stages_move_forward_only(current: Stage | None, wanted: Stage, forward: bool) -> None:
    assert moves_forward(current, wanted) is forward


def test_the_next_stage() -> None:
    assert next_stage(None) is Stage.UNDERSTOOD
    assert next_stage(Stage.UNDERSTOOD) is Stage.EXPLAINED
    assert next_stage(Stage.EXPLAINED) is Stage.APPLIED
    assert next_stage(Stage.APPLIED) is None


# Properties -------------------------------------------------------------------------------------

PROPERTY = settings(max_examples=80, deadline=None)
BASE = date(2026, 1, 1)
days = st.integers(0, 800).map(lambda offset: BASE + timedelta(days=offset))
Case = tuple[list[EntryView], dict[int, list[date]], date, date]  # entries, revisits, window


@st.composite
def journals(draw: st.DrawFn) -> Case:
    """Entries, their revisit days and a window of up to a few weeks."""
    first = draw(days)
    last = first + timedelta(days=draw(st.integers(0, 30)))
    count = draw(st.integers(0, 12))
    entries = [
        view(number, first - timedelta(days=draw(st.integers(0, 400))), starred=draw(st.booleans()))
        for number in range(1, count + 1)
    ]
    revisited = {
        entry.id: [
            entry.day + timedelta(days=n) for n in draw(st.lists(st.integers(0, 420), max_size=4))
        ]
        for entry in entries
    }
    return entries, revisited, first, last


@PROPERTY
@given(case=journals())
def test_each_due_entry_is_listed_once_at_its_largest_age_in_the_window(
    case: Case,
) -> None:
    entries, revisited, first, last = case
    found = due_revisits(entries, revisited, first=first, last=last)
    ids = [item.entry.id for item in found]
    assert len(ids) == len(set(ids))
    for item in found:
        assert item.age_days == due_age(item.entry.day, first, last)
        assert first <= item.due_on <= last
        assert not any(item.due_on <= seen <= last for seen in revisited[item.entry.id])
    assert found == sorted(found, key=revisit_order)


@PROPERTY
@given(case=journals(), data=st.data())
def test_a_revisit_on_the_last_day_removes_only_that_entry(case: Case, data: st.DataObject) -> None:
    entries, revisited, first, last = case
    before = due_revisits(entries, revisited, first=first, last=last)
    assume(before)
    chosen = data.draw(st.sampled_from(before)).entry.id
    after = due_revisits(
        entries, {**revisited, chosen: [*revisited[chosen], last]}, first=first, last=last
    )
    assert after == [item for item in before if item.entry.id != chosen]


@PROPERTY
@given(case=journals(), data=st.data())
def test_a_revisit_before_the_milestone_changes_nothing(case: Case, data: st.DataObject) -> None:
    entries, revisited, first, last = case
    before = due_revisits(entries, revisited, first=first, last=last)
    assume(before)
    item = data.draw(st.sampled_from(before))
    early = item.due_on - timedelta(days=data.draw(st.integers(1, 400)))
    more = {**revisited, item.entry.id: [*revisited[item.entry.id], early]}
    assert due_revisits(entries, more, first=first, last=last) == before


@PROPERTY
@given(first=days, length=st.integers(0, 40), back=st.integers(0, 420))
def test_milestone_ranges_hold_exactly_the_days_that_reach_an_age_in_the_window(
    first: date, length: int, back: int
) -> None:
    last = first + timedelta(days=length)
    day = last - timedelta(days=back)
    inside = any(start <= day <= end for start, end in milestone_ranges(first, last))
    assert inside is (due_age(day, first, last) is not None)


# The use cases on a real journal ------------------------------------------------------------


@pytest.fixture
def journal(tmp_path: Path) -> Iterator[Journal]:
    with open_sqlite(tmp_path / "j.db", now=NOW) as opened:
        yield opened


def add(journal: Journal, text: str, day: date, **fields: object) -> int:
    draft = EntryDraft(text=text, day=day, **fields)  # type: ignore[arg-type]
    return add_entry(journal, draft, now=NOW, today=TODAY).id


def dump(journal: Journal) -> list[str]:
    connection = sqlite3.connect(journal.label)
    try:
        return list(connection.iterdump())
    finally:
        connection.close()


def due_ids(journal: Journal, today: date = TODAY) -> list[int]:
    return [item.entry.id for item in review_list(journal, today=today).due]


def ready_ids(journal: Journal, today: date = TODAY) -> list[int]:
    return [entry.id for entry in review_list(journal, today=today).ready]


def test_review_shows_yesterday_s_and_last_week_s_entries_until_one_is_revisited(
    journal: Journal,
) -> None:
    yesterday = add(journal, "Broadcasting aligns trailing axes", ago(1))
    last_week = add(journal, "Einsum names every axis", ago(7))
    add(journal, "Written today", TODAY)
    assert due_ids(journal) == [last_week, yesterday]

    [marked] = mark_entries(journal, [Mark(yesterday)], now=NOW, today=TODAY)
    assert marked.recorded
    assert marked.day == TODAY
    assert due_ids(journal) == [last_week]


def test_marking_twice_on_one_day_stores_one_revisit(journal: Journal) -> None:
    entry_id = add(journal, "x", ago(1))
    first, second = mark_entries(journal, [Mark(entry_id), Mark(entry_id)], now=NOW, today=TODAY)
    assert (first.recorded, second.recorded) == (True, False)
    connection = sqlite3.connect(journal.label)
    try:
        assert connection.execute("SELECT count(*) FROM revisit").fetchone() == (1,)
    finally:
        connection.close()


def test_an_entry_revisited_on_its_third_day_is_due_again_on_its_seventh(journal: Journal) -> None:
    written = ago(7)
    entry_id = add(journal, "x", written)
    third_day = written + timedelta(days=3)
    mark_entries(journal, [Mark(entry_id)], now=NOW, today=third_day)
    assert due_ids(journal, today=third_day) == []
    assert due_ids(journal, today=written + timedelta(days=6)) == []
    assert due_ids(journal, today=written + timedelta(days=7)) == [entry_id]


def test_review_as_of_a_past_day_ignores_later_revisits(journal: Journal) -> None:
    entry_id = add(journal, "x", ago(8))
    mark_entries(journal, [Mark(entry_id)], now=NOW, today=TODAY)
    assert due_ids(journal) == []
    assert due_ids(journal, today=ago(1)) == [entry_id]


def test_ready_to_advance_is_never_revisited_understood_or_explained_oldest_first(
    journal: Journal,
) -> None:
    explained = add(journal, "explained", ago(50), stage=Stage.EXPLAINED)
    understood = add(journal, "understood", ago(60), stage=Stage.UNDERSTOOD)
    add(journal, "applied", ago(70), stage=Stage.APPLIED)
    add(journal, "no stage", ago(80))
    due = add(journal, "due, so listed there", ago(7), stage=Stage.UNDERSTOOD)
    revisited = add(journal, "revisited once", ago(40), stage=Stage.UNDERSTOOD)
    mark_entries(journal, [Mark(revisited)], now=NOW, today=ago(20))
    deleted = add(journal, "in the trash", ago(45), stage=Stage.UNDERSTOOD)
    delete_entry(journal, deleted, now=NOW)

    listing = review_list(journal, today=TODAY)
    assert [item.entry.id for item in listing.due] == [due]
    assert [entry.id for entry in listing.ready] == [understood, explained]
    assert (listing.due_count, listing.ready_count) == (1, 2)


def test_a_few_at_a_time_with_the_count_of_the_rest(journal: Journal) -> None:
    due = [add(journal, f"due {n}", ago(1)) for n in range(7)]
    ready = [add(journal, f"ready {n}", ago(50 + n), stage=Stage.UNDERSTOOD) for n in range(4)]
    listing = review_list(journal, today=TODAY)
    assert [item.entry.id for item in listing.due] == due[:5]
    assert [entry.id for entry in listing.ready] == ready[::-1][:3]
    assert (listing.due_count, listing.ready_count, listing.more_due, listing.more_ready) == (
        7,
        4,
        2,
        1,
    )
    wider = review_list(journal, today=TODAY, limit=10)
    assert (len(wider.due), len(wider.ready)) == (7, 4)
    assert len(review_list(journal, today=TODAY, limit=1).ready) == 1


def test_moving_a_stage_on_records_a_revisit_and_an_undo_step(journal: Journal) -> None:
    entry_id = add(journal, "ready", ago(50), stage=Stage.UNDERSTOOD)
    later = NOW + timedelta(minutes=5)
    [marked] = mark_entries(journal, [Mark(entry_id, Stage.EXPLAINED)], now=later, today=TODAY)
    assert marked.stage is Stage.EXPLAINED
    assert marked.entry.stage is Stage.EXPLAINED
    assert marked.entry.updated_at == later
    assert ready_ids(journal) == []  # revisited now

    undone = undo_last(journal)
    assert undone.entry.stage is Stage.UNDERSTOOD
    assert get_entry(journal, entry_id).updated_at == NOW
    assert ready_ids(journal) == []  # the revisit stays


def test_an_entry_without_a_stage_may_move_to_any(journal: Journal) -> None:
    entry_id = add(journal, "none yet", ago(1))
    [marked] = mark_entries(journal, [Mark(entry_id, Stage.APPLIED)], now=NOW, today=TODAY)
    assert marked.entry.stage is Stage.APPLIED
    assert due_ids(journal) == []


@pytest.mark.parametrize(
    ("current", "wanted", "message"),
    [
        (Stage.EXPLAINED, Stage.EXPLAINED, "already explained"),
        (Stage.APPLIED, Stage.UNDERSTOOD, "applied, past understood"),
    ],
)
def test_moving_to_the_same_or_an_earlier_stage_is_refused_and_changes_nothing(
    journal: Journal, current: Stage, wanted: Stage, message: str
) -> None:
    entry_id = add(journal, "x", ago(1), stage=current)
    other = add(journal, "y", ago(1))
    before = dump(journal)
    with pytest.raises(RefusedError, match=message) as refused:
        mark_entries(journal, [Mark(other), Mark(entry_id, wanted)], now=NOW, today=TODAY)
    assert f"learnlog edit {entry_id} --stage {wanted.value}" in refused.value.message
    assert dump(journal) == before


def test_unknown_and_deleted_entries_are_not_found(journal: Journal) -> None:
    kept = add(journal, "kept", ago(1))
    deleted = add(journal, "deleted", ago(1))
    delete_entry(journal, deleted, now=NOW)
    before = dump(journal)
    for missing in (deleted, 99):
        with pytest.raises(NotFoundError, match=f"no entry #{missing}"):
            mark_entries(journal, [Mark(kept), Mark(missing)], now=NOW, today=TODAY)
    assert dump(journal) == before


# The weekly report agrees ------------------------------------------------------------------------

SUNDAY = W47.end  # the review's week is then the ISO week


@pytest.fixture
def sample(tmp_path: Path) -> Iterator[Journal]:
    journal = build_sample(tmp_path / "sample.db")
    yield journal
    journal.close()


def both(journal: Journal, today: date = SUNDAY) -> tuple[list[DueRevisit], list[DueRevisit]]:
    report = weekly_report(journal, week_span(W47), today=today, settings=SETTINGS)
    return report.revisit, review_list(journal, today=min(today, SUNDAY)).due


def test_the_report_and_review_list_the_same_entries_to_revisit(sample: Journal) -> None:
    reported, reviewed = both(sample)
    assert reported == reviewed
    assert len(reported) == 5


def test_an_entry_revisited_leaves_the_report_and_review_alike(sample: Journal) -> None:
    reported, _ = both(sample)
    chosen = reported[1].entry.id
    mark_entries(sample, [Mark(chosen)], now=NOW, today=SUNDAY)
    after_report, after_review = both(sample)
    assert chosen not in [item.entry.id for item in after_report]
    assert after_report == after_review


def test_a_finished_week_s_report_ignores_revisits_made_after_it(sample: Journal) -> None:
    before, _ = both(sample)
    chosen = before[0].entry.id
    monday = SUNDAY + timedelta(days=1)
    mark_entries(sample, [Mark(chosen)], now=NOW, today=monday)
    after, reviewed = both(sample, today=monday)
    assert after == before == reviewed
