"""``hackatime-tray key-dialog``: the window that sets the API key.

The tray starts this command in a process of its own, so that tkinter
never shares a thread with the tray's toolkit.
"""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from typing import Any

from tray_app.address import ServerAddress
from tray_app.commands.context import open_context

logger = logging.getLogger(__name__)


def register(subparsers: Any) -> None:
    """Add the ``key-dialog`` command the tray starts for this window."""
    parser = subparsers.add_parser(
        "key-dialog", help="open the window that sets the API key"
    )
    parser.add_argument(
        "--wakatime-key-available",
        action="store_true",
        help=argparse.SUPPRESS,
    )
    parser.add_argument(
        "--no-store", action="store_true", help=argparse.SUPPRESS
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    """Show the window until the key is stored or the user cancels."""
    from tray_app import keystore
    from tray_app.key_dialog import KeyDialog

    with open_context(args) as context:
        address = context.address
        store: Callable[[ServerAddress, str], None] = (
            _discard if args.no_store or context.demo else keystore.set_key
        )
        dialog = KeyDialog(
            address,
            check=_checker(address),
            store=store,
            wakatime_key=_wakatime_key(
                args, context.api_key, context.key_source
            ),
        )
        return dialog.run()


def _checker(address: ServerAddress) -> Callable[[str], object]:
    def check(key: str) -> object:
        from tray_app.client import HackatimeClient

        with HackatimeClient(address, key) as client:
            return client.check_key()

    return check


def _discard(address: ServerAddress, key: str) -> None:
    logger.info("Demo mode: the key was checked but not stored")


def _wakatime_key(
    args: argparse.Namespace, api_key: str | None, key_source: str
) -> str | None:
    if args.wakatime_key_available and key_source == "~/.wakatime.cfg":
        return api_key
    return None
