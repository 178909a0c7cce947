"""Paper commands: paper add|list|start|read|edit|remove|show, the reading list."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Annotated

import typer

from learnlog.cli import common
from learnlog.cli.common import DbOption, JsonOption, YesOption, open_journal, read_clock
from learnlog.domain import PaperStatus

if TYPE_CHECKING:
    from learnlog.domain import PaperView

# The root group builds these one at a time, by the names cli/registry.py lists.
commands = typer.Typer()

paper_app = typer.Typer(
    help="Keep a reading list of research papers and mark them read.",
    no_args_is_help=True,
)
commands.add_typer(paper_app, name="paper")

IdArgument = Annotated[
    int,
    typer.Argument(
        metavar="ID",
        min=1,
        max=2**63 - 1,
        help="The paper's id, as 'learnlog paper list' shows it.",
    ),
]
StatusOption = Annotated[
    PaperStatus | None,
    typer.Option(help="queued, reading or read (a new paper is queued).", case_sensitive=False),
]
ReadOnOption = Annotated[
    str | None,
    typer.Option(
        "--read-on", metavar="DAY", help="The day you finished it (implies --status read)."
    ),
]
AuthorsOption = Annotated[
    str | None, typer.Option("--authors", metavar="AUTHORS", help="Who wrote it.")
]
LinkOption = Annotated[
    str | None,
    typer.Option(
        "--link",
        metavar="LINK",
        help="An arXiv id (arXiv:1706.03762), a DOI (10.1038/nature14539) or an http(s) URL.",
    ),
]
NoteOption = Annotated[
    str | None, typer.Option("--note", metavar="TEXT", help="Your notes on the paper.")
]
TagOption = Annotated[
    list[str] | None,
    typer.Option("--tag", "-t", metavar="TAG", help="Tag the paper (repeatable)."),
]


def _where(paper: PaperView) -> str:
    """The paper's place on the reading list, with the read day resolved."""
    from learnlog.dates import format_day

    if paper.read_on is not None:
        return f"read on {format_day(paper.read_on)}"
    return str(paper.status)


def _print_paper(paper: PaperView, *, as_json: bool, message: str) -> None:
    from learnlog.render.console import emit_json
    from learnlog.render.papers import paper_json

    if as_json:
        emit_json(paper_json(paper))
    else:
        sys.stdout.write(message + "\n")


