"""Looking after the journal: learnlog doctor and learnlog backup."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from learnlog.cli.common import DbOption, JsonOption, journal_file, read_clock

# The root group builds these one at a time, by the names cli/registry.py lists.
commands = typer.Typer()


def _journal_location(ctx: typer.Context, db: Path | None) -> tuple[Path | None, str | None]:
    """The journal file, or ``None`` and the server LEARNLOG_DATABASE_URL names (no password)."""
    path = journal_file(ctx, db)
    if path is not None:
        return path, None
    from learnlog.config import database_url
    from learnlog.services.maintenance import journal_of_url

    url = database_url()
    assert url is not None
    return journal_of_url(url)


@commands.command()
def doctor(ctx: typer.Context, db: DbOption = None, as_json: JsonOption = False) -> None:
    """Check the journal, its backups and the settings; say what is wrong and how to fix it.

    Only reads: the journal is never created, upgraded or changed. Exit code 0 when nothing
    needs fixing (warnings allowed), 1 for a problem to fix, 3 when the journal is damaged or
    cannot be used.
    """
    from learnlog.config import config_path, log_path
    from learnlog.render.console import data_console, emit_json, say
    from learnlog.render.maintenance import diagnosis_json, diagnosis_lines, diagnosis_summary
    from learnlog.services.maintenance import diagnose

    path, server = _journal_location(ctx, db)
    diagnosis = diagnose(path, server=server, config=config_path(), log=log_path())
    if as_json:
        emit_json(diagnosis_json(diagnosis))
    else:
        console = data_console()
        for line in diagnosis_lines(diagnosis):
            console.print(line, soft_wrap=True)
    say(diagnosis_summary(diagnosis))
    raise typer.Exit(diagnosis.exit_code)


@commands.command()
def backup(
    ctx: typer.Context,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output",
            "-o",
            metavar="FILE",
            help="Write the copy to this new file (mode 0600; never overwritten) instead of "
            "beside the journal.",
        ),
    ] = None,
    db: DbOption = None,
    as_json: JsonOption = False,
) -> None:
    """Copy the journal into a new private file, safely even while other commands write to it.

    The copy goes beside the journal, named NAME.TIME.backup.bak, unless --output names a file;
    'learnlog doctor' lists the copies beside the journal.
    """
    from learnlog.errors import RefusedError
    from learnlog.render.console import emit_json, say
    from learnlog.render.maintenance import backed_up_json, backed_up_message
    from learnlog.services.maintenance import back_up

    now = read_clock()
    path, server = _journal_location(ctx, db)
    if path is None:
        raise RefusedError(
            f"the journal is on a database server ({server}); learnlog backup copies journal "
            "files only, so back it up with the server's own tools (for PostgreSQL, pg_dump)"
        )
    copied = back_up(path, output=output, now=now.moment)
    say(backed_up_message(copied))
    if as_json:
        emit_json(backed_up_json(copied))
