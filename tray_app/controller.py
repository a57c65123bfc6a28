"""What the tray shows and does, with no toolkit in sight.

The controller turns each poll into an icon, a tooltip and a menu, and
each menu action into a change. The tray adapter, the scheduler, the
icon renderer and the URL opener are injected, so all of this runs in
tests without a display. Nothing here may raise into a toolkit callback
or the scheduler thread.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any, Protocol

from tray_app.address import ServerAddress
from tray_app.errors import HackatimeTrayError
from tray_app.formatting import DisplayFormat, goal_text, tooltip_text
from tray_app.icon_model import IconView, icon_view
from tray_app.menu_model import Action, MenuEntry, MenuPrefs, build_menu
from tray_app.poller import Poller, PollResult
from tray_app.settings import Settings
from tray_app.status import State, Status

logger = logging.getLogger(__name__)

APP_TITLE = "Hackatime"


class TrayPort(Protocol):
    """The tray adapter as the controller sees it."""

    @property
    def has_notifications(self) -> bool: ...
    def update(
        self, image: Any, title: str, entries: tuple[MenuEntry, ...]
    ) -> None: ...
    def notify(self, title: str, message: str) -> bool: ...
    def stop(self) -> None: ...


class SchedulerPort(Protocol):
    """The poll scheduler as the controller sees it."""

    def run_now(self) -> None: ...
    def run_in(self, seconds: float) -> None: ...
    def pause(self) -> None: ...
    def set_interval(self, seconds: float) -> None: ...


class AutostartPort(Protocol):
    """Start-at-login (``tray_app.autostart``), as the controller uses it."""

    def is_enabled(self) -> bool: ...
    def enable(self, command: list[str]) -> None: ...
    def disable(self) -> None: ...


@dataclass
class Hooks:
    """Side effects the controller asks for, injected by the entry point."""

    render: Callable[[IconView], Any]
    open_url: Callable[[str], object]
    save_settings: Callable[[Settings], None] | None = None
    open_key_dialog: Callable[[], None] | None = None
    open_diagnostics: Callable[[], None] | None = None
    autostart: AutostartPort | None = None
    autostart_command: Callable[[], list[str]] | None = None
    timezone_note: Callable[[Poller], str | None] | None = None


class TrayController:
    """Connects the poller to the tray; every public method is safe."""

    def __init__(
        self,
        poller: Poller,
        *,
        address: ServerAddress | None,
        settings: Settings,
        hooks: Hooks,
        has_key: bool = True,
        clock: Callable[[], datetime] = lambda: datetime.now().astimezone(),
    ) -> None:
        self.poller = poller
        self.address = address
        self.settings = settings
        self.has_key = has_key
        self._hooks = hooks
        self._clock = clock
        self._lock = threading.RLock()
        self._view: TrayPort | None = None
        self._scheduler: SchedulerPort | None = None
        self._last_icon: IconView | None = None
        self._last_title: str | None = None
        self._last_entries: tuple[MenuEntry, ...] | None = None
        self._goal_notified_on: date | None = None
        self._key_rejection_notified = False
        self._logged_state: State | None = None
        self.stopped = threading.Event()

    def attach(
        self, view: TrayPort, scheduler: SchedulerPort | None = None
    ) -> None:
        """Connect the tray, and the scheduler (now or in a later call)."""
        self._view = view
        self._scheduler = scheduler

    def initial_view(self) -> tuple[Any, str, tuple[MenuEntry, ...]]:
        """The image, title and menu to create the tray icon with."""
        with self._lock:
            view = icon_view(self.poller.status)
            return (
                self._hooks.render(view),
                self._title(self.poller.status),
                self._entries(),
            )

    def poll(self) -> None:
        """The scheduler's job: poll, then update the tray and timing."""
        self._after_poll_safely(self.poller.poll())

    def show_total(self) -> None:
        """Fetch today's total alone and show it: the first paint.

        At start-up the icon then need not wait for the menu's details
        (seven more requests); the scheduler's first poll fetches them.
        """
        self._after_poll_safely(self.poller.poll(with_details=False))

    def _after_poll_safely(self, result: PollResult) -> None:
        try:
            self._after_poll(result)
        except Exception:
            logger.exception("Updating the tray after a poll failed")

    def handle_action(self, action: str) -> None:
        """Run a menu action; errors are logged, never raised."""
        try:
            self._handle_action(action)
        except Exception:
            logger.exception("Menu action %r failed", action)

    def refresh_view(self, *, force: bool = False) -> None:
        """Push the icon, title and menu to the tray if any changed."""
        if self._view is None:
            return

        with self._lock:
            status = self.poller.status
            view = icon_view(status)
            title = self._title(status)
            entries = self._entries()
            if not force and (view, title, entries) == (
                self._last_icon,
                self._last_title,
                self._last_entries,
            ):
                return
            # The renderer caches by view, so an unchanged icon is the
            # same image object and the adapter can skip redrawing it.
            image = self._hooks.render(view)
            self._last_icon, self._last_title = view, title
            self._last_entries = entries

        self._view.update(image, title, entries)

    def resumed(self) -> None:
        """The computer woke up (the clock jumped): poll now, then fast."""
        self.poller.note_resume()
        if self._scheduler is not None:
            self._scheduler.run_now()

    def key_changed(self, has_key: bool = True) -> None:
        """The key was set or removed: forget old warnings, poll now."""
        self.has_key = has_key
        self._key_rejection_notified = False
        if self._scheduler is not None:
            self._scheduler.run_now()

    def _after_poll(self, result: PollResult) -> None:
        self._log_state_change(result.status)
        if self._scheduler is not None:
            if result.paused:
                self._scheduler.pause()
            elif result.next_delay is not None:
                self._scheduler.run_in(result.next_delay)
        self._notify_if_due(result.status)
        self.refresh_view()

    def _log_state_change(self, status: Status) -> None:
        """One log line per change of state, not one per poll."""
        if status.state is self._logged_state:
            return
        self._logged_state = status.state
        if status.state is State.OK:
            logger.info("State: ok")
        else:
            logger.warning("State: %s (%s)", status.state, status.message)

    def _notify_if_due(self, status: Status) -> None:
        if self._view is None or not self.settings.notifications:
            return

        goal = None if status.today is None else status.today.goal
        today = self._clock().date()
        if (
            status.state is State.OK
            and goal is not None
            and goal.complete
            and self._goal_notified_on != today
        ):
            self._goal_notified_on = today
            self._view.notify(
                APP_TITLE, f"Daily goal reached: {goal_text(goal)}"
            )

        if status.state is State.AUTH_ERROR:
            if not self._key_rejection_notified:
                self._key_rejection_notified = True
                self._view.notify(APP_TITLE, status.message)
        elif status.state is State.OK:
            self._key_rejection_notified = False

    def _title(self, status: Status) -> str:
        return tooltip_text(
            status, self.settings.display_format, self._clock()
        )

    def _entries(self) -> tuple[MenuEntry, ...]:
        autostart = self._hooks.autostart
        note = self._hooks.timezone_note
        prefs = MenuPrefs(
            display_format=self.settings.display_format,
            poll_interval_seconds=self.settings.poll_interval_seconds,
            notifications=self.settings.notifications,
            autostart=None if autostart is None else _safe_enabled(autostart),
            has_key=self.has_key,
            timezone_note=None if note is None else note(self.poller),
        )
        return build_menu(
            self.poller.status,
            self.poller.details,
            style=self.settings.display_format,
            now=self._clock(),
            address=self.address,
            prefs=prefs,
        )

    def _handle_action(self, action: str) -> None:
        logger.debug("Menu action %s", action)
        if action == Action.REFRESH:
            if self._scheduler is not None:
                self._scheduler.run_now()
        elif action == Action.QUIT:
            self.stopped.set()
            if self._view is not None:
                self._view.stop()
        elif action in _URL_ACTIONS:
            if self.address is not None:
                self._hooks.open_url(
                    getattr(self.address, _URL_ACTIONS[action])
                )
        elif action == Action.SET_API_KEY and self._hooks.open_key_dialog:
            self._hooks.open_key_dialog()
        elif action == Action.DIAGNOSTICS and self._hooks.open_diagnostics:
            self._hooks.open_diagnostics()
        elif action == Action.TOGGLE_NOTIFICATIONS:
            self._change(notifications=not self.settings.notifications)
        elif action == Action.TOGGLE_AUTOSTART:
            self._toggle_autostart()
        elif action.startswith(Action.SET_FORMAT_PREFIX):
            style = action.removeprefix(Action.SET_FORMAT_PREFIX)
            self._change(display_format=DisplayFormat(style))
        elif action.startswith(Action.SET_INTERVAL_PREFIX):
            seconds = int(action.removeprefix(Action.SET_INTERVAL_PREFIX))
            self._change(poll_interval_seconds=seconds)
            self.poller.interval_seconds = seconds
            if self._scheduler is not None:
                self._scheduler.set_interval(seconds)
        else:
            logger.warning("Unknown menu action %r", action)
        self.refresh_view()

    def _change(self, **changes: object) -> None:
        new_settings = replace(self.settings, **changes)  # type: ignore[arg-type]
        if self._hooks.save_settings is not None:
            self._hooks.save_settings(new_settings)
        self.settings = new_settings

    def _toggle_autostart(self) -> None:
        autostart = self._hooks.autostart
        if autostart is None:
            return
        if autostart.is_enabled():
            autostart.disable()
        elif self._hooks.autostart_command is not None:
            autostart.enable(self._hooks.autostart_command())


_URL_ACTIONS = {
    Action.OPEN_DASHBOARD: "dashboard_url",
    Action.OPEN_PROJECTS_TODAY: "projects_today_url",
    Action.OPEN_SETTINGS_PAGE: "settings_url",
}


def _safe_enabled(autostart: AutostartPort) -> bool | None:
    try:
        return autostart.is_enabled()
    except (OSError, HackatimeTrayError) as exc:
        logger.warning("Could not read the start-at-login state: %s", exc)
        return None
