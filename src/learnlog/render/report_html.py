"""The weekly review as one self-contained HTML file: inline CSS and SVG, no scripts, no fetches.

The page reads without colour (every chart cell carries a label or a tooltip and every colour has
words beside it), prints black on white, and narrows to a phone. All journal text goes through
``html.escape``; the only links are the sources of entries and papers, as plain ``<a href>``.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from html import escape
from typing import TYPE_CHECKING

from learnlog.dates import MONTHS, WEEKDAYS, Week, format_day
from learnlog.domain import JOURNAL_HABIT, PAPERS_HABIT
from learnlog.habits import Mark, PaceColour, format_minutes
from learnlog.render.entries import printable
from learnlog.render.habits import next_step
from learnlog.render.report import behind, extra_tags, pace_text, paper_url, summary
from learnlog.render.words import first_line, plural, short_day
from learnlog.revisits import REVISIT_AGES

if TYPE_CHECKING:
    from learnlog.domain import EntryView
    from learnlog.habits import DayMark
    from learnlog.services.habits import HabitStreak
    from learnlog.services.report import DayCell, PaperLine, WeeklyReport

HEATMAP_WEEKS = 26
PACE_WORDS = {  # Beeminder's colours, in words so that they read in black and white
    PaceColour.GREEN: "green: on track",
    PaceColour.BLUE: "blue: two days of buffer",
    PaceColour.ORANGE: "orange: one day of buffer",
    PaceColour.RED: "red: no buffer",
}
MARK_WORDS = {
    Mark.MISSED: "no entry",
    Mark.EXCUSED: "excused",
    Mark.PENDING: "today, no entry yet",
    Mark.OPEN: "before the first entry",
}
_SAFE_URL = re.compile(r"https?://[^\s<>\"']+", re.IGNORECASE)

STYLE = """
:root {
  --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg: #ffffff;
  --green: #1a7f37; --blue: #0969da; --orange: #bc4c00; --red: #cf222e;
  --h0: #eff2f5; --h1: #aceebb; --h2: #6fdd8b; --h3: #2da44e; --h4: #116329;
  --g1: #e6f8ea; --g2: #c8f0d2; --g3: #a6e6b6; --g4: #83db99;
}
* { box-sizing: border-box; }
body {
  margin: 0; padding: 1rem; color: var(--fg); background: var(--bg);
  font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans", sans-serif;
}
main { max-width: 52rem; margin: 0 auto; }
header h1 { font-size: 1.7rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; padding-bottom: .2rem;
  border-bottom: 1px solid var(--line); }
