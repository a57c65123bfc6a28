"""The "Set API key…" window (tkinter, in a process of its own).

It runs as ``hackatime-tray key-dialog`` (``commands.key_dialog_cmd``),
so tkinter never shares a thread with the tray's toolkit. The window
checks the key against the server before storing it in the keyring, and
says in one sentence why when that fails. Exit status 0 means a new key was stored.
"""

from __future__ import annotations

import logging
import os
import threading
import tkinter as tk
import webbrowser
from collections.abc import Callable
from pathlib import Path
from tkinter import ttk

from tray_app import errors, login
from tray_app.address import ServerAddress

logger = logging.getLogger(__name__)

WINDOW_TITLE = "Hackatime Tray: API key"
DIALOG_DUMP_ENV = "HACKATIME_TRAY_DIALOG_DUMP"
EXIT_STORED = 0
EXIT_CANCELLED = 1


class KeyDialog:
    """A masked field, a link to the key page, Save and Cancel."""

    def __init__(
        self,
        address: ServerAddress,
        *,
        check: Callable[[str], object],
        store: Callable[[ServerAddress, str], None],
        wakatime_key: str | None = None,
    ) -> None:
        self._address = address
        self._check = check
        self._store = store
        self._wakatime_key = wakatime_key
        self._result = EXIT_CANCELLED
        self._root = tk.Tk()
        self._root.title(WINDOW_TITLE)
        self._root.resizable(False, False)
        self._key = tk.StringVar(master=self._root)
        self._message = tk.StringVar(master=self._root)
        self._build()

    def run(self) -> int:
        """Block in the window's main loop; return the exit status."""
        self._root.mainloop()
        return self._result

    def _build(self) -> None:
        frame = ttk.Frame(self._root, padding=12)
        frame.grid()
        ttk.Label(frame, text=f"API key for {self._address.base_url}").grid(
            row=0, column=0, columnspan=3, sticky="w"
        )

        entry = ttk.Entry(frame, textvariable=self._key, show="•", width=42)
        entry.grid(row=1, column=0, columnspan=3, pady=6, sticky="we")
        entry.focus_set()

        link = ttk.Label(
            frame,
            text="Where is my key? Open the settings page",
            foreground="#2a6ebb",
            cursor="hand2",
        )
        link.grid(row=2, column=0, columnspan=3, sticky="w")
        link.bind(
            "<Button-1>", lambda _: webbrowser.open(self._address.api_key_url)
        )

        ttk.Label(
            frame,
            textvariable=self._message,
            foreground="#b00020",
            wraplength=340,
        ).grid(row=3, column=0, columnspan=3, pady=6, sticky="w")

        if self._wakatime_key:
            ttk.Button(
                frame,
                text="Use key from ~/.wakatime.cfg",
                command=self._use_wakatime_key,
            ).grid(row=4, column=0, sticky="w")
        self._save_button = ttk.Button(frame, text="Save", command=self._save)
        self._save_button.grid(row=4, column=1, sticky="e")
        ttk.Button(frame, text="Cancel", command=self._root.destroy).grid(
            row=4, column=2, sticky="e"
        )
        self._root.bind("<Return>", lambda _: self._save())
        self._root.bind("<Escape>", lambda _: self._root.destroy())

    def _use_wakatime_key(self) -> None:
        self._key.set(self._wakatime_key or "")
        self._save()

    def _save(self) -> None:
        key = self._key.get()
        self._message.set("Checking the key with the server…")
        self._save_button.state(["disabled"])
        threading.Thread(
            target=self._check_and_store, args=(key,), daemon=True
        ).start()

    def _check_and_store(self, key: str) -> None:
        try:
            login.login(
                self._address, key, check=self._check, store=self._store
            )
        except errors.HackatimeTrayError as error:
            message = str(error)
            self._root.after(0, self._failed, message)
            return
        self._root.after(0, self._stored)

    def _failed(self, message: str) -> None:
        self._message.set(message)
        self._save_button.state(["!disabled"])
        # A test hook, like the fallback menu's: tests cannot read Tk
        # labels from outside the process.
        dump = os.environ.get(DIALOG_DUMP_ENV)
        if dump:
            Path(dump).write_text(message, encoding="utf-8")

    def _stored(self) -> None:
        self._result = EXIT_STORED
        self._root.destroy()
