"""The app-menu launcher and hicolor icons, installed into a temp data dir."""

from __future__ import annotations

import configparser
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image

from tray_app import APP_ID
from tray_app.autostart import launch_command
from tray_app.autostart_xdg import exec_line
from tray_app.desktop_files import (
    ICON_SIZES,
    install_desktop_files,
    uninstall_desktop_files,
)

SVG_NAMESPACE = "{http://www.w3.org/2000/svg}"


def expected_files(data_dir: Path) -> set[Path]:
    """Every file the install should write under ``data_dir``."""
    apps = [
        data_dir / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        for size in ICON_SIZES
    ]
    return {
        data_dir / "applications" / f"{APP_ID}.desktop",
        data_dir / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg",
        *(folder / f"{APP_ID}.png" for folder in apps),
    }


def read_launcher(path: Path) -> dict[str, str]:
    """The [Desktop Entry] group, read with configparser."""
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(path, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_install_writes_the_launcher_and_every_icon(tmp_path: Path) -> None:
    """The launcher and PNGs at 16..256 plus the scalable SVG all exist."""
    data_dir = tmp_path / "share"

    written = install_desktop_files(data_dir)

    assert set(written) == expected_files(data_dir)
    assert len(written) == len(ICON_SIZES) + 2
    assert all(path.is_file() for path in written)


def test_launcher_passes_desktop_file_validate(
    tmp_path: Path, desktop_file_problems: Callable[[Path], list[str]]
) -> None:
    """desktop-file-validate finds no error or warning in the launcher."""
    launcher = install_desktop_files(tmp_path / "share")[0]

    assert launcher.name == f"{APP_ID}.desktop"
    assert desktop_file_problems(launcher) == []


def test_launcher_runs_the_tray_and_names_its_icon(tmp_path: Path) -> None:
    """Exec is the login command, Icon the installed icon name, in a menu category."""
    launcher = install_desktop_files(tmp_path / "share")[0]

    entry = read_launcher(launcher)
    assert entry["Exec"] == exec_line(launch_command())
    assert entry["Icon"] == APP_ID
    assert entry["Type"] == "Application"
    assert entry["Terminal"] == "false"
    assert entry["Categories"] == "Utility;Development;"


@pytest.mark.parametrize("size", ICON_SIZES)
def test_png_icon_has_its_nominal_size(tmp_path: Path, size: int) -> None:
    """Each hicolor NxN icon is an N by N PNG with transparency."""
    data_dir = tmp_path / "share"
    install_desktop_files(data_dir)
    path = data_dir / "icons" / "hicolor" / f"{size}x{size}" / "apps"

    with Image.open(path / f"{APP_ID}.png") as image:
        assert image.format == "PNG"
        assert image.size == (size, size)
        assert image.mode == "RGBA"
        assert image.getchannel("A").getpixel((0, 0)) == 0


def test_scalable_icon_is_a_square_svg(tmp_path: Path) -> None:
    """The scalable icon is SVG with a square viewBox."""
    data_dir = tmp_path / "share"
    install_desktop_files(data_dir)
    svg = (
        data_dir / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    )

    root = ElementTree.parse(svg).getroot()

    assert root.tag == f"{SVG_NAMESPACE}svg"
    _, _, width, height = root.attrib["viewBox"].split()
    assert width == height


def test_install_uses_xdg_data_home_by_default(isolated_home: Path) -> None:
    """With no argument the files go to $XDG_DATA_HOME (~/.local/share here)."""
    written = install_desktop_files()

    assert set(written) == expected_files(isolated_home / ".local" / "share")


def test_uninstall_removes_exactly_the_installed_files(tmp_path: Path) -> None:
    """Uninstall deletes what install wrote and leaves other apps' files."""
    data_dir = tmp_path / "share"
    other_launcher = data_dir / "applications" / "org.example.Other.desktop"
    other_icon = (
        data_dir / "icons" / "hicolor" / "48x48" / "apps" / "other.png"
    )
    for other in (other_launcher, other_icon):
        other.parent.mkdir(parents=True, exist_ok=True)
        other.write_bytes(b"someone else's")
    written = install_desktop_files(data_dir)

    removed = uninstall_desktop_files(data_dir)

    assert sorted(removed) == sorted(written)
    assert not any(path.exists() for path in written)
    assert other_launcher.read_bytes() == b"someone else's"
    assert other_icon.read_bytes() == b"someone else's"


def test_uninstall_when_nothing_is_installed_removes_nothing(
    tmp_path: Path,
) -> None:
    """Uninstalling twice, or before any install, reports nothing removed."""
    data_dir = tmp_path / "share"
    install_desktop_files(data_dir)
    uninstall_desktop_files(data_dir)

    assert uninstall_desktop_files(data_dir) == []
