"""The whole app, started as users start it, on a virtual display.

``hackatime-tray`` runs as a child process against a demo server that
lives in the test process, so the test can change today's total on the
server and watch the real tray icon follow. Two tray hosts are covered:
trayer (XEmbed, pystray's xorg backend, the menu in a fallback window)
and gtk-sni-tray-standalone (StatusNotifierItem, the appindicator
backend, the menu read over D-Bus).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from tray_display_helpers import (
    FALLBACK_WINDOW_NAME,
    REPO_ROOT,
    VirtualDisplay,
    docked_parent,
    find_icon_window,
    grab_screen,
    grab_window,
    is_shown_on_screen,
    read_json_file,
    wait_for,
    windows_named,
    xdotool,
)
from Xlib.xobject.drawable import Window

from tray_app import APP_NAME
from tray_app.address import parse_server_address
from tray_app.client import HackatimeClient
from tray_app.demo import DemoServer
from tray_app.formatting import DisplayFormat, format_duration

pytestmark = [pytest.mark.display, pytest.mark.timeout(90)]


class App:
    """A running ``hackatime-tray`` child process."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.env = env
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "tray_app", "--verbose"],
                env=env,
                cwd=REPO_ROOT,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
            )

    def launch_again(self) -> str:
        """Start a second copy, as a user double-clicking would; its output."""
        result = subprocess.run(
            [sys.executable, "-m", "tray_app"],
            env=self.env,
            cwd=REPO_ROOT,
            capture_output=True,
            text=True,
            timeout=30,
            check=False,
        )
        return result.stdout + result.stderr

    def stop(self) -> None:
        """Terminate the app and reap it."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()

    def output(self) -> str:
        """Everything the app printed."""
        return self.log.read_text(encoding="utf-8", errors="replace")


@pytest.fixture
def server() -> Iterator[DemoServer]:
    """The demo server the app talks to."""
    with DemoServer(goal_seconds=4 * 3600) as demo:
        yield demo


@pytest.fixture
def start_app(
    xvfb: VirtualDisplay, server: DemoServer, tmp_path: Path
) -> Iterator[Callable[..., App]]:
    """A function that starts the app on the virtual display."""
    apps: list[App] = []

    def start(**extra_env: str) -> App:
        env = {
            **os.environ,
            "DISPLAY": xvfb.name,
            "PYSTRAY_BACKEND": "xorg",
            "PYTHONPATH": str(REPO_ROOT),
            "HACKATIME_API_URL": server.url,
            "HACKATIME_API_KEY": server.api_key,
            "HACKATIME_TRAY_MENU_DUMP": str(tmp_path / "menu.json"),
            **extra_env,
        }
        env.pop("WAYLAND_DISPLAY", None)
        app = App(env, tmp_path / f"app-{len(apps)}.log")
        apps.append(app)
        return app

    yield start
    for app in apps:
        app.stop()
        assert server.api_key not in app.output()


def server_total(server: DemoServer) -> int:
    """Today's total as the server reports it."""
    address = parse_server_address(server.url)
    with HackatimeClient(address, server.api_key) as client:
        return client.today().total_seconds


def shown_time(server: DemoServer) -> str:
    """Today's total as the app writes it by default."""
    return format_duration(server_total(server), DisplayFormat.DEFAULT)


def docked_icon(xvfb: VirtualDisplay, app: App) -> Window:
    """The app's icon window once it is docked and visible."""

    def probe() -> Window | None:
        assert app.process.poll() is None, app.output()
        window = find_icon_window(xvfb.connection, APP_NAME)
        if window is None or docked_parent(xvfb.connection, window) is None:
            return None
        return window if is_shown_on_screen(xvfb.connection, window) else None

    return wait_for(probe, "the app's icon to dock", timeout=30)


def title_of(window: Window) -> str:
    """The icon's title (WM_NAME), which the xorg backend sets."""
    name = window.get_wm_name()
    if isinstance(name, bytes):
        return name.decode("latin-1")
    return str(name or "")


