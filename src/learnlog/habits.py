"""Schedules, streaks, grace and the consistency score: pure functions over dates.

Nothing here reads the clock or the database. Callers pass ``today`` and a habit's history, and
every result is recomputed from that history, so a backfilled check-in repairs a streak.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from itertools import accumulate, compress, repeat
from operator import sub, truediv

from learnlog.dates import WEEKDAYS, Week, weekday_number
from learnlog.errors import InputError

ONE_DAY = timedelta(days=1)
MINUTES_PER_DAY = 24 * 60
MINUTES_PER_WEEK = 7 * MINUTES_PER_DAY
# How far ahead the next due day is looked for past planned skips.
LOOKAHEAD_DAYS = 366

SCHEDULE_FORMS = (
    "day, weekdays such as sat,sun or mon-fri, N/week (1/week to 7/week), "
    "or an amount a week such as 7h/week or 420min/week"
)


class Kind(StrEnum):
    """How a habit is judged: each day, on some weekdays, or per ISO week."""

    DAILY = "daily"
    WEEKDAYS = "weekdays"
    WEEKLY = "weekly"
    AMOUNT = "amount"


class Status(StrEnum):
    """Where the habit stands today (or in its current week or last scheduled day)."""

    DONE = "done"
    PENDING = "pending"
    MISSED = "missed"
    EXCUSED = "excused"


class Mark(StrEnum):
    """What one day of a habit's calendar shows; ``open`` is a day nothing was asked of."""

    DONE = "done"
    PENDING = "pending"
    MISSED = "missed"
    EXCUSED = "excused"
    OPEN = "open"


@dataclass(frozen=True)
class Schedule:
    """A habit's schedule; ``target`` counts check-ins or minutes per ISO week."""

    kind: Kind
    weekdays: frozenset[int] = frozenset()
    target: int = 1

    @property
    def frequency(self) -> float:
        """The target rate per day of D6: daily 1, k weekdays k/7, N/week N/7, amounts 1/7."""
        if self.kind is Kind.DAILY:
            return 1.0
        if self.kind is Kind.WEEKDAYS:
            return len(self.weekdays) / 7
        if self.kind is Kind.WEEKLY:
            return self.target / 7
        return 1 / 7  # an amount a week is one target a week

    @property
    def per_week(self) -> bool:
        """Whether the habit is judged per ISO week rather than per day."""
        return self.kind in {Kind.WEEKLY, Kind.AMOUNT}

    def is_scheduled(self, day: date) -> bool:
        """Whether the day is one the habit is judged on (every day but a weekday set's)."""
        return self.kind is not Kind.WEEKDAYS or day.weekday() in self.weekdays

    def __str__(self) -> str:
        """The schedule as ``habit add --every`` takes it: ``day``, ``mon-fri``, ``2/week``…"""
        if self.kind is Kind.DAILY:
            return "day"
        if self.kind is Kind.WEEKDAYS:
            return _weekday_set_text(self.weekdays)
        if self.kind is Kind.WEEKLY:
            return f"{self.target}/week"
        return f"{format_minutes(self.target, compact=True)}/week"


DAILY = Schedule(Kind.DAILY)


def weekly(target: int) -> Schedule:
    """At least ``target`` per ISO week (the built-in ``papers`` habit's schedule)."""
    return Schedule(Kind.WEEKLY, target=target)


def format_minutes(minutes: int, *, compact: bool = False) -> str:
    """``90`` as ``1h 30min``; compact gives whole hours as ``7h`` and others as ``90min``."""
    hours, rest = divmod(minutes, 60)
    if compact:
        return f"{hours}h" if rest == 0 else f"{minutes}min"
    if hours and rest:
        return f"{hours}h {rest}min"
    return f"{hours}h" if hours else f"{rest}min"


