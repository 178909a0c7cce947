"""``learnlog config``: read and change settings without opening the journal."""

from __future__ import annotations

import sys
from dataclasses import asdict
from typing import Annotated

import typer

from learnlog.cli.common import JsonOption

# The root group builds these one at a time, by the names cli/registry.py lists.
commands = typer.Typer()

config_app = typer.Typer(
    help="Show and change settings (timezone, day_start_hour, targets, editor).",
    no_args_is_help=True,
)
commands.add_typer(config_app, name="config")

KeyArgument = Annotated[
    str, typer.Argument(metavar="KEY", help="A configuration key; 'config list' shows them.")
]


@config_app.command("list")
def list_settings(as_json: JsonOption = False) -> None:
    """Every key with its value, and whether it is set in the file or a default."""
    from learnlog.render.console import takes_styles

    if not as_json and not takes_styles(sys.stdout):
        from learnlog.cli.quick import settings_listing

        # The text that learnlog.cli.quick prints without loading Typer, when it can.
        sys.stdout.write(settings_listing())
        return
    from learnlog.config import KEY_HELP, explicit_keys, load_settings
    from learnlog.render.config import settings_table
    from learnlog.render.console import emit_json, show

    settings = asdict(load_settings())
    if as_json:
        emit_json(settings)
        return
    show(settings_table(settings, explicit=explicit_keys(), help_texts=KEY_HELP))


@config_app.command("get")
def get_setting(key: KeyArgument) -> None:
    """Print the value of one key."""
    from learnlog.config import check_key, load_settings

    check_key(key)
    sys.stdout.write(f"{asdict(load_settings())[key]}\n")


@config_app.command("set", context_settings={"ignore_unknown_options": True})
def set_setting(
    key: KeyArgument,
    value: Annotated[
        str,
        typer.Argument(metavar="VALUE", help="The new value; it is checked before it is saved."),
    ],
) -> None:
    """Check a value and save it in the configuration file."""
    from learnlog.config import config_path, set_value
    from learnlog.render.console import say

    saved = set_value(key, value)
    say(f"{key} = {saved} (saved in {config_path()})")


@config_app.command("path")
def show_path() -> None:
    """Print where the configuration file is (it may not exist yet)."""
    from learnlog.config import config_path

    sys.stdout.write(f"{config_path()}\n")


@config_app.command("edit")
def edit_config() -> None:
    """Open the configuration file in your editor, then check it (also to mend a broken one)."""
    from learnlog.cli.editor import run_editor
    from learnlog.config import config_path, load_settings, read_config_file, write_private_text
    from learnlog.errors import ConfigError
    from learnlog.render.console import say

    path = config_path()
    if not path.exists():
        write_private_text(path, "# learnlog settings; 'learnlog config list' shows the keys\n")
    try:
        configured = str(read_config_file(path).get("editor", ""))
    except ConfigError:
        configured = ""  # the file is broken: fall back to $VISUAL / $EDITOR to mend it
    run_editor(path, configured=configured)
    load_settings(path)
    say(f"{path} is valid")
