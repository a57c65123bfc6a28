"""Helpers for the display tests: X windows, pixels and the driver process.

Everything here talks to a virtual X server (Xvfb) through python-xlib or
runs the X command-line tools; nothing touches a real desktop.
"""

from __future__ import annotations

import json
import os
import queue
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from PIL import Image
from Xlib import X
from Xlib.display import Display
from Xlib.xobject.drawable import Window

REPO_ROOT = Path(__file__).resolve().parents[2]
DRIVER_SCRIPT = Path(__file__).with_name("tray_driver.py")
FALLBACK_WINDOW_NAME = "Hackatime Tray"

T = TypeVar("T")


@dataclass
class VirtualDisplay:
    """A running Xvfb: its name (":N") and a python-xlib connection."""

    name: str
    connection: Display
    logs: Path
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def tray_owner(self) -> int:
        """The window id owning the system tray selection, 0 if none."""
        screen = self.connection.get_default_screen()
        atom = self.connection.intern_atom(f"_NET_SYSTEM_TRAY_S{screen}")
        owner = self.connection.get_selection_owner(atom)
        return int(getattr(owner, "id", owner))


def wait_for(
    probe: Callable[[], T | None],
    what: str,
    timeout: float = 15.0,
    interval: float = 0.05,
) -> T:
    """Poll ``probe`` until it returns something truthy; fail after timeout."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(
                f"timed out after {timeout} s waiting for {what}"
            )
        time.sleep(interval)


def walk_windows(window: Window) -> Iterator[Window]:
    """Yield ``window`` and every window below it, depth first."""
    yield window
    for child in window.query_tree().children:
        yield from walk_windows(child)


def find_icon_window(display: Display, icon_name: str) -> Window | None:
    """The pystray xorg icon window for ``icon_name`` (by WM_CLASS)."""
    wanted_instance = f"{icon_name}SystemTrayIcon"
    for window in walk_windows(display.screen().root):
        wm_class = window.get_wm_class()
        if wm_class and wm_class[0] == wanted_instance:
            return window
    return None


def icon_windows(display: Display, icon_name: str) -> list[Window]:
    """Every icon window with the WM_CLASS pystray gives ``icon_name``."""
    wanted_instance = f"{icon_name}SystemTrayIcon"
    return [
        window
        for window in walk_windows(display.screen().root)
        if (window.get_wm_class() or ("",))[0] == wanted_instance
    ]


def docked_parent(display: Display, window: Window) -> Window | None:
    """The window's parent when that is not the root window (docked)."""
    parent = window.query_tree().parent
    if parent.id == display.screen().root.id:
        return None
    return parent


def is_shown_on_screen(display: Display, window: Window) -> bool:
    """Whether ``window`` is mapped, viewable and fully inside the screen."""
    if window.get_attributes().map_state != X.IsViewable:
        return False

    x, y, width, height = window_rectangle(display, window)
    screen = display.screen()
    return (
        x >= 0
        and y >= 0
        and x + width <= screen.width_in_pixels
        and y + height <= screen.height_in_pixels
    )


def top_level_ancestor(display: Display, window: Window) -> Window:
    """The root's child that contains ``window``."""
    root_id = display.screen().root.id
    current = window
    while True:
        parent = current.query_tree().parent
        if parent.id == root_id:
            return current
        current = parent


def window_rectangle(
    display: Display, window: Window
) -> tuple[int, int, int, int]:
    """(x, y, width, height) of ``window`` in root coordinates."""
    root = display.screen().root
    origin = root.translate_coords(window, 0, 0)
    geometry = window.get_geometry()
    return (origin.x, origin.y, geometry.width, geometry.height)


def grab_screen(
    display: Display,
    rectangle: tuple[int, int, int, int] | None = None,
) -> Image.Image:
    """What the X server shows in ``rectangle`` (default: whole screen)."""
    root = display.screen().root
    if rectangle is None:
        geometry = root.get_geometry()
        rectangle = (0, 0, geometry.width, geometry.height)
    x, y, width, height = rectangle
    raw = root.get_image(x, y, width, height, X.ZPixmap, 0xFFFFFFFF)
    return Image.frombytes("RGB", (width, height), raw.data, "raw", "BGRX")


def grab_window(display: Display, window: Window) -> Image.Image:
    """The pixels of ``window``, read from the screen at its position."""
    return grab_screen(display, window_rectangle(display, window))


def is_close(
    colour: tuple[int, ...] | float,
    expected: tuple[int, int, int],
    tolerance: int = 40,
) -> bool:
    """Whether an RGB pixel is within ``tolerance`` of ``expected``."""
    assert isinstance(colour, tuple)
    return all(
        abs(a - b) <= tolerance for a, b in zip(colour, expected, strict=True)
    )


def xdotool(display_name: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run xdotool on the virtual display."""
    return subprocess.run(
        ["xdotool", *args],
        env={**os.environ, "DISPLAY": display_name},
        capture_output=True,
        text=True,
        timeout=10,
        check=False,
    )


def windows_named(display_name: str, name: str) -> list[int]:
    """Ids of the windows whose WM_NAME matches ``name`` (xdotool search)."""
    result = xdotool(display_name, "search", "--name", f"^{name}$")
    return [int(line) for line in result.stdout.split()]


def read_json_file(path: Path) -> Any:
    """The JSON in ``path``, or None while it does not exist yet."""
    if not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


class DriverProcess:
    """The tray_driver.py child: send commands, wait for its output lines."""

    def __init__(self, env: dict[str, str], log_path: Path) -> None:
        self._log = log_path.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, str(DRIVER_SCRIPT)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self._log,
            env=env,
            cwd=REPO_ROOT,
            text=True,
            encoding="utf-8",
        )
        self.log_path = log_path
        self._lines: queue.Queue[str | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self._lines.put(line.rstrip("\n"))
        self._lines.put(None)

    def expect(self, prefix: str, timeout: float = 15.0) -> str:
        """The next output line starting with ``prefix``; skips others."""
        deadline = time.monotonic() + timeout
        seen: list[str] = []
        while True:
            remaining = deadline - time.monotonic()
            try:
                line = self._lines.get(timeout=max(remaining, 0.01))
            except queue.Empty:
                line = ""
                if remaining <= 0:
                    raise AssertionError(
                        f"no line starting with {prefix!r} in {timeout} s; "
                        f"saw {seen}; log:\n{self.log_text()}"
                    ) from None
                continue
            if line is None:
                raise AssertionError(
                    f"driver ended before {prefix!r}; saw {seen}; "
                    f"log:\n{self.log_text()}"
                )
            if line.startswith(prefix):
                return line
            seen.append(line)

    def next_line(self, timeout: float = 15.0) -> str | None:
        """The very next output line (None when the driver has ended)."""
        try:
            return self._lines.get(timeout=timeout)
        except queue.Empty:
            raise AssertionError(
                f"no output within {timeout} s; log:\n{self.log_text()}"
            ) from None

    def send(self, command: str) -> None:
        """Write one command line to the driver."""
        assert self.process.stdin is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()

    def log_text(self) -> str:
        """What the driver wrote on stderr so far."""
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text(encoding="utf-8")

    def close(self) -> int:
        """Ask the driver to stop, kill it if it does not; its exit status."""
        if self.process.poll() is None:
            try:
                self.send("stop")
                assert self.process.stdin is not None
                self.process.stdin.close()
            except (BrokenPipeError, OSError):
                pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        if self.process.stdin is not None and not self.process.stdin.closed:
            try:
                self.process.stdin.close()
            except BrokenPipeError:
                pass
        self._reader.join(timeout=5)
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._log.close()
        return self.process.returncode
