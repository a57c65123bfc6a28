"""Start at login on macOS: a per-user LaunchAgent property list.

The file takes effect at the next login; nothing is loaded now, so
turning it on does not start a second tray. Keys: ``launchd.plist(5)``.
"""

from __future__ import annotations

import logging
import plistlib
from pathlib import Path
from typing import Any
from xml.parsers.expat import ExpatError

from tray_app import APP_ID
from tray_app.autostart_xdg import remove_file
from tray_app.errors import ConfigError
from tray_app.files import atomic_write_bytes

logger = logging.getLogger(__name__)


def launch_agent(label: str, command: list[str]) -> dict[str, Any]:
    """The LaunchAgent for ``command``: run once at login, never respawn.

    No ``KeepAlive``: launchd would restart the tray after the user
    quits it.
    """
    return {
        "Label": label,
        "ProgramArguments": list(command),
        "RunAtLoad": True,
        "LimitLoadToSessionType": "Aqua",
        "ProcessType": "Interactive",
    }


class LaunchAgentAutostart:
    """``~/Library/LaunchAgents/<label>.plist``, named after its Label."""

    def __init__(self, agents_dir: Path, label: str = APP_ID) -> None:
        self._label = label
        self._path = agents_dir / f"{label}.plist"

    def location(self) -> Path:
        """The property list this backend writes."""
        return self._path

    def is_enabled(self) -> bool:
        """True if our agent exists, runs at load and is not Disabled."""
        agent = self._read()
        if agent is None:
            return False
        return (
            agent.get("RunAtLoad") is True
            and agent.get("Disabled") is not True
        )

    def enable(self, command: list[str]) -> None:
        """Write our LaunchAgent, replacing any earlier one of ours."""
        data = plistlib.dumps(launch_agent(self._label, command))
        try:
            atomic_write_bytes(self._path, data)
        except OSError as exc:
            raise ConfigError(
                f"Could not write {self._path}: {exc.strerror or exc}.",
                path=self._path,
            ) from exc
        logger.info("Start at login enabled: %s", self._path)

    def disable(self) -> None:
        """Delete our LaunchAgent; other agents stay."""
        if remove_file(self._path):
            logger.info("Start at login disabled: removed %s", self._path)

    def _read(self) -> dict[str, Any] | None:
        """Our agent as a dict, None if absent; ConfigError if unreadable."""
        try:
            data = self._path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise ConfigError(
                f"Could not read {self._path}: {exc.strerror or exc}.",
                path=self._path,
            ) from exc

        try:
            agent = plistlib.loads(data)
        except (ValueError, ExpatError) as exc:
            raise self._invalid(str(exc)) from exc
        if not isinstance(agent, dict):
            raise self._invalid("its top level is not a dictionary")
        return agent

    def _invalid(self, reason: str) -> ConfigError:
        """The error for a property list launchd could not use either."""
        return ConfigError(
            f"{self._path} is not a valid property list ({reason}). "
            "Turn start at login off and on again to rewrite it.",
            path=self._path,
        )
