"""Start at login on Linux and the BSDs: an XDG autostart desktop entry.

Also the home of the Desktop Entry format itself (writing a file,
quoting ``Exec``, reading the keys back), which the launcher in
:mod:`tray_app.desktop_files` shares.

Specs: https://specifications.freedesktop.org/autostart-spec/latest/ and
https://specifications.freedesktop.org/desktop-entry-spec/latest/.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from pathlib import Path

from tray_app import APP_ID
from tray_app.errors import ConfigError
from tray_app.files import atomic_write_text

logger = logging.getLogger(__name__)

DISPLAY_NAME = "Hackatime Tray"
COMMENT = "Today's coding time from Hackatime in your tray"
DESKTOP_GROUP = "Desktop Entry"
#: Characters that force an ``Exec`` argument into double quotes.
EXEC_RESERVED = frozenset(" \t\n\"'\\><~|&;$*?#()`")
#: Characters that need a backslash inside a quoted ``Exec`` argument.
EXEC_ESCAPED_IN_QUOTES = ("\\", '"', "`", "$")
#: The string escapes of every Desktop Entry value.
VALUE_ESCAPES = {"\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r"}


def xdg_base_dir(variable: str, home: Path | None, default: str) -> Path:
    """An XDG base directory, such as ``$XDG_CONFIG_HOME``.

    An explicit ``home`` wins over the environment (tests and callers
    that manage another user's files); a relative value is ignored, as
    the XDG Base Directory spec asks.
    """
    if home is not None:
        return home / default

    value = os.environ.get(variable, "")
    if os.path.isabs(value):
        return Path(value)
    return Path.home() / default


def quote_exec_argument(argument: str) -> str:
    """One argument of an ``Exec`` command line, quoted per the spec."""
    if argument and EXEC_RESERVED.isdisjoint(argument):
        return argument.replace("%", "%%")

    quoted = argument
    for char in EXEC_ESCAPED_IN_QUOTES:
        quoted = quoted.replace(char, "\\" + char)
    return '"' + quoted.replace("%", "%%") + '"'


def exec_line(command: Sequence[str]) -> str:
    """The ``Exec`` value that runs ``command`` (an argv) unchanged."""
    if not command:
        raise ConfigError("The command to start at login is empty.")
    if "=" in command[0]:
        raise ConfigError(
            f"The program path {command[0]!r} contains '=', which a "
            "desktop entry cannot run. Reinstall hackatime-tray under a "
            "path without '='."
        )
    return " ".join(quote_exec_argument(argument) for argument in command)


def desktop_entry_text(fields: Mapping[str, str]) -> str:
    """A ``[Desktop Entry]`` file with these keys, values escaped."""
    lines = [f"[{DESKTOP_GROUP}]"]
    for key, value in fields.items():
        lines.append(f"{key}={_escape_value(value)}")
    return "\n".join(lines) + "\n"


def read_desktop_entry(text: str) -> dict[str, str]:
    """The raw keys of the ``[Desktop Entry]`` group; lenient, never fails.

    Comments, other groups and lines without ``=`` are skipped.
    """
    entry: dict[str, str] = {}
    group = None
    for raw_line in text.splitlines():
        line = raw_line.strip()
        if line.startswith("[") and line.endswith("]"):
            group = line[1:-1]
        elif group == DESKTOP_GROUP and "=" in line and line[0] != "#":
            key, _, value = line.partition("=")
            entry[key.strip()] = value.strip()
    return entry


def application_fields(command: Sequence[str]) -> dict[str, str]:
    """The keys every entry of ours has: what to run and how it looks."""
    return {
        "Type": "Application",
        "Version": "1.4",
        "Name": DISPLAY_NAME,
        "Comment": COMMENT,
        "Exec": exec_line(command),
        "TryExec": command[0],
        "Icon": APP_ID,
        "Terminal": "false",
    }


def write_desktop_entry(path: Path, fields: Mapping[str, str]) -> None:
    """Write a desktop entry atomically; failures become ConfigError."""
    try:
        atomic_write_text(path, desktop_entry_text(fields))
    except OSError as exc:
        raise ConfigError(
            f"Could not write {path}: {exc.strerror or exc}. Check that "
            "its folder can be created and written to.",
            path=path,
        ) from exc


def remove_file(path: Path) -> bool:
    """Delete one file of ours; False if it was not there."""
    try:
        path.unlink()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise ConfigError(
            f"Could not remove {path}: {exc.strerror or exc}.", path=path
        ) from exc
    return True


class XdgAutostart:
    """``$XDG_CONFIG_HOME/autostart/<APP_ID>.desktop``: on when present."""

    def __init__(self, autostart_dir: Path) -> None:
        self._path = autostart_dir / f"{APP_ID}.desktop"

    def location(self) -> Path:
        """The autostart file this backend writes."""
        return self._path

    def is_enabled(self) -> bool:
        """True if our file exists and neither hides nor disables itself.

        ``Hidden=true`` (the spec, and what XFCE writes) and
        ``X-GNOME-Autostart-enabled=false`` (GNOME's toggle) mean off.
        """
        try:
            text = self._path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return False
        except OSError as exc:
            raise ConfigError(
                f"Could not read {self._path}: {exc.strerror or exc}.",
                path=self._path,
            ) from exc

        entry = read_desktop_entry(text)
        hidden = entry.get("Hidden", "").lower() == "true"
        gnome_off = (
            entry.get("X-GNOME-Autostart-enabled", "").lower() == "false"
        )
        return not (hidden or gnome_off)

    def enable(self, command: list[str]) -> None:
        """Write our autostart entry, replacing any earlier one of ours."""
        fields = application_fields(command)
        fields["X-GNOME-Autostart-enabled"] = "true"
        write_desktop_entry(self._path, fields)
        logger.info("Start at login enabled: %s", self._path)

    def disable(self) -> None:
        """Delete our autostart entry; other apps' entries stay."""
        if remove_file(self._path):
            logger.info("Start at login disabled: removed %s", self._path)


def _escape_value(value: str) -> str:
    """Escape a string value; a leading space needs ``\\s`` to survive."""
    escaped = "".join(VALUE_ESCAPES.get(char, char) for char in value)
    if escaped.startswith(" "):
        escaped = "\\s" + escaped[1:]
    return escaped
