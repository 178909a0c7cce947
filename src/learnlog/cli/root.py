"""The root command: global options, the one place errors become exit codes, lazy commands.

The commands live in their own modules (cli/registry.py says which); the root group builds only
the one that is invoked, because Typer builds every parameter of every command it is given.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator, MutableMapping
from gettext import gettext
from pathlib import Path
from typing import Annotated, Any

import typer

# Typer bundles click; its usage errors and help formatting are only reachable here.
from typer._click.core import Command
from typer._click.exceptions import NoArgsIsHelpError, UsageError
from typer._click.formatting import HelpFormatter
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup
from typer.main import get_command_from_info, get_command_name, get_group_from_info

from learnlog.cli import registry
from learnlog.errors import EXIT_USAGE, EXIT_USER, LearnlogError


class LearnlogGroup(TyperGroup):
    """Runs every command inside the single error path of STYLE.md rule 5.

    It builds only the command that is invoked, from the module the registry names: Typer
    would otherwise build every parameter of every command on each start.
    """

    def __init__(self, **attrs: Any) -> None:
        """A group whose commands are built when first looked up (see ``LazyCommands``)."""
        super().__init__(**attrs)
        if self.commands:
            raise TypeError("learnlog's root defines no commands; list them in cli/registry.py")
        self.commands = LazyCommands(self._build_command)

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
        except BrokenPipeError:
            if _debugging(ctx):
                raise
            # Whatever reads standard output stopped reading (``| head``): nothing to report.
            # Exit 1 without a word, as Rich does for the commands it prints.
            _discard_stdout()
            raise typer.Exit(EXIT_USER) from None
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

    def list_commands(self, ctx: Any) -> list[str]:
        """The command names in registry order, without building any command."""
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: HelpFormatter) -> None:
        """The Commands section of ``--help``, from the registry's summaries.

        It matches Typer's own listing (tests/test_registry.py compares them) without importing
        a single command module.
        """
        commands = registry.COMMANDS
        limit = formatter.width - 6 - max(len(command.name) for command in commands)
        rows = [
            (command.name, make_default_short_help(command.summary, limit)) for command in commands
        ]
        with formatter.section(gettext("Commands")):
            formatter.write_dl(rows)

    def _build_command(self, name: str) -> Command:
        """Build the command or group ``name`` from the Typer app of the module defining it."""
        listed = registry.find(name)
        assert listed is not None  # LazyCommands asks only for the registry's names
        # Not importlib.import_module: -X importtime, which the start-up tests read, misses it.
        module = __import__(f"learnlog.cli.{listed.module}", fromlist=["commands"])
        commands: typer.Typer = module.commands
        for command_info in commands.registered_commands:
            assert command_info.callback is not None
            if (command_info.name or get_command_name(command_info.callback.__name__)) == name:
                return get_command_from_info(
                    command_info,
                    pretty_exceptions_short=app.pretty_exceptions_short,
                    rich_markup_mode=self.rich_markup_mode,
                )
        for group_info in commands.registered_groups:
            if group_info.name == name:
                return get_group_from_info(
                    group_info,
                    pretty_exceptions_short=app.pretty_exceptions_short,
                    rich_markup_mode=self.rich_markup_mode,
                    suggest_commands=self.suggest_commands,
                )
        raise LookupError(f"learnlog.cli.{listed.module} defines no command {name!r}")


class LazyCommands(MutableMapping[str, Command]):
    """The root's commands by name, each built from its module the first time it is looked up.

    Typer reads a group's ``commands`` mapping directly (to suggest a name for a typo, for one),
    so the names come from the registry and only the values wait until they are needed.
    """

    def __init__(self, build: Callable[[str], Command]) -> None:
        """Names from the registry; ``build`` makes the command of a name."""
        self._build = build
        self._names = [command.name for command in registry.COMMANDS]
        self._built: dict[str, Command] = {}

    def __getitem__(self, name: str) -> Command:
        """The command called ``name``, built on first use."""
        if name not in self._built:
            if name not in self._names:
                raise KeyError(name)
            self._built[name] = self._build(name)
        return self._built[name]

    def __setitem__(self, name: str, command: Command) -> None:
        """Add or replace a command that is already built."""
        if name not in self._names:
            self._names.append(name)
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        """Forget a command."""
        if name not in self._names:
            raise KeyError(name)
        self._names.remove(name)
        self._built.pop(name, None)

    def __contains__(self, name: object) -> bool:
        """Whether there is a command called ``name``, without building it."""
        return name in self._names

    def __iter__(self) -> Iterator[str]:
        """The names, in the order of ``learnlog --help``."""
        return iter(list(self._names))

    def __len__(self) -> int:
        """How many commands there are."""
        return len(self._names)


def _discard_stdout() -> None:
    """Point standard output at the null device, so that the flush at exit fails on nothing."""
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, sys.stdout.fileno())
    os.close(null)


def _is_click_exception(error: Exception) -> bool:
    # Usage errors and the like are Typer's to print; they come from its bundled click.
    return type(error).__module__.startswith(("typer.", "click."))


def _debugging(ctx: typer.Context) -> bool:
    return bool(ctx.find_root().params.get("debug")) or bool(os.environ.get("LEARNLOG_DEBUG"))


def _log_bug(error: Exception) -> Path | str:
    """Append where the error happened: frames only, never messages or values (journal text)."""
    from traceback import extract_tb

    from learnlog.config import PRIVATE_FILE_MODE, ensure_private_dir, log_path

    frames = "".join(
        f"  {frame.filename}:{frame.lineno} in {frame.name}\n"
        for frame in extract_tb(error.__traceback__)
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
