"""The weekly review in three of its formats: Rich for the terminal, Markdown and JSON."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from learnlog.dates import WEEKDAYS, format_day
from learnlog.domain import hashtags
from learnlog.habits import Kind, PaceColour, format_minutes
from learnlog.render.entries import entry_json, printable
from learnlog.render.habits import habit_streak_json, next_step, streak_lines, streak_table
from learnlog.render.plain import columns, one_line
from learnlog.render.words import first_line, plural, short_day

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from rich.console import RenderableType

    from learnlog.domain import EntryView
    from learnlog.habits import Pace
    from learnlog.services.habits import HabitStreak
    from learnlog.services.report import DayCell, PaperLine, StudyTime, WeeklyReport

PACE_STYLES = {
    PaceColour.GREEN: "green",
    PaceColour.BLUE: "blue",
    PaceColour.ORANGE: "dark_orange",
    PaceColour.RED: "red",
}


def pace_text(pace: Pace) -> str:
    """The year pace in words: "42 of 100 papers in 2026; 3 days of buffer" or "… 5 behind"."""
    head = f"{pace.actual} of {pace.target} papers in {pace.year}"
    if pace.behind:
        return f"{head}; {pace.behind} behind the pace"
    return f"{head}; {plural(pace.buffer_days, 'day')} of buffer"


def summary(report: WeeklyReport) -> str:
    """One sentence for the top of every format."""
    days_with = sum(1 for cell in report.days if cell.entries)
    days_so_far = sum(1 for cell in report.days if not cell.to_come)
    parts = [
        f"{plural(len(report.entries), 'thing')} learned on {days_with} of "
        f"{plural(days_so_far, 'day')}",
        f"{len(report.papers_read)} of {report.papers_target} papers read",
    ]
    minutes = sum(cell.minutes for cell in report.days)
    if minutes:
        parts.append(f"{format_minutes(minutes)} of study")
    return ", ".join(parts)


def _time_against_target(time: StudyTime) -> str:
    return f"{format_minutes(time.minutes)} of {format_minutes(time.target)}"


# JSON -------------------------------------------------------------------------------------


def _paper_json(paper: PaperLine, day_field: str) -> dict[str, Any]:
    return {
        "id": paper.id,
        "title": paper.title,
        "authors": paper.authors,
        "link": paper.link,
        day_field: paper.day.isoformat(),
    }


def _day_json(cell: DayCell) -> dict[str, Any]:
    return {
        "day": cell.day.isoformat(),
        "entries": cell.entries,
        "check_ins": cell.check_ins,
        "minutes": cell.minutes,
        "papers": cell.papers,
        "to_come": cell.to_come,
    }


def report_json(report: WeeklyReport) -> dict[str, Any]:
    """Every number the report shows (documented in docs/json.md)."""
    span, pace = report.span, report.pace
    habits = []
    for habit in report.streaks.habits:
        document = habit_streak_json(habit)
        document.pop("calendar", None)
        habits.append(document)
    return {
        "span": {
            "first": span.first.isoformat(),
            "last": span.last.isoformat(),
            "week": str(span.week) if span.week else None,
        },
        "as_of": report.as_of.isoformat(),
        "today": report.today.isoformat(),
        "finished": report.finished,
        "summary": summary(report),
        "days": [_day_json(cell) for cell in report.days],
        "entries": [entry_json(entry) for entry in report.entries],
        "top_tags": [{"tag": tag, "count": count} for tag, count in report.top_tags],
        "papers": {
            "read": [_paper_json(paper, "read_on") for paper in report.papers_read],
            "count": len(report.papers_read),
            "target": report.papers_target,
            "remaining": max(0, report.papers_target - len(report.papers_read)),
        },
        "pace": {
            "year": pace.year,
            "target": pace.target,
            "actual": pace.actual,
            "expected": round(pace.expected, 2),
            "buffer_days": pace.buffer_days,
            "behind": pace.behind,
            "colour": pace.colour.value,
        },
        "study_time": [
            {
                "habit": time.habit,
                "minutes": time.minutes,
                "target": time.target,
                "remaining": max(0, time.target - time.minutes),
            }
            for time in report.study_time
        ],
        "streaks": habits,
        "gaps": {
            "days_without_entry": [day.isoformat() for day in report.gaps.days_without_entry],
            "habits_behind": [
                {
                    "name": habit.name,
                    "status": habit.streak.status.value,
                    "detail": behind(habit, report),
                }
                for habit in report.gaps.habits_behind
            ],
            "dropped_tags": report.gaps.dropped_tags,
            "understood_only": [entry_json(entry) for entry in report.gaps.understood_only],
            "queued_longest": [
                _paper_json(paper, "added_on") for paper in report.gaps.queued_longest
            ],
        },
        "highlights": [entry_json(entry) for entry in report.highlights],
        "revisit": [
            {"age_days": item.age_days, "entry": entry_json(item.entry)} for item in report.revisit
        ],
        "papers_per_week": [
            {"week": str(week), "count": count} for week, count in report.papers_per_week
        ],
    }


# Markdown ---------------------------------------------------------------------------------


def extra_tags(entry: EntryView) -> list[str]:
    """The tags that the text does not already show as hashtags."""
    shown = set(hashtags(entry.text))
    return [tag for tag in entry.tags if tag not in shown]


def _md_text(text: str) -> str:
    """Journal text for a Markdown post: HTML in it is shown, not run."""
    # Imported here: ``html`` loads its table of entities, which the other formats never use.
    from html import escape

    return escape(text, quote=False)


def _md_entry(entry: EntryView, *, day_format: Callable[[date], str] | None = None) -> str:
    lines = _md_text(entry.text).strip().splitlines() or [""]
    text = "\n  ".join(line.rstrip() for line in lines)
    line = f"- **{(day_format or short_day)(entry.day)}**: {text}"
    extras = []
    if extra_tags(entry):
        extras.append(" ".join(f"`#{tag}`" for tag in extra_tags(entry)))
    if entry.source:
        source = entry.source
        extras.append(
            f"[source]({source})" if source.startswith("http") else f"({_md_text(source)})"
        )
    return line + (f" {' '.join(extras)}" if extras else "")


def paper_url(link: str) -> str:
    """Where a paper's link points: arXiv ids and DOIs become their web addresses."""
    scheme, _, rest = link.partition(":")
    if scheme.lower() == "arxiv":
        return f"https://arxiv.org/abs/{rest}"
    if scheme.lower() == "doi":
        return f"https://doi.org/{rest}"
    return link


