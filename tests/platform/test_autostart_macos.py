"""The macOS LaunchAgent, written to the test's HOME and read back."""

from __future__ import annotations

import plistlib
from pathlib import Path

import pytest

from tray_app import APP_ID
from tray_app.autostart import autostart_backend
from tray_app.errors import ConfigError

COMMAND = ["/Applications/Hackatime Tray.app/Contents/MacOS/hackatime-tray"]


def agent_path(home: Path) -> Path:
    """Where our LaunchAgent belongs in ``home``."""
    return home / "Library" / "LaunchAgents" / f"{APP_ID}.plist"


def test_enable_writes_a_launch_agent(isolated_home: Path) -> None:
    """The plist has Label, ProgramArguments, RunAtLoad, Aqua and no KeepAlive."""
    backend = autostart_backend("darwin", home=isolated_home)

    backend.enable(COMMAND)

    assert backend.location() == agent_path(isolated_home)
    with agent_path(isolated_home).open("rb") as handle:
        agent = plistlib.load(handle)
    assert agent == {
        "Label": APP_ID,
        "ProgramArguments": COMMAND,
        "RunAtLoad": True,
        "LimitLoadToSessionType": "Aqua",
        "ProcessType": "Interactive",
    }
    assert "KeepAlive" not in agent


def test_is_enabled_follows_enable_and_disable(isolated_home: Path) -> None:
    """The state reads off before, on after enable, and off after disable."""
    backend = autostart_backend("darwin", home=isolated_home)
    assert backend.is_enabled() is False

    backend.enable(COMMAND)
    assert backend.is_enabled() is True

    backend.disable()
    assert backend.is_enabled() is False
    assert not agent_path(isolated_home).exists()


def test_agent_marked_disabled_counts_as_off(isolated_home: Path) -> None:
    """A plist with Disabled=true is not loaded by launchd, so it reads off."""
    backend = autostart_backend("darwin", home=isolated_home)
    backend.enable(COMMAND)
    path = agent_path(isolated_home)
    agent = plistlib.loads(path.read_bytes())
    path.write_bytes(plistlib.dumps({**agent, "Disabled": True}))

    assert backend.is_enabled() is False


def test_disable_leaves_other_agents(isolated_home: Path) -> None:
    """Turning it off deletes our plist only; another agent is untouched."""
    agents = isolated_home / "Library" / "LaunchAgents"
    agents.mkdir(parents=True)
    other = agents / "com.example.other.plist"
    other_data = plistlib.dumps(
        {"Label": "com.example.other", "RunAtLoad": True}
    )
    other.write_bytes(other_data)
    backend = autostart_backend("darwin", home=isolated_home)
    backend.enable(COMMAND)

    backend.disable()

    assert sorted(p.name for p in agents.iterdir()) == [other.name]
    assert other.read_bytes() == other_data


def test_broken_plist_is_reported_with_its_path_and_kept(
    isolated_home: Path,
) -> None:
    """A damaged agent file raises ConfigError naming it, and is not rewritten."""
    path = agent_path(isolated_home)
    path.parent.mkdir(parents=True)
    path.write_bytes(b"<plist><dict><key>Label</key>")
    backend = autostart_backend("darwin", home=isolated_home)

    with pytest.raises(ConfigError) as caught:
        backend.is_enabled()

    assert caught.value.path == path
    assert str(path) in str(caught.value)
    assert path.read_bytes() == b"<plist><dict><key>Label</key>"


def test_plist_that_is_not_a_dictionary_is_reported(
    isolated_home: Path,
) -> None:
    """A well-formed plist with the wrong top level is a ConfigError too."""
    path = agent_path(isolated_home)
    path.parent.mkdir(parents=True)
    path.write_bytes(plistlib.dumps(["not", "an", "agent"]))
    backend = autostart_backend("darwin", home=isolated_home)

    with pytest.raises(ConfigError, match="not a dictionary"):
        backend.is_enabled()
