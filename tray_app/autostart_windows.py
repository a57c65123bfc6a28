"""Start at login on Windows: a value under the per-user Run key.

Task Manager's and Settings' "Startup apps" switches keep the Run value
and write a flag under ``Explorer\\StartupApproved\\Run`` instead: a
binary value whose first byte is odd (``03``, ``07``) when the user
turned the entry off. We read that flag, so the menu shows what Windows
will really do.

All registry access goes through :class:`RegistryLike`, so the logic is
tested on any OS with an in-memory stand-in; :class:`WinRegistry` is the
real one and imports ``winreg`` only when called, on Windows.
"""

from __future__ import annotations

import logging
import subprocess
import sys
from typing import Protocol

from tray_app import APP_NAME
from tray_app.errors import ConfigError

logger = logging.getLogger(__name__)

RUN_KEY = r"Software\Microsoft\Windows\CurrentVersion\Run"
APPROVED_KEY = (
    r"Software\Microsoft\Windows\CurrentVersion\Explorer\StartupApproved\Run"
)

RegistryValue = str | bytes | int


class RegistryLike(Protocol):
    """The few ``HKEY_CURRENT_USER`` operations start-at-login needs."""

    def read_value(self, key: str, name: str) -> RegistryValue | None:
        """The value's data, or None if the key or value is missing."""
        ...

    def write_string(self, key: str, name: str, value: str) -> None:
        """Create the key if needed and set a ``REG_SZ`` value."""
        ...

    def delete_value(self, key: str, name: str) -> None:
        """Delete a value; nothing happens if it is not there."""
        ...


def user_disabled(approval: RegistryValue | None) -> bool:
    """True if a StartupApproved flag says the user switched it off."""
    return (
        isinstance(approval, bytes)
        and approval[:1] != b""
        and approval[0] & 1 == 1
    )


class RunKeyAutostart:
    """``HKCU\\...\\CurrentVersion\\Run\\<name>`` holding our command line."""

    def __init__(self, registry: RegistryLike, name: str = APP_NAME) -> None:
        self._registry = registry
        self._name = name

    def location(self) -> str:
        """The registry value this backend writes."""
        return f"HKCU\\{RUN_KEY}\\{self._name}"

    def is_enabled(self) -> bool:
        """True if our Run value exists and Task Manager has not disabled it."""
        command = self._registry.read_value(RUN_KEY, self._name)
        if not isinstance(command, str) or not command.strip():
            return False
        return not user_disabled(
            self._registry.read_value(APPROVED_KEY, self._name)
        )

    def enable(self, command: list[str]) -> None:
        """Write our Run value; lift a Task Manager "disabled" flag on it.

        Called only when the user asks for start at login in our app, so
        clearing their earlier Task Manager choice is what they want now.
        """
        self._registry.write_string(
            RUN_KEY, self._name, subprocess.list2cmdline(command)
        )
        if user_disabled(self._registry.read_value(APPROVED_KEY, self._name)):
            self._registry.delete_value(APPROVED_KEY, self._name)
        logger.info("Start at login enabled: %s", self.location())

    def disable(self) -> None:
        """Delete our Run value only; every other value stays."""
        self._registry.delete_value(RUN_KEY, self._name)
        logger.info("Start at login disabled: %s", self.location())


class WinRegistry:
    """:class:`RegistryLike` on the real ``HKEY_CURRENT_USER`` (winreg).

    Each method imports ``winreg`` when called; the ``sys.platform``
    checks also let mypy type-check the Windows code from any OS with
    ``--platform win32``.
    """

    def read_value(self, key: str, name: str) -> RegistryValue | None:
        """The value's data, or None if the key or value is missing."""
        if sys.platform == "win32":
            import winreg

            try:
                with winreg.OpenKey(winreg.HKEY_CURRENT_USER, key) as handle:
                    data, _kind = winreg.QueryValueEx(handle, name)
            except FileNotFoundError:
                return None
            except OSError as exc:
                raise _registry_error("read", key, name, exc) from exc
            return data if isinstance(data, str | bytes | int) else None
        raise _not_windows()

    def write_string(self, key: str, name: str, value: str) -> None:
        """Create the key if needed and set a ``REG_SZ`` value."""
        if sys.platform == "win32":
            import winreg

            try:
                with winreg.CreateKeyEx(
                    winreg.HKEY_CURRENT_USER, key, 0, winreg.KEY_SET_VALUE
                ) as handle:
                    winreg.SetValueEx(handle, name, 0, winreg.REG_SZ, value)
            except OSError as exc:
                raise _registry_error("write", key, name, exc) from exc
            return
        raise _not_windows()

    def delete_value(self, key: str, name: str) -> None:
        """Delete a value; nothing happens if it is not there."""
        if sys.platform == "win32":
            import winreg

            try:
                with winreg.OpenKey(
                    winreg.HKEY_CURRENT_USER, key, 0, winreg.KEY_SET_VALUE
                ) as handle:
                    winreg.DeleteValue(handle, name)
            except FileNotFoundError:
                pass
            except OSError as exc:
                raise _registry_error("delete", key, name, exc) from exc
            return
        raise _not_windows()


def _not_windows() -> ConfigError:
    """The error for using the real registry on another OS."""
    return ConfigError("The Windows registry exists only on Windows.")


def _registry_error(
    verb: str, key: str, name: str, exc: OSError
) -> ConfigError:
    """A registry failure, as a sentence naming the value."""
    return ConfigError(
        f"Could not {verb} the registry value HKCU\\{key}\\{name}: "
        f"{exc.strerror or exc}."
    )
