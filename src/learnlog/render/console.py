"""The two consoles: data to standard output, talk to standard error."""

from __future__ import annotations

import os
import re
import sys
from functools import cache
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.console import Console, RenderableType

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# Bell, backspace, vertical tab, form feed and carriage return: the codes Rich strips.
_CURSOR_CONTROLS = re.compile("[\x07\x08\x0b\x0c\x0d]")


def _plain() -> bool:
    # NO_COLOR (no-color.org) asks for no colour; learnlog drops bold and the like as well.
    return bool(os.environ.get("NO_COLOR"))


def takes_styles(stream: TextIO) -> bool:
    """Whether Rich would style what is written to ``stream``: a terminal, unless told otherwise.

    Asked before Rich is imported, so that output for a pipe or a file never pays for it.
    """
    compatible = os.environ.get("TTY_COMPATIBLE", "")
    if compatible in {"0", "1"}:
        return compatible == "1"
    forced = os.environ.get("FORCE_COLOR")
    if forced is not None:
        return forced != ""
    try:
        return stream.isatty()
    except ValueError:  # closed
        return False


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal that a person reads."""
    return sys.stdout is not None and sys.stdout.isatty()


@cache
def data_console() -> Console:
    """Standard output; no escape codes when it is not a terminal or NO_COLOR is set."""
    from rich.console import Console

    return Console(highlight=False, emoji=False, color_system=None if _plain() else "auto")


@cache
def talk_console() -> Console:
    """Standard error, for messages, warnings and errors."""
    from rich.console import Console

    return Console(
        stderr=True,
        highlight=False,
        emoji=False,
        soft_wrap=True,
        color_system=None if _plain() else "auto",
    )


def show(renderable: RenderableType) -> None:
    """Print data to standard output."""
    data_console().print(renderable)


def show_or_write(table: Callable[[], RenderableType], text: Callable[[], str]) -> None:
    """Print data: ``table()`` in a terminal, else ``text()``, written without loading Rich."""
    if takes_styles(sys.stdout):
        show(table())
        return
    sys.stdout.write(text())
    sys.stdout.flush()


def say(message: str) -> None:
    """Tell the person something on standard error, on one line, markup taken literally."""
    if takes_styles(sys.stderr):
        talk_console().print(message, markup=False)
        return
    # What Rich would write there, without importing it: the text less the control codes
    # that move the cursor.
    sys.stderr.write(_CURSOR_CONTROLS.sub("", message) + "\n")
    sys.stderr.flush()


def emit_json(document: Any) -> None:
    """Print one JSON document to standard output.

    Text echoed from the command line (a search query, a file name) may hold lone surrogates,
    Python's stand-ins for bytes that were not UTF-8. They cannot be written as UTF-8, so they
    are written as JSON escapes (``\\udcff``), whatever the error handler of the stream.
    """
    import json

    text = json.dumps(document, ensure_ascii=False, indent=2)
    sys.stdout.write(_LONE_SURROGATE.sub(lambda found: f"\\u{ord(found[0]):04x}", text) + "\n")
    sys.stdout.flush()
