"""A small tkinter window that shows the tray menu where the tray has none.

pystray's xorg backend (plain X11 without PyGObject) cannot show a menu:
a click on the icon only runs a default action. ``tray_app.tray_view``
makes that action start this module in a child process::

    python -m tray_app.fallback_menu  < {"entries": [...], "anchor": ...}

``anchor`` is the icon's ``[x, y, width, height]`` on screen, or null; the
window opens below the icon (above it near the bottom of the screen), or
next to the pointer without an anchor.

The window lists the same :class:`~tray_app.menu_model.MenuEntry` tree as
the tray menu. A click on an entry prints its action id on stdout, and the
window closes; Escape, losing the focus or the close button close it
without output. It runs in its own process so that tkinter never shares a
thread, or an X connection, with pystray's event loop.

Test hook: when the environment variable ``HACKATIME_TRAY_MENU_DUMP``
names a file, the window writes the rows it drew to that file as JSON
(text, screen geometry, enabled state, action), once they are on screen.
"""

from __future__ import annotations

import json
import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tray_app.menu_model import MenuEntry

if TYPE_CHECKING:
    import tkinter

logger = logging.getLogger(__name__)

WINDOW_TITLE = "Hackatime Tray"
MENU_DUMP_ENV = "HACKATIME_TRAY_MENU_DUMP"

CHECKED_MARK = "✓ "
UNCHECKED_MARK = "☐ "
RADIO_ON_MARK = "● "
RADIO_OFF_MARK = "○ "
FOLDED_MARK = "▸ "
UNFOLDED_MARK = "▾ "
SUBMENU_INDENT = "      "
ROW_PADDING_X = 10
ROW_PADDING_Y = 2
MIN_WINDOW_WIDTH = 180

#: Milliseconds to wait after a FocusOut before checking whether the focus
#: really left the window (it also fires when it moves between widgets).
FOCUS_CHECK_DELAY_MS = 100

#: Milliseconds between checks whether the window is on screen (test hook).
DUMP_POLL_MS = 20


def entries_to_json(entries: tuple[MenuEntry, ...]) -> list[dict[str, Any]]:
    """Encode menu entries as JSON-ready dicts for the child process."""
    return [
        {
            "label": entry.label,
            "action": entry.action,
            "enabled": entry.enabled,
            "checked": entry.checked,
            "radio": entry.radio,
            "separator": entry.separator,
            "children": entries_to_json(entry.children),
        }
        for entry in entries
    ]


def entries_from_json(raw: object) -> tuple[MenuEntry, ...]:
    """Decode what :func:`entries_to_json` made; ValueError on bad shape."""
    if not isinstance(raw, list):
        raise ValueError("the menu entries must be a JSON list")

    return tuple(_entry_from_json(item) for item in raw)


def _entry_from_json(item: object) -> MenuEntry:
    if not isinstance(item, dict):
        raise ValueError("each menu entry must be a JSON object")

    label = item.get("label", "")
    action = item.get("action")
    checked = item.get("checked")
    if not isinstance(label, str) or not (
        action is None or isinstance(action, str)
    ):
        raise ValueError("a menu entry needs a text label and a text action")
    if not (checked is None or isinstance(checked, bool)):
        raise ValueError("'checked' must be true, false or null")

    return MenuEntry(
        label=label,
        action=action,
        enabled=bool(item.get("enabled", True)),
        checked=checked,
        radio=bool(item.get("radio", False)),
        children=entries_from_json(item.get("children", [])),
        separator=bool(item.get("separator", False)),
    )


def row_text(entry: MenuEntry) -> str:
    """The text a row shows: the label after its check or radio mark."""
    if entry.checked is None:
        return entry.label

    if entry.radio:
        return (
            RADIO_ON_MARK if entry.checked else RADIO_OFF_MARK
        ) + entry.label

    return (CHECKED_MARK if entry.checked else UNCHECKED_MARK) + entry.label


@dataclass(frozen=True)
class _Row:
    """One drawn row, remembered for the test dump."""

    widget: tkinter.Widget
    label: str
    text: str
    depth: int
    enabled: bool
    action: str | None
    separator: bool