def _weekday_set_text(days: frozenset[int]) -> str:
    """Runs of three or more days as ranges: ``mon-fri``, ``sat,sun``, ``mon,wed-fri``."""
    names = [WEEKDAYS[index][:3] for index in range(7)]
    parts: list[str] = []
    ordered = sorted(days)
    start = 0
    while start < len(ordered):
        end = start
        while end + 1 < len(ordered) and ordered[end + 1] == ordered[end] + 1:
            end += 1
        if end - start >= 2:
            parts.append(f"{names[ordered[start]]}-{names[ordered[end]]}")
        else:
            parts.extend(names[index] for index in ordered[start : end + 1])
        start = end + 1
    return ",".join(parts)


_PER_WEEK = re.compile(r"(\d+)\s*(?:x|times)?\s*(?:/|per |a )\s*week")
_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*(h|hr|hrs|hours?|m|mins?|minutes?)\s*(?:/|per |a )\s*week")
_NAMED_SETS = {
    "weekdays": frozenset(range(5)),
    "workdays": frozenset(range(5)),
    "weekend": frozenset({5, 6}),
    "weekends": frozenset({5, 6}),
}


def parse_schedule(text: str) -> Schedule:
    """Read a schedule: ``day``, ``sat,sun``, ``mon-fri``, ``3/week``, ``7h/week``…"""
    phrase = " ".join(text.strip().lower().split())
    if phrase in {"day", "daily", "every day", "1/day"}:
        return DAILY
    count = _PER_WEEK.fullmatch(phrase)
    if count is not None:
        target = int(count.group(1))
        if not 1 <= target <= 7:
            raise InputError(
                f"{text.strip()!r} asks for {target} days a week; use 1/week to 7/week, or 'day'"
            )
        return weekly(target)
    amount = _AMOUNT.fullmatch(phrase)
    if amount is not None:
        return Schedule(Kind.AMOUNT, target=_weekly_minutes(amount.group(1), amount.group(2), text))
    days = _NAMED_SETS.get(phrase) or _weekday_set(phrase)
    if days is None:
        raise InputError(f"cannot read the schedule {text.strip()!r}; use {SCHEDULE_FORMS}")
    if len(days) == 7:
        return DAILY
    return Schedule(Kind.WEEKDAYS, weekdays=days)


def _weekly_minutes(number: str, unit: str, original: str) -> int:
    minutes = float(number) * (60 if unit.startswith("h") else 1)
    if minutes != int(minutes) or not 1 <= minutes <= MINUTES_PER_WEEK:
        raise InputError(
            f"{original.strip()!r} is not a whole number of minutes between 1min and "
            f"{MINUTES_PER_WEEK // 60}h a week"
        )
    return int(minutes)


def _weekday_set(phrase: str) -> frozenset[int] | None:
    """``sat,sun``, ``mon-fri`` or ``mon, wed-fri``; a range may wrap (``fri-mon``)."""
    days: set[int] = set()
    for part in re.split(r"\s*,\s*|\s+", phrase):
        bounds = [weekday_number(word) for word in part.split("-")]
        if not part or len(bounds) > 2 or None in bounds:
            return None
        first, last = bounds[0], bounds[-1]
        assert first is not None and last is not None
        days.update((first + step) % 7 for step in range((last - first) % 7 + 1))
    return frozenset(days)


