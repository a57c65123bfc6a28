"""Drive a real Diagnostics window for the window tests, one command per
stdin line.

Run as ``python tests/diagnostics/window_driver.py`` with DISPLAY set and
HACKATIME_API_URL / HACKATIME_API_KEY naming a demo server. The window
runs in this process, not the test's: Tk ends the whole process when
its X server goes away, and each test has an Xvfb of its own.

It prints ``started <json>`` with the text first shown, ``shown <json>``
each time a report is on screen (``{"text": shown, "report": doctor
text}``), ``copied`` and ``rerunning`` after those commands. Commands:
``copy``, ``rerun``, ``stop``.
"""

from __future__ import annotations

import json
import queue
import sys
import threading

from tray_app.cli import build_parser
from tray_app.commands.doctor_cmd import collect_report
from tray_app.diagnostics import render_text
from tray_app.diagnostics_window import DiagnosticsWindow

POLL_MS = 20


def say(line: str) -> None:
    """Print one protocol line for the test."""
    print(line, flush=True)


def main() -> int:
    """Open the window, report what it shows, follow the commands."""
    args = build_parser().parse_args(["doctor"])
    window = DiagnosticsWindow(lambda: collect_report(args))
    commands: queue.Queue[str | None] = queue.Queue()

    def read_commands() -> None:
        for line in sys.stdin:
            commands.put(line.strip())
        commands.put(None)

    threading.Thread(target=read_commands, daemon=True).start()
    announced = False

    def poll() -> None:
        nonlocal announced
        if window.report is not None and not announced:
            shown = {
                "text": window.shown_text(),
                "report": render_text(window.report),
            }
            say("shown " + json.dumps(shown))
            announced = True

        try:
            command = commands.get_nowait()
        except queue.Empty:
            window.root.after(POLL_MS, poll)
            return

        if command in (None, "stop"):
            window.close()
            return
        if command == "copy":
            window.copy_button.invoke()
            say("copied")
        elif command == "rerun":
            announced = False
            window.rerun_button.invoke()
            say("rerunning")
        window.root.after(POLL_MS, poll)

    window.start()
    say("started " + json.dumps(window.shown_text()))
    window.root.after(POLL_MS, poll)
    window.root.mainloop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
