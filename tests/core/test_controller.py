"""The tray controller against the demo server, with a recording tray.

The tray adapter is the OS edge here: ``RecordingTray`` stands in for
pystray and records what the controller asked it to show. Everything
else (client, poller, scheduler, settings file) is real.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tray_app.address import parse_server_address
from tray_app.client import HackatimeClient
from tray_app.controller import Hooks, TrayController
from tray_app.demo import DemoServer
from tray_app.formatting import DisplayFormat, format_duration
from tray_app.menu_model import Action, MenuEntry, flatten_labels
from tray_app.poller import Poller
from tray_app.scheduler import PollScheduler
from tray_app.settings import Settings, load_settings, save_settings

FIXED_NOW = datetime(2026, 12, 3, 15, 0, tzinfo=ZoneInfo("UTC"))


@dataclass
class RecordingTray:
    """Records what the controller pushes to the tray."""

    has_notifications: bool = True
    updates: list[tuple[object, str, tuple[MenuEntry, ...]]] = field(
        default_factory=list
    )
    notifications: list[str] = field(default_factory=list)
    stopped: bool = False

    def update(
        self, image: object, title: str, entries: tuple[MenuEntry, ...]
    ) -> None:
        self.updates.append((image, title, entries))

    def notify(self, title: str, message: str) -> bool:
        self.notifications.append(message)
        return True

    def stop(self) -> None:
        self.stopped = True


@dataclass
class Rig:
    """A controller wired to a demo server and a recording tray."""

    server: DemoServer
    controller: TrayController
    tray: RecordingTray
    scheduler: PollScheduler
    opened: list[str]
    client: HackatimeClient

    def close(self) -> None:
        """Stop the scheduler and close the client's connections."""
        self.scheduler.shutdown(wait=True)
        self.client.close()


@pytest.fixture
def server() -> Iterator[DemoServer]:
    """A demo server with a 2 h daily goal."""
    with DemoServer(goal_seconds=7200) as demo:
        yield demo


def build_rig(
    server: DemoServer, settings_path: Path, settings: Settings | None = None
) -> Rig:
    """Wire a controller the way the tray command does."""
    address = parse_server_address(server.url)
    client = HackatimeClient(address, server.api_key, timeout=2.0)
    poller = Poller(client, interval_seconds=60, clock=lambda: FIXED_NOW)
    opened: list[str] = []
    hooks = Hooks(
        render=lambda view: view,
        open_url=opened.append,
        save_settings=lambda new: save_settings(new, settings_path),
    )
    controller = TrayController(
        poller,
        address=address,
        settings=settings or Settings(),
        hooks=hooks,
        clock=lambda: FIXED_NOW,
    )
    tray = RecordingTray()
    scheduler = PollScheduler(
        controller.poll, interval_seconds=3600, jitter_seconds=0
    )
    controller.attach(tray, scheduler)
    return Rig(server, controller, tray, scheduler, opened, client)


@pytest.fixture
def rig(server: DemoServer, tmp_path: Path) -> Iterator[Rig]:
    """A wired controller; the scheduler is shut down afterwards."""
    wired = build_rig(server, tmp_path / "settings.toml")
    yield wired
    wired.close()


def test_poll_puts_todays_time_in_title_and_menu(rig: Rig) -> None:
    """After a poll the tooltip and the menu header show today's total."""
    rig.controller.poll()

    _, title, entries = rig.tray.updates[-1]
    total = rig.controller.poller.status.total_seconds
    shown = format_duration(total, DisplayFormat.DEFAULT)
    assert shown in title
    assert any(shown in label for label in flatten_labels(entries))


def test_unchanged_poll_pushes_nothing_new(rig: Rig) -> None:
    """Two polls with the same answer update the tray only once."""
    rig.controller.poll()
    rig.controller.poll()

    assert len(rig.tray.updates) == 1


