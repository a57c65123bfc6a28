"""Starting our own windows (key dialog, fallback menu) as child processes.

Each tkinter window runs in a process of its own so that it never
shares a thread or an event loop with the tray's toolkit.
"""

from __future__ import annotations

import logging
import subprocess
import sys
import threading
from collections.abc import Callable, Sequence

logger = logging.getLogger(__name__)


def self_command(*args: str) -> list[str]:
    """The argv that runs ``hackatime-tray ARGS`` with this very install."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *args]
    return [sys.executable, "-m", "tray_app", *args]


def run_in_background(
    argv: Sequence[str],
    on_exit: Callable[[int, str], None],
    *,
    stdin_text: str | None = None,
) -> subprocess.Popen[str]:
    """Start ``argv``; call ``on_exit(code, stdout)`` from a thread later."""
    process = subprocess.Popen(
        list(argv),
        stdin=subprocess.PIPE
        if stdin_text is not None
        else subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        text=True,
    )

    def wait() -> None:
        try:
            out, _ = process.communicate(stdin_text)
            on_exit(process.returncode, out or "")
        except Exception:
            logger.exception("Child process %s failed", argv[-1:])

    threading.Thread(target=wait, name="child-wait", daemon=True).start()
    return process
