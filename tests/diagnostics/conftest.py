"""Fixtures for the diagnostics tests: a demo server with a fixed clock."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from diagnostics_helpers import NOW

from tray_app.demo import DemoServer
from tray_app.diagnostics import DoctorOptions


@pytest.fixture
def demo() -> Iterator[DemoServer]:
    """A demo server in UTC whose clock stands at NOW."""
    with DemoServer(timezone="UTC", now=lambda: NOW) as server:
        yield server


@pytest.fixture
def use_demo(demo: DemoServer, monkeypatch: pytest.MonkeyPatch) -> DemoServer:
    """Point the app at the demo server and its key (environment)."""
    monkeypatch.setenv("HACKATIME_API_URL", demo.url)
    monkeypatch.setenv("HACKATIME_API_KEY", demo.api_key)
    return demo


@pytest.fixture
def options(tmp_path: Path) -> DoctorOptions:
    """Options with the fixed clock, a UTC computer and no display."""
    return DoctorOptions(
        now=NOW,
        local_zone="UTC",
        env={},
        platform="linux",
        log_file=tmp_path / "logs" / "hackatime-tray.log",
    )


@pytest.fixture
def wakatime_cfg(isolated_home: Path) -> Path:
    """Where the app looks for .wakatime.cfg in the temp home."""
    return isolated_home / ".wakatime.cfg"
