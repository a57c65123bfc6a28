"""The ``autostart`` and desktop-file commands, parsed and run for real."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from tray_app import APP_ID
from tray_app.autostart import autostart_backend
from tray_app.commands import autostart_cmd, desktop_cmd


def run_command(argv: list[str]) -> int:
    """Parse ``argv`` with only our commands registered, then run it."""
    parser = argparse.ArgumentParser(prog="hackatime-tray")
    subparsers = parser.add_subparsers()
    autostart_cmd.register(subparsers)
    desktop_cmd.register(subparsers)
    args = parser.parse_args(argv)
    return int(args.handler(args))


def test_autostart_on_status_off(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """on writes the entry, status reports it, off removes it; one line each."""
    entry = isolated_home / ".config" / "autostart" / f"{APP_ID}.desktop"

    assert run_command(["autostart", "on"]) == 0
    assert entry.is_file()
    assert run_command(["autostart", "status"]) == 0
    assert run_command(["autostart", "off"]) == 0
    assert not entry.exists()
    assert run_command(["autostart", "status"]) == 0

    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith(f"Start at login is on: {entry} runs /")
    assert lines[1:] == [
        f"Start at login is on ({entry})",
        f"Start at login is off: removed {entry}",
        f"Start at login is off ({entry})",
    ]


def test_autostart_off_when_not_on_says_so(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Turning it off when it was never on succeeds and says it was off."""
    entry = isolated_home / ".config" / "autostart" / f"{APP_ID}.desktop"

    assert run_command(["autostart", "off"]) == 0

    assert capsys.readouterr().out == (
        f"Start at login was already off ({entry} is gone)\n"
    )


def test_autostart_rejects_an_unknown_action(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Only on, off and status are accepted, with argparse's usage error."""
    with pytest.raises(SystemExit) as caught:
        run_command(["autostart", "maybe"])

    assert caught.value.code == 2
    assert "invalid choice" in capsys.readouterr().err


def test_install_and_uninstall_desktop_files_commands(
    isolated_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The two commands write and then remove the launcher and its icons."""
    data_dir = isolated_home / ".local" / "share"
    launcher = data_dir / "applications" / f"{APP_ID}.desktop"

    assert run_command(["install-desktop-files"]) == 0
    assert launcher.is_file()
    assert run_command(["uninstall-desktop-files"]) == 0
    assert not launcher.exists()

    assert capsys.readouterr().out.splitlines() == [
        f"Installed the launcher {launcher} and 9 icons under {data_dir}",
        f"Removed 10 desktop files from {data_dir}",
    ]


def test_off_removes_a_launch_agent_too_damaged_to_read(
    isolated_home: Path,
) -> None:
    """``autostart off`` deletes our broken plist instead of failing on it."""
    backend = autostart_backend("darwin", home=isolated_home)
    plist = Path(backend.location())
    plist.parent.mkdir(parents=True)
    plist.write_bytes(b"<plist><dict>")

    message = autostart_cmd.turn_off(backend)

    assert message == f"Start at login is off: removed {plist}"
    assert not plist.exists()
