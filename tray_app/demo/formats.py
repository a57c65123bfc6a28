"""Texts and time strings exactly as the real server writes and reads them.

Each helper names the Rails code it copies, so a difference between the
demo and the real server can be checked against the reference document.
"""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, time, tzinfo

_EDITOR_NAMES = {
    "vscode": "VSCode",
    "neovim": "Neovim",
    "zed": "Zed",
    "firefox": "Firefox",
    "pycharm": "PyCharm",
}
_SYSTEM_NAMES = {"darwin": "macOS", "linux": "Linux", "windows": "Windows"}

LANGUAGE_COLORS = {
    "Python": "#3572A5",
    "TypeScript": "#3178c6",
    "Svelte": "#ff3e00",
    "CSS": "#563d7c",
    "HTML": "#e34c26",
    "Rust": "#dea584",
    "Lua": "#000080",
    "Bash": "#89e051",
    "TOML": "#9c4221",
    "Markdown": "#083fa1",
}
DEFAULT_LANGUAGE_COLOR = "#888888"


def short_time_simple(seconds: int) -> str:
    """``short_time_simple``: "2h", "45m", "1h 5m", "0m" under a minute."""
    hours, minutes = seconds // 3600, seconds % 3600 // 60
    parts = [f"{hours}h"] if hours else []
    if minutes:
        parts.append(f"{minutes}m")
    return " ".join(parts) or "0m"


def statusbar_text(seconds: int, goal_seconds: int | None) -> str:
    """``format_extension_text`` (simple_text, goals shown in statusbar)."""
    if seconds == 0:
        text = "Start coding!"
    else:
        text = short_time_simple(seconds)
    if goal_seconds:
        text += f" / {short_time_simple(goal_seconds)} goal"
    return text


def hms_text(seconds: int, *, zero: str = "") -> str:
    """ "1h 5m 3s" leaving out zero parts; ``zero`` for no time at all."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [
        f"{value}{unit}"
        for value, unit in ((hours, "h"), (minutes, "m"), (secs, "s"))
        if value
    ]
    return " ".join(parts) or zero


def hrs_mins(seconds: int) -> str:
    """``last_7_days`` style: "3 hrs 5 mins"."""
    return f"{seconds // 3600} hrs {seconds % 3600 // 60} mins"


def digital(seconds: int, *, pad_hours: bool = True) -> str:
    """ "02:30:00" (stats, summaries) or "2:30:00" (last_7_days)."""
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    hour_text = f"{hours:02d}" if pad_hours else str(hours)
    return f"{hour_text}:{minutes:02d}:{secs:02d}"


def decimal_hours(seconds: int) -> str:
    """Summaries' ``decimal``: hours as a string with two places."""
    return f"{seconds / 3600:.2f}"


def percent(part: int, whole: int) -> float | None:
    """A share rounded to 2 places; None (JSON null) where Rails has NaN."""
    if whole == 0:
        return None
    value = round(part * 100 / whole, 2)
    return value if math.isfinite(value) else None


def editor_name(token: str) -> str:
    """The prettified editor name of an aggregate (``VSCode``)."""
    return _EDITOR_NAMES.get(token, token.capitalize()) if token else "Unknown"


def system_name(token: str) -> str:
    """The prettified operating system name (``macOS``)."""
    return _SYSTEM_NAMES.get(token, token.capitalize()) if token else "Unknown"


def iso_z(moment: datetime, *, millis: bool = False) -> str:
    """ISO 8601 with ``Z`` for UTC, as Rails' ``as_json`` writes times."""
    spec = "milliseconds" if millis else "seconds"
    text = moment.isoformat(timespec=spec)
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def parse_time(text: str, zone: tzinfo = UTC) -> datetime | None:
    """Like Ruby's ``Time.zone.parse``: a date or datetime, else None.

    A value without an offset is read in ``zone``; a bare date is its
    midnight.
    """
    value = text.strip()
    if not value:
        return None
    try:
        if len(value) == 10:
            return datetime.combine(date.fromisoformat(value), time(), zone)
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=zone)


def strict_date(text: str) -> date | None:
    """A strict ``YYYY-MM-DD`` date, else None."""
    if len(text) != 10:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def time_ago(seconds: float) -> str:
    """Rails' ``time_ago_in_words`` plus " ago" (for ``most_recent``)."""
    minutes = round(seconds / 60)
    if seconds < 30:
        words = "less than a minute"
    elif minutes <= 1:
        words = "1 minute"
    elif minutes < 45:
        words = f"{minutes} minutes"
    elif minutes < 90:
        words = "about 1 hour"
    elif minutes < 1440:
        words = f"about {round(minutes / 60)} hours"
    elif minutes < 2520:
        words = "1 day"
    else:
        words = f"{round(minutes / 1440)} days"
    return f"{words} ago"
