"""XDG autostart on Linux, for real, in the test's temporary HOME."""

from __future__ import annotations

import configparser
import re
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tray_app import APP_ID
from tray_app.autostart import autostart_backend, launch_command
from tray_app.errors import ConfigError

VALUE_UNESCAPES = {"s": " ", "n": "\n", "t": "\t", "r": "\r", "\\": "\\"}


def read_entry(path: Path) -> dict[str, str]:
    """The [Desktop Entry] group, read with configparser (not our reader)."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def decode_exec(value: str) -> list[str]:
    """An Exec value back to argv, written from the spec's rules.

    String escapes first; then arguments split on spaces, where double
    quotes group and, inside them, a backslash takes the next character
    literally; finally ``%%`` becomes ``%``.
    """
    command_line = re.sub(
        r"\\(.)", lambda m: VALUE_UNESCAPES.get(m[1], m[0]), value
    )
    arguments: list[str] = []
    current: list[str] = []
    in_argument = in_quotes = False
    characters = iter(command_line)
    for char in characters:
        if in_quotes and char == "\\":
            current.append(next(characters))
        elif char == '"':
            in_quotes = not in_quotes
            in_argument = True
        elif char == " " and not in_quotes:
            if in_argument:
                arguments.append("".join(current))
            current, in_argument = [], False
        else:
            current.append(char)
            in_argument = True
    if in_argument:
        arguments.append("".join(current))
    return [argument.replace("%%", "%") for argument in arguments]


def test_enable_writes_the_autostart_entry(isolated_home: Path) -> None:
    """Turning it on writes the autostart entry with the spec's keys."""
    backend = autostart_backend("linux")
    command = ["/opt/hackatime tray/bin/hackatime-tray"]

    backend.enable(command)

    path = isolated_home / ".config" / "autostart" / f"{APP_ID}.desktop"
    assert backend.location() == path
    entry = read_entry(path)
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Hackatime Tray"
    assert entry["Icon"] == APP_ID
    assert entry["Terminal"] == "false"
    assert entry["X-GNOME-Autostart-enabled"] == "true"
    assert "Hidden" not in entry
    assert decode_exec(entry["Exec"]) == command


def test_exec_quotes_a_venv_path_with_spaces(
    tmp_path: Path, desktop_file_problems: Callable[[Path], list[str]]
) -> None:
    """A console script under a folder with spaces is one quoted, absolute argument."""
    bin_dir = tmp_path / "My Apps" / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    (bin_dir / "python").symlink_to(sys.executable)
    (bin_dir / "hackatime-tray").write_text("#!/bin/sh\n", encoding="utf-8")
    command = launch_command(
        executable=str(bin_dir / "python"), frozen=False, platform="linux"
    )
    backend = autostart_backend("linux")

    backend.enable(command)

    exec_value = read_entry(Path(backend.location()))["Exec"]
    assert exec_value == f'"{bin_dir / "hackatime-tray"}"'
    assert decode_exec(exec_value) == command
    assert Path(decode_exec(exec_value)[0]).is_absolute()
    assert desktop_file_problems(Path(backend.location())) == []


def test_exec_escapes_reserved_characters(
    desktop_file_problems: Callable[[Path], list[str]],
) -> None:
    """Quotes, $, backquote, backslash and % in arguments survive the round trip."""
    command = [
        '/home/ann/we"ird $dir/`x`/back\\slash/hackatime-tray',
        "--label=100% it's",
        "",
        "plain",
    ]
    backend = autostart_backend("linux")

    backend.enable(command)

    exec_value = read_entry(Path(backend.location()))["Exec"]
    assert decode_exec(exec_value) == command
    assert desktop_file_problems(Path(backend.location())) == []


def test_program_path_with_equals_sign_is_rejected() -> None:
    """The spec forbids '=' in the program path, so enabling says so clearly."""
    backend = autostart_backend("linux")

    with pytest.raises(ConfigError, match="'='"):
        backend.enable(["/opt/a=b/hackatime-tray"])

    assert not Path(backend.location()).exists()


def test_is_enabled_follows_enable_and_disable() -> None:
    """The state reads off before, on after enable, and off after disable."""
    backend = autostart_backend("linux")
    assert backend.is_enabled() is False

    backend.enable(["/usr/bin/hackatime-tray"])
    assert backend.is_enabled() is True

    backend.disable()
    assert backend.is_enabled() is False
    assert not Path(backend.location()).exists()


