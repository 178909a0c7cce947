"""Looking after the journal: ``learnlog doctor`` checks it, ``learnlog backup`` copies it.

The doctor only reads. It never creates, upgrades or repairs anything, so it can be run on a
journal in any state, and what it reports is the state the journal was found in.
"""

from __future__ import annotations

import enum
import os
import shlex
import shutil
import stat
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from learnlog.errors import (
    EXIT_OK,
    EXIT_STORAGE,
    EXIT_USER,
    InputError,
    NotFoundError,
    RefusedError,
    StorageError,
)
from learnlog.store.backups import BackupFile, backups_beside, copy_journal, manual_backup_path
from learnlog.store.database import (
    SchemaState,
    inspect_file,
    read_only_reason,
    refuse_unusable,
)
from learnlog.store.health import (
    JournalHealth,
    examine_journal,
    existing_sidecars,
    has_sqlite_header,
    remove_new_sidecars,
)
from learnlog.store.schema import HEAD

MIN_FREE_BYTES = 100_000_000  # room for the WAL, an upgrade backup and a few more
FREE_SPACE_FACTOR = 2  # an upgrade writes a full copy of the journal beside it
MAX_SECONDS_AHEAD = 60  # backups named by a later second when several are made in one
FILE_MODE = 0o600
DIR_MODE = 0o700


# The checks about the journal file, after the line about the file itself.
JOURNAL_CHECKS = ("permissions", "schema", "integrity", "search_index", "free_space", "backups")


class Status(enum.StrEnum):
    """How one check came out."""

    OK = "ok"
    WARNING = "warning"
    PROBLEM = "problem"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Check:
    """One line of the doctor's report: what was looked at, what was found, what to do."""

    name: str
    status: Status
    message: str
    fix: str | None = None
    exit_code: int = EXIT_OK  # a problem's: EXIT_USER, or EXIT_STORAGE for an unusable journal


@dataclass(frozen=True)
class Diagnosis:
    """Everything the doctor found, in the order it is reported."""

    journal: Path | None
    journal_label: str
    config: Path
    log: Path
    checks: tuple[Check, ...]
    backups: tuple[BackupFile, ...]
    schema_state: SchemaState | None
    schema_revision: str | None

    @property
    def exit_code(self) -> int:
        """3 when the journal is damaged or unusable, 1 for any other problem, else 0."""
        codes = {check.exit_code for check in self.checks if check.status is Status.PROBLEM}
        if EXIT_STORAGE in codes:
            return EXIT_STORAGE
        return EXIT_USER if codes else EXIT_OK

    @property
    def status(self) -> Status:
        """The worst status of any check (a skipped check counts as ok)."""
        found = {check.status for check in self.checks}
        for status in (Status.PROBLEM, Status.WARNING):
            if status in found:
                return status
        return Status.OK

    def count(self, status: Status) -> int:
        """How many checks came out with ``status``."""
        return sum(1 for check in self.checks if check.status is status)


def diagnose(
    journal: Path | None, *, server: str | None = None, config: Path, log: Path
) -> Diagnosis:
    """Check the journal file (or note a journal on a server), the settings and the log.

    ``journal`` is ``None`` when LEARNLOG_DATABASE_URL names a database server, described by
    ``server`` with its password hidden; such a journal is left to the server's own tools.
    """
    if journal is None:
        label = server or "a database server"
        checks = [
            Check(
                "journal",
                Status.WARNING,
                f"the journal is on a database server ({label}); "
                "learnlog doctor checks journal files only",
                fix="check it with the server's own tools",
            ),
            *(_skipped(name, "the journal is on a database server") for name in JOURNAL_CHECKS),
        ]
        return Diagnosis(
            journal=None,
            journal_label=label,
            config=config,
            log=log,
            checks=(*checks, _config_check(config), _log_check(log)),
            backups=(),
            schema_state=None,
            schema_revision=None,
        )
    backups = tuple(backups_beside(journal)) if journal.parent.is_dir() else ()
    found = _journal_checks(journal, backups)
    health = found.health
    return Diagnosis(
        journal=journal,
        journal_label=str(journal),
        config=config,
        log=log,
        checks=(*found.checks, _config_check(config), _log_check(log)),
        backups=backups,
        schema_state=health.inspection.state if health and health.inspection else None,
        schema_revision=health.inspection.revision if health and health.inspection else None,
    )


@dataclass(frozen=True)
class _JournalChecks:
    checks: list[Check]
    health: JournalHealth | None


def _journal_checks(journal: Path, backups: tuple[BackupFile, ...]) -> _JournalChecks:
    try:
        return _looked_at(journal, backups)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        first = Check(
            "journal",
            Status.PROBLEM,
            f"cannot look at {journal}: {reason}",
            fix="check the permissions of the file and of the folders above it",
            exit_code=EXIT_STORAGE,
        )
        return _JournalChecks(_with_skipped(first, backups, "the file cannot be read"), None)


