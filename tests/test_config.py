"""Configuration and paths, as the spec's "Configuration" and "Storage" sections say."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from learnlog.config import (
    Settings,
    config_path,
    db_path,
    explicit_keys,
    load_settings,
    set_value,
    system_timezone,
)
from learnlog.errors import ConfigError
from tests.conftest import Sandbox

COMMENTED = """\
# my learnlog settings
timezone = "Europe/Berlin"  # where I live

# a night owl: the day starts at two
day_start_hour = 2
papers_per_week = 3
"""


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- Reading settings -----------------------------------------------------------------------


def test_without_a_config_file_every_key_has_its_default(sandbox: Sandbox) -> None:
    assert load_settings() == Settings(
        timezone="UTC",
        day_start_hour=0,
        papers_per_week=2,
        papers_per_year=100,
        grace_per_month=0,
        editor="",
    )
    assert not sandbox.config.exists()  # reading never creates the file


@pytest.mark.parametrize("tz", ["Europe/Berlin", ":America/New_York", "Asia/Kolkata"])
def test_the_default_timezone_is_the_systems(monkeypatch: pytest.MonkeyPatch, tz: str) -> None:
    monkeypatch.setenv("TZ", tz)
    assert system_timezone() == tz.lstrip(":")
    assert load_settings().timezone == tz.lstrip(":")


@pytest.mark.parametrize("tz", ["Mars/Base", "../etc/passwd", "America", "CET-1CEST"])
def test_a_tz_that_is_no_iana_name_falls_back_to_a_real_zone(
    monkeypatch: pytest.MonkeyPatch, tz: str
) -> None:
    monkeypatch.setenv("TZ", tz)
    name = system_timezone()
    assert name != tz
    assert Settings(timezone=name).zone.key == name


def test_values_in_the_file_win_over_the_defaults(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", "Asia/Tokyo")
    sandbox.config.parent.mkdir()
    sandbox.config.write_text(COMMENTED + 'editor = "code --wait"\n', encoding="utf-8")
    settings = load_settings()
    assert settings == Settings(
        timezone="Europe/Berlin",
        day_start_hour=2,
        papers_per_week=3,
        papers_per_year=100,
        grace_per_month=0,
        editor="code --wait",
    )
    assert explicit_keys() == {"timezone", "day_start_hour", "papers_per_week", "editor"}


@pytest.mark.parametrize(
    ("content", "named"),
    [
        ('timezone = "UTC"\nday_start_hour 3\n', "line 2"),
        ('timezone = "UTC"\npapers_per_week = \n', "line 2"),
        ("[[[\n", "line 1"),
        ('timezone = "UTC"\neditor = "vim', "line 2"),  # unterminated at the end of the file
        ('editor = """vim\n\n', "line 2"),
        ("day_start_hour = 9\n", "day_start_hour"),
        ("day_start_hour = -1\n", "day_start_hour"),
        ("day_start_hour = true\n", "day_start_hour"),
        ("papers_per_week = -2\n", "papers_per_week"),
        ("papers_per_year = 2.5\n", "papers_per_year"),
        ('timezone = "Mars/Base"\n', "Mars/Base"),
        ("editor = 5\n", "editor"),
        ("colour = 'blue'\n", "colour"),
        ("[habits]\njournal = 1\n", "habits"),
    ],
)
def test_a_config_file_that_cannot_be_used_names_the_file_and_the_problem(
    sandbox: Sandbox, content: str, named: str
) -> None:
    sandbox.config.parent.mkdir()
    sandbox.config.write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as refusal:
        load_settings()
    assert str(sandbox.config) in refusal.value.message
    assert named in refusal.value.message


def test_a_config_file_that_is_not_utf8_is_an_error_naming_the_file(sandbox: Sandbox) -> None:
    sandbox.config.parent.mkdir()
    sandbox.config.write_bytes(b'editor = "\xff"\n')
    with pytest.raises(ConfigError, match="cannot read config file") as refusal:
        load_settings()
    assert str(sandbox.config) in refusal.value.message


