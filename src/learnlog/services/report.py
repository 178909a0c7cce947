"""The weekly review: how a span of days went, and what to do next, from one read transaction."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from learnlog.dates import Week, refuse_before_journals
from learnlog.domain import JOURNAL_HABIT, EntryFilter, EntryView
from learnlog.errors import InputError
from learnlog.habits import Kind, Pace, Status, year_pace
from learnlog.services.habits import HabitStreak, StreakReport, streak_report
from learnlog.services.review import due_between
from learnlog.store import entry_queries, habit_queries, report_queries

if TYPE_CHECKING:
    from learnlog.config import Settings
    from learnlog.revisits import DueRevisit
    from learnlog.store.database import Journal
    from learnlog.store.report_queries import PaperRow

EARLIER_WEEKS = 4  # how far back "tags studied before but not this week" looks
PAPER_BARS_WEEKS = 26
LIST_LIMIT = 5


@dataclass(frozen=True)
class Span:
    """The days a report covers: an ISO week, or any range from ``--from`` to ``--to``."""

    first: date
    last: date
    week: Week | None = None

    @property
    def days(self) -> list[date]:
        """Every day of the span, in order."""
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    @property
    def title(self) -> str:
        """``2026-W47`` for a week, else ``2026-11-01 to 2026-11-30``."""
        if self.week is not None:
            return str(self.week)
        return f"{self.first.isoformat()} to {self.last.isoformat()}"


def week_span(week: Week) -> Span:
    """The span of one ISO week."""
    return Span(week.start, week.end, week)


@dataclass(frozen=True)
class DayCell:
    """One day at a glance: entries, check-ins of user habits, minutes and papers finished."""

    day: date
    entries: int
    check_ins: int
    minutes: int
    papers: int
    to_come: bool


@dataclass(frozen=True)
class PaperLine:
    """A paper as the report lists it."""

    id: int
    title: str
    authors: str | None
    link: str | None
    day: date


@dataclass(frozen=True)
class StudyTime:
    """Minutes spent on a habit counted in time, against its target for the span."""

    habit: str
    minutes: int
    target: int


@dataclass(frozen=True)
class Gaps:
    """What the span lacked."""

    days_without_entry: list[date]
    habits_behind: list[HabitStreak]
    dropped_tags: list[str]
    understood_only: list[EntryView]
    queued_longest: list[PaperLine]


@dataclass(frozen=True)
class WeeklyReport:
    """Everything the weekly review shows, as plain values."""

    span: Span
    as_of: date
    today: date
    days: list[DayCell]
    entries: list[EntryView]
    top_tags: list[tuple[str, int]]
    papers_read: list[PaperLine]
    papers_target: int
    pace: Pace
    study_time: list[StudyTime]
    streaks: StreakReport
    gaps: Gaps
    highlights: list[EntryView]
    revisit: list[DueRevisit]
    papers_per_week: list[tuple[Week, int]]

    @property
    def finished(self) -> bool:
        """Whether the span is over: its streaks are final, nothing is left to do in it."""
        return self.as_of == self.span.last and self.as_of < self.today

    @property
    def is_empty(self) -> bool:
        """Nothing was recorded in the span."""
        return not self.entries and not self.papers_read and not any(c.check_ins for c in self.days)


def _paper_line(paper: PaperRow, day: date | None) -> PaperLine:
    return PaperLine(
        id=paper.id,
        title=paper.title,
        authors=paper.authors,
        link=paper.link,
        day=day or paper.added_on,
    )


def weekly_report(journal: Journal, span: Span, *, today: date, settings: Settings) -> WeeklyReport:
    """The review of ``span`` as of the end of its last day, or of today while it runs."""
    if span.first > today:
        raise InputError(f"{span.title} has not begun yet; today is {today.isoformat()}")
    refuse_before_journals(span.first, span.first.isoformat())
    if span.last < span.first:
        raise InputError(f"--to {span.last.isoformat()} is before --from {span.first.isoformat()}")
    as_of = min(span.last, today)
    bars_from = Week.of(as_of).start - timedelta(weeks=PAPER_BARS_WEEKS - 1)
    with journal.sql() as sql:
        entries = entry_queries.entries_matching(
            sql, EntryFilter(since=span.first, until=span.last)
        )
        # Only the HTML format draws a calendar, and only the journal's.
        streaks = streak_report(
            sql, as_of=as_of, settings=settings, calendar=JOURNAL_HABIT, day_over=as_of < today
        )
        journal_skips = habit_queries.skips_of(sql, JOURNAL_HABIT)
        check_ins = report_queries.check_ins_between(sql, span.first, span.last)
        read = [
            _paper_line(paper, paper.read_on)
            for paper in report_queries.papers_read_between(sql, span.first, span.last)
        ]
        # The year's pace and the bars of the last weeks need no paper read before either.
        read_days = [
            day
            for day, count in habit_queries.papers_read_per_day(
                sql, until=as_of, since=min(bars_from, date(as_of.year, 1, 1))
            )
            for _ in range(count)
        ]
        tags_now = report_queries.tags_between(sql, span.first, span.last)
        tags_before = report_queries.tags_between(
            sql, span.first - timedelta(weeks=EARLIER_WEEKS), span.first - timedelta(days=1)
        )
        understood = report_queries.entries_understood_only(sql, until=as_of, limit=LIST_LIMIT)
        queued = [
            _paper_line(paper, None)
            for paper in report_queries.papers_queued_longest(sql, until=as_of, limit=LIST_LIMIT)
        ]
        revisit = due_between(sql, span.first, as_of)[:LIST_LIMIT]
    days = _day_cells(span, today, entries, check_ins, read)
    entries_chronological = sorted(
        entries, key=lambda entry: (entry.day, entry.created_at, entry.id)
    )
    excused = {
        day for day in span.days if any(first <= day <= last for first, last in journal_skips)
    }
    return WeeklyReport(
        span=span,
        as_of=as_of,
        today=today,
        days=days,
        entries=entries_chronological,
        top_tags=sorted(tags_now.items(), key=lambda item: (-item[1], item[0]))[: LIST_LIMIT * 2],
        papers_read=read,
        papers_target=math.ceil(settings.papers_per_week * len(span.days) / 7),
        pace=year_pace(read_days, target=settings.papers_per_year, today=as_of),
        study_time=_study_time(streaks, check_ins, span),
        streaks=streaks,
        gaps=Gaps(
            days_without_entry=[
                cell.day
                for cell in days
                if cell.day < today and cell.entries == 0 and cell.day not in excused
            ],
            habits_behind=[
                habit
                for habit in streaks.habits
                if habit.streak.status in {Status.PENDING, Status.MISSED}
                and habit.streak.first_day is not None
            ],
            dropped_tags=sorted(set(tags_before) - set(tags_now)),
            understood_only=understood,
            queued_longest=queued,
        ),
        highlights=[entry for entry in entries_chronological if entry.starred],
        revisit=revisit,
        papers_per_week=_papers_per_week(read_days, bars_from, as_of),
    )


def _day_cells(
    span: Span,
    today: date,
    entries: list[EntryView],
    check_ins: list[tuple[str, date, int, int]],
    read: list[PaperLine],
) -> list[DayCell]:
    entry_count: defaultdict[date, int] = defaultdict(int)
    for entry in entries:
        entry_count[entry.day] += 1
    check_in_count: defaultdict[date, int] = defaultdict(int)
    minutes: defaultdict[date, int] = defaultdict(int)
    for _, day, count, spent in check_ins:
        check_in_count[day] += count
        minutes[day] += spent
    papers: defaultdict[date, int] = defaultdict(int)
    for paper in read:
        papers[paper.day] += 1
    return [
        DayCell(
            day=day,
            entries=entry_count[day],
            check_ins=check_in_count[day],
            minutes=minutes[day],
            papers=papers[day],
            to_come=day > today,
        )
        for day in span.days
    ]


def _study_time(
    streaks: StreakReport, check_ins: list[tuple[str, date, int, int]], span: Span
) -> list[StudyTime]:
    spent: defaultdict[str, int] = defaultdict(int)
    for name, _, _, minutes in check_ins:
        spent[name] += minutes
    weeks = len(span.days) / 7
    return [
        StudyTime(
            habit=habit.name,
            minutes=spent[habit.name],
            target=math.ceil(habit.schedule.target * weeks),
        )
        for habit in streaks.habits
        if habit.schedule.kind is Kind.AMOUNT
    ]


def _papers_per_week(read_days: list[date], first: date, as_of: date) -> list[tuple[Week, int]]:
    counts: defaultdict[Week, int] = defaultdict(int)
    for day in read_days:
        if first <= day <= as_of:
            counts[Week.of(day)] += 1
    weeks = []
    week = Week.of(first)
    while week <= Week.of(as_of):
        weeks.append((week, counts[week]))
        week = week.shifted(1)
    return weeks
