"""Where files live: platformdirs, following the XDG environment."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tray_app import paths

pytestmark = pytest.mark.skipif(
    sys.platform in ("win32", "darwin"), reason="XDG layout is Linux/BSD"
)


def test_paths_follow_the_xdg_variables(isolated_home: Path) -> None:
    """Config, state, log and cache files sit under the XDG directories."""
    config = isolated_home / ".config" / "hackatime-tray"
    state = isolated_home / ".local" / "state" / "hackatime-tray"

    assert paths.config_dir() == config
    assert paths.settings_path() == config / "settings.toml"
    assert paths.state_dir() == state
    assert paths.cache_path() == state / "last_status.json"
    assert paths.log_dir() == state / "log"


def test_paths_are_read_from_the_environment_on_every_call(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A changed XDG_CONFIG_HOME is honoured without a restart."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "elsewhere"))

    assert paths.settings_path() == (
        tmp_path / "elsewhere" / "hackatime-tray" / "settings.toml"
    )


def test_lock_file_is_in_the_private_runtime_dir(tmp_path: Path) -> None:
    """With a private XDG_RUNTIME_DIR the lock file lives there."""
    runtime = tmp_path / "runtime"

    assert paths.runtime_dir() == runtime / "hackatime-tray"
    assert paths.lock_path() == runtime / "hackatime-tray" / "instance.lock"
    assert list(runtime.iterdir()) == []


def test_runtime_dir_without_xdg_runtime_dir_is_the_state_dir(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No XDG_RUNTIME_DIR: the state dir is used, with no warning."""
    monkeypatch.delenv("XDG_RUNTIME_DIR")

    assert paths.runtime_dir() == paths.state_dir()
    assert paths.lock_path() == paths.state_dir() / "instance.lock"


def test_runtime_dir_that_is_not_private_falls_back_to_the_state_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A shared (0755) XDG_RUNTIME_DIR is not used, and nothing warns."""
    shared = tmp_path / "shared-runtime"
    shared.mkdir(mode=0o755)
    shared.chmod(0o755)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(shared))

    assert paths.runtime_dir() == paths.state_dir()