def _with_skipped(first: Check, backups: tuple[BackupFile, ...], reason: str) -> list[Check]:
    checks = [first]
    for name in JOURNAL_CHECKS:
        checks.append(_backups_check(backups) if name == "backups" else _skipped(name, reason))
    return checks


def _looked_at(journal: Path, backups: tuple[BackupFile, ...]) -> _JournalChecks:
    restore = _restore_advice(backups)
    if journal.is_dir():
        first = Check(
            "journal",
            Status.PROBLEM,
            f"{journal} is a directory, not a journal file",
            fix="point --db or LEARNLOG_DB at the journal file",
            exit_code=EXIT_STORAGE,
        )
    elif not journal.exists():
        first = Check(
            "journal",
            Status.PROBLEM,
            f"there is no journal at {journal}",
            fix="if your journal is elsewhere, point --db or LEARNLOG_DB at it; "
            + ("otherwise 'learnlog add' starts one there" if not backups else restore),
            exit_code=EXIT_USER,
        )
    elif not journal.is_file():
        first = Check(
            "journal",
            Status.PROBLEM,
            f"{journal} is not a regular file",
            fix="point --db or LEARNLOG_DB at the journal file",
            exit_code=EXIT_STORAGE,
        )
    else:
        health = examine_journal(journal)
        checks = [
            _file_check(journal, health),
            _permissions_check(journal),
            _schema_check(health, restore, _newest_backup(backups)),
            _integrity_check(health, restore),
            _search_check(health),
            _free_space_check(journal),
            _backups_check(backups),
        ]
        return _JournalChecks(checks, health)
    return _JournalChecks(_with_skipped(first, backups, "there is no journal file to check"), None)


def _skipped(name: str, reason: str) -> Check:
    return Check(name, Status.SKIPPED, reason)


def _restore_advice(backups: tuple[BackupFile, ...]) -> str:
    usable = [backup for backup in backups if backup.usable]
    if not usable:
        return "restore a backup of your own ('Restoring a backup' in the docs shows how)"
    return (
        f"restore the newest backup, {usable[0].path.name} "
        "('Restoring a backup' in the docs shows how)"
    )


def _newest_backup(backups: tuple[BackupFile, ...]) -> str | None:
    # Said after a message that already says "restore it from a backup".
    usable = [backup for backup in backups if backup.usable]
    return f"the newest backup is {usable[0].path.name}" if usable else None


def _file_check(journal: Path, health: JournalHealth) -> Check:
    size = journal.stat().st_size
    held = {None: "", 1: ", 1 entry"}.get(health.entries, f", {health.entries} entries")
    return Check("journal", Status.OK, f"{journal} ({size_text(size)}{held})")


def size_text(size: int) -> str:
    """A size in bytes as people read it: ``812 bytes``, ``48 KB``, ``1.2 MB`` (powers of 1000)."""
    if size < 1000:
        return f"{size} bytes"
    units = ("KB", "MB", "GB", "TB")
    value, index = size / 1000, 0
    while value >= 1000 and index < len(units) - 1:
        value, index = value / 1000, index + 1
    return f"{value:.1f} {units[index]}" if value < 10 else f"{value:.0f} {units[index]}"


def _mode_text(mode: int) -> str:
    return f"{mode:04o}"


def _permissions_check(journal: Path) -> Check:
    if os.name == "nt":
        return _skipped("permissions", "file modes are not used on Windows")
    folder = journal.resolve().parent
    file_mode = stat.S_IMODE(journal.stat().st_mode)
    dir_mode = stat.S_IMODE(folder.stat().st_mode)
    problems, warnings, fixes = [], [], []
    if file_mode & 0o600 != 0o600:
        problems.append(
            f"you cannot both read and write the journal (mode {_mode_text(file_mode)})"
        )
    elif file_mode & 0o077:
        warnings.append(f"other users can read the journal (mode {_mode_text(file_mode)})")
    if problems or warnings:
        fixes.append(f"chmod {FILE_MODE:o} {shlex.quote(str(journal))}")
    if dir_mode & 0o700 != 0o700:
        problems.append(
            f"learnlog cannot create its working files in the folder {folder} "
            f"(mode {_mode_text(dir_mode)})"
        )
    elif dir_mode & 0o077:
        warnings.append(f"other users can list the folder {folder} (mode {_mode_text(dir_mode)})")
    if dir_mode & 0o777 != DIR_MODE:
        fixes.append(f"chmod {DIR_MODE:o} {shlex.quote(str(folder))}")
    unwritable = read_only_reason(journal)
    if unwritable and not problems:  # a read-only mount, or what the modes do not show
        problems.append(f"learnlog cannot write the journal: {unwritable}")
    if not problems and not warnings:
        return Check(
            "permissions",
            Status.OK,
            f"journal {_mode_text(file_mode)}, folder {_mode_text(dir_mode)}: private to you",
        )
    status = Status.PROBLEM if problems else Status.WARNING
    return Check(
        "permissions",
        status,
        "; ".join(problems + warnings),
        fix="run: " + " && ".join(fixes) if fixes else None,
        exit_code=EXIT_USER if problems else EXIT_OK,
    )