p { margin: .5rem 0; }
a { color: var(--blue); overflow-wrap: anywhere; }
.muted, .when { color: var(--muted); }
.when { font-variant-numeric: tabular-nums; white-space: nowrap; margin-right: .4rem; }
.entry-text { white-space: pre-line; }
.tags { color: var(--green); }
.star { color: var(--orange); }
ul, ol { padding-left: 1.25rem; }
li { margin: .35rem 0; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: .3rem .5rem; border-bottom: 1px solid var(--line);
  vertical-align: top; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.badge { display: inline-block; padding: 0 .55em; border-radius: 1em; font-weight: 600;
  color: #ffffff; }
.pace-green .badge { background: var(--green); }
.pace-blue .badge { background: var(--blue); }
.pace-orange .badge { background: var(--orange); }
.pace-red .badge { background: var(--red); }
.status-done { color: var(--green); }
.status-pending { color: var(--orange); }
.status-missed { color: var(--red); }
.status-excused { color: var(--blue); }
figure { margin: .5rem 0; }
figcaption { color: var(--muted); font-size: .9rem; }
svg { display: block; width: 100%; height: auto; }
svg text { fill: var(--fg); font-size: 12px; }
svg .small { font-size: 10px; }
svg .strong { font-weight: 600; }
.day { fill: var(--h0); stroke: var(--line); }
.day.g1 { fill: var(--g1); } .day.g2 { fill: var(--g2); }
.day.g3 { fill: var(--g3); } .day.g4 { fill: var(--g4); }
.day.to-come { fill: none; stroke-dasharray: 4 3; }
.day.today { stroke: var(--fg); stroke-width: 2; }
.heat { stroke: none; }
.heat.open { fill: none; stroke: var(--line); }
.heat.h1 { fill: var(--h1); } .heat.h2 { fill: var(--h2); }
.heat.h3 { fill: var(--h3); } .heat.h4 { fill: var(--h4); }
.heat.missed { fill: var(--h0); }
.heat.excused { fill: var(--bg); stroke: var(--blue); }
.heat.pending { fill: var(--bg); stroke: var(--fg); stroke-dasharray: 2 2; }
.hatch { stroke: var(--blue); stroke-width: 1.5; }
.bar { fill: var(--h2); }
.bar.met { fill: var(--h3); }
.axis { stroke: var(--line); }
.target { stroke: var(--fg); stroke-width: 1.5; stroke-dasharray: 5 4; }
.glance svg { max-width: 34rem; }
.heatmap svg, .bars svg { max-width: 42rem; }
@media (max-width: 32rem) {
  body { padding: .6rem; font-size: 15px; }
}
@media print {
  :root { --fg: #000000; --muted: #000000; --bg: #ffffff; --line: #888888; --blue: #000000;
    --h0: #dddddd; }
  body { padding: 0; font-size: 11pt; background: #ffffff; color: #000000; }
  main { max-width: none; }
  a { color: #000000; }
  a[href]::after { content: " <" attr(href) ">"; font-size: .85em; }
  .badge { color: #000000; background: none !important; border: 1px solid #000000; }
  section, figure, tr { break-inside: avoid; }
}
"""


# Text ------------------------------------------------------------------------------------------


def _text(value: str) -> str:
    """Journal text for the page: control characters replaced, then escaped."""
    return escape(printable(value))


def _href(link: str) -> str | None:
    """Where a source or paper link points, when it is a web address: URLs, arXiv ids, DOIs."""
    link = paper_url(link.strip())
    return link if _SAFE_URL.fullmatch(link) else None


def _link(link: str, label: str | None = None) -> str:
    """A clickable link for a web address, else the text as it is."""
    shown = _text(label or link)
    target = _href(link)
    if target is None:
        return shown
    return f'<a href="{escape(target)}" rel="noopener noreferrer">{shown}</a>'


def _builtin(report: WeeklyReport, name: str) -> HabitStreak | None:
    """The built-in habit of that name (journal, papers) among the report's streaks."""
    return next((h for h in report.streaks.habits if h.builtin and h.name == name), None)


def _list(items: list[str], tag: str = "ul") -> str:
    """Items already made safe, as a list."""
    return "\n".join([f"<{tag}>", *(f"<li>{item}</li>" for item in items), f"</{tag}>"])


def _section(section_id: str, heading: str, *body: str) -> str:
    return "\n".join(
        [f'<section id="{section_id}">', f"<h2>{escape(heading)}</h2>", *body, "</section>"]
    )


def _what_span(report: WeeklyReport) -> str:
    return "this week" if report.span.week else "in this span"


# The page --------------------------------------------------------------------------------------


def report_html(report: WeeklyReport) -> str:
    """The review as one page with inline CSS and SVG charts, no scripts and no fetches."""
    title = ("Weekly review " if report.span.week else "Review ") + report.span.title
    sections = [
        _summary_section(report),
        _glance_section(report),
        _entries_section(report),
        _papers_section(report),
        _study_time_section(report),
        _streaks_section(report),
        _heatmap_section(report),
        _paper_bars_section(report),
        _gaps_section(report),
        _highlights_section(report),
        _revisit_section(report),
    ]
    footer = f"Made with learnlog, as of {format_day(report.as_of)}."
    return _page(
        title,
        [
            _header(report, title),
            *(section for section in sections if section),
            f'<footer class="muted"><p>{footer}</p></footer>',
        ],
    )


def _page(title: str, body: list[str]) -> str:
    head = [
        "<!doctype html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="learnlog">',
        f"<title>{escape(title)} · learnlog</title>",
        f"<style>{STYLE}</style>",
        "</head>",
    ]
    return "\n".join([*head, "<body>", "<main>", *body, "</main>", "</body>", "</html>", ""])


def _header(report: WeeklyReport, title: str) -> str:
    span = report.span
    when = f"{short_day(span.first)} to {short_day(span.last)} {span.last.year}"
    if report.finished:
        state = "finished"
    elif report.as_of < span.last:
        state = f"in progress, as of {format_day(report.as_of)}"
    else:
        state = f"last day today, {format_day(report.as_of)}"
    return (
        f"<header><h1>{escape(title)}</h1>"
        f'<p class="muted">{escape(when)} · {escape(state)}</p></header>'
    )


def _summary_section(report: WeeklyReport) -> str:
    body = [f"<p>{escape(summary(report))}.</p>"]
    if report.is_empty:
        body.append(
            "<p>Nothing recorded here yet, and that is fine: one small thing learned a day is "
            "enough. Start with <code>learnlog add &quot;what I learned&quot;</code>.</p>"
        )
    if report.top_tags:
        tags = ", ".join(f"#{_text(tag)} ({count})" for tag, count in report.top_tags)
        body.append(f'<p>Most studied: <span class="tags">{tags}</span></p>')
    return _section("summary", "Summary", *body)


# The week at a glance --------------------------------------------------------------------------

GLANCE_WIDTH = 420
GLANCE_ROW = 26
GLANCE_GAP = 4
GLANCE_COLUMNS = (100, 190, 290)  # where entries, check-ins and papers are written


def _glance_section(report: WeeklyReport) -> str:
    return _section(
        "glance",
        "The week at a glance" if report.span.week else "The days at a glance",
        f'<figure class="chart glance">{_glance_svg(report)}'
        "<figcaption>One cell a day: entries written, habit check-ins and papers read; "
        "the darker the cell, the more entries.</figcaption></figure>",
    )


def _glance_svg(report: WeeklyReport) -> str:
    """One cell a day from the first to the last, Monday to Sunday for a week, top to bottom.

    Rows rather than columns, so that the words stay legible on a phone.
    """
    cells = [
        _glance_cell(cell, index * (GLANCE_ROW + GLANCE_GAP), today=report.today)
        for index, cell in enumerate(report.days)
    ]
    height = len(report.days) * (GLANCE_ROW + GLANCE_GAP) - GLANCE_GAP
    return _svg(GLANCE_WIDTH, height, "Entries, check-ins and papers for each day", cells)


def _glance_cell(cell: DayCell, y: int, *, today: date) -> str:
    label = f"{WEEKDAYS[cell.day.weekday()][:3].capitalize()} {cell.day.day} {cell.day:%b}"
    counts = [
        plural(cell.entries, "entry", "entries"),
        plural(cell.check_ins, "check-in"),
        plural(cell.papers, "paper"),
    ]
    css = "day"
    if cell.entries:
        css += f" g{min(cell.entries, 4)}"
    if cell.to_come:
        css += " to-come"
        counts = ["to come", "", ""]
    note = ""
    if cell.day == today:
        css += " today"
        note = "today"
    tooltip = f"{format_day(cell.day)}: " + ("to come" if cell.to_come else ", ".join(counts))
    if cell.minutes:
        tooltip += f", {format_minutes(cell.minutes)} of study"
    baseline = y + GLANCE_ROW - 8
    texts = [f'<text x="8" y="{baseline}" class="strong">{escape(label)}</text>']
    texts += [
        f'<text x="{x}" y="{baseline}">{escape(count)}</text>'
        for x, count in zip(GLANCE_COLUMNS, counts, strict=True)
        if count
    ]
    if note:
        texts.append(
            f'<text x="{GLANCE_WIDTH - 8}" y="{baseline}" text-anchor="end" class="strong">'
            f"{note}</text>"
        )
    return (
        f"<g><title>{escape(tooltip)}</title>"
        f'<rect class="{css}" x="0" y="{y}" width="{GLANCE_WIDTH}" height="{GLANCE_ROW}" '
        f'rx="4"/>{"".join(texts)}</g>'
    )


def _svg(width: int, height: int, label: str, parts: list[str]) -> str:
    return (
        f'<svg viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="{escape(label)}">{"".join(parts)}</svg>'
    )


# Entries, papers, study time --------------------------------------------------------------------


def _entry_item(entry: EntryView, year: int, *, note: str = "") -> str:
    """One entry: its day, text, tags not already written as hashtags, stage and source."""
    parts = [f'<span class="when">{escape(short_day(entry.day, year))}</span>']
    if entry.starred:
        parts.append('<span class="star" title="starred">★</span>')
    parts.append(f'<span class="entry-text">{_text(entry.text)}</span>')
    extra = extra_tags(entry)
    if extra:
        parts.append(f'<span class="tags">{" ".join("#" + _text(tag) for tag in extra)}</span>')
    details = []
    if entry.stage:
        details.append(entry.stage.value)
    if entry.source:
        details.append(_link(entry.source))
    if note:
        details.append(escape(note))
    if details:
        parts.append(f'<span class="muted">({"; ".join(details)})</span>')
    return " ".join(parts)


def _entries_section(report: WeeklyReport) -> str:
    if not report.entries:
        body = (
            "<p>No entries in this span yet. Write down one new thing a day, small or big: "
            "<code>learnlog add</code>.</p>"
        )
    else:
        body = _list([_entry_item(entry, report.span.last.year) for entry in report.entries], "ol")
    return _section("entries", "What I learned", body)


def _paper_item(paper: PaperLine) -> str:
    title = f"<cite>{_text(paper.title)}</cite>"
    if paper.link and _href(paper.link):
        title = f"<cite>{_link(paper.link, paper.title)}</cite>"
    by = f", {_text(paper.authors)}" if paper.authors else ""
    return f'<span class="when">{escape(short_day(paper.day))}</span> {title}{by}'


def _papers_section(report: WeeklyReport) -> str:
    read, target = len(report.papers_read), report.papers_target
    head = f"<p><strong>{read} of {target} papers read {_what_span(report)}</strong>"
    if read < target:
        head += f"; {target - read} more would meet the target"
    body = [head + ".</p>"]
    if report.papers_read:
        body.append(_list([_paper_item(paper) for paper in report.papers_read]))
    pace = report.pace
    body.append(
        f'<p class="pace pace-{pace.colour.value}">Year pace '
        f'<span class="badge">{escape(PACE_WORDS[pace.colour])}</span> '
        f"{escape(pace_text(pace))}; {pace.expected:.1f} were due by "
        f"{format_day(report.as_of)}.</p>"
    )
    return _section("papers", "Papers", *body)


def _study_time_section(report: WeeklyReport) -> str:
    if not report.study_time:
        return ""
    rows = []
    for time in report.study_time:
        left = max(0, time.target - time.minutes)
        rows.append(
            [
                _text(time.habit),
                format_minutes(time.minutes),
                format_minutes(time.target),
                f"{time.minutes / time.target:.0%}" if time.target else "-",
                "met" if not left else f"{format_minutes(left)} to go",
            ]
        )
    return _section(
        "study-time",
        "Study time",
        _table(["habit", "spent", "target", "share", ""], rows, numeric={1, 2, 3}),
    )


def _table(headings: list[str], rows: list[list[str]], *, numeric: set[int]) -> str:
    """A table of cells already made safe; the ``numeric`` columns align right."""

    def cell(tag: str, index: int, content: str) -> str:
        css = ' class="num"' if index in numeric else ""
        return f"<{tag}{css}>{content}</{tag}>"

    head = "".join(cell("th", index, escape(text)) for index, text in enumerate(headings))
    body = [
        "<tr>" + "".join(cell("td", index, text) for index, text in enumerate(row)) + "</tr>"
        for row in rows
    ]
    return "\n".join(
        [
            '<div class="table-wrap"><table>',
            f"<thead><tr>{head}</tr></thead>",
            "<tbody>",
            *body,
            "</tbody></table></div>",
        ]
    )


# Streaks ----------------------------------------------------------------------------------------


def _streak_row(habit: HabitStreak, report: WeeklyReport) -> list[str]:
    result = habit.streak
    unit = "week" if habit.schedule.per_week else "day"
    status = result.status
    cells = [
        _text(habit.name),
        escape(str(habit.schedule)),
        plural(result.current, unit),
        plural(result.longest, unit),
        f'<span class="status-{status.value}">{status.value}</span>',
        f"{result.score:.0%}",
    ]
    if not report.finished:
        cells.append(escape(next_step(habit, report.as_of)))
    return cells


def _streaks_section(report: WeeklyReport) -> str:
    when = "at the end of" if report.finished else "as of"
    headings = ["habit", "every", "current", "longest", "status", "score"]
    if not report.finished:
        headings.append("next")
    rows = [_streak_row(habit, report) for habit in report.streaks.habits]
    return _section(
        "streaks",
        "Streaks",
        f'<p class="muted">{when} {format_day(report.as_of)}; the score is the habit\'s '
        "strength, so one miss after a long run costs a little, not everything.</p>",
        _table(headings, rows, numeric={2, 3, 5}),
    )


# The 26-week heat-map ---------------------------------------------------------------------------

HEAT_LEFT = 32
HEAT_TOP = 16
HEAT_CELL = 12
HEAT_STEP = 15


def _heatmap_section(report: WeeklyReport) -> str:
    return _section(
        "heatmap",
        "Journal, last 26 weeks",
        f'<figure class="chart heatmap">{_heatmap_svg(report)}'
        "<figcaption>One square a day, rows Monday to Sunday, one column a week; darker "
        "squares hold more entries, crossed squares were excused. Hover a square for its "
        "day.</figcaption></figure>",
    )


def _heatmap_svg(report: WeeklyReport) -> str:
    """Rows Monday to Sunday, one column a week, month names above, a legend below."""
    journal = _builtin(report, JOURNAL_HABIT)
    calendar = journal.calendar if journal else {}
    first_monday = Week.of(report.as_of).start - timedelta(weeks=HEATMAP_WEEKS - 1)
    parts = _month_labels(first_monday)
    for weekday in range(7):
        parts.append(
            f'<text class="small" x="0" y="{HEAT_TOP + weekday * HEAT_STEP + 10}">'
            f"{WEEKDAYS[weekday][:3].capitalize()}</text>"
        )
    for column in range(HEATMAP_WEEKS):
        for weekday in range(7):
            day = first_monday + timedelta(weeks=column, days=weekday)
            if day > report.as_of:
                continue
            x = HEAT_LEFT + column * HEAT_STEP
            y = HEAT_TOP + weekday * HEAT_STEP
            parts.append(_heat_cell(day, calendar.get(day), x, y))
    grid_bottom = HEAT_TOP + 7 * HEAT_STEP
    parts.extend(_heat_legend(grid_bottom + 10))
    width = HEAT_LEFT + HEATMAP_WEEKS * HEAT_STEP
    return _svg(width, grid_bottom + 50, "Entries a day over the last 26 weeks", parts)


def _month_labels(first_monday: date) -> list[str]:
    """Month names above the week in which each month begins, like a contribution graph."""
    columns: dict[int, int] = {}
    for column in range(HEATMAP_WEEKS):
        sunday = first_monday + timedelta(weeks=column, days=6)
        if sunday.day <= 7:
            columns[column] = sunday.month
    if not columns.keys() & {0, 1, 2}:
        columns[0] = first_monday.month
    return [
        f'<text class="small" x="{HEAT_LEFT + column * HEAT_STEP}" y="{HEAT_TOP - 5}">'
        f"{MONTHS[month - 1][:3].capitalize()}</text>"
        for column, month in sorted(columns.items())
    ]


def _heat_class(mark: DayMark | None) -> str:
    if mark is None or mark.mark is Mark.OPEN:
        return "open"
    if mark.mark is Mark.DONE:
        return f"h{min(max(mark.amount, 1), 4)}"
    return mark.mark.value


def _heat_cell(day: date, mark: DayMark | None, x: int, y: int) -> str:
    css = _heat_class(mark)
    if mark is not None and mark.amount:
        what = plural(mark.amount, "entry", "entries")
    else:
        what = MARK_WORDS[mark.mark if mark else Mark.OPEN]
    cell = _heat_square(css, x, y)
    return f"<g><title>{format_day(day)}: {escape(what)}</title>{cell}</g>"


def _heat_square(css: str, x: int, y: int) -> str:
    square = (
        f'<rect class="heat {css}" x="{x}" y="{y}" width="{HEAT_CELL}" height="{HEAT_CELL}" '
        'rx="2"/>'
    )
    if css == "excused":  # a cross-stroke tells an excused day apart without colour
        square += (
            f'<line class="hatch" x1="{x}" y1="{y + HEAT_CELL}" x2="{x + HEAT_CELL}" y2="{y}"/>'
        )
    return square


def _heat_legend(top: int) -> list[str]:
    """Two rows: the shades for one to four entries, then the marks of the other days."""
    rows = [
        ("entries a day", [("h1", "1"), ("h2", "2"), ("h3", "3"), ("h4", "4 or more")]),
        ("", [("missed", "no entry"), ("excused", "excused"), ("pending", "today, to do"),
              ("open", "before the first entry")]),
    ]  # fmt: skip
    parts = []
    for number, (title, items) in enumerate(rows):
        y = top + number * (HEAT_CELL + 8)
        if title:
            parts.append(f'<text class="small" x="0" y="{y + 10}">{title}</text>')
        x = 72 if title else 0
        for css, label in items:
            parts.append(_heat_square(css, x, y))
            parts.append(f'<text class="small" x="{x + HEAT_CELL + 4}" y="{y + 10}">{label}</text>')
            x += HEAT_CELL + 16 + 6 * len(label)
    return parts


# Papers a week ----------------------------------------------------------------------------------

BARS_LEFT = 26
BARS_TOP = 14
BARS_HEIGHT = 100
BARS_STEP = 16
BARS_WIDTH = 11


def _weekly_target(report: WeeklyReport) -> int:
    papers = _builtin(report, PAPERS_HABIT)
    return papers.schedule.target if papers else report.papers_target


def _paper_bars_section(report: WeeklyReport) -> str:
    target = _weekly_target(report)
    return _section(
        "paper-bars",
        "Papers read each week",
        f'<figure class="chart bars">{_paper_bars_svg(report.papers_per_week, target)}'
        f"<figcaption>Papers finished in each of the last {len(report.papers_per_week)} weeks; "
        f"the dashed line is the target of {plural(target, 'paper')} a week."
        "</figcaption></figure>",
    )


def _paper_bars_svg(weeks: list[tuple[Week, int]], target: int) -> str:
    """One bar a week with its count above it, and the weekly target as a dashed line."""
    top = max([target, 1, *(count for _, count in weeks)])
    baseline = BARS_TOP + BARS_HEIGHT
    width = BARS_LEFT + len(weeks) * BARS_STEP + 4

    def height_of(count: int) -> float:
        return round(BARS_HEIGHT * count / top, 1)

    parts = [
        f'<line class="axis" x1="{BARS_LEFT - 2}" y1="{baseline}" x2="{width}" y2="{baseline}"/>',
        f'<text class="small" x="0" y="{baseline + 3}">0</text>',
        f'<text class="small" x="0" y="{BARS_TOP + 3}">{top}</text>',
    ]
    for index, (week, count) in enumerate(weeks):
        x = BARS_LEFT + index * BARS_STEP
        bar = height_of(count)
        css = "bar met" if count >= target else "bar"
        tooltip = f"{week} (from {short_day(week.start)}): {plural(count, 'paper')}"
        parts.append(
            f"<g><title>{escape(tooltip)}</title>"
            f'<rect class="{css}" x="{x}" y="{baseline - bar}" width="{BARS_WIDTH}" '
            f'height="{bar}"/></g>'
        )
        if count:
            parts.append(
                f'<text class="small" x="{x + BARS_WIDTH / 2}" y="{baseline - bar - 3}" '
                f'text-anchor="middle">{count}</text>'
            )
        if (len(weeks) - 1 - index) % 4 == 0:  # every fourth week, back from the last
            parts.append(
                f'<text class="small" x="{x + BARS_WIDTH / 2}" y="{baseline + 14}" '
                f'text-anchor="middle">W{week.number:02d}</text>'
            )
    line_y = baseline - height_of(target)
    if target != top:
        parts.append(f'<text class="small" x="0" y="{line_y + 3}">{target}</text>')
    parts.append(
        f'<line class="target" x1="{BARS_LEFT - 2}" y1="{line_y}" x2="{width}" y2="{line_y}">'
        f"<title>target: {plural(target, 'paper')} a week</title></line>"
    )
    return _svg(width, baseline + 20, "Papers read each week, against the weekly target", parts)


# Gaps, highlights, revisit ----------------------------------------------------------------------


def _gaps_section(report: WeeklyReport) -> str:
    gaps = report.gaps
    items = []
    if gaps.days_without_entry:
        days = ", ".join(short_day(day) for day in gaps.days_without_entry)
        items.append(f"Days without an entry: {escape(days)}")
    items += [
        f"{_text(habit.name)}: {escape(behind(habit, report))}" for habit in gaps.habits_behind
    ]
    if gaps.dropped_tags:
        tags = " ".join(f"#{_text(tag)}" for tag in gaps.dropped_tags)
        items.append(
            f'Studied in the four weeks before, not this time: <span class="tags">{tags}</span>'
        )
    items += [
        f"Understood, not yet explained or applied: "
        f'<span class="entry-text">{_text(first_line(entry.text))}</span> (#{entry.id}, '
        f"{escape(short_day(entry.day, report.span.last.year))})"
        for entry in gaps.understood_only
    ]
    items += [
        f"Queued since {escape(format_day(paper.day))}: <cite>{_text(paper.title)}</cite>"
        for paper in gaps.queued_longest
    ]
    if not items:
        return _section("gaps", "Gaps", "<p>No gaps: every day, habit and topic kept up.</p>")
    return _section("gaps", "Gaps", _list(items))


def _highlights_section(report: WeeklyReport) -> str:
    if not report.highlights:
        body = "<p>No starred entries; <code>learnlog add --star</code> marks one to remember.</p>"
    else:
        body = _list([_entry_item(entry, report.span.last.year) for entry in report.highlights])
    return _section("highlights", "Highlights", body)


def _revisit_section(report: WeeklyReport) -> str:
    if not report.revisit:
        body = "<p>Nothing comes due for another look in this span.</p>"
    else:
        items = [
            _entry_item(
                item.entry,
                report.span.last.year,
                note=f"{plural(item.age_days, 'day')} old on {short_day(item.due_on)}",
            )
            for item in report.revisit
        ]
        ages = ", ".join(str(age) for age in REVISIT_AGES[:-1]) + f" or {REVISIT_AGES[-1]}"
        body = (
            f"<p>Concepts build on each other: these entries turn {ages} days old, and have "
            "not been revisited since.</p>\n" + _list(items)
        )
    return _section("revisit", "To revisit", body)
