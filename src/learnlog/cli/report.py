"""The weekly review: learnlog report."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from learnlog.cli.common import (
    DbOption,
    JsonOption,
    Now,
    OutputOption,
    open_journal,
    read_clock,
    refuse_missing_folder,
    write_output,
)
from learnlog.errors import InputError

if TYPE_CHECKING:
    from learnlog.services.report import Span, WeeklyReport


# The root group builds these one at a time, by the names cli/registry.py lists.
commands = typer.Typer()


class ReportFormat(StrEnum):
    """The report's output formats."""

    RICH = "rich"
    MARKDOWN = "markdown"
    JSON = "json"
    HTML = "html"


def _span(week: str | None, last: bool, first: str | None, to: str | None, now: Now) -> Span:
    """The days asked for: one ISO week (default: this one), or --from/--to."""
    from learnlog.dates import Week, parse_week
    from learnlog.services.report import Span, week_span

    if sum((week is not None, last, first is not None or to is not None)) > 1:
        raise InputError("choose one of --week, --last, or --from/--to")
    if first is not None or to is not None:
        if first is None:
            raise InputError("--to needs --from")
        start = now.any_day(first)
        end = now.any_day(to) or now.today
        return Span(start, end)
    if last:
        return week_span(Week.of(now.today).shifted(-1))
    return week_span(parse_week(week or "this week", today=now.today))


SUFFIXES = {
    ".txt": ReportFormat.RICH,  # the terminal's layout, as plain text
    ".md": ReportFormat.MARKDOWN,
    ".markdown": ReportFormat.MARKDOWN,
    ".json": ReportFormat.JSON,
    ".html": ReportFormat.HTML,
    ".htm": ReportFormat.HTML,
}


def _format_of(path: Path) -> ReportFormat:
    """A file's format from its name; rich, for a .txt file, is the terminal's layout as text."""
    chosen = SUFFIXES.get(path.suffix.lower())
    if chosen is None:
        raise InputError(
            f"cannot tell the format of {path.name}; name it .txt, .md, .json or .html, "
            "or add --format markdown, json or html"
        )
    return chosen


def _rendered(report: WeeklyReport, chosen: ReportFormat) -> str:
    """The report as text: rich as plain text, without Rich, or a file format."""
    import json

    if chosen is ReportFormat.RICH:
        from learnlog.render.report import report_text

        return report_text(report)
    if chosen is ReportFormat.JSON:
        from learnlog.render.report import report_json

        return json.dumps(report_json(report), ensure_ascii=False, indent=2) + "\n"
    if chosen is ReportFormat.MARKDOWN:
        from learnlog.render.report import report_markdown

        return report_markdown(report)
    from learnlog.render.report_html import report_html

    return report_html(report)


@commands.command()
def report(
    ctx: typer.Context,
    week: Annotated[
        str | None,
        typer.Option(
            metavar="WEEK", help="The week to review: 2026-W47, 'last week'… (default: this week)."
        ),
    ] = None,
    last: Annotated[bool, typer.Option("--last", help="Review the previous week.")] = False,
    first: Annotated[
        str | None, typer.Option("--from", metavar="DAY", help="Review a span from this day…")
    ] = None,
    to: Annotated[
        str | None, typer.Option("--to", metavar="DAY", help="…to this day (default: today).")
    ] = None,
    output_format: Annotated[
        ReportFormat,
        typer.Option("--format", "-f", case_sensitive=False, help="rich, markdown, json or html."),
    ] = ReportFormat.RICH,
    output: OutputOption = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """The weekly review: progress, streaks, papers, gaps and what to revisit."""
    from learnlog.render.console import say, show, takes_styles
    from learnlog.services.report import weekly_report

    if as_json:
        output_format = ReportFormat.JSON
    now = read_clock()
    span = _span(week, last, first, to, now)
    refuse_missing_folder(output)
    with open_journal(ctx, db, now) as journal:
        result = weekly_report(journal, span, today=now.today, settings=now.settings)
    if output_format is ReportFormat.RICH and output is None and takes_styles(sys.stdout):
        from learnlog.render.report import report_rich_parts

        for part in report_rich_parts(result):
            show(part)
        return
    if output_format is ReportFormat.RICH and output is not None:
        output_format = _format_of(output)
    text = _rendered(result, output_format)
    if output is None:
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    write_output(output, text)
    say(f"report for {span.title} written to {output}")
