"""Moving data in and out: learnlog export and learnlog import."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from learnlog.cli.common import (
    DbOption,
    JsonOption,
    OutputOption,
    open_journal,
    read_clock,
    refuse_missing_folder,
    write_output,
)
from learnlog.errors import InputError
from learnlog.exchange.names import ExportFormat, ImportFormat

if TYPE_CHECKING:
    from collections.abc import Iterable

    from learnlog.exchange.records import JournalText
    from learnlog.services.exchange import ImportSummary

# The root group builds these one at a time, by the names cli/registry.py lists.
commands = typer.Typer()

SUFFIXES = {
    ".json": ExportFormat.JSON,
    ".md": ExportFormat.MARKDOWN,
    ".markdown": ExportFormat.MARKDOWN,
    ".csv": ExportFormat.CSV,
}


def _rendered(data: JournalText, chosen: ExportFormat) -> Iterable[str]:
    """The export in the format chosen, in pieces to write one after the other."""
    if chosen is ExportFormat.JSON:
        from learnlog.exchange import learnlog_json

        return learnlog_json.pieces(data)
    if chosen is ExportFormat.MARKDOWN:
        from learnlog.exchange import markdown

        return [markdown.dump(data.records())]
    from learnlog.exchange import csv_format

    return [csv_format.dump(data.entries)]


def _counts(data: JournalText) -> str:
    from learnlog.render.words import plural

    parts = [plural(len(data.entries), "entry", "entries"), plural(len(data.papers), "paper")]
    if data.habits:
        parts.append(plural(len(data.habits), "habit"))
    return ", ".join(parts)


@commands.command()
def export(
    ctx: typer.Context,
    output_format: Annotated[
        ExportFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="json (everything), markdown (readable, by week) or csv (entries). "
            "Default: from the --output name, else json.",
        ),
    ] = None,
    output: OutputOption = None,
    since: Annotated[
        str | None, typer.Option(metavar="DAY", help="Only what happened on or after this day.")
    ] = None,
    until: Annotated[
        str | None, typer.Option(metavar="DAY", help="Only what happened on or before this day.")
    ] = None,
    tag: Annotated[
        list[str] | None,
        typer.Option(
            "--tag",
            "-t",
            metavar="TAG",
            help="Only entries and papers with this tag (repeat: all).",
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Write the journal out as JSON, Markdown or CSV (to standard output or --output)."""
    from learnlog.render.console import say
    from learnlog.services.exchange import export_journal

    now = read_clock()
    if output_format is None:
        output_format = SUFFIXES.get(output.suffix.lower()) if output else None
    chosen = output_format or ExportFormat.JSON
    refuse_missing_folder(output)
    with open_journal(ctx, db, now) as journal:
        data = export_journal(
            journal,
            since=now.any_day(since),
            until=now.any_day(until),
            tags=tuple(tag or ()),
        )
    text = _rendered(data, chosen)
    if output is None:
        sys.stdout.writelines(text)
        return
    write_output(output, text)
    say(f"exported {_counts(data)} to {output} ({chosen})")


def _read(path: Path) -> str:
    if str(path) == "-":
        try:
            return sys.stdin.read()
        except UnicodeDecodeError:
            raise InputError("standard input is not UTF-8 text; nothing was imported") from None
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"{path} is not UTF-8 text; nothing was imported") from None
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise InputError(f"cannot read {path}: {reason}; nothing was imported") from None


def _summary_lines(summary: ImportSummary) -> list[str]:
    lines = []
    verbs = ("would add", "would update", "would leave") if summary.dry_run else None
    for kind, tally in summary.tallies.items():
        if not (tally.added or tally.updated or tally.unchanged):
            continue
        name = kind.replace("_", "-")
        if verbs:
            lines.append(
                f"{name}: {verbs[0]} {tally.added}, {verbs[1]} {tally.updated}, "
                f"{verbs[2]} {tally.unchanged} as they are"
            )
        else:
            lines.append(
                f"{name}: {tally.added} added, {tally.updated} updated, "
                f"{tally.unchanged} already there"
            )
    return lines or ["the file holds nothing to import"]


@commands.command("import")
def import_(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="The file to import ('-' reads standard input).",
            show_default=False,
        ),
    ],
    input_format: Annotated[
        ImportFormat | None,
        typer.Option(
            "--format",
            "-f",
            case_sensitive=False,
            help="learnlog-json, jrnl-json, jrnl-txt or csv (default: guessed, and said).",
        ),
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Show what would be added or updated; change nothing.")
    ] = False,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Import entries (and from a learnlog export, everything) without duplicating any."""
    from learnlog.exchange.formats import guess_format, read_records
    from learnlog.render.console import emit_json, say
    from learnlog.services.exchange import import_journal

    now = read_clock()
    content = _read(file)
    name = "standard input" if str(file) == "-" else file.name
    chosen = input_format
    try:
        chosen = chosen or guess_format(content)
        data = read_records(content, chosen, zone=now.settings.zone, today=now.today)
        with open_journal(ctx, db, now) as journal:
            summary = import_journal(journal, data, dry_run=dry_run)
    except InputError as error:
        read_as = f" (read as {chosen}, guessed)" if chosen and not input_format else ""
        ending = "" if "nothing was" in error.message else "; nothing was imported"
        raise InputError(f"{name}{read_as}: {error.message}{ending}") from None
    if input_format is None:
        say(f"read {name} as {chosen} (guessed; name it with --format if that is wrong)")
    if as_json:
        emit_json(
            {
                "file": str(file),
                "format": str(chosen),
                "dry_run": dry_run,
                **{kind: vars(tally) for kind, tally in summary.tallies.items()},
            }
        )
        return
    for line in _summary_lines(summary):
        say(line)
    if dry_run:
        say("dry run: nothing was changed")