class FallbackMenuWindow:
    """The window: one row per entry, submenus drawn indented below them."""

    def __init__(
        self,
        entries: tuple[MenuEntry, ...],
        on_choice: Callable[[str], None],
        anchor: tuple[int, int, int, int] | None = None,
    ) -> None:
        import tkinter
        from tkinter import font as tkfont
        from tkinter import ttk

        self._tk = tkinter
        self._ttk = ttk
        self._on_choice = on_choice
        self._rows: list[_Row] = []
        self._closed = False
        self._anchor = anchor
        self._headings: dict[tkinter.Widget, tuple[tkinter.Button, str]] = {}

        self.root = tkinter.Tk(className="HackatimeTrayMenu")
        self.root.title(WINDOW_TITLE)
        self.root.resizable(False, False)
        self.root.attributes("-topmost", True)
        self.root.minsize(MIN_WINDOW_WIDTH, 0)
        self._bold = tkfont.nametofont("TkDefaultFont").copy()
        self._bold.configure(weight="bold")

        frame = ttk.Frame(self.root, padding=4)
        frame.pack(fill="both", expand=True)
        top_level = ttk.Frame(frame)
        top_level.pack(side="left", fill="y", anchor="n")
        # A top-level submenu opens in this pane beside the menu, as a
        # cascading menu would; unfolded below its heading instead, the
        # menu would be taller than most screens.
        self._side_pane = ttk.Frame(frame)
        self._side_pane.pack(side="left", fill="y", anchor="n")
        self._open_side: tkinter.Widget | None = None
        self._add_rows(top_level, entries, depth=0)

        self.root.bind("<Escape>", lambda _event: self.close())
        self.root.bind("<FocusOut>", self._on_focus_out)
        self.root.protocol("WM_DELETE_WINDOW", self.close)
        self._place(anchor)

    def _add_rows(
        self,
        parent: tkinter.Misc,
        entries: tuple[MenuEntry, ...],
        depth: int,
    ) -> None:
        for entry in entries:
            self._add_row(parent, entry, depth)

    def _add_row(
        self, parent: tkinter.Misc, entry: MenuEntry, depth: int
    ) -> None:
        if entry.separator:
            line = self._ttk.Separator(parent, orient="horizontal")
            line.pack(fill="x", pady=3)
            self._remember(line, "", depth, entry, separator=True)
            return

        text = row_text(entry)
        if entry.children:
            self._add_submenu(parent, entry, text, depth)
            return

        row: tkinter.Label | tkinter.Button
        if entry.action is None or not entry.enabled:
            row = self._tk.Label(parent)
            if not entry.enabled:
                row.configure(state="disabled")
        else:
            action = entry.action
            row = self._tk.Button(
                parent,
                relief="flat",
                command=lambda: self._choose(action),
            )
        self._style_row(row, SUBMENU_INDENT * depth + text)
        row.pack(fill="x")
        self._remember(row, text, depth, entry, separator=False)

    def _add_submenu(
        self, parent: tkinter.Misc, entry: MenuEntry, text: str, depth: int
    ) -> None:
        """A heading that shows or hides its entries, folded at first."""
        on_side = depth == 0
        children = self._ttk.Frame(self._side_pane if on_side else parent)
        heading = self._tk.Button(parent, relief="flat", font=self._bold)
        indent = "" if on_side else SUBMENU_INDENT * depth
        folded = f"{indent}{FOLDED_MARK}{text}"
        unfolded = f"{indent}{UNFOLDED_MARK}{text}"

        def toggle() -> None:
            if children.winfo_ismapped():
                children.pack_forget()
                heading.configure(text=folded)
            elif on_side:
                self._show_on_side(children)
                heading.configure(text=unfolded)
            else:
                children.pack(fill="x", after=heading)
                heading.configure(text=unfolded)
            self._place(self._anchor)
            self._dump_if_asked()

        heading.configure(command=toggle)
        self._style_row(heading, folded)
        heading.pack(fill="x")
        self._headings[children] = (heading, folded)
        self._remember(heading, text, depth, entry, separator=False)
        self._add_rows(children, entry.children, depth + 1)

    def _show_on_side(self, children: tkinter.Widget) -> None:
        """Show one top-level submenu beside the menu, folding the other."""
        if self._open_side is not None:
            self._open_side.pack_forget()
            heading, folded = self._headings[self._open_side]
            heading.configure(text=folded)
        children.pack(fill="x")
        self._open_side = children

    def _style_row(
        self, row: tkinter.Label | tkinter.Button, text: str
    ) -> None:
        row.configure(
            text=text,
            anchor="w",
            padx=ROW_PADDING_X,
            pady=ROW_PADDING_Y,
            borderwidth=0,
            highlightthickness=0,
        )

    def _remember(
        self,
        widget: tkinter.Widget,
        text: str,
        depth: int,
        entry: MenuEntry,
        *,
        separator: bool,
    ) -> None:
        clickable = (
            entry.enabled and entry.action is not None and not entry.children
        )
        self._rows.append(
            _Row(
                widget=widget,
                label=entry.label,
                text=text,
                depth=depth,
                enabled=entry.enabled and not separator,
                action=entry.action if clickable else None,
                separator=separator,
            )
        )

    def _place(self, anchor: tuple[int, int, int, int] | None) -> None:
        """Open below the icon (or above it), kept inside the screen."""
        self.root.update_idletasks()
        width = self.root.winfo_reqwidth()
        height = self.root.winfo_reqheight()
        screen_width = self.root.winfo_screenwidth()
        screen_height = self.root.winfo_screenheight()
        if anchor is None:
            pointer_x, pointer_y = self.root.winfo_pointerxy()
            anchor = (pointer_x, pointer_y, 1, 1)
        anchor_x, anchor_y, _anchor_width, anchor_height = anchor

        y = anchor_y + anchor_height
        if y + height > screen_height:
            y = anchor_y - height
        x = max(0, min(anchor_x, screen_width - width))
        y = max(0, min(y, screen_height - height))
        self.root.geometry(f"+{x}+{y}")

    def _choose(self, action: str) -> None:
        self._on_choice(action)
        self.close()

    def _on_focus_out(self, _event: object) -> None:
        self.root.after(FOCUS_CHECK_DELAY_MS, self._close_if_unfocused)

    def _close_if_unfocused(self) -> None:
        if self._closed:
            return

        try:
            focused = self.root.focus_get()
        except KeyError:
            # Tk raises KeyError for focus inside widgets it did not name.
            focused = self.root
        if focused is None:
            self.close()

    def close(self) -> None:
        """Close the window and end the Tk main loop."""
        if not self._closed:
            self._closed = True
            self.root.destroy()

    def dump_rows(self, path: Path) -> None:
        """Write the drawn rows as JSON to ``path`` (atomically)."""
        self.root.update()
        rows = [
            {
                "label": row.label,
                "text": row.text,
                "depth": row.depth,
                "enabled": row.enabled,
                "action": row.action,
                "separator": row.separator,
                "shown": bool(row.widget.winfo_ismapped()),
                "x": row.widget.winfo_rootx(),
                "y": row.widget.winfo_rooty(),
                "width": row.widget.winfo_width(),
                "height": row.widget.winfo_height(),
            }
            for row in self._rows
        ]
        partial = path.with_name(path.name + ".partial")
        partial.write_text(json.dumps(rows, indent=1), encoding="utf-8")
        os.replace(partial, path)

    def run(self) -> None:
        """Show the window until a choice, Escape or a focus loss."""
        self.root.focus_force()
        self._dump_if_asked()
        self.root.mainloop()

    def _dump_if_asked(self) -> None:
        dump_path = os.environ.get(MENU_DUMP_ENV)
        if dump_path:
            self.root.after(
                DUMP_POLL_MS, self._dump_when_viewable, Path(dump_path)
            )

    def _dump_when_viewable(self, path: Path) -> None:
        if self._closed:
            return

        if not self.root.winfo_viewable():
            self.root.after(DUMP_POLL_MS, self._dump_when_viewable, path)
            return

        self.dump_rows(path)


