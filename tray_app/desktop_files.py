"""The app-menu launcher and hicolor icons for Linux desktops.

pipx and venv installs put no files under ``share/``, so
``hackatime-tray install-desktop-files`` writes them for the user:

* ``$XDG_DATA_HOME/applications/<APP_ID>.desktop``;
* ``$XDG_DATA_HOME/icons/hicolor/<N>x<N>/apps/<APP_ID>.png``;
* ``$XDG_DATA_HOME/icons/hicolor/scalable/apps/<APP_ID>.svg``.

``uninstall-desktop-files`` removes exactly these files.
"""

from __future__ import annotations

import logging
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from tray_app import APP_ID
from tray_app.autostart import launch_command
from tray_app.autostart_xdg import (
    application_fields,
    remove_file,
    write_desktop_entry,
    xdg_base_dir,
)
from tray_app.errors import ConfigError
from tray_app.files import atomic_write_bytes

logger = logging.getLogger(__name__)

#: The PNG sizes shipped in tray_app/assets and installed into hicolor.
ICON_SIZES = (16, 22, 24, 32, 48, 64, 128, 256)
ICON_STEM = "hackatime-tray"


def default_data_home(home: Path | None = None) -> Path:
    """``$XDG_DATA_HOME``, by default ``~/.local/share``."""
    return xdg_base_dir("XDG_DATA_HOME", home, ".local/share")


def launcher_path(data_dir: Path) -> Path:
    """Where the app-menu entry goes under a data directory."""
    return data_dir / "applications" / f"{APP_ID}.desktop"


def icon_files(data_dir: Path) -> list[tuple[Path, Traversable]]:
    """Each icon target under ``data_dir`` with the asset it comes from."""
    hicolor = data_dir / "icons" / "hicolor"
    targets = [
        (
            hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png",
            asset(f"{ICON_STEM}-{size}.png"),
        )
        for size in ICON_SIZES
    ]
    targets.append(
        (
            hicolor / "scalable" / "apps" / f"{APP_ID}.svg",
            asset(f"{ICON_STEM}.svg"),
        )
    )
    return targets


def asset(name: str) -> Traversable:
    """A file shipped in ``tray_app/assets`` (works in frozen builds too)."""
    return resources.files("tray_app").joinpath("assets", name)


def install_desktop_files(data_home: Path | None = None) -> list[Path]:
    """Write the launcher and icons; return every path written.

    ``data_home`` defaults to ``$XDG_DATA_HOME`` (``~/.local/share``).
    Writing again replaces our files and nothing else.
    """
    data_dir = data_home if data_home is not None else default_data_home()
    launcher = launcher_path(data_dir)
    fields = application_fields(launch_command())
    fields["Categories"] = "Utility;Development;"
    fields["Keywords"] = "hackatime;wakatime;coding;time;tracker;"
    fields["StartupNotify"] = "false"
    write_desktop_entry(launcher, fields)
    written = [launcher]

    for target, source in icon_files(data_dir):
        _copy_asset(source, target)
        written.append(target)

    logger.info("Installed %d desktop files under %s", len(written), data_dir)
    return written


def uninstall_desktop_files(data_home: Path | None = None) -> list[Path]:
    """Remove the files ``install_desktop_files`` writes; return those removed.

    Folders stay, and so does every other file in them.
    """
    data_dir = data_home if data_home is not None else default_data_home()
    ours = [
        launcher_path(data_dir),
        *(target for target, _ in icon_files(data_dir)),
    ]
    removed = [path for path in ours if remove_file(path)]
    logger.info("Removed %d desktop files under %s", len(removed), data_dir)
    return removed


def _copy_asset(source: Traversable, target: Path) -> None:
    """Copy one shipped asset to ``target`` atomically."""
    try:
        data = source.read_bytes()
    except OSError as exc:
        raise ConfigError(
            f"The icon {source.name} is missing from the installed app "
            f"({exc.strerror or exc}). Reinstall hackatime-tray."
        ) from exc

    try:
        atomic_write_bytes(target, data)
    except OSError as exc:
        raise ConfigError(
            f"Could not write {target}: {exc.strerror or exc}.", path=target
        ) from exc
