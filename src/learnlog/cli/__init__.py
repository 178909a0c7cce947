"""The command line: Typer apps that parse, call one service and render."""

from __future__ import annotations

from learnlog.cli import config_cmd, entries
from learnlog.cli.app import app

__all__ = ["app", "config_cmd", "entries", "main"]


def main() -> None:
    """Entry point of the ``learnlog`` console script."""
    app(prog_name="learnlog")
