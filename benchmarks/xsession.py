"""A virtual X display with an XEmbed tray host, and a tray-icon watcher.

Xvfb picks its own display number (``-displayfd``) and trayer owns the
system tray selection, as in ``tests/display/conftest.py``. The watcher
follows X events (no busy polling): it reports the moment an icon window
of a given WM_CLASS is docked in the tray and its WM_NAME (pystray's
title, i.e. the tooltip) contains the expected text.
"""

from __future__ import annotations

import os
import select
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from Xlib import X
from Xlib.display import Display
from Xlib.xobject.drawable import Window

SCREEN_GEOMETRY = "640x120x24"
TRAYER_COMMAND = (
    "trayer",
    "--edge", "top",
    "--align", "left",
    "--widthtype", "pixel",
    "--width", "200",
    "--height", "32",
    "--transparent", "false",
)  # fmt: skip


class XSession:
    """Xvfb plus trayer; use as a context manager."""

    def __init__(self, logs: Path) -> None:
        self.logs = logs
        self.name = ""
        self.connection: Display | None = None
        self._processes: list[subprocess.Popen[bytes]] = []

    def __enter__(self) -> XSession:
        for program in ("Xvfb", "trayer"):
            if shutil.which(program) is None:
                raise RuntimeError(
                    f"{program} is not installed "
                    "(scripts/install-system-deps installs it)"
                )
        self.name = ":" + self._start_xvfb()
        self.connection = Display(self.name)
        self._start_trayer()
        return self

    def __exit__(self, *_: object) -> None:
        if self.connection is not None:
            self.connection.close()
        for process in reversed(self._processes):
            stop(process)

    def _start_xvfb(self) -> str:
        read_fd, write_fd = os.pipe()
        with (self.logs / "xvfb.log").open("wb") as log:
            process = subprocess.Popen(
                [
                    "Xvfb",
                    "-displayfd",
                    str(write_fd),
                    "-screen",
                    "0",
                    SCREEN_GEOMETRY,
                    "-nolisten",
                    "tcp",
                ],  # fmt: skip
                pass_fds=(write_fd,),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=log,
            )
        self._processes.append(process)
        os.close(write_fd)
        collected = b""
        try:
            while not collected.endswith(b"\n"):
                ready, _, _ = select.select([read_fd], [], [], 10)
                if not ready or process.poll() is not None:
                    raise RuntimeError("Xvfb did not report a display")
                chunk = os.read(read_fd, 64)
                if not chunk:
                    raise RuntimeError("Xvfb closed -displayfd")
                collected += chunk
        finally:
            os.close(read_fd)
        return collected.decode().strip()

    def _start_trayer(self) -> None:
        with (self.logs / "trayer.log").open("ab") as log:
            process = subprocess.Popen(
                TRAYER_COMMAND,
                env={**os.environ, "DISPLAY": self.name},
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=log,
            )
        self._processes.append(process)
        deadline = time.monotonic() + 15
        while not self.tray_owner():
            if time.monotonic() > deadline:
                raise RuntimeError("trayer did not take the tray selection")
            time.sleep(0.05)

    def tray_owner(self) -> int:
        """The window owning the system tray selection, 0 if none."""
        assert self.connection is not None
        screen = self.connection.get_default_screen()
        atom = self.connection.intern_atom(f"_NET_SYSTEM_TRAY_S{screen}")
        owner = self.connection.get_selection_owner(atom)
        return int(getattr(owner, "id", owner))


def stop(process: subprocess.Popen[bytes]) -> None:
    """Terminate a child and reap it."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _walk(window: Window) -> Iterator[Window]:
    yield window
    try:
        children = window.query_tree().children
    except Exception:  # the window went away meanwhile
        return
    for child in children:
        yield from _walk(child)


class IconWatcher:
    """Waits, on its own X connection, for a docked icon showing a text."""

    def __init__(self, display_name: str, wm_instance: str) -> None:
        self._display = Display(display_name)
        # Windows come and go while we walk the tree; an X error about one
        # that is gone is expected, and python-xlib would print each.
        self._display.set_error_handler(lambda *_: None)
        self._root = self._display.screen().root
        self._instance = wm_instance
        self._watched: set[int] = set()
        #: ``perf_counter()`` when the icon was first docked and shown.
        self.docked_at: float | None = None
        self._checked_at = 0.0
        # New windows appear anywhere below the root; trayer reparents the
        # icon, so listen on the root and on every window found.
        self._listen(self._root)

    def close(self) -> None:
        """Close the X connection."""
        self._display.close()

    def _listen(self, window: Window) -> None:
        if window.id in self._watched:
            return
        self._watched.add(window.id)
        try:
            window.change_attributes(
                event_mask=X.SubstructureNotifyMask
                | X.StructureNotifyMask
                | X.PropertyChangeMask
            )
        except Exception:  # gone already
            self._watched.discard(window.id)

    def _showing(self, text: str) -> bool:
        root_id = self._root.id
        found = False
        for window in _walk(self._root):
            self._listen(window)
            try:
                wm_class = window.get_wm_class()
                if not wm_class or wm_class[0] != self._instance:
                    continue
                name = window.get_wm_name() or ""
                parent = window.query_tree().parent
                mapped = window.get_attributes().map_state == X.IsViewable
            except Exception:
                continue
            docked = parent.id != root_id and mapped
            if docked and self.docked_at is None:
                self.docked_at = self._checked_at
            if text in name and docked:
                found = True
        self._display.sync()
        return found

    def wait_for_text(self, text: str, timeout: float) -> float:
        """``time.perf_counter()`` when a docked icon first shows ``text``.

        The window tree is checked again after each batch of X events that
        could change the answer; the time returned is when that batch
        arrived, not when the check finished.
        """
        deadline = time.monotonic() + timeout
        fd = self._display.fileno()
        arrived_at = time.perf_counter()
        relevant = True
        while True:
            self._checked_at = arrived_at
            if relevant and self._showing(text):
                return arrived_at
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise TimeoutError(f"no docked icon showed {text!r}")
            ready, _, _ = select.select([fd], [], [], min(remaining, 0.25))
            arrived_at = time.perf_counter()
            # A quiet quarter second: check anyway, in case an event that
            # mattered went to a window not listened to yet.
            relevant = not ready
            while self._display.pending_events():
                event = self._display.next_event()
                relevant = relevant or event.type in _RELEVANT_EVENTS


_RELEVANT_EVENTS = frozenset(
    {X.CreateNotify, X.ReparentNotify, X.MapNotify, X.PropertyNotify}
)