@dataclass(frozen=True)
class History:
    """Everything a habit's streak is computed from.

    ``amounts`` holds what was done each day: entries, papers read, check-ins, or minutes for an
    amount habit. ``skips`` are inclusive ranges of excused days. ``created_on`` is the day a user
    habit was added; a built-in habit starts with its first entry or read paper.
    """

    schedule: Schedule
    amounts: Mapping[date, int]
    skips: tuple[tuple[date, date], ...] = ()
    created_on: date | None = None
    grace_per_month: int = 0

    @classmethod
    def of(
        cls,
        schedule: Schedule,
        *,
        done: Iterable[tuple[date, int]],
        skips: Iterable[tuple[date, date]] = (),
        created_on: date | None = None,
        grace_per_month: int = 0,
    ) -> History:
        """Gather ``(day, amount)`` pairs in any order; several on one day add up."""
        pairs = list(done)
        amounts = dict(pairs)
        if len(amounts) < len(pairs):  # some day comes more than once: add its amounts up
            amounts = {}
            for day, amount in pairs:
                amounts[day] = amounts.get(day, 0) + amount
        return cls(
            schedule=schedule,
            amounts=amounts,
            skips=tuple(sorted(skips)),
            created_on=created_on,
            grace_per_month=grace_per_month,
        )

    def first_day(self, today: date) -> date | None:
        """The habit's first day: its creation or its first check-in, whichever is earlier."""
        earliest = min(self.amounts, default=None)
        if earliest is not None and earliest <= today and self.amounts[earliest] > 0:
            # The usual case, found without looking at every day: the earliest day counts.
            days = [earliest]
        else:
            days = [day for day, amount in self.amounts.items() if amount > 0 and day <= today]
        if self.created_on is not None and self.created_on <= today:
            days.append(self.created_on)
        return min(days, default=None)


@dataclass(frozen=True)
class Period:
    """The current ISO week of a weekly habit, in check-ins or minutes."""

    start: date
    count: int
    target: int
    remaining: int
    days_left: int


@dataclass(frozen=True)
class Streak:
    """A habit as of the end of ``today``: streaks, status, score and what is due next."""

    current: int
    longest: int
    status: Status
    score: float
    first_day: date | None
    next_due: date | None
    period: Period | None


@dataclass(frozen=True)
class DayMark:
    """One day of a habit's calendar: its mark and what was done that day."""

    mark: Mark
    amount: int


class _Excused:
    """Skipped days, looked up by bisection so that a long skip costs nothing."""

    def __init__(self, skips: tuple[tuple[date, date], ...]) -> None:
        merged: list[tuple[date, date]] = []
        for first, last in sorted(skips):
            # Days apart, not the day after the last: a skip may end on 9999-12-31.
            if merged and (first - merged[-1][1]).days <= 1:
                merged[-1] = (merged[-1][0], max(merged[-1][1], last))
            else:
                merged.append((first, last))
        self._ranges = merged
        self._starts = [first for first, _ in merged]

    def __contains__(self, day: object) -> bool:
        if not self._ranges or not isinstance(day, date):
            return False
        index = bisect_right(self._starts, day) - 1
        return index >= 0 and day <= self._ranges[index][1]

    def ordinal_ranges(self, first: int, last: int) -> list[tuple[int, int]]:
        """The excused days from ordinal ``first`` to ``last``, as inclusive ordinal ranges."""
        clipped = []
        for begin, end in self._ranges:
            low, high = max(begin.toordinal(), first), min(end.toordinal(), last)
            if low <= high:
                clipped.append((low, high))
        return clipped

    def flags(self, first: int, last: int) -> bytearray:
        """One byte per day from ordinal ``first`` to ``last``: 1 where the day is excused."""
        flags = bytearray(max(0, last - first + 1))
        for low, high in self.ordinal_ranges(first, last):
            flags[low - first : high - first + 1] = b"\x01" * (high - low + 1)
        return flags


def _weekday(ordinal: int) -> int:
    """Monday 0 to Sunday 6 of a day ordinal (ordinal 1, 0001-01-01, was a Monday)."""
    return (ordinal - 1) % 7


def _scheduled_weekdays(schedule: Schedule) -> tuple[bool, ...]:
    """``is_scheduled`` by weekday, Monday first, so that a loop over days asks no date."""
    return tuple(schedule.kind is not Kind.WEEKDAYS or day in schedule.weekdays for day in range(7))


# D6's longest window, D' = 14: the score's window drops days this far before the first day.
LONGEST_WINDOW = 14