def _schema_check(health: JournalHealth, restore: str, newest: str | None) -> Check:
    inspection = health.inspection
    if health.failure is not None:
        return Check(
            "schema",
            Status.PROBLEM,
            health.failure,
            fix=newest if health.cut_short else None,
            exit_code=EXIT_STORAGE,
        )
    if inspection is None:  # the integrity line reports the damage
        return _skipped("schema", "the journal is too damaged to read it")
    revision = inspection.revision
    if inspection.state is SchemaState.CURRENT:
        return Check("schema", Status.OK, f"revision {revision}, the one this learnlog uses")
    if inspection.state is SchemaState.OLDER:
        return Check(
            "schema",
            Status.OK,
            f"revision {revision or 'none'}, older than this learnlog's {HEAD}: it will be "
            "upgraded on next use, after a backup beside it",
        )
    if inspection.state is SchemaState.EMPTY:
        return Check(
            "schema",
            Status.WARNING,
            "the file is empty; the next learnlog command makes it a new journal",
            fix="if you expected your entries here, " + restore,
        )
    if inspection.state is SchemaState.NEWER:
        return Check(
            "schema",
            Status.PROBLEM,
            f"revision {revision} was written by a newer learnlog (this one knows up to {HEAD})",
            fix="upgrade learnlog to open it",
            exit_code=EXIT_STORAGE,
        )
    return Check(
        "schema",
        Status.PROBLEM,
        "this is an SQLite database of another program, not a learnlog journal",
        fix="point --db or LEARNLOG_DB at your journal",
        exit_code=EXIT_STORAGE,
    )


def _integrity_check(health: JournalHealth, restore: str) -> Check:
    if health.integrity is None:
        return _skipped("integrity", _why_skipped(health))
    if not health.integrity:
        return Check("integrity", Status.OK, "SQLite's integrity check found nothing wrong")
    first, *others = health.integrity
    more = f" and {len(others)} more findings" if others else ""
    return Check(
        "integrity",
        Status.PROBLEM,
        f"the journal is damaged: {first}{more}",
        fix=restore,
        exit_code=EXIT_STORAGE,
    )


def _why_skipped(health: JournalHealth) -> str:
    if health.failure is not None:
        return "the file cannot be read"
    if health.inspection is None or health.integrity:
        return "the journal failed the integrity check"
    if health.inspection.state is SchemaState.FOREIGN:
        return "not a learnlog journal"
    if health.inspection.state is SchemaState.EMPTY:
        return "the file is empty"
    if health.inspection.state is SchemaState.NEWER:
        return "written by a newer learnlog"
    if health.inspection.state is SchemaState.OLDER:
        return "the index is built when the journal is upgraded"
    return "does not apply"


def _search_check(health: JournalHealth) -> Check:
    if health.search is None:
        return _skipped("search_index", _why_skipped(health))
    if not health.search:
        return Check("search_index", Status.OK, "in step with every entry and paper")
    return Check(
        "search_index",
        Status.PROBLEM,
        "; ".join(health.search) + " (your entries themselves are intact)",
        fix="'learnlog search' may miss or misplace results until you restore a backup, or "
        "export the journal and import it into a new one (see 'Restoring a backup' in the docs)",
        exit_code=EXIT_USER,
    )


def _free_space_check(journal: Path) -> Check:
    try:
        free = shutil.disk_usage(journal.parent).free
    except OSError:
        return _skipped("free_space", "the disk cannot be asked")
    needed = max(MIN_FREE_BYTES, FREE_SPACE_FACTOR * journal.stat().st_size)
    message = f"{size_text(free)} free on the disk holding the journal"
    if free >= needed:
        return Check("free_space", Status.OK, message)
    return Check(
        "free_space",
        Status.WARNING,
        f"only {message}; learnlog wants {size_text(needed)} for its working files and the "
        "backup it takes before an upgrade",
        fix="free some space on that disk",
    )


