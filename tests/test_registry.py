"""cli/registry.py describes the commands without importing them; here it meets the modules."""

from __future__ import annotations

import importlib
import pkgutil
from typing import Any

import pytest
import typer
from typer._click.formatting import HelpFormatter
from typer.core import TyperGroup
from typer.main import get_command_name

import learnlog.cli
import learnlog.cli.root
from learnlog.cli import app, registry


def defined_names(commands: typer.Typer) -> list[str]:
    """The names a module's Typer app defines, in the order Typer lists them."""
    names = [
        info.name or get_command_name(info.callback.__name__)
        for info in commands.registered_commands
        if info.callback is not None
    ]
    return names + [str(info.name) for info in commands.registered_groups]


def command_modules() -> dict[str, typer.Typer]:
    """Every module of learnlog.cli that defines commands, by its short name."""
    found = {}
    for module_info in pkgutil.iter_modules(learnlog.cli.__path__):
        module = importlib.import_module(f"learnlog.cli.{module_info.name}")
        commands = getattr(module, "commands", None)
        if isinstance(commands, typer.Typer):
            found[module_info.name] = commands
    return found


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the commands and groups the root group builds, in the order it builds them."""
    names: list[str] = []
    for builder in ("get_command_from_info", "get_group_from_info"):
        original = getattr(learnlog.cli.root, builder)

        def spy(info: Any, *, _original: Any = original, **settings: Any) -> Any:
            command = _original(info, **settings)
            names.append(command.name)
            return command

        monkeypatch.setattr(learnlog.cli.root, builder, spy)
    return names


@pytest.fixture
def root() -> tuple[TyperGroup, Any]:
    """The root group as ``learnlog`` builds it, and a context for it."""
    group = typer.main.get_command(app)
    assert isinstance(group, TyperGroup)
    return group, group.make_context("learnlog", ["--help"], resilient_parsing=True)


def test_the_registry_lists_what_each_module_defines_in_its_order() -> None:
    modules = command_modules()
    assert sorted({command.module for command in registry.COMMANDS}) == sorted(modules)
    for name, commands in modules.items():
        listed = [command.name for command in registry.COMMANDS if command.module == name]
        assert listed == defined_names(commands), name


def test_names_are_unique_and_the_root_defines_no_command_of_its_own() -> None:
    names = [command.name for command in registry.COMMANDS]
    assert len(names) == len(set(names))
    assert app.registered_commands == []
    assert app.registered_groups == []


@pytest.mark.parametrize("listed", registry.COMMANDS, ids=lambda command: command.name)
def test_each_summary_and_subcommand_list_matches_the_command(
    root: tuple[TyperGroup, Any], listed: registry.Command
) -> None:
    group, ctx = root
    command = group.get_command(ctx, listed.name)
    assert command is not None
    assert command.help is not None
    first_paragraph = command.help.split("\n\n")[0]
    assert " ".join(first_paragraph.split()) == listed.summary
    assert command.short_help is None
    assert not command.hidden
    assert not command.deprecated
    if isinstance(command, TyperGroup):
        assert tuple(command.list_commands(ctx)) == listed.subcommands
    else:
        assert listed.subcommands == ()


@pytest.mark.parametrize("width", [30, 50, 80, 120, 200])
def test_the_help_lists_the_commands_exactly_as_typer_would(
    root: tuple[TyperGroup, Any], built: list[str], width: int
) -> None:
    group, ctx = root
    from_registry = HelpFormatter(width=width)
    group.format_commands(ctx, from_registry)
    assert built == []
    from_commands = HelpFormatter(width=width)
    TyperGroup.format_commands(group, ctx, from_commands)  # Typer's own, building every command
    assert from_registry.getvalue() == from_commands.getvalue()
    assert from_registry.getvalue().count("\n") == len(registry.COMMANDS) + 1


def test_only_the_command_looked_up_is_built_and_only_once(
    root: tuple[TyperGroup, Any], built: list[str]
) -> None:
    group, ctx = root
    assert group.list_commands(ctx) == [command.name for command in registry.COMMANDS]
    assert "streak" in group.commands
    assert built == []
    streak = group.get_command(ctx, "streak")
    assert streak is not None
    assert group.get_command(ctx, "streak") is streak
    config = group.get_command(ctx, "config")
    assert isinstance(config, TyperGroup)
    assert built == ["streak", "config"]
    assert group.get_command(ctx, "nosuch") is None
    assert "nosuch" not in group.commands
