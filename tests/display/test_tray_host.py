"""Finding out whether the desktop has a tray host at all."""

from __future__ import annotations

import pytest
from tray_display_helpers import VirtualDisplay

from tray_app.diagnostics import TRAY, Level, check_tray_backend
from tray_app.tray_view import NO_TRAY_HOST_MESSAGE, missing_tray_host_message

pytestmark = [pytest.mark.display, pytest.mark.timeout(60)]


def test_display_without_a_tray_host_is_reported(
    xvfb: VirtualDisplay, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bare X display, with no tray and no session bus, gets the sentence."""
    monkeypatch.setenv("DISPLAY", xvfb.name)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")

    assert missing_tray_host_message() == NO_TRAY_HOST_MESSAGE


def test_xembed_tray_host_counts_as_a_tray(
    xvfb: VirtualDisplay, tray_host: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With trayer owning the tray selection there is nothing to report."""
    monkeypatch.setenv("DISPLAY", xvfb.name)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")

    assert missing_tray_host_message() is None


def test_sni_watcher_counts_as_a_tray(
    xvfb: VirtualDisplay,
    sni_host: object,
    session_bus: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A StatusNotifierWatcher on the session bus is a tray host too."""
    monkeypatch.setenv("DISPLAY", xvfb.name)
    monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", session_bus)

    assert missing_tray_host_message() is None


def test_doctor_warns_when_the_tray_host_is_missing() -> None:
    """The doctor's tray line turns into a warning with the sentence."""
    check = check_tray_backend(
        {"DISPLAY": ":99", "PYSTRAY_BACKEND": "xorg"},
        "linux",
        tray_host=lambda: NO_TRAY_HOST_MESSAGE,
    )

    assert check.name == TRAY
    assert check.level is Level.WARN
    assert check.summary == NO_TRAY_HOST_MESSAGE
