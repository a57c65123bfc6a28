"""``hackatime-tray login`` and ``logout``: the key in the OS keyring."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from tray_app import errors, login
from tray_app.commands.context import open_context


def register(subparsers: Any) -> None:
    """Add the ``login`` and ``logout`` commands."""
    login_parser = subparsers.add_parser(
        "login",
        help="check an API key against the server and store it in the keyring",
        description="Ask for your API key (input hidden), check it against "
        "the server, then store it in the system keyring for that server. "
        "The key is never written to a plain file.",
    )
    login_parser.add_argument(
        "--key-stdin",
        action="store_true",
        help="read the key from standard input instead of a masked prompt",
    )
    login_parser.set_defaults(handler=run_login)

    logout_parser = subparsers.add_parser(
        "logout",
        help="remove the stored API key from the keyring",
        description="Remove the key stored for the configured server from "
        "the system keyring. Keys in the environment or ~/.wakatime.cfg are "
        "not touched.",
    )
    logout_parser.set_defaults(handler=run_logout)


def run_login(args: argparse.Namespace) -> int:
    """Read a key, check it against the server, then store it."""
    from tray_app import keystore

    if args.demo:
        print("The demo server needs no login; its key is built in.")
        return 0

    with open_context(args) as context:
        # Find out before asking for the key, not after checking it.
        try:
            keystore.require_keyring()
        except errors.KeystoreError as error:
            print(error, file=sys.stderr)
            return 2
        print(f"Server: {context.address.base_url}")
        print(f"Your key is shown at {context.address.api_key_url}")
        try:
            key = (
                login.read_key_from_stdin(sys.stdin)
                if args.key_stdin
                else login.read_key_interactively()
            )
        except EOFError:
            print("No key was entered; nothing changed.", file=sys.stderr)
            return 2

        def check(candidate: str) -> object:
            from tray_app.client import HackatimeClient

            with HackatimeClient(context.address, candidate) as client:
                return client.check_key()

        try:
            login.login(
                context.address, key, check=check, store=keystore.set_key
            )
        except errors.HackatimeTrayError as error:
            print(error, file=sys.stderr)
            return _exit_code(error)

    print("The key works and is stored in the system keyring.")
    return 0


def run_logout(args: argparse.Namespace) -> int:
    """Remove the key for the configured server from the keyring."""
    from tray_app import keystore

    with open_context(args) as context:
        removed = keystore.delete_key(context.address)
    if removed:
        print(
            f"Removed the key for {context.address.base_url} from the keyring."
        )
    else:
        print(f"No key for {context.address.base_url} was in the keyring.")
    return 0


def _exit_code(error: errors.HackatimeTrayError) -> int:
    if isinstance(error, errors.KeyRejectedError):
        return 3
    if isinstance(error, errors.KeystoreError | errors.ConfigError):
        return 2
    return 4
