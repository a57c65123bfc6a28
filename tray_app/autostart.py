"""Start the tray at login: one interface, one backend per platform.

* Linux and the BSDs: an XDG autostart desktop entry
  (:mod:`tray_app.autostart_xdg`);
* macOS: a LaunchAgent property list (:mod:`tray_app.autostart_macos`);
* Windows: a value under the per-user Run key
  (:mod:`tray_app.autostart_windows`).

Each backend touches only the one file or value it writes itself.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Protocol

from tray_app import APP_NAME
from tray_app.autostart_macos import LaunchAgentAutostart
from tray_app.autostart_windows import (
    RegistryLike,
    RunKeyAutostart,
    WinRegistry,
)
from tray_app.autostart_xdg import XdgAutostart, xdg_base_dir
from tray_app.errors import ConfigError

__all__ = [
    "AutostartBackend",
    "RegistryLike",
    "autostart_backend",
    "launch_command",
]

#: The module ``python -m`` runs when no console script is found.
MODULE = "tray_app"


class AutostartBackend(Protocol):
    """Turns start-at-login on and off, and says whether it is on."""

    def is_enabled(self) -> bool:
        """True if the tray will start at the next login."""
        ...

    def enable(self, command: list[str]) -> None:
        """Start ``command`` (an absolute argv) at every login."""
        ...

    def disable(self) -> None:
        """Stop starting at login; remove only what ``enable`` wrote."""
        ...

    def location(self) -> Path | str:
        """Where the setting lives: a file, or a registry value's name."""
        ...


def autostart_backend(
    platform: str = sys.platform,
    *,
    home: Path | None = None,
    registry: RegistryLike | None = None,
) -> AutostartBackend:
    """The backend for ``platform`` (a ``sys.platform`` value).

    ``home`` replaces the user's home directory (and, on Linux, the
    ``XDG_CONFIG_HOME`` variable); ``registry`` replaces the real
    Windows registry.
    """
    if platform == "win32":
        return RunKeyAutostart(
            registry if registry is not None else WinRegistry()
        )

    if platform == "darwin":
        base = home if home is not None else Path.home()
        return LaunchAgentAutostart(base / "Library" / "LaunchAgents")

    return XdgAutostart(
        xdg_base_dir("XDG_CONFIG_HOME", home, ".config") / "autostart"
    )


def launch_command(
    *,
    executable: str | None = None,
    frozen: bool | None = None,
    platform: str = sys.platform,
) -> list[str]:
    """The absolute argv that starts the tray, for a login item.

    * frozen (PyInstaller): the tray executable in the bundle;
    * Windows: ``pythonw.exe -m tray_app``, so no console window opens;
    * pipx or venv: the ``hackatime-tray`` script next to the
      interpreter;
    * otherwise ``<python> -m tray_app``.

    The interpreter path is made absolute but symlinks are kept: a
    venv's ``bin/python`` is a symlink, and resolving it would leave
    the venv.
    """
    executable = executable if executable is not None else sys.executable
    if not executable:
        raise ConfigError(
            "Python did not report its own path, so there is no program "
            "to start at login. Start hackatime-tray from its install."
        )
    interpreter = Path(executable).absolute()
    is_frozen = (
        frozen if frozen is not None else bool(getattr(sys, "frozen", False))
    )
    suffix = ".exe" if platform == "win32" else ""

    if is_frozen:
        tray = interpreter.with_name(APP_NAME + suffix)
        return [str(tray if tray.is_file() else interpreter)]

    if platform == "win32":
        pythonw = interpreter.with_name("pythonw.exe")
        chosen = pythonw if pythonw.is_file() else interpreter
        return [str(chosen), "-m", MODULE]

    script = interpreter.with_name(APP_NAME)
    if script.is_file():
        return [str(script)]
    return [str(interpreter), "-m", MODULE]
