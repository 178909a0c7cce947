"""Every test runs with its own home, config and journal under ``tmp_path``."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from learnlog.cli import app

# Not inherited from the shell that runs the tests; FORCE_COLOR and TTY_COMPATIBLE would make
# every output a terminal's (CI services set them).
PRIVATE_VARIABLES = (
    "LEARNLOG_DATABASE_URL",
    "LEARNLOG_DEBUG",
    "VISUAL",
    "EDITOR",
    "NO_COLOR",
    "FORCE_COLOR",
    "TTY_COMPATIBLE",
)


@dataclass(frozen=True)
class Sandbox:
    """Paths of one test's private world."""

    root: Path
    db: Path
    config: Path
    home: Path


@pytest.fixture(autouse=True)
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Sandbox:
    """Point every path learnlog uses into ``tmp_path``; nothing touches the real home."""
    home = tmp_path / "home"
    home.mkdir()
    for variable in PRIVATE_VARIABLES:
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("HOME", str(home))
    for kind in ("DATA", "CONFIG", "STATE", "CACHE"):
        monkeypatch.setenv(f"XDG_{kind}_HOME", str(home / kind.lower()))
    db = tmp_path / "journal" / "learnlog.db"
    config = tmp_path / "config" / "config.toml"
    monkeypatch.setenv("LEARNLOG_DB", str(db))
    monkeypatch.setenv("LEARNLOG_CONFIG", str(config))
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.setenv("COLUMNS", "160")
    return Sandbox(root=tmp_path, db=db, config=config, home=home)


def today_utc() -> date:
    """Today's learning day under the test settings (UTC, day starting at midnight)."""
    return datetime.now(UTC).date()


@dataclass
class Outcome:
    """What a command did: its exit code and both streams."""

    exit_code: int
    stdout: str
    stderr: str

    def json(self) -> Any:
        """Standard output parsed as the one JSON document it must be."""
        return json.loads(self.stdout)


@pytest.fixture
def cli() -> Any:
    """Run learnlog in-process through Typer's test runner."""
    runner = CliRunner()

    def run(*args: str, input: str | None = None) -> Outcome:
        result = runner.invoke(app, list(args), input=input, catch_exceptions=False)
        return Outcome(result.exit_code, result.stdout, result.stderr)

    return run


@pytest.fixture
def terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """Standard input as a terminal: questions are asked and the editor is used."""
    monkeypatch.setattr("learnlog.cli.common.stdin_is_terminal", lambda: True)


@pytest.fixture
def fresh_consoles() -> Iterator[None]:
    """The consoles are cached per process: rebuilt for the environment a test sets."""
    from learnlog.render.console import data_console, talk_console

    data_console.cache_clear()
    talk_console.cache_clear()
    yield
    data_console.cache_clear()
    talk_console.cache_clear()


@pytest.fixture
def narrow_plain_output(monkeypatch: pytest.MonkeyPatch, fresh_consoles: None) -> None:
    """COLUMNS=80 and NO_COLOR=1."""
    monkeypatch.setenv("COLUMNS", "80")
    monkeypatch.setenv("NO_COLOR", "1")


@pytest.fixture
def terminal_output(monkeypatch: pytest.MonkeyPatch, fresh_consoles: None) -> None:
    """Standard output taken for a terminal without colours (TTY_COMPATIBLE=1, NO_COLOR=1).

    The test runner's output is not a terminal, so commands print what they print into a pipe;
    with this, they print what a person sees in a terminal, laid out by Rich.
    """
    monkeypatch.setenv("TTY_COMPATIBLE", "1")
    monkeypatch.setenv("NO_COLOR", "1")


def installed_learnlog() -> str:
    """The console script installed next to the interpreter running the tests."""
    script = Path(sys.executable).with_name("learnlog")
    assert script.exists(), f"learnlog is not installed in {script.parent}; pip install -e ."
    return str(script)


def subprocess_env(**extra: str) -> dict[str, str]:
    """The sandboxed environment for a real ``learnlog`` process."""
    env = {key: value for key, value in os.environ.items() if key not in PRIVATE_VARIABLES}
    env.update(extra)
    return env


# What the everyday commands must never load: SQLAlchemy, SQLModel, its pydantic, Alembic.
ORM_PACKAGES = frozenset({"sqlalchemy", "sqlmodel", "pydantic", "alembic"})


def imported_modules(*args: str, **env: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    """Run learnlog with ``-X importtime``; return the outcome and every module it imported."""
    outcome = subprocess.run(
        [sys.executable, "-X", "importtime", installed_learnlog(), *args],
        capture_output=True,
        text=True,
        env=subprocess_env(**env),
        check=False,
    )
    assert outcome.returncode == 0, outcome.stderr[-2000:]
    return outcome, set(re.findall(r"\|\s+([\w.]+)\s*$", outcome.stderr, flags=re.M))


def modules_of(imported: set[str], packages: Collection[str]) -> set[str]:
    """The imported modules that belong to one of ``packages``."""
    return {name for name in imported if name.split(".")[0] in packages}


def orm_modules(imported: set[str]) -> set[str]:
    """The imported modules that belong to the database stack."""
    return modules_of(imported, ORM_PACKAGES)
