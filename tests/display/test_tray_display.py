"""A real pystray icon (xorg backend) in a real XEmbed tray, under Xvfb.

Each test starts Xvfb, usually trayer as the tray host, and
tray_driver.py, which runs a TrayView and follows commands on stdin.
The X server is then inspected from outside with python-xlib and xdotool.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from tray_display_helpers import (
    DRIVER_SCRIPT,
    FALLBACK_WINDOW_NAME,
    REPO_ROOT,
    DriverProcess,
    VirtualDisplay,
    docked_parent,
    find_icon_window,
    grab_screen,
    grab_window,
    icon_windows,
    is_close,
    is_shown_on_screen,
    read_json_file,
    top_level_ancestor,
    wait_for,
    window_rectangle,
    windows_named,
    xdotool,
)
from tray_driver import ENTRIES, FIRST_TITLE, ICON_NAME, SCHEMES
from Xlib.xobject.drawable import Window

from tray_app.menu_model import MenuEntry

pytestmark = [pytest.mark.display, pytest.mark.timeout(60)]


def flatten(
    entries: tuple[MenuEntry, ...], depth: int = 0
) -> Iterator[tuple[str, int, bool]]:
    """(label, depth, separator) for every entry, submenus after parents."""
    for entry in entries:
        yield (entry.label, depth, entry.separator)
        yield from flatten(entry.children, depth + 1)


def docked_icon(xvfb: VirtualDisplay) -> Window:
    """Wait until the test icon's window is docked in the tray; return it."""

    def probe() -> Window | None:
        window = find_icon_window(xvfb.connection, ICON_NAME)
        if window is None or docked_parent(xvfb.connection, window) is None:
            return None
        if not is_shown_on_screen(xvfb.connection, window):
            return None
        return window

    return wait_for(probe, "the icon to dock in the tray and be shown")


