"""Durations and times as the user reads them; plain functions only."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime
from enum import StrEnum

from tray_app.models import Goal
from tray_app.status import NEXT_STEPS, State, Status


class DisplayFormat(StrEnum):
    """How today's total is written in the tray, tooltip and ``status``."""

    DEFAULT = "default"  # "2h 0m", "1h 5m", "45m", "0m"
    CLOCK = "clock"  # "1:23"
    DECIMAL = "decimal"  # "1.4h"
    SERVER = "server"  # the server's own text, shown as is


#: Windows keeps the tooltip in a WCHAR[128]; pystray raises beyond that.
TOOLTIP_MAX_LENGTH = 127

ELLIPSIS = "…"
NO_VALUE = "--"

#: What a stale value is waiting for, in a few words, per state.
STATE_LABELS: dict[State, str] = {
    State.LOADING: "refreshing",
    State.OK: "up to date",
    State.NO_KEY: "no API key",
    State.AUTH_ERROR: "API key rejected",
    State.OFFLINE: "offline",
    State.RATE_LIMITED: "rate limited",
    State.SERVER_ERROR: "server error",
    State.BAD_RESPONSE: "unexpected answer",
    State.CONFIG_ERROR: "setup problem",
}

#: The headline shown instead of a value, per state.
PROBLEM_HEADLINES: dict[State, str] = {
    State.LOADING: "Loading today's time…",
    State.OK: "Today's time",
    State.NO_KEY: "No API key",
    State.AUTH_ERROR: "API key rejected",
    State.OFFLINE: "Offline",
    State.RATE_LIMITED: "Rate limited",
    State.SERVER_ERROR: "Server error",
    State.BAD_RESPONSE: "Unexpected server answer",
    State.CONFIG_ERROR: "Setup problem",
}

# Hackatime user keys are UUIDs (WakaTime ones may carry "waka_"), admin
# keys start with "hka_". Text from the server or an error is masked with
# this as a last line of defence; the modules that hold the key never put
# it in a message in the first place.
_SECRET_PATTERN = re.compile(
    r"(?:waka_)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
    r"|hka_[0-9A-Za-z_-]{8,}",
    re.IGNORECASE,
)
HIDDEN = "[hidden]"


