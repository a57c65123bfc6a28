"""The Diagnostics window: its text (no display needed), and the real
window under Xvfb: the report shown, Copy report, Run again, and the
hidden command that opens it in a process of its own.

The real window runs in a child process (window_driver.py), never in
the test process: Tk ends its whole process when its X server goes
away, and each test has an Xvfb of its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from diagnostics_helpers import WindowDriver, run_doctor
from tray_display_helpers import VirtualDisplay, wait_for, windows_named

from tray_app.demo import DemoServer
from tray_app.diagnostics import DoctorOptions, Level, render_text
from tray_app.diagnostics_window import (
    RUNNING_TEXT,
    WINDOW_TITLE,
    window_command,
    window_rows,
)

READ_CLIPBOARD = (
    "import tkinter\n"
    "root = tkinter.Tk()\n"
    "root.withdraw()\n"
    "print(root.clipboard_get(), end='')\n"
)


def test_window_rows_are_the_doctor_text_line_by_line(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """The window shows exactly the doctor's text, each check's lines
    tagged with its level for colour, and no key."""
    report = run_doctor(options)

    rows = window_rows(report)

    assert "\n".join(text for text, _tag in rows) == render_text(report)
    for check in report:
        tags = [tag for text, tag in rows if f"{check.name}: " in text]
        assert tags == [check.level.value]
    assert {tag for _text, tag in rows} <= {None, *(v.value for v in Level)}
    assert use_demo.api_key not in render_text(report)


@pytest.fixture
def display_env(xvfb: VirtualDisplay, use_demo: DemoServer) -> dict[str, str]:
    """The environment of a child on Xvfb that asks the demo server."""
    env = {**os.environ, "DISPLAY": xvfb.name, "PYTHONIOENCODING": "utf-8"}
    env.pop("WAYLAND_DISPLAY", None)
    return env


@pytest.fixture
def start_window(
    display_env: dict[str, str], tmp_path: Path
) -> Iterator[Callable[[], WindowDriver]]:
    """A function that opens the window in window_driver.py."""
    drivers: list[WindowDriver] = []

    def start() -> WindowDriver:
        driver = WindowDriver(display_env, tmp_path / "window-driver.log")
        drivers.append(driver)
        return driver

    yield start
    for driver in drivers:
        driver.close()


@pytest.mark.display
def test_window_shows_running_then_the_doctor_report(
    start_window: Callable[[], WindowDriver], use_demo: DemoServer
) -> None:
    """The window first says the checks run, then shows exactly the
    doctor's text, with the key masked."""
    driver = start_window()

    first = json.loads(driver.expect("started "))
    shown = json.loads(driver.expect("shown "))

    assert first == RUNNING_TEXT
    assert shown["text"] == shown["report"]
    assert "[OK]   Key accepted" in shown["text"]
    assert use_demo.api_key not in shown["text"]


@pytest.mark.display
def test_copy_report_offers_the_masked_text_to_other_apps(
    start_window: Callable[[], WindowDriver],
    display_env: dict[str, str],
    use_demo: DemoServer,
) -> None:
    """After Copy report, another X client pastes exactly the report
    text, in which the key is masked."""
    driver = start_window()
    shown = json.loads(driver.expect("shown "))
    driver.send("copy")
    driver.expect("copied")

    pasted = subprocess.run(
        [sys.executable, "-c", READ_CLIPBOARD],
        env=display_env,
        capture_output=True,
        encoding="utf-8",
        timeout=30,
        check=True,
    ).stdout

    assert pasted == shown["report"]
    assert use_demo.api_key not in pasted
    assert "••••" in pasted


@pytest.mark.display
def test_run_again_asks_the_server_again(
    start_window: Callable[[], WindowDriver], use_demo: DemoServer
) -> None:
    """Run again repeats the checks: the server sees new requests and
    the new report is shown."""
    driver = start_window()
    driver.expect("shown ")
    before = len(use_demo.requests)

    driver.send("rerun")
    driver.expect("rerunning")
    shown = json.loads(driver.expect("shown "))

    assert len(use_demo.requests) > before
    assert shown["text"] == shown["report"]


@pytest.mark.display
def test_window_command_opens_the_window_in_its_own_process(
    display_env: dict[str, str], xvfb: VirtualDisplay
) -> None:
    """`hackatime-tray diagnostics-window` opens a window with the
    Diagnostics title on the display, in a child process."""
    process = subprocess.Popen(
        window_command(),
        env=display_env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        found = wait_for(
            lambda: windows_named(xvfb.name, WINDOW_TITLE),
            "the Diagnostics window",
        )
        still_running = process.poll() is None
    finally:
        process.terminate()
        _out, err = process.communicate(timeout=10)

    assert found
    assert still_running, err
