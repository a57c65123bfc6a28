"""The command a login item runs, for venv, pipx, frozen and Windows."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tray_app.autostart import launch_command
from tray_app.errors import ConfigError


def make_venv(root: Path, *, with_script: bool) -> Path:
    """A venv-shaped folder whose bin/python links to this interpreter."""
    bin_dir = root / "bin"
    bin_dir.mkdir(parents=True)
    python = bin_dir / "python"
    python.symlink_to(sys.executable)
    if with_script:
        script = bin_dir / "hackatime-tray"
        script.write_text("#!/bin/sh\n", encoding="utf-8")
        script.chmod(0o755)
    return python


def test_venv_with_console_script_starts_the_script(tmp_path: Path) -> None:
    """A pipx or venv install starts its own hackatime-tray script."""
    python = make_venv(tmp_path / "venv", with_script=True)

    command = launch_command(
        executable=str(python), frozen=False, platform="linux"
    )

    assert command == [str(tmp_path / "venv" / "bin" / "hackatime-tray")]


def test_venv_without_console_script_runs_the_module(tmp_path: Path) -> None:
    """Without a console script the interpreter runs ``-m tray_app``."""
    python = make_venv(tmp_path / "venv", with_script=False)

    command = launch_command(
        executable=str(python), frozen=False, platform="linux"
    )

    assert command == [str(python), "-m", "tray_app"]


def test_interpreter_symlink_is_not_resolved(tmp_path: Path) -> None:
    """The venv's bin/python symlink is kept, so the command stays in the venv."""
    python = make_venv(tmp_path / "venv", with_script=False)

    command = launch_command(
        executable=str(python), frozen=False, platform="linux"
    )

    assert Path(command[0]).is_symlink()
    assert Path(command[0]).parent == tmp_path / "venv" / "bin"


def test_relative_interpreter_path_becomes_absolute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A relative interpreter path is made absolute from the current folder."""
    make_venv(tmp_path / "venv", with_script=True)
    monkeypatch.chdir(tmp_path)

    command = launch_command(
        executable="venv/bin/python", frozen=False, platform="linux"
    )

    assert command == [str(tmp_path / "venv" / "bin" / "hackatime-tray")]


def test_running_interpreter_gives_an_absolute_existing_program() -> None:
    """With no arguments the command starts from this very interpreter's folder."""
    command = launch_command()

    program = Path(command[0])
    assert program.is_absolute()
    assert program.is_file()
    assert program.parent == Path(sys.executable).absolute().parent


def test_frozen_bundle_starts_its_own_executable(tmp_path: Path) -> None:
    """A PyInstaller build starts the bundle's executable, with no arguments."""
    bundle = tmp_path / "dist" / "hackatime-tray"
    bundle.mkdir(parents=True)
    executable = bundle / "hackatime-tray"
    executable.write_bytes(b"\x7fELF")

    command = launch_command(
        executable=str(executable), frozen=True, platform="linux"
    )

    assert command == [str(executable)]


def test_frozen_windows_cli_starts_the_windowed_sibling(
    tmp_path: Path,
) -> None:
    """``autostart on`` run from the console build registers the windowed tray."""
    bundle = tmp_path / "Hackatime Tray"
    bundle.mkdir()
    (bundle / "hackatime-tray.exe").write_bytes(b"MZ")
    (bundle / "hackatime-tray-cli.exe").write_bytes(b"MZ")

    command = launch_command(
        executable=str(bundle / "hackatime-tray-cli.exe"),
        frozen=True,
        platform="win32",
    )

    assert command == [str(bundle / "hackatime-tray.exe")]


def test_windows_prefers_pythonw(tmp_path: Path) -> None:
    """On Windows the tray starts through pythonw.exe, so no console opens."""
    scripts = tmp_path / "venv" / "Scripts"
    scripts.mkdir(parents=True)
    for name in ("python.exe", "pythonw.exe", "hackatime-tray.exe"):
        (scripts / name).write_bytes(b"MZ")

    command = launch_command(
        executable=str(scripts / "python.exe"), frozen=False, platform="win32"
    )

    assert command == [str(scripts / "pythonw.exe"), "-m", "tray_app"]


def test_windows_without_pythonw_uses_python(tmp_path: Path) -> None:
    """An install without pythonw.exe still gets a working command."""
    scripts = tmp_path / "Scripts"
    scripts.mkdir()
    (scripts / "python.exe").write_bytes(b"MZ")

    command = launch_command(
        executable=str(scripts / "python.exe"), frozen=False, platform="win32"
    )

    assert command == [str(scripts / "python.exe"), "-m", "tray_app"]


def test_empty_interpreter_path_is_a_config_error() -> None:
    """An embedded Python that does not know its own path gets a clear error."""
    with pytest.raises(ConfigError, match="own path"):
        launch_command(executable="", frozen=False, platform="linux")
