"""The "Set API key…" window on a virtual display, typed into like a user.

The window runs as ``hackatime-tray key-dialog`` in its own process, as
the tray starts it; its keyring is a file-backed stand-in (an OS edge)
so the test can see what was stored.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from file_keyring import FILE_ENV
from tray_display_helpers import (
    REPO_ROOT,
    VirtualDisplay,
    wait_for,
    windows_named,
    xdotool,
)

from tray_app.demo import DemoServer
from tray_app.key_dialog import DIALOG_DUMP_ENV, WINDOW_TITLE
from tray_app.keystore import SERVICE_NAME

pytestmark = [pytest.mark.display, pytest.mark.timeout(60)]

WRONG_KEY = "0b6f2d4e-1c3a-4f5e-9d7b-8a2c6e4f1d93"


@pytest.fixture
def server() -> Iterator[DemoServer]:
    """The demo server the key is checked against."""
    with DemoServer() as demo:
        yield demo


@pytest.fixture
def dialog(
    xvfb: VirtualDisplay, server: DemoServer, tmp_path: Path
) -> Iterator[subprocess.Popen[bytes]]:
    """The key window, open on the virtual display."""
    support = REPO_ROOT / "tests" / "support"
    env = {
        **os.environ,
        "DISPLAY": xvfb.name,
        "PYTHONPATH": os.pathsep.join([str(REPO_ROOT), str(support)]),
        "PYTHON_KEYRING_BACKEND": "file_keyring.FileKeyring",
        FILE_ENV: str(tmp_path / "keyring.json"),
        DIALOG_DUMP_ENV: str(tmp_path / "message.txt"),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "tray_app", "key-dialog"]
        + ["--api-url", server.url],
        env=env,
        cwd=REPO_ROOT,
        stdin=subprocess.DEVNULL,
    )
    wait_for(lambda: windows_named(xvfb.name, WINDOW_TITLE), "the key window")
    yield process
    if process.poll() is None:
        process.kill()
        process.wait()


def type_key(xvfb: VirtualDisplay, key: str) -> None:
    """Focus the window, clear the field, type ``key`` and press Enter."""
    window = str(windows_named(xvfb.name, WINDOW_TITLE)[0])
    xdotool(xvfb.name, "windowfocus", "--sync", window)
    xdotool(xvfb.name, "key", "--repeat", "60", "BackSpace")
    xdotool(xvfb.name, "type", "--delay", "2", key)
    xdotool(xvfb.name, "key", "Return")


def stored_keys(tmp_path: Path) -> dict[str, str]:
    """What the stand-in keyring holds."""
    path = tmp_path / "keyring.json"
    if not path.exists():
        return {}
    data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
    return data


def test_rejected_key_is_explained_and_not_stored(
    xvfb: VirtualDisplay,
    dialog: subprocess.Popen[bytes],
    tmp_path: Path,
) -> None:
    """A key the server refuses shows a sentence and stores nothing."""
    type_key(xvfb, WRONG_KEY)

    message = wait_for(
        lambda: (
            (tmp_path / "message.txt").exists()
            and (tmp_path / "message.txt").read_text(encoding="utf-8")
        ),
        "the window to say why the key failed",
    )

    assert "rejected" in message.lower()
    assert WRONG_KEY not in message
    assert dialog.poll() is None
    assert stored_keys(tmp_path) == {}


def test_working_key_is_stored_and_the_window_closes(
    xvfb: VirtualDisplay,
    dialog: subprocess.Popen[bytes],
    server: DemoServer,
    tmp_path: Path,
) -> None:
    """A key the server accepts goes to the keyring; the window exits 0."""
    type_key(xvfb, WRONG_KEY)
    wait_for(lambda: (tmp_path / "message.txt").exists(), "the first refusal")

    type_key(xvfb, server.api_key)

    assert dialog.wait(timeout=30) == 0
    assert stored_keys(tmp_path) == {
        f"{SERVICE_NAME}|{server.url}": server.api_key
    }
