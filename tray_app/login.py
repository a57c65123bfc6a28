"""Logging in: read a key, check it with the server, then store it.

No argument parsing and no library here: the command line passes in the
check (a call to the server) and the store (the keyring), so the order
"check first, store only a key the server accepted" is tested on its own.
"""

from __future__ import annotations

import getpass
import logging
from collections.abc import Callable
from typing import TextIO

from tray_app.address import ServerAddress
from tray_app.errors import ConfigError

logger = logging.getLogger(__name__)

KEY_PROMPT = "Hackatime API key (input hidden): "


def login(
    address: ServerAddress,
    key: str,
    *,
    check: Callable[[str], object],
    store: Callable[[ServerAddress, str], None],
) -> None:
    """Check the key with the server and, if it is accepted, store it.

    Raises ConfigError for an empty key or one with spaces inside, and
    whatever ``check`` raises (KeyRejectedError, NetworkError, ...), in
    which case nothing is stored.
    """
    cleaned = key.strip()
    if not cleaned:
        raise ConfigError(
            f"The API key is empty; copy it from {address.api_key_url} and "
            "try again."
        )
    if any(char.isspace() or not char.isprintable() for char in cleaned):
        raise ConfigError(
            "The API key contains spaces or control characters; copy it "
            f"again from {address.api_key_url}."
        )

    check(cleaned)
    store(address, cleaned)
    logger.info("Logged in to %s", address.base_url)


def read_key_interactively(
    prompt_func: Callable[[str], str] = getpass.getpass,
) -> str:
    """Ask for the key without echoing it; return it stripped."""
    return prompt_func(KEY_PROMPT).strip()


def read_key_from_stdin(stream: TextIO) -> str:
    """Read the key piped to standard input; return it stripped."""
    return stream.read().strip()
