"""What the tray icon shows, as a small hashable value derived from Status.

The renderer (:mod:`tray_app.icon`) draws an :class:`IconView` and caches
by it, and the tray redraws only when the view changes, so a view holds
exactly what is drawn and nothing that changes without being seen.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum

from tray_app.formatting import format_short, goal_reached
from tray_app.models import Goal
from tray_app.status import State, Status

#: Tokens drawn instead of a time, one per look without a value.
LOADING_TEXT = "…"
NO_KEY_TEXT = "\N{KEY}"
ERROR_TEXT = "!"

_KEY_STATES = frozenset({State.NO_KEY, State.AUTH_ERROR})
# OK without a value cannot come from a fetch; it is shown as "not yet".
_WAITING_STATES = frozenset({State.LOADING, State.OK})


class IconLook(StrEnum):
    """The icon's colour scheme and symbol, one per kind of situation."""

    LOADING = "loading"  # nothing known yet
    FRESH = "fresh"  # today's value, just fetched
    STALE = "stale"  # an older value; the latest fetch failed
    NO_KEY = "no_key"  # the key is missing or the server rejected it
    ERROR = "error"  # offline, server error, bad answer; no value to show


@dataclass(frozen=True)
class IconView:
    """Everything the icon draws: a short text, a look and the goal bar."""

    text: str
    look: IconLook
    goal_fraction: float | None = None
    goal_complete: bool = False


def icon_look(status: Status) -> IconLook:
    """The look for a status; a key problem wins over an old value."""
    if status.state in _KEY_STATES:
        return IconLook.NO_KEY
    if status.today is None:
        if status.state in _WAITING_STATES:
            return IconLook.LOADING
        return IconLook.ERROR
    if status.state is State.OK:
        return IconLook.FRESH
    return IconLook.STALE


def icon_view(status: Status) -> IconView:
    """What the icon should show for this status."""
    look = icon_look(status)
    if look is IconLook.LOADING:
        return IconView(LOADING_TEXT, look)
    if look is IconLook.NO_KEY:
        return IconView(NO_KEY_TEXT, look)
    if status.today is None:
        return IconView(ERROR_TEXT, look)

    goal = status.today.goal
    return IconView(
        text=format_short(status.today.total_seconds),
        look=look,
        goal_fraction=goal_fraction(goal),
        goal_complete=goal is not None and goal_reached(goal),
    )


def goal_fraction(goal: Goal | None) -> float | None:
    """How full the goal bar is, 0.0 to 1.0 in steps of 0.01; None: no goal.

    Whole percent, so that seconds of progress no pixel could show make
    no new view and no redraw; rounded down, so only a reached goal is 1.
    """
    if goal is None or goal.target_seconds <= 0:
        return None
    if goal_reached(goal):
        return 1.0
    percent = math.floor(100 * goal.tracked_seconds / goal.target_seconds)
    return max(0, min(99, percent)) / 100
