"""Generate docs/cli.md, the command-line reference, from the Typer app.

Usage::

    python scripts/cli_reference.py            # write docs/cli.md
    python scripts/cli_reference.py --check    # exit 1 when docs/cli.md is out of date

The reference comes from Typer's own generator (``typer ... utils docs``), run in a child
process with a fixed environment, so that the result depends on the code only: not on the
terminal width, colour settings, locale, time zone or the home directory of whoever runs it.
"""

from __future__ import annotations

import argparse
import difflib
import os
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIR = REPO_ROOT / "src"
REFERENCE_PATH = REPO_ROOT / "docs" / "cli.md"
REGENERATE = "python scripts/cli_reference.py"

TITLE = "CLI reference"

# Said once at the top instead of on every command; Typer's generator leaves these out.
PREAMBLE = f"""\
This page is generated from the program itself by `{REGENERATE}`;
do not edit it by hand.

Every command also accepts `-h` as a short form of `--help`. Shell completion is installed
with `learnlog --install-completion` (`learnlog --show-completion` prints it instead).
The options that take a day (`--date`, `--since`, `--until`, `--on`) accept every form
listed in [Date input](first-week.md#date-input).
"""


def fixed_environment(home: Path) -> dict[str, str]:
    """The child's whole environment: nothing is inherited that could change the output."""
    environment = {
        "PATH": os.defpath,
        "HOME": str(home),
        "XDG_CONFIG_HOME": str(home / "config"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_STATE_HOME": str(home / "state"),
        "XDG_CACHE_HOME": str(home / "cache"),
        "PYTHONPATH": str(SOURCE_DIR),
        "PYTHONIOENCODING": "utf-8",
        "PYTHONHASHSEED": "0",
        "PYTHONDONTWRITEBYTECODE": "1",
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
        "TZ": "UTC",
        "TERM": "dumb",
        "NO_COLOR": "1",
        "COLUMNS": "80",
        "LINES": "24",
    }
    if "SYSTEMROOT" in os.environ:  # Python cannot start on Windows without it
        environment["SYSTEMROOT"] = os.environ["SYSTEMROOT"]
    return environment


def typer_docs(home: Path) -> str:
    """Run Typer's documentation generator on ``learnlog.cli`` and return its Markdown."""
    command = [
        sys.executable,
        "-m",
        "typer",
        # Named: learnlog.cli imports its app only when asked for it, so Typer cannot find it.
        "--app",
        "app",
        "learnlog.cli",
        "utils",
        "docs",
        "--name",
        "learnlog",
        "--title",
        TITLE,
    ]
    completed = subprocess.run(
        command,
        env=fixed_environment(home),
        cwd=home,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"typer utils docs failed with exit code {completed.returncode}:\n{completed.stderr}"
        )
    return completed.stdout


def with_preamble(markdown: str) -> str:
    """Insert the preamble after the program's description, with one newline at the end."""
    title, _, body = markdown.strip().partition("\n")
    if title != f"# {TITLE}":
        raise RuntimeError(f"unexpected first line from Typer's generator: {title!r}")
    description, _, rest = body.strip().partition("\n\n")
    if description.startswith("**"):  # the app has no description; Usage comes first
        description, rest = "", body.strip()
    head = f"{title}\n\n{description}\n\n" if description else f"{title}\n\n"
    return f"{head}{PREAMBLE}\n{rest}\n"


def refuse_local_paths(markdown: str, home: Path) -> None:
    """Fail when the text names a path of this machine (a default that leaked into help)."""
    local = {str(home), str(REPO_ROOT)}
    real_home = str(Path.home())
    if len(real_home) > 1:
        local.add(real_home)
    leaked = sorted(path for path in local if path in markdown)
    if leaked:
        raise RuntimeError(f"the CLI reference names paths of this machine: {', '.join(leaked)}")


def generate() -> str:
    """The CLI reference as it should be, generated from the current code."""
    with tempfile.TemporaryDirectory(prefix="learnlog-docs-") as directory:
        home = Path(directory).resolve()
        markdown = with_preamble(typer_docs(home))
        refuse_local_paths(markdown, home)
    return markdown


def check(path: Path, expected: str) -> int:
    """Compare ``path`` with ``expected``; report a stale file and return the exit code."""
    try:
        current = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        current = ""
    if current == expected:
        return 0
    diff = difflib.unified_diff(
        current.splitlines(keepends=True),
        expected.splitlines(keepends=True),
        fromfile=f"{path} (on disk)",
        tofile=f"{path} (generated)",
    )
    sys.stderr.write("".join(list(diff)[:60]))
    sys.stderr.write(f"\n{path} is out of date; regenerate it with: {REGENERATE}\n")
    return 1


def main(argv: Sequence[str] | None = None) -> int:
    """Write the CLI reference, or with ``--check`` only tell whether it is up to date."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument(
        "--check",
        action="store_true",
        help="write nothing; exit 1 when the file differs from what would be generated",
    )
    parser.add_argument(
        "--path",
        type=Path,
        default=REFERENCE_PATH,
        help="the reference file (default: docs/cli.md)",
    )
    arguments = parser.parse_args(argv)
    expected = generate()
    if arguments.check:
        return check(arguments.path, expected)
    arguments.path.write_text(expected, encoding="utf-8", newline="\n")
    sys.stderr.write(f"wrote {arguments.path}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
