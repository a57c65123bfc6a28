"""The tray menu as plain data, built from the status; no toolkit here.

``tray_app.tray_view`` turns these entries into pystray items, and the
fallback menu window draws the same entries, so both show the same menu.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class MenuEntry:
    """One line of the menu.

    ``action`` names what a click does (see :class:`Action`); ``None``
    makes an informative line that cannot be clicked. ``children`` makes
    a submenu. ``checked`` is ``None`` for items without a check mark.
    """

    label: str
    action: str | None = None
    enabled: bool = True
    checked: bool | None = None
    radio: bool = False
    children: tuple[MenuEntry, ...] = ()
    separator: bool = False


SEPARATOR = MenuEntry(label="", separator=True, enabled=False)


class Action:
    """Names of the actions a menu entry can trigger."""

    REFRESH = "refresh"
    OPEN_DASHBOARD = "open_dashboard"
    OPEN_PROJECTS_TODAY = "open_projects_today"
    OPEN_SETTINGS_PAGE = "open_settings_page"
    SET_API_KEY = "set_api_key"
    TOGGLE_NOTIFICATIONS = "toggle_notifications"
    TOGGLE_AUTOSTART = "toggle_autostart"
    DIAGNOSTICS = "diagnostics"
    QUIT = "quit"
    #: ``set_format:<style>`` and ``set_interval:<seconds>`` carry a value.
    SET_FORMAT_PREFIX = "set_format:"
    SET_INTERVAL_PREFIX = "set_interval:"
