"""The Windows Run key, through the in-memory registry stand-in."""

from __future__ import annotations

import sys

import pytest

from tray_app.autostart import autostart_backend
from tray_app.autostart_windows import (
    APPROVED_KEY,
    RUN_KEY,
    RegistryValue,
    WinRegistry,
)
from tray_app.errors import ConfigError

NAME = "hackatime-tray"
COMMAND = [r"C:\Program Files\Hackatime Tray\hackatime-tray.exe"]
DISABLED_IN_TASK_MANAGER = bytes.fromhex("03000000d40d438dc83bd901")
ENABLED_IN_TASK_MANAGER = bytes.fromhex("020000000000000000000000")


class InMemoryRegistry:
    """A stand-in for ``HKEY_CURRENT_USER``: (key, value name) -> data.

    The only fake in these tests: it sits at the OS edge, where the real
    ``winreg`` exists on Windows alone.
    """

    def __init__(self) -> None:
        self.values: dict[tuple[str, str], RegistryValue] = {}

    def read_value(self, key: str, name: str) -> RegistryValue | None:
        return self.values.get((key, name))

    def write_string(self, key: str, name: str, value: str) -> None:
        self.values[(key, name)] = value

    def delete_value(self, key: str, name: str) -> None:
        self.values.pop((key, name), None)


@pytest.fixture
def registry() -> InMemoryRegistry:
    """An empty in-memory HKCU for the Windows backend."""
    return InMemoryRegistry()


def test_enable_writes_a_quoted_run_value(registry: InMemoryRegistry) -> None:
    """Turning it on stores our command line, quoted, under HKCU\\...\\Run."""
    backend = autostart_backend("win32", registry=registry)

    backend.enable(COMMAND)

    quoted = r'"C:\Program Files\Hackatime Tray\hackatime-tray.exe"'
    assert registry.values == {(RUN_KEY, NAME): quoted}
    assert backend.location() == f"HKCU\\{RUN_KEY}\\{NAME}"


def test_run_value_keeps_every_argument(registry: InMemoryRegistry) -> None:
    """pythonw.exe -m tray_app under a path with spaces is one command line."""
    backend = autostart_backend("win32", registry=registry)

    backend.enable(
        [r"C:\Users\Ann Lee\venv\Scripts\pythonw.exe", "-m", "tray_app"]
    )

    assert registry.values[(RUN_KEY, NAME)] == (
        r'"C:\Users\Ann Lee\venv\Scripts\pythonw.exe" -m tray_app'
    )


def test_is_enabled_follows_enable_and_disable(
    registry: InMemoryRegistry,
) -> None:
    """The state reads off before, on after enable, and off after disable."""
    backend = autostart_backend("win32", registry=registry)
    assert backend.is_enabled() is False

    backend.enable(COMMAND)
    assert backend.is_enabled() is True

    backend.disable()
    assert backend.is_enabled() is False
    assert (RUN_KEY, NAME) not in registry.values


@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        (DISABLED_IN_TASK_MANAGER, False),
        (bytes.fromhex("070000007ac933ae16d9d101"), False),
        (ENABLED_IN_TASK_MANAGER, True),
        (bytes.fromhex("060000000000000000000000"), True),
    ],
)
def test_startup_approved_flag_decides_the_state(
    registry: InMemoryRegistry, flag: bytes, expected: bool
) -> None:
    """A Task Manager flag with an odd first byte (03, 07) means off; 02, 06 on."""
    backend = autostart_backend("win32", registry=registry)
    backend.enable(COMMAND)
    registry.values[(APPROVED_KEY, NAME)] = flag

    assert backend.is_enabled() is expected


def test_enable_lifts_the_task_manager_disabled_flag(
    registry: InMemoryRegistry,
) -> None:
    """Asking our app to start at login clears the user's earlier "disabled"."""
    registry.values[(APPROVED_KEY, NAME)] = DISABLED_IN_TASK_MANAGER
    backend = autostart_backend("win32", registry=registry)

    backend.enable(COMMAND)

    assert (APPROVED_KEY, NAME) not in registry.values
    assert backend.is_enabled() is True


def test_enable_keeps_an_enabled_flag(registry: InMemoryRegistry) -> None:
    """A Task Manager "enabled" flag is left exactly as Windows wrote it."""
    registry.values[(APPROVED_KEY, NAME)] = ENABLED_IN_TASK_MANAGER
    backend = autostart_backend("win32", registry=registry)

    backend.enable(COMMAND)

    assert registry.values[(APPROVED_KEY, NAME)] == ENABLED_IN_TASK_MANAGER


def test_disable_removes_only_our_run_value(
    registry: InMemoryRegistry,
) -> None:
    """Other apps' Run values and every StartupApproved flag stay."""
    others: dict[tuple[str, str], RegistryValue] = {
        (RUN_KEY, "OneDrive"): r'"C:\OneDrive\OneDrive.exe" /background',
        (APPROVED_KEY, "OneDrive"): ENABLED_IN_TASK_MANAGER,
        (APPROVED_KEY, NAME): ENABLED_IN_TASK_MANAGER,
    }
    registry.values.update(others)
    backend = autostart_backend("win32", registry=registry)
    backend.enable(COMMAND)

    backend.disable()

    assert registry.values == others


def test_empty_run_value_counts_as_off(registry: InMemoryRegistry) -> None:
    """A blank command line starts nothing, so it does not read as on."""
    registry.values[(RUN_KEY, NAME)] = "  "
    backend = autostart_backend("win32", registry=registry)

    assert backend.is_enabled() is False


@pytest.mark.skipif(
    sys.platform == "win32", reason="tests the non-Windows guard"
)
def test_real_registry_is_refused_off_windows() -> None:
    """The winreg-backed registry raises a clear ConfigError on other systems."""
    registry = WinRegistry()

    with pytest.raises(ConfigError, match="only on Windows"):
        registry.read_value(RUN_KEY, NAME)
    with pytest.raises(ConfigError, match="only on Windows"):
        registry.write_string(RUN_KEY, NAME, "x")
    with pytest.raises(ConfigError, match="only on Windows"):
        registry.delete_value(RUN_KEY, NAME)
