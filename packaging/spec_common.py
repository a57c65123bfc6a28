"""What the three hackatime-tray PyInstaller specs share.

Imported by the ``.spec`` files (PyInstaller runs them with their own
folder available as ``SPECPATH``); not part of the app.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image
from PyInstaller.utils.hooks import (
    collect_data_files,
    collect_submodules,
    copy_metadata,
)

from tray_app import APP_ID, APP_NAME, __version__
from tray_app.autostart_xdg import DISPLAY_NAME

__all__ = ["APP_NAME", "DISPLAY_NAME", "__version__"]

ROOT = Path(__file__).resolve().parent.parent
ENTRY_SCRIPT = str(ROOT / "packaging" / "hackatime_tray_main.py")
ASSETS = ROOT / "tray_app" / "assets"
#: macOS bundle ids allow letters, digits, '-' and '.', so not APP_ID's '_'.
BUNDLE_ID = APP_ID.replace("_", "-")
#: The sizes of the .ico and .icns files, all rendered from the one SVG.
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)

#: pystray picks its backend at run time, so each platform names its own.
PYSTRAY_BACKENDS = {
    "linux": [
        "pystray._appindicator",
        "pystray._gtk",
        "pystray._xorg",
        "pystray._dummy",
    ],
    "macos": ["pystray._darwin", "pystray._dummy"],
    "windows": ["pystray._win32", "pystray._dummy"],
}


def hidden_imports(platform: str) -> list[str]:
    """Modules the import analysis cannot see.

    * every ``tray_app`` module: ``cli`` loads some commands by name;
    * keyring's backends: keyring finds them through entry points;
    * the pystray backends of this platform.
    """
    return [
        *collect_submodules("tray_app"),
        *collect_submodules("keyring.backends"),
        *PYSTRAY_BACKENDS[platform],
    ]


def data_files() -> list[tuple[str, str]]:
    """The app's assets plus the metadata entry-point lookups need.

    Without keyring's metadata a frozen app finds no keyring backend
    ("No recommended backend"); APScheduler finds its triggers the same
    way.
    """
    return [
        *collect_data_files("tray_app"),
        *copy_metadata("keyring"),
        *copy_metadata("APScheduler"),
    ]


def png_icons() -> list[Image.Image]:
    """The rendered PNG icons, largest first."""
    paths = [ASSETS / f"{APP_NAME}-{size}.png" for size in ICON_SIZES]
    return [Image.open(path) for path in reversed(paths)]


def windows_icon(workpath: str) -> str:
    """A multi-size .ico built from the PNGs (each size drawn, not scaled)."""
    target = Path(workpath) / f"{APP_NAME}.ico"
    largest, *others = png_icons()
    largest.save(
        target,
        sizes=[image.size for image in (largest, *others)],
        append_images=others,
    )
    return str(target)


def macos_icon(workpath: str) -> str:
    """A .icns built from the PNGs."""
    target = Path(workpath) / f"{APP_NAME}.icns"
    largest, *others = png_icons()
    largest.save(target, append_images=others)
    return str(target)