def _backups_check(backups: tuple[BackupFile, ...]) -> Check:
    if not backups:
        return Check(
            "backups", Status.OK, "none beside the journal yet; 'learnlog backup' makes one"
        )
    newest = backups[0]
    message = (
        f"{len(backups)} beside the journal, the newest taken "
        f"{newest.taken_at:%Y-%m-%d %H:%M:%S} UTC"
    )
    unusable = [backup.path.name for backup in backups if not backup.usable]
    exposed = [backup.path for backup in backups if backup.mode & 0o077]
    notes, fixes = [], []
    if unusable:
        notes.append(f"cannot be restored: {', '.join(unusable)}")
        fixes.append("do not restore from those")
    if exposed:
        notes.append(f"{len(exposed)} can be read by other users")
        fixes.append("run: chmod 600 " + " ".join(shlex.quote(str(path)) for path in exposed))
    if not notes:
        return Check("backups", Status.OK, message)
    return Check("backups", Status.WARNING, f"{message}; {'; '.join(notes)}", fix="; ".join(fixes))


def _config_check(path: Path) -> Check:
    from learnlog.config import explicit_keys, load_settings
    from learnlog.errors import ConfigError

    if not path.exists():
        return Check("config", Status.OK, f"{path} does not exist yet: every setting is a default")
    try:
        load_settings(path)
        keys = explicit_keys(path)
    except ConfigError as error:
        hinted = "learnlog config edit" in error.message
        return Check(
            "config",
            Status.PROBLEM,
            error.message,
            fix=None if hinted else "fix it with 'learnlog config edit'",
            exit_code=EXIT_USER,
        )
    settings = "1 setting" if len(keys) == 1 else f"{len(keys)} settings"
    return Check("config", Status.OK, f"{path} is valid ({settings} in it)")


def _log_check(path: Path) -> Check:
    if not path.is_file():
        return Check("log", Status.OK, f"{path}: no unexpected errors noted")
    return Check(
        "log",
        Status.OK,
        f"{path} ({size_text(path.stat().st_size)}): learnlog noted unexpected errors there; "
        "attach it when you report a problem",
    )


def journal_of_url(url: str) -> tuple[Path | None, str | None]:
    """The SQLite file a LEARNLOG_DATABASE_URL names, else ``None`` and the URL sans password."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except (ArgumentError, ValueError) as error:
        raise StorageError(f"LEARNLOG_DATABASE_URL cannot be used: {error}") from None
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        return Path(parsed.database), None
    return None, parsed.render_as_string(hide_password=True)


def back_up(journal: Path, *, output: Path | None, now: datetime) -> BackupFile:
    """Copy the journal with SQLite's online backup into a new private file.

    By default the copy goes beside the journal as ``NAME.<time>.backup.bak``. An existing
    file is never overwritten; a journal that is damaged, newer or not learnlog's is refused,
    and an older one is copied as it is, not upgraded.
    """
    if journal.is_dir():
        raise StorageError(f"{journal} is a directory; --db needs the path of a journal file")
    if not journal.exists():
        raise NotFoundError(f"there is no journal at {journal}; nothing was backed up")
    target = output if output is not None else _free_backup_name(journal, now)
    if target.is_dir():
        raise InputError(f"{target} is a folder; --output needs the name of a new file")
    if target.exists() or target.is_symlink():
        raise RefusedError(
            f"{target} already exists; learnlog backup never overwrites a file, "
            "so give --output a new name"
        )
    existed = existing_sidecars(journal)
    try:
        if journal.stat().st_size and not _readable_header(journal):
            raise StorageError(
                f"{journal} is not a learnlog journal (not an SQLite database); "
                "nothing was backed up"
            )
        inspection = inspect_file(journal)
        refuse_unusable(journal, inspection)
        if inspection.state is SchemaState.EMPTY:
            raise RefusedError(f"the journal at {journal} is empty; nothing was backed up")
        _ensure_folder(target.parent)
        return copy_journal(journal, target)
    except StorageError:
        remove_new_sidecars(journal, existed)
        raise


def _free_backup_name(journal: Path, now: datetime) -> Path:
    """The default backup name, by the next free second when one was taken this second."""
    target = manual_backup_path(journal, now)
    later = 0
    while target.exists() and later < MAX_SECONDS_AHEAD:
        later += 1
        target = manual_backup_path(journal, now + timedelta(seconds=later))
    return target


def _readable_header(journal: Path) -> bool:
    try:
        return has_sqlite_header(journal)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise StorageError(
            f"cannot read the journal at {journal}: {reason}; check its permissions"
        ) from None


def _ensure_folder(folder: Path) -> None:
    from learnlog.config import ensure_private_dir

    try:
        ensure_private_dir(folder)
    except OSError as error:
        reason = (error.strerror or str(error)).lower()
        raise InputError(f"cannot create the folder {folder}: {reason}") from None