@dataclass(frozen=True)
class _Judged:
    """A habit's history judged up to ``today``: each scheduled day, or each week.

    The per-day work runs on day ordinals: ``daily`` holds what was done each day from
    ``LONGEST_WINDOW`` days before ``start`` to ``today``, ``days`` one status for each day from
    ``start`` to ``today`` (``None`` on a day a weekday habit is not judged; empty for a weekly
    habit), and ``weeks`` one for each ISO week from ``start``'s to ``today``'s.
    """

    history: History
    today: date
    day_over: bool
    start: date | None
    excused: _Excused
    daily: list[int]
    days: list[Status | None]
    weeks: list[Status]

    def done_between(self, first: int, last: int) -> list[int]:
        """What was done each day from ordinal ``first`` to ``last`` (both within ``daily``)."""
        assert self.start is not None
        offset = first - (self.start.toordinal() - LONGEST_WINDOW)
        return self.daily[offset : offset + last - first + 1]

    def status_on(self, day: date) -> Status | None:
        """The status of a judged scheduled day, else ``None``."""
        if self.start is None or not self.start <= day <= self.today:
            return None
        return self.days[day.toordinal() - self.start.toordinal()] if self.days else None


def _judge(history: History, today: date, *, day_over: bool = False) -> _Judged:
    """Judge every day or week up to ``today``; once ``day_over``, today is finished too."""
    start = history.first_day(today)
    excused = _Excused(history.skips)
    daily: list[int] = []
    days: list[Status | None] = []
    weeks: list[Status] = []
    if start is not None:
        first, last = start.toordinal(), today.toordinal()
        # zip and map keep the thousands of days of a long history out of the interpreter loop.
        amounts_by_day = history.amounts
        done = dict(zip(map(date.toordinal, amounts_by_day), amounts_by_day.values(), strict=True))
        daily = list(map(done.get, range(first - LONGEST_WINDOW, last + 1), repeat(0)))
        amounts = daily[LONGEST_WINDOW:]
        if history.schedule.per_week:
            weeks = _judge_weeks(history, amounts, first, last, excused, day_over=day_over)
        else:
            days = _judge_days(history, amounts, first, last, excused, day_over=day_over)
    return _Judged(history, today, day_over, start, excused, daily, days, weeks)


def _unscheduled_offsets(schedule: Schedule, first: int) -> list[int]:
    """The offsets from ordinal ``first`` of the first day of each weekday the habit skips."""
    scheduled = _scheduled_weekdays(schedule)
    return [offset for offset in range(7) if not scheduled[_weekday(first + offset)]]


def _judge_days(
    history: History,
    amounts: list[int],
    first: int,
    last: int,
    excused: _Excused,
    *,
    day_over: bool,
) -> list[Status | None]:
    """D2, D4 and D5: each scheduled day is done, excused (skip or grace) or missed."""
    # Each day is done or missed; then the days not scheduled are blanked, and the skipped days,
    # a running today and finally grace turn misses into something milder, in the spec's order.
    # Whole-list steps keep the work off the long run of ordinary days.
    is_done, missed = Status.DONE, Status.MISSED  # looked up once: enum lookups are slow
    judged: list[Status | None] = [is_done if amount > 0 else missed for amount in amounts]
    for offset in _unscheduled_offsets(history.schedule, first):
        judged[offset::7] = [None] * len(range(offset, len(judged), 7))
    for low, high in excused.ordinal_ranges(first, last):
        for index in range(low - first, high - first + 1):
            if judged[index] is Status.MISSED:
                judged[index] = Status.EXCUSED
    if not day_over and judged[-1] is Status.MISSED:
        judged[-1] = Status.PENDING
    if history.grace_per_month > 0:
        _grant_grace(judged, first, history.grace_per_month)
    return judged


def _grant_grace(judged: list[Status | None], first: int, grace_per_month: int) -> None:
    """D5: excuse the first misses of each calendar month, in date order."""
    grace_used: Counter[tuple[int, int]] = Counter()
    for index in _positions(judged, Status.MISSED):
        day = date.fromordinal(first + index)
        month = (day.year, day.month)
        if grace_used[month] < grace_per_month:
            grace_used[month] += 1
            judged[index] = Status.EXCUSED