@pytest.mark.parametrize(
    "switch_off",
    ["Hidden=true", "X-GNOME-Autostart-enabled=false", "Hidden = True"],
)
def test_entry_switched_off_by_the_desktop_counts_as_off(
    switch_off: str,
) -> None:
    """Hidden=true (spec, XFCE) or GNOME's enabled=false make is_enabled False."""
    backend = autostart_backend("linux")
    backend.enable(["/usr/bin/hackatime-tray"])
    path = Path(backend.location())
    text = path.read_text(encoding="utf-8")
    text = text.replace("X-GNOME-Autostart-enabled=true\n", "")
    path.write_text(text + switch_off + "\n", encoding="utf-8")

    assert backend.is_enabled() is False


def test_hidden_in_another_group_does_not_count() -> None:
    """Only keys of the [Desktop Entry] group decide the state."""
    backend = autostart_backend("linux")
    backend.enable(["/usr/bin/hackatime-tray"])
    path = Path(backend.location())
    with path.open("a", encoding="utf-8") as handle:
        handle.write("\n[Desktop Action quit]\nHidden=true\n")

    assert backend.is_enabled() is True


def test_enable_again_replaces_a_hidden_entry() -> None:
    """Turning it on after the desktop hid the entry makes it start again."""
    backend = autostart_backend("linux")
    path = Path(backend.location())
    path.parent.mkdir(parents=True)
    path.write_text("[Desktop Entry]\nHidden=true\n", encoding="utf-8")

    backend.enable(["/usr/bin/hackatime-tray"])

    assert backend.is_enabled() is True
    assert "Hidden" not in read_entry(path)


def test_disable_leaves_other_apps_entries(isolated_home: Path) -> None:
    """Turning it off deletes our file only; another app's entry is untouched."""
    autostart_dir = isolated_home / ".config" / "autostart"
    autostart_dir.mkdir(parents=True)
    other = autostart_dir / "org.example.Other.desktop"
    other_text = "[Desktop Entry]\nType=Application\nName=Other\nExec=other\n"
    other.write_text(other_text, encoding="utf-8")
    backend = autostart_backend("linux")
    backend.enable(["/usr/bin/hackatime-tray"])

    backend.disable()

    assert sorted(p.name for p in autostart_dir.iterdir()) == [other.name]
    assert other.read_text(encoding="utf-8") == other_text


def test_disable_when_off_changes_nothing(isolated_home: Path) -> None:
    """Turning it off twice, or before it was ever on, is not an error."""
    backend = autostart_backend("linux")

    backend.disable()
    backend.disable()

    assert backend.is_enabled() is False
    assert not (isolated_home / ".config" / "autostart").exists()


def test_autostart_dir_follows_xdg_config_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An absolute $XDG_CONFIG_HOME moves the autostart folder with it."""
    config_home = tmp_path / "elsewhere"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(config_home))

    backend = autostart_backend("linux")
    backend.enable(["/usr/bin/hackatime-tray"])

    assert (
        backend.location() == config_home / "autostart" / f"{APP_ID}.desktop"
    )
    assert Path(backend.location()).is_file()


def test_relative_xdg_config_home_is_ignored(
    isolated_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative $XDG_CONFIG_HOME is invalid per the spec, so ~/.config is used."""
    monkeypatch.setenv("XDG_CONFIG_HOME", "relative/config")

    backend = autostart_backend("linux")

    expected = isolated_home / ".config" / "autostart" / f"{APP_ID}.desktop"
    assert backend.location() == expected


def test_explicit_home_wins_over_the_environment(tmp_path: Path) -> None:
    """``home=`` puts the entry under that home's .config/autostart."""
    other_home = tmp_path / "other-user"

    backend = autostart_backend("linux", home=other_home)

    expected = other_home / ".config" / "autostart" / f"{APP_ID}.desktop"
    assert backend.location() == expected


def test_unwritable_autostart_folder_is_a_config_error(
    isolated_home: Path,
) -> None:
    """When the folder cannot be created the error names the file to write."""
    config_dir = isolated_home / ".config"
    config_dir.mkdir()
    (config_dir / "autostart").write_text(
        "a file, not a folder", encoding="utf-8"
    )
    backend = autostart_backend("linux")

    with pytest.raises(ConfigError) as caught:
        backend.enable(["/usr/bin/hackatime-tray"])

    assert caught.value.path == backend.location()
    assert str(backend.location()) in str(caught.value)
