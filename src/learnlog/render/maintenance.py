"""How the doctor's report and a backup look: one line a check, and JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from learnlog.render.words import plural
from learnlog.services.maintenance import Status, size_text

if TYPE_CHECKING:
    from rich.text import Text

    from learnlog.services.maintenance import Check, Diagnosis
    from learnlog.store.backups import BackupFile

STATUS_STYLES = {
    Status.OK: "green",
    Status.WARNING: "yellow",
    Status.PROBLEM: "bold red",
    Status.SKIPPED: "dim",
}
STATUS_WIDTH = max(len(status.value) for status in Status)
NAME_WIDTH = 12
KIND_NAMES = {"upgrade": "before upgrade", "backup": "learnlog backup", "other": "other"}


def check_line(check: Check) -> Text:
    """``status  name  what was found; what to do`` on one line."""
    from rich.text import Text

    line = Text()
    line.append(check.status.value.ljust(STATUS_WIDTH), style=STATUS_STYLES[check.status])
    line.append("  " + check.name.replace("_", " ").ljust(NAME_WIDTH) + "  ")
    line.append(check.message)
    if check.fix:
        line.append("; " + check.fix)
    return line


def backup_line(backup: BackupFile) -> Text:
    """One backup: when it was taken, how, its size, schema and entries, and where it is."""
    from rich.text import Text

    if backup.usable:
        held = (
            f"schema {backup.revision or 'none'}, {plural(backup.entries or 0, 'entry', 'entries')}"
        )
    else:
        held = "cannot be restored: not a learnlog journal it can open"
    line = Text("  ")
    line.append(f"{backup.taken_at:%Y-%m-%d %H:%M:%S} UTC  ")
    line.append(f"{KIND_NAMES[backup.kind]:<16}", style="cyan")
    line.append(f"{size_text(backup.size):>9}  {held}  ")
    line.append(str(backup.path), style="dim")
    return line


def diagnosis_lines(diagnosis: Diagnosis) -> list[Text]:
    """The report: a line for each check, then the backups beside the journal."""
    from rich.text import Text

    lines = [check_line(check) for check in diagnosis.checks]
    if diagnosis.backups:
        lines.append(Text(""))
        lines.append(Text("backups beside the journal, newest first:"))
        lines.extend(backup_line(backup) for backup in diagnosis.backups)
    return lines


def diagnosis_summary(diagnosis: Diagnosis) -> str:
    """One line for standard error: whether anything needs doing."""
    problems = diagnosis.count(Status.PROBLEM)
    warnings = diagnosis.count(Status.WARNING)
    if not problems and not warnings:
        return "everything is in order"
    found = []
    if problems:
        found.append(plural(problems, "problem"))
    if warnings:
        found.append(plural(warnings, "warning"))
    return f"found {' and '.join(found)}; each line says what to do"


def backup_json(backup: BackupFile) -> dict[str, Any]:
    """A backup in JSON (documented in docs/json.md)."""
    return {
        "path": str(backup.path),
        "kind": backup.kind,
        "taken_at": backup.taken_at.isoformat(),
        "bytes": backup.size,
        "mode": f"{backup.mode:04o}",
        "schema": backup.revision,
        "entries": backup.entries,
        "usable": backup.usable,
    }


def diagnosis_json(diagnosis: Diagnosis) -> dict[str, Any]:
    """The JSON document of ``learnlog doctor --json`` (documented in docs/json.md)."""
    from learnlog.store.schema import HEAD

    return {
        "status": diagnosis.status.value,
        "exit_code": diagnosis.exit_code,
        "journal": diagnosis.journal_label,
        "config": str(diagnosis.config),
        "log": str(diagnosis.log),
        "schema": {
            "state": diagnosis.schema_state.value if diagnosis.schema_state else None,
            "revision": diagnosis.schema_revision,
            "supported": HEAD,
        },
        "checks": [
            {
                "name": check.name,
                "status": check.status.value,
                "message": check.message,
                "fix": check.fix,
            }
            for check in diagnosis.checks
        ],
        "backups": [backup_json(backup) for backup in diagnosis.backups],
    }


def backed_up_json(backup: BackupFile) -> dict[str, Any]:
    """The JSON document of ``learnlog backup --json``."""
    return {
        "path": str(backup.path),
        "bytes": backup.size,
        "entries": backup.entries,
        "schema": backup.revision,
    }


def backed_up_message(backup: BackupFile) -> str:
    """``backed up 123 entries (456 KB) to …``."""
    entries = plural(backup.entries or 0, "entry", "entries")
    return f"backed up {entries} ({size_text(backup.size)}) to {backup.path}"
