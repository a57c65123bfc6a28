"""The Diagnostics… window: the doctor's report and a Copy report button.

It runs as ``hackatime-tray diagnostics-window`` (registered by
:mod:`tray_app.commands.doctor_cmd`) in a process of its own, so that
tkinter never shares a thread with the tray's toolkit; the tray starts
it with :func:`window_command`. The checks run on a worker thread while
the window says so; the Tk widgets are touched only on the Tk thread.

The text shown and copied is exactly ``hackatime-tray doctor``'s, so it
holds the key only masked. On X11 the copied text belongs to this
window: once it is closed, pasting works only where a clipboard manager
took a copy (most desktops run one).
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

from tray_app.child import self_command
from tray_app.diagnostics import (
    TITLE_COLUMN,
    Level,
    Report,
    render_text,
    text_rows,
)
from tray_app.errors import HackatimeTrayError

if TYPE_CHECKING:
    import tkinter

logger = logging.getLogger(__name__)

WINDOW_TITLE = "Hackatime Tray: Diagnostics"
WINDOW_COMMAND = "diagnostics-window"
RUNNING_TEXT = "Running the checks…"
COPIED_TEXT = "Copied the report (the API key is masked)."

#: Text colours of the lines of each level.
LEVEL_COLOURS = {
    Level.OK: "#1b7f3b",
    Level.WARN: "#9a6700",
    Level.FAIL: "#b00020",
}

#: How often the Tk thread looks for the worker's result.
POLL_MS = 50


def window_command(*options: str) -> list[str]:
    """The argv that opens this window, e.g. ``window_command("--demo")``."""
    return self_command(WINDOW_COMMAND, *options)


def window_rows(report: Report) -> tuple[tuple[str, str | None], ...]:
    """The lines the window shows, each with its colour tag (or None)."""
    return tuple(
        (text, level.value if level is not None else None)
        for text, level in text_rows(report)
    )


class DiagnosticsWindow:
    """A read-only report, with Copy report, Run again and Close."""

    def __init__(self, collect: Callable[[], Report]) -> None:
        import tkinter
        from tkinter import ttk

        self._collect = collect
        self._results: queue.Queue[Report | str] = queue.Queue()
        self.report: Report | None = None

        self.root = tkinter.Tk(className="HackatimeTrayDiagnostics")
        self.root.title(WINDOW_TITLE)
        self.root.minsize(480, 240)
        self.root.protocol("WM_DELETE_WINDOW", self.close)
        self.root.bind("<Escape>", lambda _event: self.close())

        frame = ttk.Frame(self.root, padding=10)
        frame.pack(fill="both", expand=True)
        # The buttons are packed first so that they stay when it shrinks.
        buttons = ttk.Frame(frame)
        buttons.pack(side="bottom", fill="x", pady=(8, 0))
        self._status = tkinter.StringVar(master=self.root)
        ttk.Label(buttons, textvariable=self._status).pack(side="left")
        ttk.Button(buttons, text="Close", command=self.close).pack(
            side="right"
        )
        self.rerun_button = ttk.Button(
            buttons, text="Run again", command=self.start
        )
        self.rerun_button.pack(side="right", padx=(0, 6))
        self.copy_button = ttk.Button(
            buttons, text="Copy report", command=self.copy_report
        )
        self.copy_button.pack(side="right", padx=(0, 6))
        self._text = self._build_text(frame)

    def _build_text(self, parent: tkinter.Misc) -> tkinter.Text:
        """The read-only text area, with a scroll bar and level colours."""
        import tkinter
        from tkinter import font, ttk

        area = ttk.Frame(parent)
        area.pack(side="top", fill="both", expand=True)
        text = tkinter.Text(
            area, width=100, height=28, wrap="word", borderwidth=0
        )
        scrollbar = ttk.Scrollbar(area, orient="vertical", command=text.yview)
        text.configure(yscrollcommand=scrollbar.set)
        scrollbar.pack(side="right", fill="y")
        text.pack(side="left", fill="both", expand=True)

        # Wrapped lines start under the title, after the "[WARN] " column.
        indent = font.Font(font=text.cget("font")).measure(" " * TITLE_COLUMN)
        for level, colour in LEVEL_COLOURS.items():
            text.tag_configure(level.value, foreground=colour, lmargin2=indent)
        return text

    def run(self) -> int:
        """Start the checks and block until the window is closed."""
        self.start()
        self.root.mainloop()
        return 0

    def start(self) -> None:
        """Run the checks on a worker thread; the window shows the result."""
        self.report = None
        self._show([(RUNNING_TEXT, None)])
        self._status.set("")
        self.copy_button.state(["disabled"])
        self.rerun_button.state(["disabled"])
        threading.Thread(
            target=self._work, name="diagnostics", daemon=True
        ).start()
        self.root.after(POLL_MS, self._poll)

    def shown_text(self) -> str:
        """The text the window shows now."""
        return self._text.get("1.0", "end-1c")

    def copy_report(self) -> str:
        """Put the report's text on the clipboard and return it."""
        if self.report is None:
            return ""
        text = render_text(self.report)
        self.root.clipboard_clear()
        self.root.clipboard_append(text)
        self.root.update_idletasks()
        self._status.set(COPIED_TEXT)
        return text

    def close(self) -> None:
        """Close the window (the checks' thread is left to end alone)."""
        self.root.destroy()

    def _work(self) -> None:
        """The worker thread: collect the report, or say why it failed."""
        try:
            self._results.put(self._collect())
        except HackatimeTrayError as exc:
            self._results.put(f"The checks could not run: {exc}")
        except Exception as exc:
            logger.exception("The diagnostics failed")
            self._results.put(
                f"The checks could not run ({type(exc).__name__}); "
                "run 'hackatime-tray doctor -v' in a terminal."
            )

    def _poll(self) -> None:
        """On the Tk thread: show the worker's result once it is there."""
        try:
            result = self._results.get_nowait()
        except queue.Empty:
            self.root.after(POLL_MS, self._poll)
            return

        self.rerun_button.state(["!disabled"])
        if isinstance(result, str):
            self._show([(result, Level.FAIL.value)])
            return
        self.report = result
        self._show(window_rows(result))
        self.copy_button.state(["!disabled"])

    def _show(self, rows: Sequence[tuple[str, str | None]]) -> None:
        """Replace the text with ``rows`` of (line, tag or None)."""
        self._text.configure(state="normal")
        self._text.delete("1.0", "end")
        for index, (line, tag) in enumerate(rows):
            ending = "\n" if index < len(rows) - 1 else ""
            self._text.insert("end", line + ending, tag or ())
        self._text.configure(state="disabled")
