"""Writing text in the person's own editor, through a private temporary file."""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import NoReturn

from learnlog.errors import InputError

SCISSORS = "# ------------------------ >8 ------------------------"
HELP_LINES = (
    "# Write what you learned above this line; everything below it is ignored.",
    "# #hashtags become tags. Save an empty text to cancel.",
)


def editor_command(configured: str) -> list[str]:
    """The editor to run, split like a shell would but never run through one."""
    for candidate in (configured, os.environ.get("VISUAL", ""), os.environ.get("EDITOR", "")):
        if candidate.strip():
            try:
                return shlex.split(candidate)
            except ValueError:
                raise InputError(
                    f"cannot read the editor command {candidate!r}: a quote is not closed; "
                    "write it as a shell would, for example 'code --wait'"
                ) from None
    for fallback in ("sensible-editor", "nano", "vi"):
        if shutil.which(fallback):
            return [fallback]
    raise InputError("no editor found; set $EDITOR, or pass the text on the command line")


def template(text: str, context_line: str) -> str:
    """The text to edit, the scissors line, and help below it."""
    lines = [text, "", SCISSORS, *HELP_LINES, f"# {context_line}", ""]
    return "\n".join(lines)


def strip_template(edited: str) -> str:
    """What the person wrote: everything above the scissors line."""
    above, _, _ = edited.partition(SCISSORS)
    return above.strip()


def run_editor(path: Path, *, configured: str = "") -> None:
    """Run the editor on ``path`` and wait for it; a missing or failing editor is an error."""
    command = editor_command(configured)
    try:
        completed = subprocess.run([*command, str(path)], check=False)
    except OSError:
        raise InputError(
            f"cannot start the editor {command[0]!r}; check the editor setting, $VISUAL or $EDITOR"
        ) from None
    if completed.returncode < 0:
        name = _signal_name(-completed.returncode)
        raise InputError(f"the editor {command[0]!r} was stopped by {name}; nothing was saved")
    if completed.returncode != 0:
        raise InputError(
            f"the editor {command[0]!r} exited with code {completed.returncode}; nothing was saved"
        )


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


class _Terminated(Exception):
    """learnlog itself was asked to stop (SIGTERM, SIGHUP) while the editor was open."""

    def __init__(self, number: int) -> None:
        super().__init__(number)
        self.number = number


@contextmanager
def _termination_raises() -> Iterator[None]:
    """Turn SIGTERM and SIGHUP into an exception, so the file with the text is removed first.

    Their default action ends the process at once, skipping ``finally``: closing the terminal
    (SIGHUP) would leave what was typed in the temporary folder.
    """
    if threading.current_thread() is not threading.main_thread():
        yield  # signal handlers can only be set from the main thread
        return

    def terminated(number: int, _frame: FrameType | None) -> NoReturn:
        raise _Terminated(number)

    numbers = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {number: signal.signal(number, terminated) for number in numbers}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def _end_by(number: int) -> NoReturn:
    """End the process by the signal it was sent, as if it had not been caught."""
    signal.signal(number, signal.SIG_DFL)
    os.kill(os.getpid(), number)
    sys.exit(128 + number)  # not reached unless the signal is blocked


def edit_in_editor(text: str, *, context_line: str, configured: str = "") -> str:
    """Open the editor on ``text`` and return what was written; the file never outlives this."""
    directory = Path(tempfile.mkdtemp(prefix="learnlog-"))  # 0700, like the file (0600) in it
    path = directory / "entry.md"
    try:
        with _termination_raises():
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
                handle.write(template(text, context_line))
            run_editor(path, configured=configured)
            return strip_template(path.read_text(encoding="utf-8"))
    except _Terminated as terminated:
        shutil.rmtree(directory, ignore_errors=True)
        _end_by(terminated.number)
    finally:
        shutil.rmtree(directory, ignore_errors=True)
