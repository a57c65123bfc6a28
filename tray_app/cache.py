"""The last good value of today's total, kept on disk between runs.

``hackatime-tray status`` shows it, marked as old, when the server cannot
be reached. The file is ours and disposable: one that cannot be read is
ignored with a warning and is replaced by the next good value. A value
is only given back for the server it was fetched from.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path
from typing import Any

from tray_app.files import atomic_write_text
from tray_app.models import Goal, Today

logger = logging.getLogger(__name__)

CACHE_VERSION = 1


def save_last_good(
    path: Path, today: Today, updated_at: datetime, server: str
) -> None:
    """Keep ``today`` as the last good value fetched from ``server``.

    ``server`` is the address's ``base_url``. Raises OSError when the file
    cannot be written; the caller decides whether that matters.
    """
    document = {
        "version": CACHE_VERSION,
        "server": server,
        "updated_at": updated_at.isoformat(),
        "today": _today_to_json(today),
    }
    atomic_write_text(
        path, json.dumps(document, indent=2) + "\n", private=True
    )


def load_last_good(path: Path, server: str) -> tuple[Today, datetime] | None:
    """The last good value and when it was fetched, for this server only.

    None when there is no cache, it is for another server, or it cannot
    be read (logged as a warning).
    """
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        logger.warning("Ignoring the unreadable cache %s: %s", path, exc)
        return None

    try:
        document = json.loads(text)
        if _field(document, "version", int) != CACHE_VERSION:
            raise ValueError("unknown version")
        if _field(document, "server", str) != server:
            logger.debug("The cache %s is for another server", path)
            return None
        updated_at = datetime.fromisoformat(
            _field(document, "updated_at", str)
        )
        today = _today_from_json(_field(document, "today", dict))
    except ValueError as exc:
        logger.warning("Ignoring the broken cache %s: %s", path, exc)
        return None
    return today, updated_at


def _today_to_json(today: Today) -> dict[str, Any]:
    """Today as plain JSON data."""
    goal = None
    if today.goal is not None:
        goal = {
            "target_seconds": today.goal.target_seconds,
            "tracked_seconds": today.goal.tracked_seconds,
            "completion_percent": today.goal.completion_percent,
            "complete": today.goal.complete,
        }
    return {
        "total_seconds": today.total_seconds,
        "text": today.text,
        "goal": goal,
    }


def _today_from_json(data: dict[str, Any]) -> Today:
    """Today from what :func:`_today_to_json` wrote."""
    goal_data = data.get("goal")
    goal = None
    if goal_data is not None:
        if not isinstance(goal_data, dict):
            raise ValueError("goal is not an object")
        goal = Goal(
            target_seconds=_field(goal_data, "target_seconds", int),
            tracked_seconds=_field(goal_data, "tracked_seconds", int),
            completion_percent=_field(goal_data, "completion_percent", int),
            complete=_field(goal_data, "complete", bool),
        )
    return Today(
        total_seconds=_field(data, "total_seconds", int),
        text=_field(data, "text", str),
        goal=goal,
    )


def _field(data: object, name: str, kind: type[Any]) -> Any:
    """``data[name]`` if ``data`` is an object and the value is a ``kind``."""
    if not isinstance(data, dict) or name not in data:
        raise ValueError(f"{name} is missing")

    value = data[name]
    wrong_int = kind is int and isinstance(value, bool)
    if not isinstance(value, kind) or wrong_int:
        raise ValueError(f"{name} is not a {kind.__name__}")
    return value
