"""Settings and paths, resolved when asked for and never at import time."""

from __future__ import annotations

import os
import re
import shlex
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from learnlog.domain import is_control
from learnlog.errors import ConfigError

if TYPE_CHECKING:
    import tomllib
    from collections.abc import Iterable

APP_NAME = "learnlog"
DB_FILENAME = "learnlog.db"
CONFIG_FILENAME = "config.toml"
PRIVATE_DIR_MODE = 0o700
PRIVATE_FILE_MODE = 0o600
FIX_HINT = "fix it with 'learnlog config edit'"


@dataclass(frozen=True)
class Settings:
    """Every configuration key with its value; the defaults are the spec's."""

    timezone: str = "UTC"
    day_start_hour: int = 0
    papers_per_week: int = 2
    papers_per_year: int = 100
    grace_per_month: int = 0
    editor: str = ""

    @property
    def zone(self) -> ZoneInfo:
        """The configured timezone as a ``ZoneInfo``."""
        return ZoneInfo(self.timezone)


KEYS: tuple[str, ...] = tuple(f.name for f in fields(Settings))

KEY_HELP: dict[str, str] = {
    "timezone": "IANA timezone name used to decide which day an entry belongs to",
    "day_start_hour": "hour (0..6) at which a new learning day starts, for night owls",
    "papers_per_week": "papers to read each calendar week",
    "papers_per_year": "papers to read each year, for the year pace",
    "grace_per_month": "missed days excused each calendar month",
    "editor": "command used to edit entries (default: $VISUAL, then $EDITOR)",
}


def system_timezone() -> str:
    """The system's IANA timezone name, or UTC when it cannot be told."""
    from_env = os.environ.get("TZ", "").lstrip(":")
    if from_env and _is_iana_name(from_env):
        return from_env
    try:
        target = Path("/etc/localtime").resolve(strict=True)
    except OSError:
        return "UTC"
    parts = target.parts
    if "zoneinfo" in parts:
        name = "/".join(parts[parts.index("zoneinfo") + 1 :])
        if _is_iana_name(name):
            return name
    return "UTC"


def _is_iana_name(name: str) -> bool:
    if not re.fullmatch(r"[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+)*", name):
        return False
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a directory like 'America'
        return False
    return True


def config_path() -> Path:
    """Where the configuration file lives: ``LEARNLOG_CONFIG`` or the user config directory."""
    override = os.environ.get("LEARNLOG_CONFIG")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / CONFIG_FILENAME


def default_db_path() -> Path:
    """The embedded SQLite journal in the platform's user data directory."""
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / DB_FILENAME


def db_path(cli_value: Path | None = None) -> Path:
    """The journal file: ``--db`` wins over ``LEARNLOG_DB``, which wins over the default."""
    if cli_value is not None:
        return cli_value.expanduser()
    override = os.environ.get("LEARNLOG_DB")
    if override:
        return Path(override).expanduser()
    return default_db_path()


def database_url() -> str | None:
    """A SQLAlchemy URL from ``LEARNLOG_DATABASE_URL``, for a journal on a server."""
    return os.environ.get("LEARNLOG_DATABASE_URL") or None


def log_path() -> Path:
    """Where unexpected errors are logged (tracebacks only, never journal text)."""
    from platformdirs import user_log_path

    return user_log_path(APP_NAME, appauthor=False) / "learnlog.log"


def check_key(key: str) -> None:
    """Refuse a key that is not one of the spec's, naming the ones that are."""
    if key not in KEYS:
        known = ", ".join(KEYS)
        raise ConfigError(f"unknown configuration key {key!r}; known keys: {known}")


def parse_value(key: str, raw: object) -> object:
    """Check one configuration value and return it in its proper type."""
    check_key(key)
    if key == "timezone":
        name = str(raw).strip()
        if not _is_iana_name(name):
            raise ConfigError(
                f"timezone {name!r} is not an IANA timezone name; "
                "use a name such as Europe/Berlin, America/New_York or UTC"
            )
        return name
    if key == "editor":
        if not isinstance(raw, str) or any(is_control(char) for char in raw):
            raise ConfigError(
                "editor must be a command on one line, for example 'nano' or 'code --wait'"
            )
        try:
            shlex.split(raw)
        except ValueError:
            raise ConfigError(
                f"editor {raw!r} has an unclosed quote; write it as a shell would, "
                "for example 'code --wait'"
            ) from None
        return raw
    number = _as_int(key, raw)
    if key == "day_start_hour" and not 0 <= number <= 6:
        raise ConfigError(f"day_start_hour must be a whole number from 0 to 6, not {number}")
    # A reading target of zero is no target, and the year pace divides by it.
    least = 1 if key in {"papers_per_week", "papers_per_year"} else 0
    if key != "day_start_hour" and number < least:
        raise ConfigError(f"{key} must be {least} or more, not {number}")
    return number


def _as_int(key: str, raw: object) -> int:
    if isinstance(raw, bool):
        raise ConfigError(f"{key} must be a whole number, not {raw!r}")
    if isinstance(raw, int):
        return raw
    if isinstance(raw, str) and re.fullmatch(r"\s*[+-]?\d+\s*", raw):
        return int(raw)
    raise ConfigError(f"{key} must be a whole number, not {raw!r}")