def wait_for_title(window: Window, text: str) -> str:
    """Wait until the icon's title contains ``text``; the title."""
    return wait_for(
        lambda: title_of(window) if text in title_of(window) else None,
        f"the title to show {text!r}",
        timeout=30,
    )


def test_app_icon_docks_and_its_title_shows_todays_time(
    xvfb: VirtualDisplay,
    tray_host: int,
    start_app: Callable[..., App],
    server: DemoServer,
    screenshot_dir: Path,
) -> None:
    """The tray icon docks and its tooltip says today's time and the goal."""
    app = start_app()

    window = docked_icon(xvfb, app)
    title = wait_for_title(window, shown_time(server))

    assert title.startswith("Today: ")
    assert "goal" in title
    panel = grab_screen(xvfb.connection, (0, 0, 200, 32))
    panel.resize((800, 128), Image.Resampling.NEAREST).save(
        screenshot_dir / "tray-icon.png"
    )


def test_icon_pixels_change_when_todays_total_changes(
    xvfb: VirtualDisplay,
    tray_host: int,
    start_app: Callable[..., App],
    server: DemoServer,
) -> None:
    """More coding on the server redraws the icon with other pixels."""
    app = start_app()
    window = docked_icon(xvfb, app)
    wait_for_title(window, shown_time(server))
    before = grab_window(xvfb.connection, window)

    server.add_coding(47 * 60)
    nudge = app.launch_again()
    wait_for_title(window, shown_time(server))

    assert "already running" in nudge
    after = wait_for(
        lambda: (
            image
            if (image := grab_window(xvfb.connection, window)).tobytes()
            != before.tobytes()
            else None
        ),
        "the icon's pixels to change",
    )
    assert after.size == before.size


def test_click_opens_menu_with_the_servers_stats_and_heartbeats(
    xvfb: VirtualDisplay,
    tray_host: int,
    start_app: Callable[..., App],
    server: DemoServer,
    tmp_path: Path,
    screenshot_dir: Path,
) -> None:
    """A click shows the menu: today, languages, projects, heartbeats."""
    app = start_app()
    window = docked_icon(xvfb, app)
    wait_for_title(window, shown_time(server))
    address = parse_server_address(server.url)
    with HackatimeClient(address, server.api_key) as client:
        week = client.last_7_days()
        recent = client.heartbeats(limit=1).heartbeats

    dump = tmp_path / "menu.json"
    rows = open_menu_once_it_has(xvfb, window, dump, week.languages[0].name)
    week_heading = next(row for row in rows if row["label"] == "Last 7 days")
    dump.unlink()
    click_at(xvfb, week_heading)
    rows = wait_for(lambda: read_json_file(dump), "the unfolded menu")

    grab_screen(xvfb.connection).save(screenshot_dir / "tray-menu.png")
    shown = [row["label"] for row in rows if row["shown"]]
    assert any(week.languages[0].name in label for label in shown)
    assert all(row["y"] + row["height"] <= 768 for row in rows if row["shown"])
    texts = " | ".join(row["label"] for row in rows)
    assert f"Today: {shown_time(server)}" in texts
    assert week.languages[0].name in texts
    assert week.projects[0].name in texts
    assert recent[-1].project is not None and recent[-1].project in texts
    assert "Last heartbeat" in texts
    assert server.api_key not in texts


def test_choosing_quit_in_the_menu_ends_the_app(
    xvfb: VirtualDisplay,
    tray_host: int,
    start_app: Callable[..., App],
    server: DemoServer,
    tmp_path: Path,
) -> None:
    """Quit in the fallback menu stops the app with exit status 0."""
    app = start_app()
    window = docked_icon(xvfb, app)
    wait_for_title(window, shown_time(server))
    rows = open_menu(xvfb, window, tmp_path / "menu.json")
    quit_row = next(row for row in rows if row["label"] == "Quit")
    assert quit_row["shown"]

    click_at(xvfb, quit_row)

    assert app.process.wait(timeout=20) == 0


