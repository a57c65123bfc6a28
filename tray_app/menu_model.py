"""The tray menu as plain data, built from the status; no toolkit here.

``tray_app.tray_view`` turns these entries into pystray items, and the
fallback menu window draws the same entries, so both show the same menu.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from tray_app.formatting import (
    PROBLEM_HEADLINES,
    STATE_LABELS,
    DisplayFormat,
    format_clock,
    format_compact,
    format_duration,
    format_relative,
    format_when,
    goal_percent,
    goal_reached,
    one_line,
    truncate,
)
from tray_app.models import Goal, Heartbeat, NamedTotal, UserStats, WeekStats
from tray_app.status import NEXT_STEPS, Details, Status

if TYPE_CHECKING:
    from tray_app.address import ServerAddress


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


@dataclass(frozen=True)
class MenuPrefs:
    """The settings the menu shows and lets the user change.

    ``autostart`` is ``None`` when start-at-login is unknown or not
    supported here; ``timezone_note`` is a sentence shown when the
    profile's time zone differs from the computer's.
    """

    display_format: DisplayFormat
    poll_interval_seconds: int
    notifications: bool
    autostart: bool | None
    has_key: bool
    timezone_note: str | None = None


#: Longest label; menus wider than this are hard to scan.
MAX_LABEL = 60
#: Longest project, language or editor name inside a label.
MAX_NAME = 32
#: Rows per breakdown (languages, projects, editors).
MAX_ROWS = 8
#: Heartbeats in "Recent heartbeats".
MAX_RECENT = 10
#: Most lines a wrapped message may take in the header.
MAX_MESSAGE_LINES = 3

POLL_INTERVALS = (30, 60, 120, 300, 600)

NOTHING_YET = MenuEntry("Nothing yet", enabled=False)

_EXAMPLE_SECONDS = 5025  # 1h 23m, to show each display format
_FORMAT_NAMES = {
    DisplayFormat.DEFAULT: "Hours and minutes",
    DisplayFormat.CLOCK: "Clock",
    DisplayFormat.DECIMAL: "Decimal hours",
    DisplayFormat.SERVER: "The server's own text",
}

_LINK_ATTRIBUTES = {
    Action.OPEN_DASHBOARD: "dashboard_url",
    Action.OPEN_PROJECTS_TODAY: "projects_today_url",
    Action.OPEN_SETTINGS_PAGE: "settings_url",
}

_TRUST_LEVELS = {
    "green": "green (trusted)",
    "blue": "blue (not yet reviewed)",
    "red": "red (flagged)",
}


def build_menu(
    status: Status,
    details: Details,
    *,
    style: DisplayFormat,
    now: datetime,
    address: ServerAddress | None,
    prefs: MenuPrefs,
) -> tuple[MenuEntry, ...]:
    """The whole tray menu for the current status, details and settings."""
    entries = list(_header(status, style, now, prefs))
    entries.append(SEPARATOR)

    entries.append(_submenu("Today's stats", _today_stats(details, style)))
    entries.append(_submenu("Last 7 days", _last_week(details, style)))
    entries.append(_submenu("Recent heartbeats", _recent(details, now)))
    entries.append(_submenu("Leaderboard", _leaderboard(details)))
    entries.append(SEPARATOR)

    entries.extend(_links(address))
    entries.append(SEPARATOR)

    entries.append(MenuEntry("Refresh now", Action.REFRESH))
    key_label = "Change API key…" if prefs.has_key else "Set API key…"
    entries.append(MenuEntry(key_label, Action.SET_API_KEY))
    entries.append(MenuEntry("Preferences", children=_preferences(prefs)))
    entries.append(MenuEntry("Diagnostics…", Action.DIAGNOSTICS))
    entries.append(SEPARATOR)
    entries.append(MenuEntry("Quit", Action.QUIT))
    return tuple(entries)


def flatten_labels(entries: Iterable[MenuEntry]) -> list[str]:
    """Every label, depth first, submenu items after their parent."""
    labels: list[str] = []
    for entry in entries:
        if entry.separator:
            continue
        labels.append(entry.label)
        labels.extend(flatten_labels(entry.children))
    return labels


def url_for_action(action: str, address: ServerAddress | None) -> str | None:
    """The web page an "Open …" action opens, from the given address."""
    attribute = _LINK_ATTRIBUTES.get(action)
    if attribute is None or address is None:
        return None
    url: str = getattr(address, attribute)
    return url


def server_label(address: ServerAddress | None) -> str:
    """``Server: host[:port][/prefix]``, never a user name or password."""
    if address is None:
        return "Server: not set"

    parts = urlsplit(address.base_url)
    host = parts.hostname or "?"
    if parts.port is not None:
        host = f"{host}:{parts.port}"
    return _label(f"Server: {host}{parts.path.rstrip('/')}")


# -- header -------------------------------------------------------------


def _header(
    status: Status, style: DisplayFormat, now: datetime, prefs: MenuPrefs
) -> list[MenuEntry]:
    today = status.today
    if today is None:
        lines = [PROBLEM_HEADLINES[status.state], *_problem_advice(status)]
    else:
        total = format_duration(today.total_seconds, style, today.text)
        lines = [f"Today: {total}"]
        if today.goal is not None:
            lines.append(_goal_line(today.goal))
        lines.append(_freshness_line(status, now))
        if status.stale:
            lines.extend(_wrap(NEXT_STEPS.get(status.state, "")))

    if status.retry_at is not None:
        lines.append(f"Trying again at {format_clock(status.retry_at)}")
    if prefs.timezone_note:
        lines.extend(_wrap(prefs.timezone_note))
    return [_info(line) for line in lines]


def _goal_line(goal: Goal) -> str:
    target = format_compact(goal.target_seconds)
    if goal_reached(goal):
        return f"Goal reached ({target})"
    return f"Goal: {goal_percent(goal)}% of {target}"


def _freshness_line(status: Status, now: datetime) -> str:
    updated = status.updated_at
    when = "?" if updated is None else format_when(updated, now)
    if status.stale:
        return f"Stale since {when} — {STATE_LABELS[status.state]}"
    return f"Updated {when}"


def _problem_advice(status: Status) -> list[str]:
    message = one_line(status.message)
    next_step = NEXT_STEPS.get(status.state, "")
    lines = _wrap(message)
    if next_step and next_step not in message:
        lines.extend(_wrap(next_step))
    return lines


def _wrap(text: str) -> list[str]:
    return textwrap.wrap(
        one_line(text),
        width=MAX_LABEL,
        max_lines=MAX_MESSAGE_LINES,
        placeholder=" …",
    )


# -- submenus -----------------------------------------------------------


def _today_stats(details: Details, style: DisplayFormat) -> list[MenuEntry]:
    stats = details.today_stats
    if stats is None:
        return []

    entries = [_info(f"Total: {format_duration(stats.total_seconds, style)}")]
    entries.extend(_breakdown("Languages", stats.languages, style))
    entries.extend(_breakdown("Projects", stats.projects, style))
    return entries


def _last_week(details: Details, style: DisplayFormat) -> list[MenuEntry]:
    entries: list[MenuEntry] = []
    week = details.week
    if week is not None:
        entries.extend(_week_totals(week, style))
    if details.today_stats is not None:
        entries.extend(_standing(details.today_stats))
    return entries


def _week_totals(week: WeekStats, style: DisplayFormat) -> list[MenuEntry]:
    average = format_duration(round(week.daily_average), style)
    entries = [
        _info(f"Total: {format_duration(week.total_seconds, style)}"),
        _info(f"Daily average: {average}"),
    ]
    entries.extend(_breakdown("Languages", week.languages, style))
    entries.extend(_breakdown("Projects", week.projects, style))
    entries.extend(_breakdown("Editors", week.editors, style))
    return entries


def _standing(stats: UserStats) -> list[MenuEntry]:
    lines = []
    if stats.streak is not None:
        days = "day" if stats.streak == 1 else "days"
        lines.append(f"Streak: {stats.streak} {days}")
    if stats.trust_factor is not None:
        level = stats.trust_factor.trust_level
        lines.append(f"Trust level: {_TRUST_LEVELS.get(level, level)}")
    if not lines:
        return []
    return [SEPARATOR, *(_info(line) for line in lines)]


def _breakdown(
    title: str, rows: Sequence[NamedTotal], style: DisplayFormat
) -> list[MenuEntry]:
    if not rows:
        return []

    ranked = sorted(rows, key=lambda row: row.total_seconds, reverse=True)
    entries = [SEPARATOR, _info(f"{title}:")]
    for row in ranked[:MAX_ROWS]:
        time = format_duration(row.total_seconds, style, row.text or "")
        entries.append(_info(f"{_name(row.name)} · {time}"))
    if len(ranked) > MAX_ROWS:
        entries.append(_info(f"… and {len(ranked) - MAX_ROWS} more"))
    return entries


def _recent(details: Details, now: datetime) -> list[MenuEntry]:
    entries: list[MenuEntry] = []
    latest = details.most_recent
    if latest is not None:
        if latest.heartbeat is None:
            entries.append(_info("Last heartbeat: none yet"))
        else:
            ago = format_relative(now.timestamp() - latest.heartbeat.time)
            entries.append(_info(f"Last heartbeat: {ago}"))

    newest_first = sorted(
        details.recent, key=lambda beat: beat.time, reverse=True
    )
    if newest_first and entries:
        entries.append(SEPARATOR)
    entries.extend(
        _info(_heartbeat_line(beat)) for beat in newest_first[:MAX_RECENT]
    )
    return entries


def _heartbeat_line(beat: Heartbeat) -> str:
    try:
        when = format_clock(datetime.fromtimestamp(beat.time, tz=UTC))
    except (OverflowError, OSError, ValueError):
        when = "?"
    names = (beat.project, beat.language, beat.editor)
    return " · ".join([when, *(_name(name) for name in names if name)])


def _leaderboard(details: Details) -> list[MenuEntry]:
    ranks = (("Today", details.daily_rank), ("This week", details.weekly_rank))
    if all(rank is None for _, rank in ranks) and details.fetched_at is None:
        return []
    return [
        _info(f"{period}: {'not listed' if rank is None else f'#{rank}'}")
        for period, rank in ranks
    ]


# -- actions ------------------------------------------------------------


def _links(address: ServerAddress | None) -> list[MenuEntry]:
    usable = address is not None
    return [
        _info(server_label(address)),
        MenuEntry("Open dashboard", Action.OPEN_DASHBOARD, enabled=usable),
        MenuEntry(
            "Open today's projects", Action.OPEN_PROJECTS_TODAY, enabled=usable
        ),
        MenuEntry(
            "Open settings page", Action.OPEN_SETTINGS_PAGE, enabled=usable
        ),
    ]


def _preferences(prefs: MenuPrefs) -> tuple[MenuEntry, ...]:
    formats = [
        MenuEntry(
            _format_label(style),
            Action.SET_FORMAT_PREFIX + style.value,
            checked=style is prefs.display_format,
            radio=True,
        )
        for style in DisplayFormat
    ]

    intervals = sorted({*POLL_INTERVALS, prefs.poll_interval_seconds})
    refresh = [
        MenuEntry(
            _interval_label(seconds),
            f"{Action.SET_INTERVAL_PREFIX}{seconds}",
            checked=seconds == prefs.poll_interval_seconds,
            radio=True,
        )
        for seconds in intervals
    ]

    autostart_label = "Start at login"
    if prefs.autostart is None:
        autostart_label += " (not available here)"
    toggles = [
        MenuEntry(
            "Notifications",
            Action.TOGGLE_NOTIFICATIONS,
            checked=prefs.notifications,
        ),
        MenuEntry(
            autostart_label,
            Action.TOGGLE_AUTOSTART,
            enabled=prefs.autostart is not None,
            checked=bool(prefs.autostart),
        ),
    ]
    return (
        _info("Display format"),
        *formats,
        SEPARATOR,
        _info("Refresh every"),
        *refresh,
        SEPARATOR,
        *toggles,
    )


def _format_label(style: DisplayFormat) -> str:
    if style is DisplayFormat.SERVER:
        return _FORMAT_NAMES[style]
    example = format_duration(_EXAMPLE_SECONDS, style)
    return f"{_FORMAT_NAMES[style]} ({example})"


def _interval_label(seconds: int) -> str:
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"


# -- small pieces -------------------------------------------------------


def _submenu(label: str, children: Sequence[MenuEntry]) -> MenuEntry:
    items = list(children)
    while items and items[0].separator:
        items.pop(0)
    while items and items[-1].separator:
        items.pop()
    return MenuEntry(label, children=tuple(items) or (NOTHING_YET,))


def _info(text: str) -> MenuEntry:
    return MenuEntry(_label(text), enabled=False)


def _label(text: str) -> str:
    return truncate(one_line(text), MAX_LABEL)


def _name(name: str) -> str:
    return truncate(one_line(name), MAX_NAME)