def icon_shows(
    xvfb: VirtualDisplay, window: Window, scheme: str
) -> Image.Image | None:
    """The icon's pixels if its top and bottom show ``scheme``'s colours."""
    pixels = grab_window(xvfb.connection, window)
    width, height = pixels.size
    top, bottom = SCHEMES[scheme]
    top_ok = is_close(pixels.getpixel((width // 2, height // 4)), top)
    bottom_ok = is_close(
        pixels.getpixel((width // 2, 3 * height // 4)), bottom
    )
    return pixels if top_ok and bottom_ok else None


def click_icon(xvfb: VirtualDisplay, window: Window) -> None:
    """Left-click the icon window, as a user would."""
    result = xdotool(
        xvfb.name,
        "mousemove",
        "--window",
        str(window.id),
        "8",
        "8",
        "click",
        "1",
    )
    assert result.returncode == 0, result.stderr


def open_fallback_menu(
    xvfb: VirtualDisplay, driver: DriverProcess, menu_dump: Path
) -> list[dict[str, Any]]:
    """Click the docked icon and return the rows the menu window drew."""
    driver.expect("ready")
    click_icon(xvfb, docked_icon(xvfb))
    wait_for(
        lambda: windows_named(xvfb.name, FALLBACK_WINDOW_NAME),
        "the fallback menu window",
    )
    rows: list[dict[str, Any]] = wait_for(
        lambda: read_json_file(menu_dump), "the menu window's row dump"
    )
    return rows


def test_icon_docks_in_tray_host_with_title_as_wm_name(
    xvfb: VirtualDisplay,
    tray_host: int,
    start_driver: Callable[..., DriverProcess],
) -> None:
    """The icon window is docked in trayer's panel, named by the title."""
    driver = start_driver()

    assert driver.expect("ready") == "ready xorg"
    window = docked_icon(xvfb)

    panel = top_level_ancestor(xvfb.connection, window)
    assert panel.get_wm_class() == ("panel", "trayer")
    assert window.get_wm_name() == FIRST_TITLE


def test_icon_pixels_change_when_image_is_updated(
    xvfb: VirtualDisplay,
    tray_host: int,
    start_driver: Callable[..., DriverProcess],
    screenshot_dir: Path,
) -> None:
    """The tray shows the first image's colours, then the new image's."""
    driver = start_driver()
    driver.expect("ready")
    window = docked_icon(xvfb)
    wait_for(lambda: icon_shows(xvfb, window, "warm"), "the warm icon colours")

    tray_strip = grab_screen(xvfb.connection, (0, 0, 200, 32))
    tray_strip.resize((800, 128), Image.Resampling.NEAREST).save(
        screenshot_dir / "tray-icon.png"
    )
    driver.send("image cool")
    driver.expect("done image")

    wait_for(lambda: icon_shows(xvfb, window, "cool"), "the cool icon colours")


def test_title_update_is_readable_as_wm_name(
    xvfb: VirtualDisplay,
    tray_host: int,
    start_driver: Callable[..., DriverProcess],
) -> None:
    """A new title reaches the icon window's WM_NAME (the XEmbed tooltip)."""
    driver = start_driver()
    driver.expect("ready")
    window = docked_icon(xvfb)

    driver.send("title Today: 3h 45m (Python)")
    driver.expect("done title")

    assert window.get_wm_name() == "Today: 3h 45m (Python)"


def test_title_outside_latin1_still_reaches_wm_name(
    xvfb: VirtualDisplay,
    tray_host: int,
    start_driver: Callable[..., DriverProcess],
) -> None:
    """An emoji or a cut title (…) is folded to Latin-1, not dropped."""
    driver = start_driver()
    driver.expect("ready")
    window = docked_icon(xvfb)

    driver.send("title Today: \N{ROCKET} " + "x" * 200)
    driver.expect("done title")

    name = window.get_wm_name()
    assert name.startswith("Today: ? xxx")
    assert name.endswith("...")


def test_repeated_updates_keep_one_docked_icon(
    xvfb: VirtualDisplay,
    tray_host: int,
    start_driver: Callable[..., DriverProcess],
) -> None:
    """Updates redraw the docked icon in place: same socket, one icon."""
    driver = start_driver()
    driver.expect("ready")
    first_parent = docked_parent(xvfb.connection, docked_icon(xvfb))
    assert first_parent is not None

    for scheme in ("cool", "warm", "cool", "warm"):
        driver.send(f"image {scheme}")
        driver.expect("done image")
    driver.send("redock")
    driver.expect("done redock")

    windows = icon_windows(xvfb.connection, ICON_NAME)
    assert len(windows) == 1
    parent = docked_parent(xvfb.connection, windows[0])
    assert parent is not None and parent.id == first_parent.id
    wait_for(lambda: icon_shows(xvfb, windows[0], "warm"), "the last image")


def test_left_click_opens_fallback_menu_with_all_entries(
    xvfb: VirtualDisplay,
    tray_host: int,
    start_driver: Callable[..., DriverProcess],
    menu_dump: Path,
    screenshot_dir: Path,
) -> None:
    """A left click on the xorg icon opens a window listing every entry."""
    driver = start_driver()

    rows = open_fallback_menu(xvfb, driver, menu_dump)

    grab_screen(xvfb.connection).save(screenshot_dir / "tray-menu.png")
    drawn = [(row["label"], row["depth"], row["separator"]) for row in rows]
    assert drawn == list(flatten(ENTRIES))
    texts = [row["text"] for row in rows if not row["separator"]]
    assert texts == [
        "Today: 1h 02m",
        "Refresh now",
        "Display format",
        "● 1h 02m",
        "○ 1:02",
        "✓ Notifications",
        "☐ Start at login",
        "Quit",
    ]
    assert [
        row["enabled"] for row in rows if row["label"] == "Today: 1h 02m"
    ] == [False]


def test_fallback_menu_opens_below_the_icon(
    xvfb: VirtualDisplay,
    tray_host: int,
    start_driver: Callable[..., DriverProcess],
    menu_dump: Path,
) -> None:
    """The menu window opens just under the icon in a top panel."""
    driver = start_driver()

    rows = open_fallback_menu(xvfb, driver, menu_dump)

    icon_x, icon_y, _, icon_height = window_rectangle(
        xvfb.connection, docked_icon(xvfb)
    )
    menu_id = windows_named(xvfb.name, FALLBACK_WINDOW_NAME)[0]
    menu_window = xvfb.connection.create_resource_object("window", menu_id)
    menu_x, menu_y, _, _ = window_rectangle(xvfb.connection, menu_window)
    assert (menu_x, menu_y) == (icon_x, icon_y + icon_height)
    assert min(row["y"] for row in rows) >= icon_y + icon_height


def test_choosing_fallback_entry_runs_its_action(
    xvfb: VirtualDisplay,
    tray_host: int,
    start_driver: Callable[..., DriverProcess],
    menu_dump: Path,
) -> None:
    """Clicking "Refresh now" in the window calls on_action("refresh")."""
    driver = start_driver()
    rows = open_fallback_menu(xvfb, driver, menu_dump)
    refresh = next(row for row in rows if row["action"] == "refresh")
    centre_x = refresh["x"] + refresh["width"] // 2
    centre_y = refresh["y"] + refresh["height"] // 2

    xdotool(xvfb.name, "mousemove", str(centre_x), str(centre_y), "click", "1")

    assert driver.expect("action") == "action refresh"
    wait_for(
        lambda: not windows_named(xvfb.name, FALLBACK_WINDOW_NAME),
        "the menu window to close after the choice",
    )


def test_second_click_closes_the_open_fallback_menu(
    xvfb: VirtualDisplay,
    tray_host: int,
    start_driver: Callable[..., DriverProcess],
    menu_dump: Path,
) -> None:
    """Clicking the icon while the menu is open closes it (one window only)."""
    driver = start_driver()
    open_fallback_menu(xvfb, driver, menu_dump)

    click_icon(xvfb, docked_icon(xvfb))

    wait_for(
        lambda: not windows_named(xvfb.name, FALLBACK_WINDOW_NAME),
        "the menu window to close",
    )


def test_escape_closes_fallback_menu_without_action(
    xvfb: VirtualDisplay,
    tray_host: int,
    start_driver: Callable[..., DriverProcess],
    menu_dump: Path,
) -> None:
    """Escape closes the menu window and reports no action to the app."""
    driver = start_driver()
    open_fallback_menu(xvfb, driver, menu_dump)
    menu_id = windows_named(xvfb.name, FALLBACK_WINDOW_NAME)[0]

    xdotool(xvfb.name, "key", "--window", str(menu_id), "Escape")
    wait_for(
        lambda: not windows_named(xvfb.name, FALLBACK_WINDOW_NAME),
        "the menu window to close on Escape",
    )
    driver.send("redock")

    assert driver.next_line() == "done redock"


def test_late_tray_host_docks_icon_after_redock(
    xvfb: VirtualDisplay,
    start_tray_host: Callable[[], int],
    start_driver: Callable[..., DriverProcess],
) -> None:
    """An icon shown before any tray exists docks once redock() runs."""
    driver = start_driver()
    driver.expect("ready")
    window = wait_for(
        lambda: find_icon_window(xvfb.connection, ICON_NAME), "the icon window"
    )
    assert docked_parent(xvfb.connection, window) is None

    start_tray_host()
    driver.send("redock")
    driver.expect("done redock")

    assert docked_icon(xvfb).id == window.id
    wait_for(lambda: icon_shows(xvfb, window, "warm"), "the icon colours")


def test_late_tray_host_is_found_by_dock_watch(
    xvfb: VirtualDisplay,
    start_tray_host: Callable[[], int],
    start_driver: Callable[..., DriverProcess],
) -> None:
    """With no command at all, a tray host that starts later gets the icon."""
    driver = start_driver()
    driver.expect("ready")
    window = wait_for(
        lambda: find_icon_window(xvfb.connection, ICON_NAME), "the icon window"
    )

    start_tray_host()

    assert docked_icon(xvfb).id == window.id
    assert "A tray host appeared; docking the icon" in driver.log_text()


def test_tray_host_restart_redocks_icon(
    xvfb: VirtualDisplay,
    start_tray_host: Callable[[], int],
    start_driver: Callable[..., DriverProcess],
) -> None:
    """When the tray host dies and another starts, the icon docks again."""
    start_tray_host()
    driver = start_driver()
    driver.expect("ready")
    window = docked_icon(xvfb)
    first_host = xvfb.processes.pop()
    first_host.terminate()
    first_host.wait(timeout=5)
    wait_for(lambda: xvfb.tray_owner() == 0, "the old tray host to go away")

    start_tray_host()

    assert docked_icon(xvfb).id == window.id


def test_stop_ends_run_and_the_process(
    xvfb: VirtualDisplay,
    tray_host: int,
    start_driver: Callable[..., DriverProcess],
) -> None:
    """stop() from another thread makes run() return and the process exit."""
    driver = start_driver()
    driver.expect("ready")
    docked_icon(xvfb)

    driver.send("stop")

    assert driver.expect("stopped") == "stopped"
    assert driver.close() == 0
    wait_for(
        lambda: find_icon_window(xvfb.connection, ICON_NAME) is None,
        "the icon window to disappear",
    )


def test_no_display_gives_one_clear_sentence(tmp_path: Path) -> None:
    """Without DISPLAY, TrayView fails with one sentence and no traceback."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DISPLAY", "WAYLAND_DISPLAY", "PYSTRAY_BACKEND")
    }
    env["PYTHONPATH"] = str(REPO_ROOT)

    result = subprocess.run(
        [sys.executable, str(DRIVER_SCRIPT)],
        env=env,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert result.stderr.strip() == (
        "No graphical display was found (DISPLAY/WAYLAND_DISPLAY unset); "
        "run 'hackatime-tray status' in a terminal instead."
    )


def test_unreachable_display_gives_one_clear_sentence(tmp_path: Path) -> None:
    """With DISPLAY naming no server, the error names it, without traceback."""
    socket_dir = Path("/tmp/.X11-unix")
    number = next(
        n for n in range(900, 1000) if not (socket_dir / f"X{n}").exists()
    )
    env = {**os.environ, "DISPLAY": f":{number}", "PYTHONPATH": str(REPO_ROOT)}
    env.pop("PYSTRAY_BACKEND", None)

    result = subprocess.run(
        [sys.executable, str(DRIVER_SCRIPT)],
        env=env,
        cwd=tmp_path,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=30,
        check=False,
    )

    assert result.returncode == 3
    assert "Traceback" not in result.stderr
    assert result.stderr.strip().startswith(
        f"Could not connect to the X display ':{number}'"
    )


def test_focus_moving_away_closes_fallback_menu(
    xvfb: VirtualDisplay,
    tray_host: int,
    start_driver: Callable[..., DriverProcess],
    menu_dump: Path,
) -> None:
    """When another window takes the keyboard focus, the menu closes."""
    driver = start_driver()
    open_fallback_menu(xvfb, driver, menu_dump)
    panel = top_level_ancestor(xvfb.connection, docked_icon(xvfb))

    xdotool(xvfb.name, "windowfocus", str(panel.id))

    wait_for(
        lambda: not windows_named(xvfb.name, FALLBACK_WINDOW_NAME),
        "the menu window to close when it loses the focus",
    )
