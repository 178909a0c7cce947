"""The CLI reference in docs/ is generated from the Typer app and must not drift from it."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
SCRIPT = REPO_ROOT / "scripts" / "cli_reference.py"
REFERENCE = REPO_ROOT / "docs" / "cli.md"


def load_generator() -> ModuleType:
    """Import scripts/cli_reference.py, which is a script and not part of the package."""
    spec = importlib.util.spec_from_file_location("cli_reference", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def generated() -> str:
    """The reference as the current code generates it (one child process per test run)."""
    return str(load_generator().generate())


def test_cli_reference_is_up_to_date(generated: str) -> None:
    assert REFERENCE.read_text(encoding="utf-8") == generated, (
        "docs/cli.md is out of date; regenerate it with: python scripts/cli_reference.py"
    )


def test_cli_reference_covers_every_command(generated: str) -> None:
    for command in ("add", "list", "show", "edit", "delete", "undo", "config"):
        assert f"## `learnlog {command}`" in generated
    for command in ("list", "get", "set", "path", "edit"):
        assert f"### `learnlog config {command}`" in generated


def test_check_mode_fails_on_a_stale_reference(
    tmp_path: Path, generated: str, capsys: pytest.CaptureFixture[str]
) -> None:
    generator = load_generator()
    stale = tmp_path / "cli.md"
    stale.write_text(generated.replace("List entries, newest first.", "List entries."))

    assert generator.check(stale, generated) == 1
    assert "out of date" in capsys.readouterr().err

    stale.write_text(generated)
    assert generator.check(stale, generated) == 0
