"""The whole journal as one Markdown document, week by week, oldest first."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from html import escape

from learnlog.dates import Week
from learnlog.domain import hashtags
from learnlog.exchange.records import EntryRecord, JournalData, PaperRecord
from learnlog.render.words import plural


def _day(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b} {day.year}"


def _week_title(week: Week) -> str:
    first, last = week.start, week.end
    start = f"{first.day} {first:%b}" if first.year == last.year else _day(first)[4:]
    return f"{week} · {start} to {last.day} {last:%b} {last.year}"


def _text(text: str) -> str:
    """Journal text for Markdown: HTML in it is shown, not run."""
    return escape(text, quote=False)


def _entry(entry: EntryRecord) -> list[str]:
    lines = [line.rstrip() for line in _text(entry.text).splitlines()] or [""]
    star = " ★" if entry.starred else ""
    out = [f"- {lines[0]}{star}", *(f"  {line}" if line else "" for line in lines[1:])]
    shown = set(hashtags(entry.text))
    details = [" ".join(f"`#{tag}`" for tag in entry.tags if tag not in shown)]
    if entry.source:
        source = entry.source
        details.append(f"<{source}>" if source.startswith("http") else _text(source))
    if entry.stage:
        details.append(f"*{entry.stage}*")
    details = [detail for detail in details if detail]
    if details:
        out.append("  " + " · ".join(details))
    return out


def _paper(paper: PaperRecord) -> str:
    from learnlog.render.report import paper_url

    by = f", {_text(paper.authors)}" if paper.authors else ""
    link = f" ([{paper.link}]({paper_url(paper.link)}))" if paper.link else ""
    return f"- *{_text(paper.title)}*{by}{link}"


def dump(data: JournalData) -> str:
    """The entries of ``data`` grouped by ISO week and day, with the papers read each week."""
    data = data.sorted()
    by_week: defaultdict[Week, list[EntryRecord]] = defaultdict(list)
    for entry in data.entries:
        by_week[Week.of(entry.day)].append(entry)
    read: defaultdict[Week, list[PaperRecord]] = defaultdict(list)
    for paper in sorted(data.papers, key=lambda p: (p.read_on or p.added_on, p.uid)):
        if paper.read_on is not None:
            read[Week.of(paper.read_on)].append(paper)
    out = ["# learnlog journal", ""]
    if data.entries:
        first, last = data.entries[0].day, data.entries[-1].day
        out += [
            f"{plural(len(data.entries), 'entry', 'entries')}, {_day(first)} to {_day(last)}.",
            "",
        ]
    else:
        out += ["No entries.", ""]
    for week in sorted(set(by_week) | set(read)):
        out += [f"## {_week_title(week)}", ""]
        day = None
        for entry in by_week[week]:
            if entry.day != day:
                day = entry.day
                out += [f"### {_day(day)}", ""]
            out += [*_entry(entry), ""]
        if read[week]:
            out += ["Papers read:", "", *(_paper(paper) for paper in read[week]), ""]
    return "\n".join(out).rstrip("\n") + "\n"
