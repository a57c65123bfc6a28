"""MenuEntry trees as pystray menus and as fallback-window requests.

These need no display: pystray is imported with its ``dummy`` backend,
whose Menu and MenuItem are the real classes every backend renders.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from tray_app.fallback_menu import (
    entries_from_json,
    entries_to_json,
    row_text,
)
from tray_app.menu_model import SEPARATOR, Action, MenuEntry
from tray_app.tray_view import (
    MAX_TITLE_LENGTH,
    NO_DISPLAY_MESSAGE,
    display_error,
    short_title,
    to_pystray_menu,
)

ENTRIES: tuple[MenuEntry, ...] = (
    MenuEntry("Today: 2h 10m", enabled=False),
    SEPARATOR,
    MenuEntry("Refresh now", Action.REFRESH),
    MenuEntry(
        "Refresh every",
        children=(
            MenuEntry(
                "5 minutes", "set_interval:300", checked=True, radio=True
            ),
            MenuEntry(
                "15 minutes", "set_interval:900", checked=False, radio=True
            ),
        ),
    ),
    MenuEntry("Notifications", Action.TOGGLE_NOTIFICATIONS, checked=False),
    SEPARATOR,
    MenuEntry("Quit", Action.QUIT),
)


@pytest.fixture
def pystray_dummy(monkeypatch: pytest.MonkeyPatch) -> Iterator[ModuleType]:
    """pystray imported with the dummy backend, forgotten afterwards."""
    saved = {
        name: module
        for name, module in sys.modules.items()
        if name == "pystray" or name.startswith("pystray.")
    }
    for name in saved:
        del sys.modules[name]
    monkeypatch.setenv("PYSTRAY_BACKEND", "dummy")

    import pystray

    yield pystray
    for name in [n for n in sys.modules if n.split(".")[0] == "pystray"]:
        del sys.modules[name]
    sys.modules.update(saved)


def describe(
    menu: Any,
) -> list[tuple[str, bool | None, bool, bool, list[Any]]]:
    """(text, checked, radio, enabled, submenu) of each visible item."""
    return [
        (
            item.text,
            item.checked,
            item.radio,
            item.enabled,
            describe(item.submenu) if item.submenu else [],
        )
        for item in menu
    ]


def test_entries_become_pystray_items_with_marks_and_states(
    pystray_dummy: ModuleType,
) -> None:
    """Labels, disabled lines, checks, radios and submenus carry over."""
    menu = to_pystray_menu(pystray_dummy, ENTRIES, lambda _action: None)

    texts = [item.text for item in menu]
    assert texts[1] == pystray_dummy.Menu.SEPARATOR.text
    assert [row for row in describe(menu) if row[0] != texts[1]] == [
        ("Today: 2h 10m", None, False, False, []),
        ("Refresh now", None, False, True, []),
        (
            "Refresh every",
            None,
            False,
            True,
            [
                ("5 minutes", True, True, True, []),
                ("15 minutes", False, True, True, []),
            ],
        ),
        ("Notifications", False, False, True, []),
        ("Quit", None, False, True, []),
    ]


def test_clicking_an_item_dispatches_its_action(
    pystray_dummy: ModuleType,
) -> None:
    """Activating items (submenu ones too) reports their action ids."""
    chosen: list[str] = []
    menu = to_pystray_menu(pystray_dummy, ENTRIES, chosen.append)
    items = {item.text: item for item in menu}
    submenu = {item.text: item for item in items["Refresh every"].submenu}

    items["Refresh now"](None)
    submenu["15 minutes"](None)
    items["Today: 2h 10m"](None)

    assert chosen == ["refresh", "set_interval:900"]


def test_failing_action_is_logged_and_not_raised(
    pystray_dummy: ModuleType, caplog: pytest.LogCaptureFixture
) -> None:
    """An exception in the action handler never reaches pystray's loop."""

    def broken(_action: str) -> None:
        raise RuntimeError("boom")

    menu = to_pystray_menu(pystray_dummy, ENTRIES, broken)
    quit_item = next(item for item in menu if item.text == "Quit")

    with caplog.at_level(logging.ERROR, logger="tray_app.tray_view"):
        quit_item(None)

    assert "A tray menu action failed" in caplog.text
    assert "boom" in caplog.text


def test_default_action_is_a_hidden_default_item(
    pystray_dummy: ModuleType,
) -> None:
    """The icon's click action runs from the menu but is not listed in it."""
    opened: list[bool] = []
    menu = to_pystray_menu(
        pystray_dummy,
        ENTRIES,
        lambda _action: None,
        default_action=lambda: opened.append(True),
    )

    menu(None)

    assert opened == [True]
    assert "Open menu" not in [item.text for item in menu]


def test_long_title_is_cut_to_what_windows_accepts() -> None:
    """Titles over 127 characters end in an ellipsis at exactly 127."""
    title = "Today: 1h 02m — " + "x" * 300

    cut = short_title(title)

    assert len(cut) == MAX_TITLE_LENGTH
    assert cut.endswith("…")
    assert cut.startswith("Today: 1h 02m — ")
    assert short_title("Today: 5m") == "Today: 5m"


def test_no_display_is_reported_before_importing_pystray(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With neither DISPLAY nor WAYLAND_DISPLAY, the error is one sentence."""
    if sys.platform in ("darwin", "win32"):
        pytest.skip("macOS and Windows always have a display")
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.delenv("PYSTRAY_BACKEND", raising=False)

    error = display_error()

    assert error is not None
    assert str(error) == NO_DISPLAY_MESSAGE
    assert "hackatime-tray status" in str(error)


def test_entries_survive_the_trip_to_the_menu_window() -> None:
    """The JSON sent to the fallback window rebuilds the same entries."""
    sent = json.dumps({"entries": entries_to_json(ENTRIES)})

    received = entries_from_json(json.loads(sent)["entries"])

    assert received == ENTRIES


def test_rows_show_check_and_radio_marks() -> None:
    """The window marks checks with ✓/☐ and radio choices with ●/○."""
    marks = [row_text(entry) for entry in ENTRIES[3].children] + [
        row_text(ENTRIES[4]),
        row_text(MenuEntry("Start at login", "x", checked=True)),
        row_text(ENTRIES[2]),
    ]

    assert marks == [
        "● 5 minutes",
        "○ 15 minutes",
        "☐ Notifications",
        "✓ Start at login",
        "Refresh now",
    ]


@pytest.mark.parametrize(
    "request_text",
    [
        "not json",
        '{"entries": {"label": "x"}}',
        '{"entries": [{"label": 3}]}',
        '{"entries": [], "anchor": [1, 2]}',
    ],
)
def test_bad_menu_window_request_is_refused_in_one_line(
    request_text: str,
) -> None:
    """Malformed stdin makes the window exit 2 with a message, no traceback."""
    result = subprocess.run(
        [sys.executable, "-m", "tray_app.fallback_menu"],
        input=request_text,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.returncode == 2
    assert result.stderr.startswith("The menu request on stdin is not valid:")
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
