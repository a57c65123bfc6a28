"""Drive a real TrayView for the display tests, one command per stdin line.

Run as ``python tests/display/tray_driver.py`` with DISPLAY set. It prints
``ready <backend>`` once the icon is shown, ``done <command>`` after each
command, and ``action <id>`` when a menu entry is chosen. Commands:
``image <scheme>``, ``title <text>``, ``menu full|short``, ``redock``,
``notify <text>``, ``stop``.
A HackatimeTrayError is printed on stderr and ends it with status 3.
"""

from __future__ import annotations

import logging
import sys
import threading

from PIL import Image

from tray_app.errors import HackatimeTrayError
from tray_app.menu_model import SEPARATOR, Action, MenuEntry
from tray_app.tray_view import TrayView

ICON_NAME = "hackatime-display-test"
FIRST_TITLE = "Today: 1h 02m"

#: Top half and bottom half colours of each test image.
SCHEMES: dict[str, tuple[tuple[int, int, int], tuple[int, int, int]]] = {
    "warm": ((255, 0, 0), (255, 255, 0)),
    "cool": ((0, 0, 255), (0, 255, 0)),
}

ENTRIES: tuple[MenuEntry, ...] = (
    MenuEntry("Today: 1h 02m", enabled=False),
    SEPARATOR,
    MenuEntry("Refresh now", Action.REFRESH),
    MenuEntry(
        "Display format",
        children=(
            MenuEntry("1h 02m", "set_format:short", checked=True, radio=True),
            MenuEntry("1:02", "set_format:clock", checked=False, radio=True),
        ),
    ),
    MenuEntry("Notifications", Action.TOGGLE_NOTIFICATIONS, checked=True),
    MenuEntry("Start at login", Action.TOGGLE_AUTOSTART, checked=False),
    SEPARATOR,
    MenuEntry("Quit", Action.QUIT),
)


#: A second, shorter menu, for tests that change the menu.
SHORT_ENTRIES: tuple[MenuEntry, ...] = (
    MenuEntry("Today: 3h 45m", enabled=False),
    SEPARATOR,
    MenuEntry("Quit", Action.QUIT),
)
MENUS = {"full": ENTRIES, "short": SHORT_ENTRIES}

#: Which part of the shown state each update command changes.
STATE_KEYS = {"image": "scheme", "title": "title", "menu": "menu"}


def scheme_image(scheme: str) -> Image.Image:
    """A 64x64 icon: the scheme's first colour on top, second below."""
    top, bottom = SCHEMES[scheme]
    image = Image.new("RGBA", (64, 64), (*bottom, 255))
    image.paste((*top, 255), (0, 0, 64, 32))
    return image


def say(line: str) -> None:
    """Print one protocol line for the test."""
    print(line, flush=True)


def main() -> int:
    """Show the icon, then follow the commands on stdin."""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    state = {"title": FIRST_TITLE, "scheme": "warm", "menu": "full"}
    try:
        view = TrayView(
            name=ICON_NAME,
            title=FIRST_TITLE,
            image=scheme_image("warm"),
            entries=ENTRIES,
            on_action=lambda action: say(f"action {action}"),
        )
    except HackatimeTrayError as exc:
        print(exc, file=sys.stderr)
        return 3

    def follow_commands() -> None:
        for line in sys.stdin:
            command, _, argument = line.rstrip("\n").partition(" ")
            if command in STATE_KEYS:
                state[STATE_KEYS[command]] = argument
                view.update(
                    scheme_image(state["scheme"]),
                    state["title"],
                    MENUS[state["menu"]],
                )
            elif command == "redock":
                view.redock()
            elif command == "notify":
                say(f"notified {view.notify('Hackatime', argument)}")
            elif command == "stop":
                break
            say(f"done {command}")
        view.stop()

    def on_ready() -> None:
        say(f"ready {view.backend_name}")
        threading.Thread(target=follow_commands, daemon=True).start()

    view.run(on_ready)
    say("stopped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