def open_menu(
    xvfb: VirtualDisplay, window: Window, dump: Path
) -> list[dict[str, Any]]:
    """Click the icon and return the rows the menu window drew."""
    result = xdotool(
        xvfb.name, "mousemove", "--window", str(window.id), "8", "8"
    )
    assert result.returncode == 0, result.stderr
    xdotool(xvfb.name, "click", "1")
    wait_for(
        lambda: windows_named(xvfb.name, FALLBACK_WINDOW_NAME),
        "the menu window",
    )
    rows: list[dict[str, Any]] = wait_for(
        lambda: read_json_file(dump), "the menu window's rows"
    )
    return rows


def open_menu_once_it_has(
    xvfb: VirtualDisplay, window: Window, dump: Path, text: str
) -> list[dict[str, Any]]:
    """Open the menu; reopen it until a label contains ``text``.

    The details (stats, heartbeats) come with a poll of their own just
    after the first total, so a very early click can show "Nothing yet".
    """

    def attempt() -> list[dict[str, Any]] | None:
        dump.unlink(missing_ok=True)
        rows = open_menu(xvfb, window, dump)
        if any(text in row["label"] for row in rows):
            return rows
        xdotool(xvfb.name, "key", "Escape")
        wait_for(
            lambda: not windows_named(xvfb.name, FALLBACK_WINDOW_NAME),
            "the menu window to close",
        )
        return None

    return wait_for(attempt, f"a menu showing {text!r}", timeout=30)


def click_at(xvfb: VirtualDisplay, row: dict[str, Any]) -> None:
    """Click the middle of a row of the menu window."""
    result = xdotool(
        xvfb.name,
        "mousemove",
        str(row["x"] + row["width"] // 2),
        str(row["y"] + row["height"] // 2),
        "click",
        "1",
    )
    assert result.returncode == 0, result.stderr


LAYOUT_LABEL = re.compile(r"'label': <'([^']*)'>")


def test_appindicator_menu_over_dbus_shows_stats_and_heartbeats(
    xvfb: VirtualDisplay,
    sni_host: Callable[..., str],
    session_bus: str,
    start_app: Callable[..., App],
    server: DemoServer,
) -> None:
    """On a StatusNotifierItem host the app's menu carries the server's data."""
    app = start_app(
        PYSTRAY_BACKEND="appindicator",
        DBUS_SESSION_BUS_ADDRESS=session_bus,
        NO_AT_BRIDGE="1",
    )
    address = parse_server_address(server.url)
    with HackatimeClient(address, server.api_key) as client:
        week = client.last_7_days()
    expected_today = f"Today: {shown_time(server)}"

    def menu_labels() -> list[str] | None:
        assert app.process.poll() is None, app.output()
        for bus_name in registered_items(sni_host):
            printed = sni_host(
                "--dest", bus_name,
                "--object-path", f"/org/ayatana/NotificationItem/{APP_NAME}"
                .replace("-", "_") + "/Menu",
                "--method", "com.canonical.dbusmenu.GetLayout",
                "--", "0", "-1", "[]",
            )  # fmt: skip
            labels = LAYOUT_LABEL.findall(printed)
            # Details arrive with a poll of their own, after the total.
            if expected_today in labels and week.languages[0].name in (
                " | ".join(labels)
            ):
                return labels
        return None

    labels = wait_for(menu_labels, "the app's menu on D-Bus", timeout=30)

    joined = " | ".join(labels)
    assert week.languages[0].name in joined
    assert week.projects[0].name in joined
    assert "Last heartbeat" in joined
    assert "Quit" in labels


def registered_items(gdbus: Callable[..., str]) -> list[str]:
    """Bus names the StatusNotifierWatcher has registered."""
    output = gdbus(
        "--dest", "org.kde.StatusNotifierWatcher",
        "--object-path", "/StatusNotifierWatcher",
        "--method", "org.freedesktop.DBus.Properties.Get",
        "org.kde.StatusNotifierWatcher", "RegisteredStatusNotifierItems",
    )  # fmt: skip
    return [item.split("/")[0] for item in re.findall(r"'([^']+)'", output)]
