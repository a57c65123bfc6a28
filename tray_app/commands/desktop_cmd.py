"""``hackatime-tray install-desktop-files`` and ``uninstall-desktop-files``.

The app-menu launcher and hicolor icons for Linux desktops, under
``$XDG_DATA_HOME`` (``~/.local/share``).
"""

from __future__ import annotations

import argparse
from typing import Any

from tray_app.desktop_files import (
    default_data_home,
    install_desktop_files,
    uninstall_desktop_files,
)


def register(subparsers: Any) -> None:
    """Add ``install-desktop-files`` and ``uninstall-desktop-files``."""
    install = subparsers.add_parser(
        "install-desktop-files",
        help="add Hackatime Tray to the Linux app menu (launcher and icons)",
        description="Write the app-menu launcher and hicolor icons under "
        "$XDG_DATA_HOME (~/.local/share). Running it again replaces them.",
    )
    install.set_defaults(handler=run, uninstall=False)

    uninstall = subparsers.add_parser(
        "uninstall-desktop-files",
        help="remove the launcher and icons install-desktop-files wrote",
        description="Remove exactly the files install-desktop-files writes.",
    )
    uninstall.set_defaults(handler=run, uninstall=True)


def run(args: argparse.Namespace) -> int:
    """Install or remove the desktop files and say how many, and where."""
    data_dir = default_data_home()
    if args.uninstall:
        removed = uninstall_desktop_files(data_dir)
        print(f"Removed {len(removed)} desktop files from {data_dir}")
    else:
        written = install_desktop_files(data_dir)
        print(
            f"Installed the launcher {written[0]} and "
            f"{len(written) - 1} icons under {data_dir}"
        )
    return 0
