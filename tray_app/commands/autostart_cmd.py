"""``hackatime-tray autostart {on,off,status}``: start the tray at login."""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from typing import Any

from tray_app.autostart import (
    AutostartBackend,
    autostart_backend,
    launch_command,
)
from tray_app.errors import ConfigError

ACTIONS = ("on", "off", "status")


def register(subparsers: Any) -> None:
    """Add the ``autostart`` command."""
    parser = subparsers.add_parser(
        "autostart",
        help="start the tray at login: on, off or status",
        description="Turn start at login on or off, or show whether it is "
        "on. Linux: an XDG autostart entry; macOS: a LaunchAgent; "
        "Windows: a value under HKCU\\...\\CurrentVersion\\Run.",
    )
    parser.add_argument("action", choices=ACTIONS)
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Apply or report the start-at-login setting in one line."""
    backend = autostart_backend()
    location = backend.location()

    if args.action == "on":
        command = launch_command()
        backend.enable(command)
        print(f"Start at login is on: {location} runs {_shell_line(command)}")
    elif args.action == "off":
        print(turn_off(backend))
    else:
        state = "on" if backend.is_enabled() else "off"
        print(f"Start at login is {state} ({location})")
    return 0


def turn_off(backend: AutostartBackend) -> str:
    """Disable start at login and say what changed.

    An entry too damaged to read is still ours, so it is removed too.
    """
    location = backend.location()
    try:
        was_on = backend.is_enabled()
    except ConfigError:
        was_on = True

    backend.disable()
    if was_on:
        return f"Start at login is off: removed {location}"
    return f"Start at login was already off ({location} is gone)"


def _shell_line(command: list[str], platform: str = sys.platform) -> str:
    """``command`` as the user's shell would write it."""
    if platform == "win32":
        return subprocess.list2cmdline(command)
    return shlex.join(command)