def _md_paper(paper: PaperLine) -> str:
    by = f", {_md_text(paper.authors)}" if paper.authors else ""
    link = ""
    if paper.link:
        label = "link" if paper.link.startswith("http") else paper.link
        link = f" ([{label}]({paper_url(paper.link)}))"
    return f"- *{_md_text(paper.title)}*{by}{link}"


def report_markdown(report: WeeklyReport) -> str:
    """A blog-ready post: "This week I learned", entries as a list with tags and sources."""
    span = report.span
    when = (
        f"{span.week}, {short_day(span.first)} to {short_day(span.last)} {span.last.year}"
        if span.week
        else f"{format_day(span.first)} to {format_day(span.last)}"
    )
    heading = "This week I learned" if span.week else "What I learned"
    out = [f"# {heading}", "", f"*{when}*", "", summary(report) + ".", ""]
    if not report.entries:
        out += ["Nothing written down this time; the next entry starts a new streak.", ""]
    else:
        out += ["## Day by day", ""]
        out += [_md_entry(entry) for entry in report.entries]
        out.append("")
    if report.highlights:
        out += ["## Highlights", ""]
        out += [_md_entry(entry) for entry in report.highlights]
        out.append("")
    out += ["## Papers", ""]
    if report.papers_read:
        out += [_md_paper(paper) for paper in report.papers_read]
        out.append("")
    out += [
        f"{len(report.papers_read)} of {report.papers_target} papers {_this(report)}; "
        f"{pace_text(report.pace)}.",
        "",
    ]
    if report.study_time:
        out += ["## Study time", ""]
        out += [f"- {time.habit}: {_time_against_target(time)}" for time in report.study_time]
        out.append("")
    out += [
        "## Streaks",
        "",
        "| habit | current | longest | status | score |",
        "| --- | ---: | ---: | --- | ---: |",
    ]
    for habit in report.streaks.habits:
        result, unit = habit.streak, "week" if habit.schedule.per_week else "day"
        out.append(
            f"| {habit.name} | {plural(result.current, unit)} | {plural(result.longest, unit)} "
            f"| {result.status.value} | {result.score:.0%} |"
        )
    out.append("")
    out += _md_gaps(report)
    if report.revisit:
        out += ["## To revisit", ""]
        out += [
            f"{_md_entry(item.entry, day_format=format_day)} ({age_text(item.age_days)})"
            for item in report.revisit
        ]
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def behind(habit: HabitStreak, report: WeeklyReport) -> str:
    """How a habit fell short: still to do in a running span, or not done in a finished one."""
    if not report.finished:
        return f"{habit.streak.status.value}, {next_step(habit, report.as_of)}"
    period = habit.streak.period
    if period is not None:
        done = _more_of(habit, period.count, period.target)
        return f"not met ({done})"
    return f"{habit.streak.status.value} on {format_day(_last_judged_day(habit, report.as_of))}"


