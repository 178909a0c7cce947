"""The search command: full-text search over entries and papers, best matches first."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from learnlog.cli.common import DbOption, JsonOption, open_journal, read_clock

if TYPE_CHECKING:
    from datetime import date

# The root group builds these one at a time, by the names cli/registry.py lists.
commands = typer.Typer()

DEFAULT_LIMIT = 20


def _describe_span(first: date | None, last: date | None) -> str:
    """Echo the resolved days of the filters, as the spec asks for every date input."""
    from learnlog.dates import format_day

    if first and last:
        return f"searching from {format_day(first)} to {format_day(last)}"
    if first:
        return f"searching since {format_day(first)}"
    assert last is not None
    return f"searching until {format_day(last)}"


@commands.command()
def search(
    ctx: typer.Context,
    query: Annotated[
        list[str],
        typer.Argument(
            metavar="QUERY",
            help='Words (all must match), "a phrase", prefix*, OR, NOT and (parentheses); '
            "quote the query for your shell.",
        ),
    ],
    since: Annotated[
        str | None,
        typer.Option(
            metavar="DAY",
            help="Only entries on or after this day, and papers read (else added) on or after it.",
        ),
    ] = None,
    until: Annotated[
        str | None,
        typer.Option(metavar="DAY", help="Only entries and papers on or before this day."),
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag", "-t", metavar="TAG", help="Only results with this tag (repeat: all of them)."
        ),
    ] = None,
    limit: Annotated[
        int,
        typer.Option(
            "--limit", "-n", min=0, metavar="N", help="Show the N best matches; 0 shows them all."
        ),
    ] = DEFAULT_LIMIT,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Search entries and papers: best matches first, the matched words highlighted."""
    from learnlog.render.console import emit_json, say
    from learnlog.render.entries import printable
    from learnlog.render.search import search_json, show_results
    from learnlog.search import parse_query
    from learnlog.services.search import search_journal

    now = read_clock()
    first, last = now.any_day(since), now.any_day(until)
    text = " ".join(query)
    parse_query(text)  # a malformed query is refused before the journal is opened
    with open_journal(ctx, db, now) as journal:
        results = search_journal(
            journal, text, since=first, until=last, tags=tuple(tag or ()), limit=limit or None
        )
    if first or last:
        say(_describe_span(first, last))
    if as_json:
        emit_json(search_json(results))
    elif results.hits:
        show_results(results)
    else:
        say(f"no entries or papers match: {printable(text)}")
    if results.shown < results.count:
        say(f"showing the {results.shown} best of {results.count} matches; -n 0 shows them all")
