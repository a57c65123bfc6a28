"""The ``hackatime-tray`` entry point: parse arguments, wire, run.

With no command it starts the tray. Each command lives in its own module
under ``tray_app.commands``; this module only connects them.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import Any

from tray_app import __version__, errors, logs
from tray_app.commands import (
    api_cmd,
    demo_cmd,
    key_dialog_cmd,
    login_cmd,
    status_cmd,
    tray_cmd,
)
from tray_app.commands.context import add_global_options

logger = logging.getLogger(__name__)

COMMAND_MODULES = (
    status_cmd,
    api_cmd,
    login_cmd,
    demo_cmd,
    tray_cmd,
    key_dialog_cmd,
)
OPTIONAL_COMMAND_MODULES = (
    "tray_app.commands.autostart_cmd",
    "tray_app.commands.desktop_cmd",
    "tray_app.commands.doctor_cmd",
)


class _SubcommandsWithGlobalOptions:
    """Lets every command accept the global options after its name too."""

    def __init__(
        self, subparsers: Any, shared: argparse.ArgumentParser
    ) -> None:
        self._subparsers = subparsers
        self._shared = shared

    def add_parser(self, name: str, **kwargs: Any) -> argparse.ArgumentParser:
        parents = [*kwargs.pop("parents", []), self._shared]
        parser: argparse.ArgumentParser = self._subparsers.add_parser(
            name, parents=parents, **kwargs
        )
        return parser


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser, with every available command."""
    parser = argparse.ArgumentParser(
        prog="hackatime-tray",
        description="Today's coding time from Hackatime in your tray. "
        "With no command, start the tray.",
    )
    parser.add_argument("--version", action="version", version=__version__)
    add_global_options(parser)
    tray_cmd.add_tray_options(parser)
    parser.set_defaults(handler=tray_cmd.run)

    shared = argparse.ArgumentParser(
        add_help=False, argument_default=argparse.SUPPRESS
    )
    add_global_options(shared)
    subparsers = _SubcommandsWithGlobalOptions(
        parser.add_subparsers(title="commands", metavar="COMMAND"), shared
    )
    for module in (*COMMAND_MODULES, *_optional_modules()):
        module.register(subparsers)
    return parser


def _optional_modules() -> list[Any]:
    import importlib

    modules = []
    for name in OPTIONAL_COMMAND_MODULES:
        try:
            modules.append(importlib.import_module(name))
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return modules


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit status."""
    args = build_parser().parse_args(argv)
    if args.handler is not tray_cmd.run:
        logs.configure_logging(verbose=args.verbose)

    try:
        return int(args.handler(args))
    except errors.HackatimeTrayError as error:
        print(f"hackatime-tray: {error}", file=sys.stderr)
        return 2 if isinstance(error, errors.ConfigError) else 1
    except KeyboardInterrupt:
        return 130