def _last_judged_day(habit: HabitStreak, as_of: date) -> date:
    """The span's last day, or for a weekday habit its last scheduled day."""
    day = as_of
    while not habit.schedule.is_scheduled(day):
        day -= timedelta(days=1)
    return day


def _more_of(habit: HabitStreak, count: int, target: int) -> str:
    if habit.schedule.kind is Kind.AMOUNT:
        return f"{format_minutes(count)} of {format_minutes(target)}"
    return f"{count} of {target}"


def gap_lines(report: WeeklyReport) -> list[str]:
    """What the span lacked, one plain line each, journal text as written."""
    gaps = report.gaps
    lines = []
    if gaps.days_without_entry:
        days = ", ".join(short_day(day) for day in gaps.days_without_entry)
        lines.append(f"Days without an entry: {days}")
    lines += [f"{habit.name}: {behind(habit, report)}" for habit in gaps.habits_behind]
    if gaps.dropped_tags:
        tags = " ".join(f"#{tag}" for tag in gaps.dropped_tags)
        lines.append(f"Studied in the four weeks before, not this time: {tags}")
    for entry in gaps.understood_only:
        text = first_line(entry.text)
        lines.append(f"Understood, not yet explained or applied: {text} (#{entry.id})")
    for paper in gaps.queued_longest:
        lines.append(f"Queued since {format_day(paper.day)}: {paper.title}")
    return lines


def _md_gaps(report: WeeklyReport) -> list[str]:
    lines = [f"- {_md_text(line)}" for line in gap_lines(report)]
    return ["## Gaps", "", *lines, ""] if lines else []


def age_text(days: int) -> str:
    """A revisit age, reached on some day of the span: ``1 day ago``, ``a year ago``."""
    return "a year ago" if days == 365 else f"{plural(days, 'day')} ago"


def _this(report: WeeklyReport) -> str:
    return "this week" if report.span.week else "in these days"


# Rich and plain text: the same words, laid out for a terminal or for a pipe ----------------

NO_ENTRIES = "No entries in this span yet: 'learnlog add' starts one."


def _title(report: WeeklyReport) -> str:
    span = report.span
    return f"Weekly review {span.title}" if span.week else f"Review {span.title}"


def _learned(entry: EntryView) -> tuple[str, str]:
    """An entry of "What you learned": its text, ``* `` first when starred, and its extra tags."""
    text = ("* " if entry.starred else "") + printable(entry.text)
    return text, printable(" ".join(f"#{tag}" for tag in extra_tags(entry)))


def _papers_head(report: WeeklyReport) -> str:
    """The start of the papers line; the year pace follows it."""
    return f"Papers: {len(report.papers_read)} of {report.papers_target} read; "


def _papers_read(report: WeeklyReport) -> list[str]:
    return [
        paper.title + (f" ({paper.link})" if paper.link else "") for paper in report.papers_read
    ]


def _study_lines(report: WeeklyReport) -> list[str]:
    return [f"Study time, {time.habit}: {_time_against_target(time)}" for time in report.study_time]


def _revisit_lines(report: WeeklyReport) -> list[str]:
    return [
        f"#{item.entry.id} {first_line(item.entry.text)} "
        f"({format_day(item.entry.day)}, {age_text(item.age_days)})"
        for item in report.revisit
    ]


def _glance_rows(report: WeeklyReport) -> list[list[str]]:
    """The glance's header, then its rows: entries, check-ins and papers a day.

    One column a day, for the last fourteen days of a longer span, headed by the weekday in a
    week and by the day of the month in a longer span; days to come are left blank.
    """
    cells = report.days[-14:]
    header = [""]
    for cell in cells:
        name = WEEKDAYS[cell.day.weekday()][:3].capitalize()
        header.append(name if len(cells) <= 7 else f"{cell.day.day}")
    rows = [header]
    for label, counts in (
        ("entries", [cell.entries for cell in cells]),
        ("check-ins", [cell.check_ins for cell in cells]),
        ("papers", [cell.papers for cell in cells]),
    ):
        shown = [
            "" if cell.to_come else str(count or "·")
            for cell, count in zip(cells, counts, strict=True)
        ]
        rows.append([label, *shown])
    return rows


