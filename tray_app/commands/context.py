"""What every command needs: the server, the key and the settings.

``--demo`` swaps all of it for an in-process demo server and its key,
touching neither the keyring nor the user's files.
"""

from __future__ import annotations

import argparse
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tray_app import logs, paths
from tray_app.address import ServerAddress, parse_server_address
from tray_app.credentials import resolve_credentials
from tray_app.errors import ConfigError
from tray_app.settings import Settings, load_settings
from tray_app.wakatime_cfg import WakatimeConfig, read_wakatime_cfg

if TYPE_CHECKING:
    from tray_app.client import HackatimeClient

logger = logging.getLogger(__name__)


@dataclass
class AppContext:
    """The resolved server, key and settings for one run of a command."""

    address: ServerAddress
    api_key: str | None
    key_source: str
    address_source: str
    settings: Settings
    settings_path: Path | None
    cache_path: Path | None
    demo: bool = False
    warnings: tuple[str, ...] = ()
    allow_insecure_http: bool = False

    def client(self, *, timeout: float = 10.0) -> HackatimeClient:
        """A client for the resolved server (imports httpx on first use)."""
        from tray_app.client import HackatimeClient

        return HackatimeClient(self.address, self.api_key, timeout=timeout)


def add_global_options(parser: argparse.ArgumentParser) -> None:
    """Options every command accepts."""
    parser.add_argument(
        "--api-url",
        metavar="URL",
        help="server origin or WakaTime-style api_url "
        "(default: settings, then ~/.wakatime.cfg, then Hackatime)",
    )
    parser.add_argument(
        "--demo",
        action="store_true",
        help="use a built-in demo server; touches no keyring or user file",
    )
    parser.add_argument(
        "--allow-insecure-http",
        action="store_true",
        help="allow a plain http:// server other than loopback",
    )
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="log to the console"
    )


@contextmanager
def open_context(args: argparse.Namespace) -> Iterator[AppContext]:
    """Resolve the context for ``args``; start the demo server if asked.

    Raises ``ConfigError`` for a broken settings file, ``.wakatime.cfg``
    or server address.
    """
    if args.demo:
        with demo_context() as context:
            yield context
        return

    settings_path = paths.settings_path()
    settings = load_settings(settings_path)
    try:
        wakatime = read_wakatime_cfg(
            allow_vault_cmd=settings.allow_key_vault_cmd
        )
    except ConfigError as wakatime_error:
        # The editor plugins' file is not ours and ranks below our own
        # sources: it only stops the app when nothing else gives a key.
        context = build_context(
            args, settings=settings, settings_path=settings_path, wakatime=None
        )
        if context.api_key is None:
            raise
        logger.warning("%s", wakatime_error)
        context.warnings += (str(wakatime_error),)
        yield context
        return

    yield build_context(
        args, settings=settings, settings_path=settings_path, wakatime=wakatime
    )


def build_context(
    args: argparse.Namespace,
    *,
    settings: Settings,
    settings_path: Path,
    wakatime: WakatimeConfig | None,
) -> AppContext:
    """Resolve the server and key from already loaded settings files."""
    credentials = resolve_credentials(
        cli_api_url=args.api_url,
        env=os.environ,
        settings=settings,
        keystore=LazyKeystore(),
        wakatime=wakatime,
        allow_insecure_http=(
            args.allow_insecure_http or settings.allow_insecure_http
        ),
    )
    logs.register_secret(credentials.api_key)
    for warning in credentials.warnings:
        # Not a console warning: ``status`` feeds status bars, and the
        # doctor shows these sentences anyway.
        logger.info("%s", warning)

    return AppContext(
        address=credentials.address,
        api_key=credentials.api_key,
        key_source=credentials.key_source,
        address_source=credentials.address_source,
        settings=settings,
        settings_path=settings_path,
        cache_path=paths.cache_path(),
        warnings=tuple(credentials.warnings),
        allow_insecure_http=bool(args.allow_insecure_http),
    )


@contextmanager
def demo_context(timezone: str | None = None) -> Iterator[AppContext]:
    """A context backed by an in-process demo server on loopback."""
    from tray_app.demo import DemoServer

    with DemoServer(timezone=timezone or _local_timezone_name()) as server:
        logs.register_secret(server.api_key)
        yield AppContext(
            address=parse_server_address(server.url),
            api_key=server.api_key,
            key_source="demo server",
            address_source="demo server",
            settings=Settings(),
            settings_path=None,
            cache_path=None,
            demo=True,
        )


class LazyKeystore:
    """Imports keyring only when a key is actually looked up there."""

    def get_key(self, address: ServerAddress) -> str | None:
        from tray_app import keystore

        return keystore.get_key(address)


def _local_timezone_name() -> str:
    """The computer's IANA zone name, so the demo's day matches the clock."""
    from tray_app.timezones import local_timezone_name

    return local_timezone_name()