def _positions(statuses: Sequence[Status | None], status: Status) -> Iterator[int]:
    """The indexes holding ``status``, in order, found by ``list.index`` rather than a loop."""
    index = -1
    while True:
        try:
            index = statuses.index(status, index + 1)
        except ValueError:
            return
        yield index


def _judge_weeks(
    history: History,
    amounts: list[int],
    first: int,
    last: int,
    excused: _Excused,
    *,
    day_over: bool,
) -> list[Status]:
    """D3: each ISO week from the first one is met, excused or missed; this week may be pending."""
    # An ISO week runs Monday to Sunday, so the weeks are the runs of seven days from the first
    # day's Monday: no calendar lookups per day. Only days from the first to today count.
    first_monday, last_sunday = first - _weekday(first), last + 6 - _weekday(last)
    week_days = [0] * (first - first_monday) + amounts
    week_days += [0] * (last_sunday - last)
    on_open_days = week_days.copy()
    for low, high in excused.ordinal_ranges(first_monday, last_sunday):
        on_open_days[low - first_monday : high - first_monday + 1] = [0] * (high - low + 1)
    totals, on_open = _weekly_sums(week_days), _weekly_sums(on_open_days)
    skipped = _weekly_sums(excused.flags(first_monday, last_sunday))
    target, this_week = history.schedule.target, len(totals) - 1
    judged: list[Status] = []
    for week in range(len(totals)):
        # The skipped days lower the ask, and the open days must meet it: so doing the habit on
        # a skipped day never turns an excused week into a missed one, and skipping days
        # already done never excuses a week that was missed. All seven days count as skipped
        # or not, those before the first day and after today too.
        finished = week < this_week or (day_over and last == last_sunday)
        status = _week_status(totals[week], on_open[week], target, skipped[week], finished=finished)
        judged.append(status)
    return judged


def _weekly_sums(days: Iterable[int]) -> list[int]:
    """The sum of each run of seven values: one week's, when the values start on a Monday."""
    # zip over seven references to one iterator takes seven values at a time.
    return list(map(sum, zip(*[iter(days)] * 7, strict=True)))


def excused_target(target: int, skipped_days: int) -> int:
    """What a week with skipped days still asks for: the target scaled to its open days."""
    return math.ceil(target * (7 - skipped_days) / 7)


def _week_status(
    total: int, on_open_days: int, target: int, skipped_days: int, *, finished: bool
) -> Status:
    if total >= target:
        return Status.DONE
    if skipped_days and on_open_days >= excused_target(target, skipped_days):
        return Status.EXCUSED
    return Status.MISSED if finished else Status.PENDING


def _streaks(statuses: Sequence[Status | None]) -> tuple[int, int]:
    """Current and longest run: done adds one, excused and pending add nothing, missed resets.

    ``None`` is a day that is not judged, which adds nothing either. A run is the done days
    between two misses, so each is counted over a slice.
    """
    longest = run = start = 0
    for end in [*_positions(statuses, Status.MISSED), len(statuses)]:
        run = statuses[start:end].count(Status.DONE)
        longest = max(longest, run)
        start = end + 1
    return run, longest


def streak(history: History, *, today: date, day_over: bool = False) -> Streak:
    """The habit as of the end of ``today`` (D2 to D6).

    ``today`` may still be pending, as the spec's examples judge it; a review of a span that is
    over passes ``day_over`` so that its last day, and a week ending on it, are final.
    """
    return _streak_of(_judge(history, today, day_over=day_over))


def streak_and_marks(
    history: History, *, today: date, first: date, day_over: bool = False
) -> tuple[Streak, dict[date, DayMark]]:
    """``streak`` and ``day_marks`` from ``first`` to ``today``, judging the history once."""
    judged = _judge(history, today, day_over=day_over)
    return _streak_of(judged), _marks_of(judged, first, today)