# Rich -------------------------------------------------------------------------------------


def report_rich(report: WeeklyReport) -> RenderableType:
    """The review for an 80-column terminal."""
    from rich.console import Group

    return Group(*report_rich_parts(report))


def report_rich_parts(report: WeeklyReport) -> list[RenderableType]:
    """The pieces of ``report_rich``, top to bottom.

    Printed one at a time they read the same as the whole, and only one piece's lines are held
    in memory at once.
    """
    from rich.rule import Rule
    from rich.table import Table
    from rich.text import Text

    parts: list[RenderableType] = [
        Rule(_title(report), align="left"),
        Text(summary(report)),
        Text(""),
        _glance(report),
        Text(""),
    ]
    if report.entries:
        parts.append(Text("What you learned", style="bold"))
        table = Table(box=None, pad_edge=False, show_header=False)
        table.add_column(no_wrap=True, style="dim")
        table.add_column(overflow="fold", ratio=1)
        for entry in report.entries:
            learned, tags = _learned(entry)
            text = Text(learned)
            if tags:
                text.append(f"  {tags}", style="green")
            table.add_row(short_day(entry.day), text)
        parts += [table, Text("")]
    else:
        parts += [Text(NO_ENTRIES), Text("")]
    pace = Text(_papers_head(report), style="bold")
    pace.append(pace_text(report.pace), style=PACE_STYLES[report.pace.colour])
    parts.append(pace)
    if report.papers_read:
        parts.append(_bullets("-", _papers_read(report)))
    parts += [Text(line) for line in _study_lines(report)]
    parts += [Text(""), streak_table(report.streaks, finished=report.finished), Text("")]
    gaps = gap_lines(report)
    if gaps:
        parts += [Text("Gaps", style="bold"), _bullets("-", gaps), Text("")]
    if report.highlights:
        highlights = [entry.text for entry in report.highlights]
        parts += [Text("Highlights", style="bold"), _bullets("*", highlights), Text("")]
    if report.revisit:
        parts += [Text("To revisit", style="bold"), _bullets("-", _revisit_lines(report))]
    return parts


def _bullets(mark: str, lines: list[str]) -> RenderableType:
    """An indented list whose long lines fold under their own text."""
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for line in lines:
        grid.add_row(f"  {mark}", Text(printable(line)))
    return grid


def _glance(report: WeeklyReport) -> RenderableType:
    """One column a day (the last fourteen of a longer span): entries, check-ins, papers."""
    from rich.table import Table

    header, *rows = _glance_rows(report)
    table = Table(box=None, pad_edge=False, header_style="bold", show_edge=False)
    table.add_column(header[0], style="dim", no_wrap=True)
    for name in header[1:]:
        table.add_column(name, justify="right")
    for row in rows:
        table.add_row(*row)
    return table


# Plain text -------------------------------------------------------------------------------


def report_text(report: WeeklyReport) -> str:
    """The review as plain text for a pipe or a file, without importing Rich.

    The words and sections of ``report_rich_parts`` in their order, with no colour and never
    wrapped: each entry, gap, highlight and paper is one line, whatever its length, and line
    breaks in journal text become spaces.
    """
    glance = _glance_rows(report)
    lines = [_title(report), summary(report), ""]
    lines += [*columns(glance, right=range(1, len(glance[0]))), ""]
    if report.entries:
        days = [short_day(entry.day) for entry in report.entries]
        width = max(len(day) for day in days)
        lines.append("What you learned")
        for day, entry in zip(days, report.entries, strict=True):
            learned, tags = _learned(entry)
            lines.append(f"{day:<{width}}  {one_line(learned)}" + (f"  {tags}" if tags else ""))
    else:
        lines.append(NO_ENTRIES)
    lines += ["", _papers_head(report) + pace_text(report.pace)]
    lines += _plain_bullets("-", _papers_read(report))
    lines += _study_lines(report)
    lines += ["", *streak_lines(report.streaks, finished=report.finished), ""]
    for heading, mark, items in (
        ("Gaps", "-", gap_lines(report)),
        ("Highlights", "*", [entry.text for entry in report.highlights]),
        ("To revisit", "-", _revisit_lines(report)),
    ):
        if items:
            lines += [heading, *_plain_bullets(mark, items), ""]
    return "\n".join(line.rstrip() for line in lines).rstrip("\n") + "\n"


def _plain_bullets(mark: str, items: list[str]) -> list[str]:
    """``_bullets`` as plain lines: one line an item, however long."""
    return [f"  {mark} {one_line(printable(item))}" for item in items]
