"""The root command: global options and the one place errors become exit codes."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import Annotated, Any

import typer

# Typer bundles click; its usage errors are only reachable here.
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer.core import TyperGroup

from learnlog.errors import EXIT_USAGE, EXIT_USER, LearnlogError


class LearnlogGroup(TyperGroup):
    """Runs every command inside the single error path of STYLE.md rule 5."""

    def main(self, *args: Any, **kwargs: Any) -> Any:
        """Parse and run; a usage error is one line on standard error and exit code 2."""
        standalone = kwargs.pop("standalone_mode", True)
        kwargs["standalone_mode"] = False
        if not standalone:
            return super().main(*args, **kwargs)
        try:
            result = super().main(*args, **kwargs)
        except UsageError as error:
            if isinstance(error, NoArgsIsHelpError):
                # Plain `learnlog`: the help (Rich prints it while formatting it).
                text = error.format_message()
                if text.strip():
                    sys.stdout.write(text + "\n")
            else:
                from learnlog.render.console import say

                where = error.ctx.command_path if error.ctx else "learnlog"
                message = " ".join(error.format_message().split())
                say(f"error: {message} (see '{where} --help')")
            sys.exit(EXIT_USAGE)
        except typer.Abort:
            from learnlog.render.console import say

            say("error: aborted; nothing was changed")
            sys.exit(EXIT_USER)
        sys.exit(result if isinstance(result, int) else 0)

    def invoke(self, ctx: Any) -> Any:
        """Run the command; turn learnlog errors into their exit codes and bugs into an apology."""
        try:
            return super().invoke(ctx)
        except LearnlogError as error:
            from learnlog.render.console import say

            say(f"error: {error.message}")
            raise typer.Exit(error.exit_code) from None
        except (typer.Exit, typer.Abort):
            raise
        except Exception as error:
            if _is_click_exception(error) or _debugging(ctx):
                raise
            log_file = _log_bug(error)
            from learnlog.render.console import say

            say(
                f"error: learnlog hit an internal problem ({type(error).__name__}). "
                f"Details are in {log_file}; "
                "run again with --debug to see them"
            )
            raise typer.Exit(EXIT_USER) from None


def _is_click_exception(error: Exception) -> bool:
    # Usage errors and the like are Typer's to print; they come from its bundled click.
    return type(error).__module__.startswith(("typer.", "click."))


def _debugging(ctx: typer.Context) -> bool:
    return bool(ctx.find_root().params.get("debug")) or bool(os.environ.get("LEARNLOG_DEBUG"))


def _log_bug(error: Exception) -> Path | str:
    """Append where the error happened: frames only, never messages or values (journal text)."""
    from learnlog.config import PRIVATE_FILE_MODE, ensure_private_dir, log_path

    frames = "".join(
        f"  {frame.filename}:{frame.lineno} in {frame.name}\n"
        for frame in traceback.extract_tb(error.__traceback__)
    )
    try:
        path = log_path()
        ensure_private_dir(path.parent)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, PRIVATE_FILE_MODE)
        with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
            handle.write(f"{type(error).__qualname__} in learnlog {_version()}\n{frames}\n")
    except OSError:
        return "no log file (it could not be written)"
    return path


def _version() -> str:
    from learnlog import __version__

    return __version__


def _print_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"learnlog {_version()}\n")
        raise typer.Exit()


app = typer.Typer(
    cls=LearnlogGroup,
    name="learnlog",
    help="A journal for self-learners: one thing learned a day, streaks, papers, weekly review.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    # Plain help: formatting it with Rich costs about 80 ms on every --help (measured).
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


@app.callback()
def root(
    ctx: typer.Context,
    db: Annotated[
        Path | None,
        typer.Option(
            "--db",
            envvar="LEARNLOG_DB",
            metavar="FILE",
            help="Journal file to use (default: learnlog.db in your user data directory).",
            show_envvar=True,
            # The journal door checks the file and says what to do (exit 3), not the parser.
            readable=False,
        ),
    ] = None,
    debug: Annotated[
        bool,
        typer.Option("--debug", help="Show the full traceback of unexpected errors."),
    ] = False,
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            "-V",
            help="Show the version and exit.",
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """learnlog: record one thing learned each day and review your progress."""
    del db, debug, version  # read from the root context by the commands and the error path
    ctx.ensure_object(dict)
