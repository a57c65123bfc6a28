"""``hackatime-tray api ENDPOINT``: each client call, printed as JSON."""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from tray_app import errors
from tray_app.commands.context import open_context

if TYPE_CHECKING:
    from tray_app.client import HackatimeClient

Call = Callable[["HackatimeClient", argparse.Namespace], object]

ENDPOINTS: dict[str, tuple[str, Call]] = {
    "today": ("statusbar/today", lambda c, a: c.today()),
    "profile": (
        "users/current: profile and time zone",
        lambda c, a: c.profile(),
    ),
    "week": ("users/current/stats/last_7_days", lambda c, a: c.last_7_days()),
    "stats": (
        "users/{user}/stats (--user, --start, --end, --limit)",
        lambda c, a: c.user_stats(
            a.user, start_date=a.start, end_date=a.end, limit=a.limit
        ),
    ),
    "heartbeats": (
        "my/heartbeats (--start, --end, --limit)",
        lambda c, a: c.heartbeats(
            start_time=a.start, end_time=a.end, limit=a.limit
        ),
    ),
    "most-recent": (
        "my/heartbeats/most_recent",
        lambda c, a: c.most_recent_heartbeat(),
    ),
    "trust-factor": (
        "users/{user}/trust_factor (--user; default: you)",
        lambda c, a: c.trust_factor(_named_user(c, a.user)),
    ),
    "leaderboard": (
        "leaderboard (--period daily, weekly, or alias: /leaderboard)",
        lambda c, a: c.leaderboard(a.period),
    ),
    "global-stats": (
        "/api/v1/stats (admin key)",
        lambda c, a: c.global_stats(),
    ),
    "lookup-email": (
        "users/lookup_email/VALUE (admin key)",
        lambda c, a: c.lookup_email(_required_value(a)),
    ),
    "lookup-slack-uid": (
        "users/lookup_slack_uid/VALUE (admin key)",
        lambda c, a: c.lookup_slack_uid(_required_value(a)),
    ),
}


def register(subparsers: Any) -> None:
    """Add the ``api`` command."""
    lines = "\n".join(
        f"  {name:17} {doc}" for name, (doc, _) in ENDPOINTS.items()
    )
    parser = subparsers.add_parser(
        "api",
        help="call one API endpoint and print its result as JSON",
        description=f"Call one endpoint and print JSON.\n\nendpoints:\n{lines}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "endpoint", choices=list(ENDPOINTS), metavar="ENDPOINT"
    )
    parser.add_argument(
        "value", nargs="?", help="email or Slack UID to look up"
    )
    parser.add_argument("--user", default="my", help="user for stats/trust")
    parser.add_argument("--start", help="start date or ISO 8601 time")
    parser.add_argument("--end", help="end date or ISO 8601 time")
    parser.add_argument(
        "--limit", type=_positive_int, help="keep at most N items"
    )
    parser.add_argument(
        "--period",
        choices=("daily", "weekly", "alias"),
        default="daily",
        help="leaderboard window; alias asks /leaderboard, which the "
        "server answers with the daily board",
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Call the endpoint and print the result, or the error, as JSON."""
    _, call = ENDPOINTS[args.endpoint]
    with open_context(args) as context, context.client() as client:
        try:
            result = call(client, args)
        except errors.HackatimeTrayError as error:
            print(
                json.dumps(
                    {"error": type(error).__name__, "message": str(error)}
                )
            )
            return _exit_code(error)

    print(json.dumps(to_jsonable(result), indent=2, ensure_ascii=False))
    return 0


def to_jsonable(value: object) -> object:
    """Dataclasses (and tuples of them) as plain JSON values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.asdict(value)
    if isinstance(value, tuple | list):
        return [to_jsonable(item) for item in value]
    return value


def _named_user(client: HackatimeClient, user: str) -> str:
    """trust_factor knows no ``my``: look up the key owner's username."""
    if user != "my":
        return user
    username = client.profile().username
    if not username:
        raise errors.NotFoundError(
            "Your profile has no username to look up; pass --user NAME."
        )
    return username


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return value


def _required_value(args: argparse.Namespace) -> str:
    if not args.value:
        print(f"'{args.endpoint}' needs a VALUE to look up.", file=sys.stderr)
        raise SystemExit(2)
    return str(args.value)


def _exit_code(error: errors.HackatimeTrayError) -> int:
    if isinstance(error, errors.KeyRejectedError | errors.NoKeyError):
        return 3
    if isinstance(error, errors.ConfigError):
        return 2
    return 4
