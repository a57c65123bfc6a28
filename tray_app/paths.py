"""Where the app keeps its files: the one home of platformdirs.

Every function returns a path without creating anything; writers create
the directories they need (see :mod:`tray_app.files`). The ``XDG_*``
variables are read on every call, so a changed environment is honoured.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

from platformdirs import PlatformDirs

from tray_app import APP_NAME

SETTINGS_FILE_NAME = "settings.toml"
CACHE_FILE_NAME = "last_status.json"
LOCK_FILE_NAME = "instance.lock"


def _dirs() -> PlatformDirs:
    """A fresh PlatformDirs, so the current environment is read."""
    return PlatformDirs(APP_NAME, appauthor=False)


def config_dir() -> Path:
    """The directory of our settings file."""
    return Path(_dirs().user_config_dir)


def state_dir() -> Path:
    """The directory of state kept between runs (the last good value)."""
    return Path(_dirs().user_state_dir)


def log_dir() -> Path:
    """The directory of the log files."""
    return Path(_dirs().user_log_dir)


def runtime_dir() -> Path:
    """The directory of files that live only while the app runs.

    On Linux and the BSDs this is ``$XDG_RUNTIME_DIR/hackatime-tray``.
    Without a usable ``XDG_RUNTIME_DIR`` it is the state directory, not
    platformdirs' shared temp-dir fallback, and no warning is printed.
    """
    if sys.platform in ("win32", "darwin"):
        return Path(_dirs().user_runtime_dir)

    xdg_runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if not os.path.isabs(xdg_runtime) or not os.path.isdir(xdg_runtime):
        return state_dir()

    with warnings.catch_warnings():
        # Recent platformdirs warn (a UserWarning subclass) when the
        # directory is not private and then pick a fallback; the check
        # below catches that case. Called at start-up, before threads.
        warnings.simplefilter("ignore", UserWarning)
        runtime = Path(_dirs().user_runtime_dir)
    if not runtime.is_relative_to(xdg_runtime):
        return state_dir()
    return runtime


def settings_path() -> Path:
    """Our settings file (TOML)."""
    return config_dir() / SETTINGS_FILE_NAME


def cache_path() -> Path:
    """The last good value, shown by ``hackatime-tray status`` offline."""
    return state_dir() / CACHE_FILE_NAME


def lock_path() -> Path:
    """The lock file that keeps a second tray instance from starting."""
    return runtime_dir() / LOCK_FILE_NAME