def format_duration(
    total_seconds: int | None, style: DisplayFormat, server_text: str = ""
) -> str:
    """Today's total in the user's chosen style; ``--`` when unknown."""
    if total_seconds is None:
        return NO_VALUE

    seconds = max(0, int(total_seconds))
    hours, minutes = divmod(seconds // 60, 60)
    if style is DisplayFormat.CLOCK:
        return f"{hours}:{minutes:02d}"
    if style is DisplayFormat.DECIMAL:
        return f"{seconds / 3600:.1f}h"
    if style is DisplayFormat.SERVER:
        text = one_line(server_text)
        if text:
            return text
    if hours:
        return f"{hours}h {minutes}m"
    return f"{minutes}m"


def format_short(total_seconds: int) -> str:
    """The token drawn into the icon: ``h:mm`` below ten hours, else ``12h``.

    ``h:mm`` is four glyphs whose colon reads as a duration at a glance;
    it is as wide as the icon allows at 16 px in a 3-pixel-wide font, so
    ten hours and more drop the minutes to stay at three glyphs.
    """
    seconds = max(0, int(total_seconds))
    hours, minutes = divmod(seconds // 60, 60)
    if hours >= 100:
        return "99h"
    if hours >= 10:
        return f"{hours}h"
    return f"{hours}:{minutes:02d}"


def format_compact(total_seconds: int) -> str:
    """A length of time without zero parts: ``2h``, ``1h 30m``, ``45m``."""
    hours, minutes = divmod(max(0, int(total_seconds)) // 60, 60)
    if hours and minutes:
        return f"{hours}h {minutes}m"
    if hours:
        return f"{hours}h"
    return f"{minutes}m"


def format_clock(dt: datetime) -> str:
    """The wall-clock time ``14:05`` in the computer's time zone."""
    return dt.astimezone().strftime("%H:%M")


def format_relative(seconds_ago: float) -> str:
    """How long ago in words: ``just now``, ``5 minutes ago``, ``2 hours ago``."""
    seconds = int(seconds_ago)
    if seconds < 60:
        return "just now"

    for unit, length in (("day", 86400), ("hour", 3600), ("minute", 60)):
        count = seconds // length
        if count:
            return f"{count} {unit}{'' if count == 1 else 's'} ago"
    return "just now"


def goal_text(goal: Goal) -> str:
    """The daily goal in words: ``70% of 2h goal``, ``goal reached (2h)``."""
    target = format_compact(goal.target_seconds)
    if goal_reached(goal):
        return f"goal reached ({target})"
    return f"{goal_percent(goal)}% of {target} goal"


def goal_reached(goal: Goal) -> bool:
    """Whether the daily goal is met, by the server's word or the numbers."""
    if goal.complete:
        return True
    return (
        goal.target_seconds > 0 and goal.tracked_seconds >= goal.target_seconds
    )


def goal_percent(goal: Goal) -> int:
    """Progress towards the goal in whole percent, 0 to 100."""
    return max(0, min(100, int(goal.completion_percent)))


def tooltip_text(status: Status, style: DisplayFormat, now: datetime) -> str:
    """The icon's tooltip: today's total, goal and freshness in one line.

    Without a value it says what is wrong and what to do. It never holds
    more than :data:`TOOLTIP_MAX_LENGTH` characters.
    """
    if status.today is None:
        return truncate(_problem_tooltip(status), TOOLTIP_MAX_LENGTH)

    total = format_duration(status.total_seconds, style, status.today.text)
    parts = [f"Today: {total}"]
    if status.today.goal is not None:
        parts.append(goal_text(status.today.goal))
    parts.append(_freshness(status, now))
    return truncate(" · ".join(parts), TOOLTIP_MAX_LENGTH)


def _problem_tooltip(status: Status) -> str:
    headline = PROBLEM_HEADLINES[status.state]
    advice = one_line(status.message) or NEXT_STEPS.get(status.state, "")
    if not advice or advice == headline:
        return f"Hackatime: {headline}"
    return f"Hackatime: {headline.rstrip('…')}. {advice}"


def _freshness(status: Status, now: datetime) -> str:
    if status.updated_at is None:
        updated = "not updated yet"
    else:
        updated = f"updated {format_when(status.updated_at, now)}"

    if status.stale:
        return f"{updated} (stale: {STATE_LABELS[status.state]})"
    return updated


def format_when(moment: datetime, now: datetime) -> str:
    """``14:05`` for a time today, ``Jun 02 14:05`` for another day."""
    local = moment.astimezone()
    if local.date() == now.astimezone().date():
        return format_clock(local)
    return f"{local:%b %d} {format_clock(local)}"


def one_line(text: str) -> str:
    """The text on one line, whitespace collapsed, secrets masked.

    Control and bidirectional-override characters from the server are
    dropped: they could move a terminal's cursor or reverse a label.
    """
    printable = "".join(
        char
        for char in text
        if unicodedata.category(char) not in ("Cc", "Cf") or char in "\t\n"
    )
    return mask_secrets(" ".join(printable.split()))


def mask_secrets(text: str) -> str:
    """Replace anything shaped like an API key with ``[hidden]``."""
    return _SECRET_PATTERN.sub(HIDDEN, text)


def truncate(text: str, limit: int) -> str:
    """Cut ``text`` to ``limit`` UTF-16 code units, ending in ``…`` if cut.

    UTF-16 units, not characters, because that is what Windows counts: an
    emoji is two of them, and the tooltip field holds 128 with the NUL.
    """
    if _utf16_length(text) <= limit:
        return text

    cut = text[: max(0, limit - 1)]
    while cut and _utf16_length(cut) > limit - 1:
        cut = cut[:-1]
    return cut.rstrip() + ELLIPSIS


def _utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2
