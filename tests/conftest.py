"""Fixtures for every test: isolate the user's home, keyring and env."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

#: Shared fixtures from tests/support (on sys.path through pytest's
#: ``pythonpath`` setting): keyring stand-ins, Xvfb and tray hosts.
pytest_plugins = ["keyring_fixtures", "display_fixtures"]

ISOLATED_ENV_VARS = (
    "HACKATIME_API_URL",
    "HACKATIME_API_KEY",
    "WAKATIME_API_KEY",
    "WAKATIME_HOME",
    "HTTP_PROXY",
    "HTTPS_PROXY",
    "ALL_PROXY",
    "NO_PROXY",
    "http_proxy",
    "https_proxy",
    "all_proxy",
    "no_proxy",
    "SSL_CERT_FILE",
    "SSL_CERT_DIR",
)


@pytest.fixture(autouse=True)
def isolated_home(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Path]:
    """Point HOME and the XDG dirs at a temp dir, so no test reads or
    writes the developer's real files, keyring or environment."""
    home = tmp_path / "home"
    home.mkdir()
    for name in ISOLATED_ENV_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / ".config"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / ".local" / "state"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / ".local" / "share"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "runtime"))
    (tmp_path / "runtime").mkdir(mode=0o700)
    monkeypatch.setenv(
        "PYTHON_KEYRING_BACKEND", "keyring.backends.null.Keyring"
    )
    yield home
