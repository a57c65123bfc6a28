"""Fixtures for the diagnostics tests: a demo server with a fixed clock.

``xvfb`` is the display tests' fixture, loaded from
tests/display/conftest.py so the window tests start Xvfb the same way.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import keyring
import pytest

# The suite runs with --import-mode=importlib, which puts no test folder
# on sys.path; the tests here share diagnostics_helpers, and the window
# tests use the display tests' tray_display_helpers.
_TESTS = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(_TESTS / "display"))
sys.path.insert(0, str(_TESTS / "diagnostics"))

from diagnostics_helpers import NOW, MemoryKeyring  # noqa: E402

from tray_app.demo import DemoServer  # noqa: E402
from tray_app.diagnostics import DoctorOptions  # noqa: E402

_DISPLAY_CONFTEST = _TESTS / "display" / "conftest.py"


def _display_fixtures() -> ModuleType:
    """tests/display/conftest.py, loaded under a name of its own."""
    spec = importlib.util.spec_from_file_location(
        "display_fixtures_for_diagnostics", _DISPLAY_CONFTEST
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


xvfb = _display_fixtures().xvfb


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


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """A working in-memory keyring, removed after the test."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)