# --- Changing settings ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "raw", "value"),
    [
        ("timezone", "Europe/Berlin", "Europe/Berlin"),
        ("timezone", " America/New_York ", "America/New_York"),
        ("day_start_hour", "0", 0),
        ("day_start_hour", "6", 6),
        ("papers_per_week", "3", 3),
        ("grace_per_month", "0", 0),
        ("papers_per_year", "52", 52),
        ("grace_per_month", "2", 2),
        ("editor", "code --wait", "code --wait"),
        ("editor", 'vim -c "set tw=80"', 'vim -c "set tw=80"'),
        ("editor", "micro-éditeur", "micro-éditeur"),
    ],
)
def test_a_value_set_is_saved_checked_and_typed(key: str, raw: str, value: object) -> None:
    assert set_value(key, raw) == value
    assert getattr(load_settings(), key) == value
    assert explicit_keys() == {key}


@pytest.mark.parametrize(
    ("key", "raw", "message"),
    [
        ("colour", "blue", "known keys: timezone, day_start_hour"),
        ("timezone", "Mars/Base", "not an IANA timezone"),
        ("timezone", "../etc/passwd", "not an IANA timezone"),
        ("timezone", "America", "not an IANA timezone"),
        ("timezone", "", "not an IANA timezone"),
        ("day_start_hour", "7", "0 to 6"),
        ("day_start_hour", "-1", "0 to 6"),
        ("day_start_hour", "abc", "whole number"),
        ("day_start_hour", "2.5", "whole number"),
        ("papers_per_week", "-1", "1 or more"),
        ("papers_per_week", "0", "1 or more"),
        ("papers_per_year", "0", "1 or more"),
        ("papers_per_year", "a hundred", "whole number"),
        ("grace_per_month", "-2", "0 or more"),
        ("editor", "vim\x00", "editor"),
        ("editor", "vim\x7f", "editor"),
        ("editor", "vi\udcffm", "editor"),  # undecodable bytes on the command line
    ],
)
def test_an_invalid_value_is_refused_and_the_file_left_unchanged(
    sandbox: Sandbox, key: str, raw: str, message: str
) -> None:
    sandbox.config.parent.mkdir()
    sandbox.config.write_text(COMMENTED, encoding="utf-8")
    before = sandbox.config.read_bytes()
    with pytest.raises(ConfigError, match=message):
        set_value(key, raw)
    assert sandbox.config.read_bytes() == before


def test_an_invalid_value_creates_no_file(sandbox: Sandbox) -> None:
    with pytest.raises(ConfigError):
        set_value("day_start_hour", "7")
    assert not sandbox.config.exists()


@pytest.mark.parametrize(
    ("key", "value", "old", "new"),
    [
        ("day_start_hour", "4", "day_start_hour = 2", "day_start_hour = 4"),
        ("timezone", "Asia/Tokyo", '"Europe/Berlin"', '"Asia/Tokyo"'),  # its comment stays
    ],
)
def test_setting_a_key_replaces_it_in_place_keeping_comments_and_other_keys(
    sandbox: Sandbox, key: str, value: str, old: str, new: str
) -> None:
    sandbox.config.parent.mkdir()
    sandbox.config.write_text(COMMENTED, encoding="utf-8")
    set_value(key, value)
    assert sandbox.config.read_text(encoding="utf-8") == COMMENTED.replace(old, new)


def test_a_hash_inside_a_string_is_not_taken_for_a_comment(sandbox: Sandbox) -> None:
    sandbox.config.parent.mkdir()
    sandbox.config.write_text('editor = "vim # a plugin"  # my editor\n', encoding="utf-8")
    set_value("editor", "nano")
    assert sandbox.config.read_text(encoding="utf-8") == 'editor = "nano"  # my editor\n'


def test_setting_a_new_key_adds_it_and_keeps_the_rest(sandbox: Sandbox) -> None:
    sandbox.config.parent.mkdir()
    sandbox.config.write_text(COMMENTED, encoding="utf-8")
    set_value("papers_per_year", "50")
    assert sandbox.config.read_text(encoding="utf-8") == COMMENTED + "papers_per_year = 50\n"
    assert load_settings().papers_per_year == 50
    assert load_settings().day_start_hour == 2


@pytest.mark.parametrize(
    "content",
    [
        '"day_start_hour" = 2\n',  # a quoted key the line edit cannot see
        'editor = """\nvim\n"""\n',  # a value over several lines
    ],
)
def test_a_file_that_cannot_be_edited_safely_is_left_alone(sandbox: Sandbox, content: str) -> None:
    sandbox.config.parent.mkdir()
    sandbox.config.write_text(content, encoding="utf-8")
    key = "day_start_hour" if "day_start_hour" in content else "editor"
    with pytest.raises(ConfigError, match="config edit"):
        set_value(key, "4" if key == "day_start_hour" else "nano")
    assert sandbox.config.read_text(encoding="utf-8") == content