#: The hidden ``hackatime-tray`` command that runs :func:`main`; a
#: command rather than ``python -m`` so it also works in a frozen build.
FALLBACK_MENU_COMMAND = "fallback-menu"


def main() -> int:
    """Read entries from stdin, show the window, print the chosen action."""
    logging.basicConfig(level=logging.WARNING)
    try:
        request = json.load(sys.stdin)
        entries = entries_from_json(request.get("entries"))
        anchor = _anchor_from_json(request.get("anchor"))
    except (ValueError, AttributeError) as exc:
        print(
            f"The menu request on stdin is not valid: {exc}", file=sys.stderr
        )
        return 2

    def print_choice(action: str) -> None:
        print(action, flush=True)

    import tkinter

    try:
        window = FallbackMenuWindow(entries, print_choice, anchor)
    except tkinter.TclError as exc:
        print(f"The menu window could not open: {exc}", file=sys.stderr)
        return 1

    window.run()
    return 0


def _anchor_from_json(raw: object) -> tuple[int, int, int, int] | None:
    if raw is None:
        return None

    if not (
        isinstance(raw, list)
        and len(raw) == 4
        and all(isinstance(value, int) for value in raw)
    ):
        raise ValueError("'anchor' must be null or four integers")

    x, y, width, height = raw
    return (x, y, width, height)


if __name__ == "__main__":
    raise SystemExit(main())