@paper_app.command("add")
def paper_add(
    ctx: typer.Context,
    title: Annotated[str, typer.Argument(metavar="TITLE", help="The paper's title.")],
    authors: AuthorsOption = None,
    link: LinkOption = None,
    status: StatusOption = None,
    read_on: ReadOnOption = None,
    note: NoteOption = None,
    tag: TagOption = None,
    yes: Annotated[
        bool,
        typer.Option(
            "--yes", "-y", help="Add it even when a paper with this title or link is listed."
        ),
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Put a paper on the reading list (queued unless --status or --read-on say otherwise)."""
    from learnlog.domain import PaperDraft
    from learnlog.services.papers import DuplicatePaperError, add_paper

    now = read_clock()
    draft = PaperDraft(
        title=title,
        authors=authors,
        link=link,
        status=status,
        read_on=now.past_day(read_on),
        notes=note,
        tags=tuple(tag or ()),
    )
    with open_journal(ctx, db, now) as journal:
        try:
            paper = add_paper(journal, draft, now=now.moment, today=now.today, allow_duplicate=yes)
        except DuplicatePaperError as duplicate:
            common.confirm(
                f"A paper with this {duplicate.matched} is already listed "
                f"(#{duplicate.paper_id} {duplicate.title}). Add it anyway?",
                unasked=f"{duplicate.message}; not adding it again without a question; "
                "pass --yes to add it anyway",
                declined="the paper was not added",
            )
            paper = add_paper(journal, draft, now=now.moment, today=now.today, allow_duplicate=True)
    message = f"paper #{paper.id} added: {paper.title}"
    if paper.status is not PaperStatus.QUEUED:
        message += f" ({_where(paper)})"
    _print_paper(paper, as_json=as_json, message=message)


@paper_app.command("list")
def paper_list(
    ctx: typer.Context,
    status: Annotated[
        PaperStatus | None,
        typer.Option(help="Only papers with this status.", case_sensitive=False),
    ] = None,
    week: Annotated[
        str | None,
        typer.Option(
            metavar="WEEK",
            help="Only papers read in this ISO week: 2026-W47, 'this week', 'last week'.",
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(min=1, max=9999, metavar="YEAR", help="Only papers read in this year."),
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """List papers: being read, then queued, then read (most recent first)."""
    from learnlog.dates import format_day, parse_week
    from learnlog.render.console import emit_json, say
    from learnlog.render.papers import papers_json, show_papers
    from learnlog.services.papers import list_papers

    now = read_clock()
    chosen_week = None if week is None else parse_week(week, today=now.today)
    with open_journal(ctx, db, now) as journal:
        papers = list_papers(journal, status=status, week=chosen_week, year=year)
    if chosen_week is not None:
        start, end = format_day(chosen_week.start), format_day(chosen_week.end)
        say(f"papers read in {chosen_week} ({start} to {end})")
    elif year is not None:
        say(f"papers read in {year}")
    if as_json:
        emit_json(papers_json(papers))
    elif papers:
        show_papers(papers)
    else:
        say("no papers match")


@paper_app.command("start")
def paper_start(
    ctx: typer.Context, paper_id: IdArgument, db: DbOption = None, as_json: JsonOption = False
) -> None:
    """Mark a paper as being read."""
    from learnlog.services.papers import start_paper

    now = read_clock()
    with open_journal(ctx, db, now) as journal:
        result = start_paper(journal, paper_id, now=now.moment)
    paper = result.paper
    done = "started" if result.changed else "is already being read"
    _print_paper(paper, as_json=as_json, message=f"paper #{paper.id} {done}: {paper.title}")


@paper_app.command("read")
def paper_read(
    ctx: typer.Context,
    paper_id: IdArgument,
    date: Annotated[
        str | None,
        typer.Option(
            "--date", "-d", metavar="DAY", help="The day you finished it (default: today)."
        ),
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Mark a paper read; it counts for the week and year of that day."""
    from learnlog.dates import format_day
    from learnlog.services.papers import read_paper

    now = read_clock()
    day = now.past_day(date) or now.today
    with open_journal(ctx, db, now) as journal:
        result = read_paper(journal, paper_id, day, now=now.moment, today=now.today)
    paper = result.paper
    already = "" if result.changed else " (already marked so)"
    message = f"paper #{paper.id} read on {format_day(day)}{already}"
    _print_paper(paper, as_json=as_json, message=message)


@paper_app.command("edit")
def paper_edit(
    ctx: typer.Context,
    paper_id: IdArgument,
    title: Annotated[
        str | None, typer.Option("--title", metavar="TITLE", help="Replace the title.")
    ] = None,
    authors: Annotated[
        str | None,
        typer.Option("--authors", metavar="AUTHORS", help="Replace the authors ('' clears them)."),
    ] = None,
    link: Annotated[
        str | None,
        typer.Option("--link", metavar="LINK", help="Replace the link ('' clears it)."),
    ] = None,
    status: StatusOption = None,
    read_on: ReadOnOption = None,
    note: Annotated[
        str | None,
        typer.Option("--note", metavar="TEXT", help="Replace the notes ('' clears them)."),
    ] = None,
    tag: TagOption = None,
    untag: Annotated[
        list[str] | None,
        typer.Option("--untag", metavar="TAG", help="Remove this tag (repeatable)."),
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Change a paper: its fields, its status or read day, its tags."""
    from learnlog.domain import PaperChanges
    from learnlog.services.papers import edit_paper

    now = read_clock()
    changes = PaperChanges(
        title=title,
        authors=authors,
        link=link,
        status=status,
        read_on=now.past_day(read_on),
        notes=note,
        add_tags=tuple(tag or ()),
        remove_tags=tuple(untag or ()),
    )
    with open_journal(ctx, db, now) as journal:
        result = edit_paper(journal, paper_id, changes, now=now.moment, today=now.today)
    paper = result.paper
    done = "updated" if result.changed else "is unchanged"
    _print_paper(paper, as_json=as_json, message=f"paper #{paper.id} {done} ({_where(paper)})")


@paper_app.command("remove")
def paper_remove(
    ctx: typer.Context, paper_id: IdArgument, yes: YesOption = False, db: DbOption = None
) -> None:
    """Remove a paper from the list for good."""
    from learnlog.services.papers import get_paper, remove_paper

    now = read_clock()
    with open_journal(ctx, db, now) as journal:
        if not yes:
            paper = get_paper(journal, paper_id)
            common.confirm(
                f"Remove paper #{paper.id} ({paper.title}) for good?",
                unasked=f"not removing paper #{paper_id} without a question; pass --yes",
                declined=f"paper #{paper_id} was not removed",
            )
        removed = remove_paper(journal, paper_id)
    sys.stdout.write(f"removed paper #{removed.id}: {removed.title}\n")


@paper_app.command("show")
def paper_show(
    ctx: typer.Context, paper_id: IdArgument, db: DbOption = None, as_json: JsonOption = False
) -> None:
    """Show one paper with all its fields."""
    from learnlog.render.console import emit_json, show
    from learnlog.render.papers import paper_json, paper_panel
    from learnlog.services.papers import get_paper

    now = read_clock()
    with open_journal(ctx, db, now) as journal:
        paper = get_paper(journal, paper_id)
    if as_json:
        emit_json(paper_json(paper))
    else:
        show(paper_panel(paper))