def _streak_of(judged: _Judged) -> Streak:
    schedule = judged.history.schedule
    if schedule.per_week:
        current, longest = _streaks(judged.weeks)
        status = judged.weeks[-1] if judged.weeks else Status.PENDING
        period = _period(judged)
    else:
        current, longest = _streaks(judged.days)
        status = _day_status(judged)
        period = None
    return Streak(
        current=current,
        longest=longest,
        status=status,
        score=_score(judged),
        first_day=judged.start,
        next_due=_next_due(judged, status),
        period=period,
    )


def _day_status(judged: _Judged) -> Status:
    """Today's status, or the last scheduled day's when today is not one (weekday habits)."""
    # Today is the last day judged: a scheduled today has a status, else the last status is
    # that of the last scheduled day.
    for status in reversed(judged.days):
        if status is not None:
            return status
    return Status.PENDING


def _period(judged: _Judged) -> Period:
    schedule, today = judged.history.schedule, judged.today
    week = Week.of(today)
    count = sum(
        judged.history.amounts.get(day, 0)
        for day in week.days()
        if day <= today and (judged.start is None or day >= judged.start)
    )
    return Period(
        start=week.start,
        count=count,
        target=schedule.target,
        remaining=max(0, schedule.target - count),
        days_left=(week.end - today).days + 1,
    )


def _next_due(judged: _Judged, status: Status) -> date | None:
    """Today while it is pending, else the next scheduled day that no skip excuses."""
    schedule, today = judged.history.schedule, judged.today
    if status is Status.PENDING and schedule.is_scheduled(today):
        return today
    if schedule.per_week:
        return Week.of(today).end + ONE_DAY
    for offset in range(1, LOOKAHEAD_DAYS + 1):
        day = today + timedelta(days=offset)
        if schedule.is_scheduled(day) and day not in judged.excused:
            return day
    return None


def _window(schedule: Schedule) -> tuple[int, int]:
    """D6's (N', D'): the target over seven days, doubled to fourteen when f < 1."""
    needed = len(schedule.weekdays) if schedule.kind is Kind.WEEKDAYS else schedule.target
    return (needed * 2, 14) if schedule.frequency < 1 else (needed, 7)


def _score(judged: _Judged) -> float:
    """D6, Loop Habit Tracker's habit strength, as of today if done, else as of yesterday."""
    schedule, start = judged.history.schedule, judged.start
    if start is None:
        return 0.0
    first, today = start.toordinal(), judged.today.toordinal()
    done_today = judged.daily[-1] > 0 and schedule.is_scheduled(judged.today)
    last = today if judged.day_over or done_today else today - 1
    multiplier = 0.5 ** (math.sqrt(schedule.frequency) / 13)
    needed, span = _window(schedule)
    # What each day counts, from ``span`` days before the first day, which the window drops
    # as it slides past them.
    counts = judged.done_between(first - span, last)
    if schedule.kind is Kind.WEEKDAYS:  # one a day, on scheduled days only
        counts = [1 if count > 0 else 0 for count in counts]
        for offset in _unscheduled_offsets(schedule, first - span):
            counts[offset::7] = [0] * len(range(offset, len(counts), 7))
    # Each day's c * (1 - m), then the days that count folded in order: the same products and
    # sums, in the same order, as a day-by-day loop, so the same floating-point result.
    complement = 1 - multiplier
    if schedule.kind is Kind.DAILY:
        added = [(1.0 if count > 0 else 0.0) * complement for count in counts[span:]]
    else:
        # Each day's window is the last one plus the day coming in, less the day dropping out;
        # ``ratio if ratio < 1.0 else 1.0`` is min(1.0, ratio), without a call per day.
        windows = accumulate(map(sub, counts[span:], counts))
        ratios = map(truediv, windows, repeat(needed))
        added = [(ratio if ratio < 1.0 else 1.0) * complement for ratio in ratios]
    score = 0.0
    for term in compress(added, _counted_days(judged, first, last)):
        score = score * multiplier + term
    return score


