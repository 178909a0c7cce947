"""The command line: Typer apps that parse, call one service and render."""

from __future__ import annotations

import io
import sys

from learnlog.cli import (
    config_cmd,
    entries,
    exchange,
    habits,
    maintenance,
    papers,
    report,
    review,
    search,
)
from learnlog.cli.app import app

__all__ = [
    "app",
    "config_cmd",
    "entries",
    "exchange",
    "habits",
    "main",
    "maintenance",
    "papers",
    "report",
    "review",
    "search",
]


def main() -> None:
    """Entry point of the ``learnlog`` console script."""
    for stream in (sys.stdout, sys.stderr):
        # A terminal that cannot show a character gets an escape, not a crash after a save.
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="backslashreplace")
    app(prog_name="learnlog")
