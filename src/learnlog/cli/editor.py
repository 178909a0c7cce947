"""Writing text in the person's own editor, through a private temporary file."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import tempfile
from pathlib import Path

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
                raise InputError(f"cannot read the editor command {candidate!r}") from None
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
    if completed.returncode != 0:
        raise InputError(
            f"the editor {command[0]!r} exited with code {completed.returncode}; nothing was saved"
        )


def edit_in_editor(text: str, *, context_line: str, configured: str = "") -> str:
    """Open the editor on ``text`` and return what was written; the file never outlives this."""
    directory = Path(tempfile.mkdtemp(prefix="learnlog-"))  # 0700, like the file (0600) in it
    path = directory / "entry.md"
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(template(text, context_line))
        run_editor(path, configured=configured)
        return strip_template(path.read_text(encoding="utf-8"))
    finally:
        shutil.rmtree(directory, ignore_errors=True)