def read_config_file(path: Path) -> dict[str, Any]:
    """The raw table of a configuration file; an empty one when the file does not exist."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as error:
        raise ConfigError(
            f"cannot read config file {path}: {_reason(error)}; make it a file you can read, "
            "or point LEARNLOG_CONFIG at another one"
        ) from None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise ConfigError(
            f"cannot read config file {path}: line {line} is not UTF-8 text; "
            f"save the file as UTF-8 ({FIX_HINT})"
        ) from None
    import tomllib  # only when there is a file to read: a journal without one never loads it

    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(
            f"config file {path} is malformed: {_located(error, text)}; {FIX_HINT}"
        ) from None


def _located(error: tomllib.TOMLDecodeError, text: str) -> str:
    """The parser's message, naming a line even when the problem is the end of the file."""
    last_line = max(1, len(text.splitlines()))
    return str(error).replace("(at end of document)", f"(at line {last_line}, the end of the file)")


def _reason(error: Exception) -> str:
    if isinstance(error, OSError) and error.strerror:
        return error.strerror.lower()
    return type(error).__name__


def load_settings(path: Path | None = None) -> Settings:
    """Settings from the configuration file, each value checked, defaults for the rest."""
    path = path or config_path()
    table = read_config_file(path)
    values: dict[str, Any] = {"timezone": system_timezone()}
    for key, raw in table.items():
        try:
            values[key] = parse_value(key, raw)
        except ConfigError as error:
            where = _line_of(path, key)
            raise ConfigError(f"config file {path}{where}: {error.message}; {FIX_HINT}") from None
    return replace(Settings(), **values)


def _line_of(path: Path, key: str) -> str:
    """`` line N`` where ``key`` is set in the file (for messages), or ``""``."""
    pattern = re.compile(rf"""^\s*\[*\s*["']?{re.escape(key)}["']?\s*[=\]]""")
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        if pattern.match(line):
            return f" line {number}"
    return ""


def explicit_keys(path: Path | None = None) -> set[str]:
    """The keys set in the configuration file rather than left at their default."""
    return set(read_config_file(path or config_path()))


def set_value(key: str, raw: str, path: Path | None = None) -> object:
    """Validate and write one key, keeping the rest of the file and its comments as they were."""
    path = path or config_path()
    value = parse_value(key, raw)
    before = read_config_file(path)  # refuse to rewrite a file that is already malformed
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        lines = []
    rendered = f"{key} = {_toml_literal(value)}"
    pattern = re.compile(rf"^\s*{re.escape(key)}\s*=")
    for index, line in enumerate(lines):
        if line.lstrip().startswith("["):
            lines.insert(index, rendered)
            break
        if pattern.match(line):
            lines[index] = rendered + _trailing_comment(line)
            break
    else:
        lines.append(rendered)
    text = "\n".join(lines) + "\n"
    # A line-based edit cannot see every TOML form (a quoted key, a multi-line string), so
    # the new text must read back as exactly the old settings with this one key changed.
    import tomllib

    try:
        after = tomllib.loads(text)
    except tomllib.TOMLDecodeError:
        after = None
    if after != {**before, key: value}:
        raise ConfigError(
            f"cannot change {key} in config file {path} without disturbing it; "
            "use 'learnlog config edit'"
        )
    try:
        write_private_text(path, text)
    except OSError as error:
        raise ConfigError(f"cannot write config file {path}: {_reason(error)}") from None
    return value


def _trailing_comment(line: str) -> str:
    """The comment ending a ``key = value`` line with the space before it, or ``""``."""
    import tomllib

    for index, char in enumerate(line):
        if char != "#":
            continue
        try:
            tomllib.loads(line[:index])
        except tomllib.TOMLDecodeError:
            continue  # this '#' is inside a string
        return line[len(line[:index].rstrip()) :]
    return ""


def _toml_literal(value: object) -> str:
    if isinstance(value, int):
        return str(value)
    import json

    # A JSON string without ASCII escaping is also a valid TOML basic string.
    return json.dumps(str(value), ensure_ascii=False)


def ensure_private_dir(directory: Path) -> None:
    """Create a directory (and its parents) readable only by its owner, when it is missing."""
    missing = [directory, *directory.parents]
    missing = missing[: next(i for i, d in enumerate(missing) if d.is_dir())]
    for ancestor in reversed(missing):
        ancestor.mkdir(mode=PRIVATE_DIR_MODE, exist_ok=True)
        ancestor.chmod(PRIVATE_DIR_MODE)  # mkdir's mode is narrowed by the umask only


def write_private_text(path: Path, text: str | Iterable[str]) -> None:
    """Write a file atomically with mode 0600 in a 0700 directory: ``text``, or its pieces.

    A symbolic link (a config file kept with one's dotfiles) is written through, not replaced.
    """
    path = path.resolve()
    ensure_private_dir(path.parent)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, PRIVATE_FILE_MODE)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.writelines([text] if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        temporary.replace(path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