def test_icon_changes_when_todays_total_changes(rig: Rig) -> None:
    """More coding on the server gives a different icon on the next poll."""
    rig.controller.poll()
    rig.server.add_coding(15 * 60)

    rig.controller.poll()

    first_icon, second_icon = rig.tray.updates[0][0], rig.tray.updates[-1][0]
    assert first_icon != second_icon


def test_goal_reached_is_notified_once_a_day(rig: Rig) -> None:
    """Crossing the daily goal notifies once, not on every later poll."""
    rig.server.add_coding(3 * 3600)

    rig.controller.poll()
    rig.server.add_coding(600)
    rig.controller.poll()

    goal_messages = [m for m in rig.tray.notifications if "goal" in m.lower()]
    assert len(goal_messages) == 1


def test_rejected_key_is_notified_once_until_fixed(rig: Rig) -> None:
    """A rejected key notifies once however many polls fail."""
    rig.server.inject("unauthorized")

    for _ in range(3):
        rig.controller.poll()

    assert len(rig.tray.notifications) == 1
    assert rig.server.api_key not in rig.tray.notifications[0]


def test_notifications_switched_off_send_nothing(
    server: DemoServer, tmp_path: Path
) -> None:
    """With notifications off, neither the goal nor a 401 notifies."""
    rig = build_rig(server, tmp_path / "s.toml", Settings(notifications=False))
    server.add_coding(3 * 3600)
    rig.controller.poll()
    server.inject("unauthorized")

    rig.controller.poll()
    rig.close()

    assert rig.tray.notifications == []


def test_rejected_key_pauses_the_scheduler(rig: Rig) -> None:
    """After a 401 the poll job waits for the user instead of retrying."""
    rig.server.inject("unauthorized")
    polled = threading.Event()
    rig.tray.update = lambda *args: polled.set()  # type: ignore[method-assign]

    rig.scheduler.start()

    assert polled.wait(10)
    assert rig.scheduler.next_run_time() is None


def test_quit_stops_the_tray(rig: Rig) -> None:
    """The Quit action stops the tray and marks the controller stopped."""
    rig.controller.handle_action(Action.QUIT)

    assert rig.tray.stopped is True
    assert rig.controller.stopped.is_set()


def test_web_pages_open_on_the_configured_server(rig: Rig) -> None:
    """Dashboard, projects and settings pages are on the demo server."""
    for action in (
        Action.OPEN_DASHBOARD,
        Action.OPEN_PROJECTS_TODAY,
        Action.OPEN_SETTINGS_PAGE,
    ):
        rig.controller.handle_action(action)

    assert len(rig.opened) == 3
    assert all(url.startswith(rig.server.url) for url in rig.opened)
    assert "hackatime.hackclub.com" not in " ".join(rig.opened)


def test_display_format_choice_is_saved_to_the_settings_file(
    rig: Rig, tmp_path: Path
) -> None:
    """Choosing the clock format writes it to the settings file."""
    rig.controller.handle_action(Action.SET_FORMAT_PREFIX + "clock")

    saved = load_settings(tmp_path / "settings.toml")
    assert saved.display_format is DisplayFormat.CLOCK
    assert rig.controller.settings.display_format is DisplayFormat.CLOCK


def test_interval_choice_reschedules_polling(rig: Rig) -> None:
    """Choosing a 5 min interval changes the scheduler's interval."""
    rig.scheduler.start()

    rig.controller.handle_action(Action.SET_INTERVAL_PREFIX + "300")

    assert rig.scheduler.interval_seconds == 300
    assert rig.controller.settings.poll_interval_seconds == 300


def test_failing_action_is_logged_not_raised(
    rig: Rig, caplog: pytest.LogCaptureFixture
) -> None:
    """An error inside a menu action never escapes into the toolkit."""

    def broken_browser(url: str) -> None:
        raise OSError("no browser")

    rig.controller._hooks.open_url = broken_browser

    with caplog.at_level(logging.ERROR):
        rig.controller.handle_action(Action.OPEN_DASHBOARD)

    assert "failed" in caplog.text
