"""The command line: Typer apps that parse, call one service and render.

Importing this package imports neither Typer nor a command module: the answers of
``learnlog.cli.quick`` need neither, and the root app (``app``) is imported when first used.
"""

from __future__ import annotations

import io
import os
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

__all__ = ["app", "main"]


def __getattr__(name: str) -> typer.Typer:
    """``app``, the root Typer app, imported on first use (Typer alone takes ~60 ms to import)."""
    if name != "app":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from learnlog.cli.root import app

    return app


def main() -> None:
    """Entry point of the ``learnlog`` console script: a quick answer if any, else Typer."""
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show a character gets an escape, not a crash after a save.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    from learnlog.cli.quick import answer_quickly

    if answer_quickly(sys.argv[1:], os.environ):
        return
    from learnlog.cli.root import app

    app(prog_name="learnlog")