def _counted_days(judged: _Judged, first: int, last: int) -> bytearray:
    """One byte per day from ``first`` to ``last``: 0 where the day leaves the score as it was.

    An excused day, by a skip or by grace, leaves the score as it was; so does a skipped day
    that is not judged on its own (a weekly habit's, or one a weekday habit is not due on),
    unless something was done on it.
    """
    length = last - first + 1
    per_week = judged.history.schedule.per_week
    statuses = judged.days
    counted = bytearray(b"\x01") * length
    if not per_week:
        for index in _positions(statuses[:length], Status.EXCUSED):
            counted[index] = 0
    amounts = judged.done_between(first, last)
    for low, high in judged.excused.ordinal_ranges(first, last):
        for index in range(low - first, high - first + 1):
            if (per_week or statuses[index] is None) and amounts[index] <= 0:
                counted[index] = 0
    return counted


def day_marks(
    history: History, *, today: date, first: date, last: date, day_over: bool = False
) -> dict[date, DayMark]:
    """Each day from ``first`` to ``last`` (at most ``today``) as a calendar shows it."""
    return _marks_of(_judge(history, today, day_over=day_over), first, last)


def _marks_of(judged: _Judged, first: date, last: date) -> dict[date, DayMark]:
    amounts = judged.history.amounts
    marks: dict[date, DayMark] = {}
    day = first
    while day <= min(last, judged.today):
        amount = amounts.get(day, 0)
        marks[day] = DayMark(_mark(judged, day, amount), amount)
        day += ONE_DAY
    return marks


# A judged day's mark is its status under the same name.
_MARK_OF_STATUS = {status: Mark(status.value) for status in Status}


def _mark(judged: _Judged, day: date, amount: int) -> Mark:
    if judged.start is None or day < judged.start:
        return Mark.OPEN
    status = judged.status_on(day)
    if status is not None:
        return _MARK_OF_STATUS[status]
    if amount > 0:
        return Mark.DONE
    return Mark.EXCUSED if day in judged.excused else Mark.OPEN


class PaceColour(StrEnum):
    """Beeminder's colours for a buffer: green three days or more, then blue, orange, red."""

    GREEN = "green"
    BLUE = "blue"
    ORANGE = "orange"
    RED = "red"


@dataclass(frozen=True)
class Pace:
    """D7: papers read this year against a yearly target, as of the end of a day."""

    year: int
    target: int
    actual: int
    expected: float
    buffer_days: int
    behind: int
    colour: PaceColour


def days_in_year(year: int) -> int:
    """365, or 366 in a leap year."""
    return (date(year + 1, 1, 1) - date(year, 1, 1)).days


def year_pace(read_on: Iterable[date], *, target: int, today: date) -> Pace:
    """How far ahead of (or behind) a yearly reading target ``today`` is (spec D7)."""
    if target < 1:
        raise ValueError("a yearly target is at least 1")
    actual = sum(1 for day in read_on if day.year == today.year and day <= today)
    day_of_year = today.timetuple().tm_yday
    year_days = days_in_year(today.year)
    expected = target * day_of_year / year_days
    buffer_days = max(0, actual * year_days // target - day_of_year + 1)
    shortfall = math.ceil(expected - actual)
    return Pace(
        year=today.year,
        target=target,
        actual=actual,
        expected=expected,
        buffer_days=buffer_days,
        behind=max(0, shortfall),
        colour=_pace_colour(buffer_days),
    )


def _pace_colour(buffer_days: int) -> PaceColour:
    if buffer_days >= 3:
        return PaceColour.GREEN
    return (PaceColour.RED, PaceColour.ORANGE, PaceColour.BLUE)[buffer_days]
