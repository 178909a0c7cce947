"""The two consoles: data to standard output, talk to standard error."""

from __future__ import annotations

import json
import os
import re
import sys
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _plain() -> bool:
    # NO_COLOR (no-color.org) asks for no colour; learnlog drops bold and the like as well.
    return bool(os.environ.get("NO_COLOR"))


def stdout_is_terminal() -> bool:
    """Whether standard output is a terminal that a person reads."""
    return sys.stdout is not None and sys.stdout.isatty()


@cache
def data_console() -> Console:
    """Standard output; no escape codes when it is not a terminal or NO_COLOR is set."""
    from rich.console import Console

    return Console(highlight=False, color_system=None if _plain() else "auto")


@cache
def talk_console() -> Console:
    """Standard error, for messages, warnings and errors."""
    from rich.console import Console

    return Console(
        stderr=True, highlight=False, soft_wrap=True, color_system=None if _plain() else "auto"
    )


def show(renderable: RenderableType) -> None:
    """Print data to standard output."""
    data_console().print(renderable)


def say(message: str) -> None:
    """Tell the person something on standard error, on one line, markup taken literally."""
    talk_console().print(message, markup=False)


def emit_json(document: Any) -> None:
    """Print one JSON document to standard output.

    Text echoed from the command line (a search query, a file name) may hold lone surrogates,
    Python's stand-ins for bytes that were not UTF-8. They cannot be written as UTF-8, so they
    are written as JSON escapes (``\\udcff``), whatever the error handler of the stream.
    """
    text = json.dumps(document, ensure_ascii=False, indent=2)
    sys.stdout.write(_LONE_SURROGATE.sub(lambda found: f"\\u{ord(found[0]):04x}", text) + "\n")
    sys.stdout.flush()
