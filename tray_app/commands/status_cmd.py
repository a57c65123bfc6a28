"""``hackatime-tray status``: today's time, once, for terminals and bars.

Works with no display: nothing here imports pystray, Pillow or
APScheduler. The last good value is cached in the state dir, so a failed
fetch still prints it, marked stale.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from tray_app import cache, errors
from tray_app.commands.context import AppContext, open_context
from tray_app.formatting import DisplayFormat, format_duration, tooltip_text
from tray_app.status import (
    NEXT_STEPS,
    State,
    Status,
    after_failure,
    after_success,
)

logger = logging.getLogger(__name__)

TEXT_FORMATS = {
    "text": DisplayFormat.DEFAULT,
    "clock": DisplayFormat.CLOCK,
    "decimal": DisplayFormat.DECIMAL,
    "server": DisplayFormat.SERVER,
}
OUTPUT_FORMATS = (*TEXT_FORMATS, "json", "waybar")
#: Seconds to wait for the server; a status bar must not hang.
STATUS_TIMEOUT = 8.0


def register(subparsers: Any) -> None:
    """Add the ``status`` command."""
    parser = subparsers.add_parser(
        "status",
        help="print today's coding time once and exit",
        description="Print today's coding time once. Exit status: 0 fresh "
        "value, 2 usage or config error, 3 no key or key rejected, "
        "4 network or server error.",
    )
    parser.add_argument(
        "--format",
        choices=OUTPUT_FORMATS,
        default="text",
        help="text (1h 5m), clock (1:05), decimal (1.1h), server (the "
        "server's own text), json, or waybar",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Fetch today's total once, print it and return the exit status."""
    status, style = fetch_status(args)
    print(render(status, args.format, style))
    if args.format in TEXT_FORMATS and status.stale and status.message:
        # Bars read stdout; the reason goes to stderr for the terminal.
        print(f"hackatime-tray: {status.message}", file=sys.stderr)
    return status.exit_code


def fetch_status(args: argparse.Namespace) -> tuple[Status, DisplayFormat]:
    """Today's status, from the server or else from the cache."""
    now = datetime.now().astimezone()
    try:
        with open_context(args) as context:
            return _fetch_with_context(
                context, now
            ), context.settings.display_format
    except errors.ConfigError as error:
        return Status(state=State.CONFIG_ERROR, message=str(error)), (
            DisplayFormat.DEFAULT
        )


def _fetch_with_context(context: AppContext, now: datetime) -> Status:
    server = context.address.base_url
    previous = _cached_status(context.cache_path, server)
    if not context.api_key:
        return after_failure(
            previous, errors.NoKeyError(NEXT_STEPS[State.NO_KEY]), now
        )

    try:
        with context.client(timeout=STATUS_TIMEOUT) as client:
            today = client.today()
    except errors.HackatimeTrayError as error:
        logger.info("Fetching today's total failed: %s", error)
        return after_failure(previous, error, now)

    if context.cache_path is not None:
        try:
            cache.save_last_good(context.cache_path, today, now, server)
        except OSError as exc:
            logger.warning("Could not write the cache: %s", exc)
    return after_success(today, now)


def _cached_status(path: Path | None, server: str) -> Status:
    cached = None if path is None else cache.load_last_good(path, server)
    if cached is None:
        return Status()
    today, updated_at = cached
    return Status(state=State.OK, today=today, updated_at=updated_at)


def render(status: Status, output: str, style: DisplayFormat) -> str:
    """The text ``status`` prints for one of the output formats."""
    if output == "json":
        return json.dumps(status_json(status, style), ensure_ascii=False)
    if output == "waybar":
        return json.dumps(waybar_json(status, style), ensure_ascii=False)

    if status.today is None:
        return f"{_problem_label(status)}: {status.message}"
    text = format_duration(
        status.total_seconds, TEXT_FORMATS[output], status.today.text
    )
    return f"{text} (stale)" if status.stale else text


def status_json(status: Status, style: DisplayFormat) -> dict[str, Any]:
    """The ``--format json`` object."""
    today = status.today
    goal = None if today is None else today.goal
    return {
        "state": status.state.value,
        "total_seconds": status.total_seconds,
        "display": format_duration(
            status.total_seconds, style, "" if today is None else today.text
        ),
        "server_text": None if today is None else today.text,
        "goal": None
        if goal is None
        else {
            "target_seconds": goal.target_seconds,
            "tracked_seconds": goal.tracked_seconds,
            "percent": goal.completion_percent,
            "complete": goal.complete,
        },
        "stale": status.stale,
        "updated_at": None
        if status.updated_at is None
        else status.updated_at.isoformat(timespec="seconds"),
        "message": status.message or _ok_message(status),
    }


def waybar_json(status: Status, style: DisplayFormat) -> dict[str, Any]:
    """The ``--format waybar`` object: text, tooltip, class, percentage."""
    now = datetime.now().astimezone()
    today = status.today
    if today is None:
        text = "⚠"
    else:
        text = format_duration(status.total_seconds, style, today.text)
    classes = [status.state.value]
    if status.stale:
        classes.append("stale")
    if today is not None and today.goal is not None and today.goal.complete:
        classes.append("goal-complete")
    percentage = 0
    if today is not None and today.goal is not None:
        percentage = today.goal.completion_percent
    return {
        "text": text,
        "tooltip": tooltip_text(status, style, now),
        "class": classes,
        "percentage": percentage,
    }


def _problem_label(status: Status) -> str:
    return status.state.value.replace("_", " ")


def _ok_message(status: Status) -> str:
    if status.state is State.OK:
        return "Today's total is up to date."
    return NEXT_STEPS.get(status.state, "")
