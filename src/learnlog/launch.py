"""The console script: answers ``--version`` before the command line machinery is loaded."""

from __future__ import annotations

import sys

VERSION_FLAGS = (["--version"], ["-V"])


def main() -> None:
    """Run learnlog; a bare ``--version`` costs only the interpreter's start and a metadata read."""
    if sys.argv[1:] in VERSION_FLAGS:
        from learnlog import __version__

        sys.stdout.write(f"learnlog {__version__}\n")
        return
    from learnlog.cli import main as run_cli

    run_cli()
