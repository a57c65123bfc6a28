"""``hackatime-tray demo-server``: the demo server on its own."""

from __future__ import annotations

import argparse
from typing import Any


def register(subparsers: Any) -> None:
    """Add the ``demo-server`` command."""
    parser = subparsers.add_parser(
        "demo-server",
        help="run the built-in Hackatime-compatible demo server",
        description="Serve a realistic day of demo data on loopback; point "
        "the app or any WakaTime client at the printed URL and key.",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument(
        "--port", type=int, default=0, help="0 picks a free one"
    )
    parser.add_argument(
        "--timezone", help="IANA zone (default: this computer's)"
    )
    parser.set_defaults(handler=run)


def _port(text: str) -> int:
    value = int(text)
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError("must be between 0 and 65535")
    return value


def run(args: argparse.Namespace) -> int:
    """Serve until interrupted."""
    from tray_app.demo import serve_forever
    from tray_app.timezones import local_timezone_name

    serve_forever(args.host, args.port, args.timezone or local_timezone_name())
    return 0