def test_a_malformed_file_is_not_rewritten(sandbox: Sandbox) -> None:
    sandbox.config.parent.mkdir()
    sandbox.config.write_text("day_start_hour = = 2\n", encoding="utf-8")
    before = sandbox.config.read_bytes()
    with pytest.raises(ConfigError, match="line 1") as refusal:
        set_value("day_start_hour", "3")
    assert str(sandbox.config) in refusal.value.message
    assert sandbox.config.read_bytes() == before


def test_a_config_file_written_is_private(sandbox: Sandbox) -> None:
    set_value("timezone", "Europe/Berlin")
    assert mode(sandbox.config) == 0o600
    assert mode(sandbox.config.parent) == 0o700


def test_missing_directories_above_the_config_file_are_private_too(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    deep = sandbox.root / "outer" / "inner" / "config.toml"
    monkeypatch.setenv("LEARNLOG_CONFIG", str(deep))
    set_value("papers_per_week", "1")
    assert mode(deep) == 0o600
    assert mode(deep.parent) == mode(deep.parent.parent) == 0o700
    assert load_settings().papers_per_week == 1


def test_an_existing_config_file_becomes_private_when_rewritten(sandbox: Sandbox) -> None:
    sandbox.config.parent.mkdir()
    sandbox.config.write_text(COMMENTED, encoding="utf-8")
    sandbox.config.chmod(0o644)
    set_value("papers_per_week", "4")
    assert mode(sandbox.config) == 0o600


def test_a_symlinked_config_file_is_written_through_the_link(sandbox: Sandbox) -> None:
    dotfiles = sandbox.root / "dotfiles"
    dotfiles.mkdir()
    real = dotfiles / "learnlog.toml"
    real.write_text(COMMENTED, encoding="utf-8")
    sandbox.config.parent.mkdir()
    sandbox.config.symlink_to(real)
    set_value("day_start_hour", "5")
    assert sandbox.config.is_symlink()
    assert load_settings().day_start_hour == 5
    assert "day_start_hour = 5" in real.read_text(encoding="utf-8")


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs a read-only /proc")
def test_a_config_file_that_cannot_be_written_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    unwritable = Path("/proc/learnlog-config.toml")
    monkeypatch.setenv("LEARNLOG_CONFIG", str(unwritable))
    with pytest.raises(ConfigError, match="cannot write config file") as refusal:
        set_value("day_start_hour", "3")
    assert str(unwritable) in refusal.value.message


# --- Paths ----------------------------------------------------------------------------------


def test_learnlog_config_names_the_config_file(sandbox: Sandbox) -> None:
    assert config_path() == sandbox.config
    set_value("grace_per_month", "1")
    assert sandbox.config.is_file()


def test_load_settings_reads_the_file_it_is_given(sandbox: Sandbox) -> None:
    other = sandbox.root / "other.toml"
    other.write_text("grace_per_month = 3\n", encoding="utf-8")
    assert load_settings(other).grace_per_month == 3
    assert load_settings().grace_per_month == 0


def test_learnlog_config_expands_the_home_directory(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEARNLOG_CONFIG", "~/learnlog.toml")
    assert config_path() == sandbox.home / "learnlog.toml"


def test_without_learnlog_config_the_file_is_in_the_user_config_directory(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LEARNLOG_CONFIG")
    assert config_path() == sandbox.home / "config" / "learnlog" / "config.toml"


def test_learnlog_db_names_the_journal(sandbox: Sandbox) -> None:
    assert db_path() == sandbox.db


def test_the_db_option_wins_over_learnlog_db(sandbox: Sandbox) -> None:
    chosen = sandbox.root / "elsewhere.db"
    assert db_path(chosen) == chosen
    assert db_path(Path("~/journal.db")) == sandbox.home / "journal.db"


@pytest.mark.parametrize("unset", [True, False])
def test_without_learnlog_db_the_journal_is_in_the_user_data_directory(
    sandbox: Sandbox, monkeypatch: pytest.MonkeyPatch, unset: bool
) -> None:
    if unset:
        monkeypatch.delenv("LEARNLOG_DB")
    else:
        monkeypatch.setenv("LEARNLOG_DB", "")
    assert db_path() == sandbox.home / "data" / "learnlog" / "learnlog.db"
