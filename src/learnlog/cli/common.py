"""What every command shares: option types, the clock reading and opening the journal."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, overload

import typer

if TYPE_CHECKING:
    from collections.abc import Iterable

    from learnlog.config import Settings
    from learnlog.store.database import Journal

DbOption = Annotated[
    Path | None,
    typer.Option(
        "--db",
        metavar="FILE",
        help="Journal file to use; overrides LEARNLOG_DB and the default.",
        readable=False,  # an unreadable journal is a storage error (exit 3), not a usage one
        show_default=False,
    ),
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print one JSON document instead.")]
YesOption = Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")]
OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", metavar="FILE", help="Write to this file (mode 0600)."),
]


@dataclass(frozen=True)
class Now:
    """The clock, read once per command, and the learning day it falls on."""

    moment: datetime
    today: date
    settings: Settings

    @overload
    def past_day(self, expression: str) -> date: ...
    @overload
    def past_day(self, expression: str | None) -> date | None: ...
    def past_day(self, expression: str | None) -> date | None:
        """A day given on the command line that must not lie after today (entries, check-ins)."""
        from learnlog.dates import parse_past_day

        return None if expression is None else parse_past_day(expression, today=self.today)

    @overload
    def any_day(self, expression: str) -> date: ...
    @overload
    def any_day(self, expression: str | None) -> date | None: ...
    def any_day(self, expression: str | None) -> date | None:
        """A day given on the command line that may lie ahead (skips, listing bounds)."""
        from learnlog.dates import parse_day

        return None if expression is None else parse_day(expression, today=self.today)


def read_clock() -> Now:
    """Read the clock and the settings; the only ``datetime.now`` in learnlog."""
    from learnlog.config import load_settings
    from learnlog.dates import learning_day

    settings = load_settings()
    moment = datetime.now(UTC)
    today = learning_day(moment, zone=settings.zone, day_start_hour=settings.day_start_hour)
    return Now(moment=moment, today=today, settings=settings)


def open_journal(ctx: typer.Context, db: Path | None, now: Now) -> Journal:
    """Open the journal of ``--db``, ``LEARNLOG_DB``, ``LEARNLOG_DATABASE_URL`` or the default."""
    from learnlog.config import database_url
    from learnlog.store.database import open_sqlite, open_url

    path = journal_file(ctx, db)
    if path is None:
        url = database_url()
        assert url is not None
        return open_url(url, now=now.moment)
    return open_sqlite(path, now=now.moment)


def journal_file(ctx: typer.Context, db: Path | None) -> Path | None:
    """The SQLite journal file in use, or ``None`` when LEARNLOG_DATABASE_URL names a server."""
    from learnlog.config import database_url, db_path

    chosen = db or ctx.find_root().params.get("db")
    if chosen is None and database_url():
        return None
    return db_path(None if chosen is None else Path(chosen))


def stdin_is_terminal() -> bool:
    """Whether a person may be at the keyboard to answer a question or use an editor."""
    return sys.stdin is not None and sys.stdin.isatty()


def confirm(question: str, *, unasked: str, declined: str) -> None:
    """Ask a yes/no question on the terminal; refuse with ``unasked`` when there is none."""
    from learnlog.errors import RefusedError

    if not stdin_is_terminal():
        raise RefusedError(unasked)
    if not typer.confirm(question, default=False, err=True):
        raise RefusedError(declined)


def refuse_missing_folder(output: Path | None) -> None:
    """Refuse an ``--output`` file whose folder does not exist, before any work is done."""
    from learnlog.errors import InputError

    if output is not None and not output.parent.is_dir():
        raise InputError(f"cannot write {output}: the folder {output.parent} does not exist")


def write_output(output: Path, text: str | Iterable[str]) -> None:
    """Write ``text`` or its pieces: a new or regular file is replaced whole (mode 0600), a pipe
    or device is written into."""
    from learnlog.config import write_private_text
    from learnlog.errors import InputError

    if output.is_dir():
        raise InputError(f"{output} is a folder; --output needs a file name")
    try:
        if output.exists() and not output.is_file():
            with output.open("w", encoding="utf-8") as stream:  # a pipe, /dev/stdout, >(…)
                stream.writelines([text] if isinstance(text, str) else text)
        else:
            write_private_text(output, text)
    except OSError as error:
        raise InputError(f"cannot write {output}: {error.strerror or error}") from None
