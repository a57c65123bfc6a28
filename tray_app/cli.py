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
from tray_app.commands import tray_cmd
from tray_app.commands.context import add_global_options

logger = logging.getLogger(__name__)

_COMMANDS_PACKAGE = "tray_app.commands."
#: Each command and the module that registers it, in help order. Only
#: the module of the command being run is imported (with the tray's),
#: which keeps ``status`` quick; ``--help`` and names missing here load
#: every module, so a missing entry costs time, never a command.
COMMANDS: dict[str, str] = {
    "status": "status_cmd",
    "api": "api_cmd",
    "login": "login_cmd",
    "logout": "login_cmd",
    "demo-server": "demo_cmd",
    "tray": "tray_cmd",
    "fallback-menu": "tray_cmd",
    "key-dialog": "key_dialog_cmd",
    "autostart": "autostart_cmd",
    "install-desktop-files": "desktop_cmd",
    "uninstall-desktop-files": "desktop_cmd",
    "doctor": "doctor_cmd",
    "diagnostics-window": "doctor_cmd",
}
#: Modules that may be missing from a build; their commands then are too.
OPTIONAL_COMMAND_MODULES = frozenset(
    {"autostart_cmd", "desktop_cmd", "doctor_cmd"}
)
#: Options before the command that take a value (never a command name).
_OPTIONS_WITH_VALUE = frozenset({"--api-url", "--poll-interval"})
_HELP_OPTIONS = frozenset({"-h", "--help"})


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


def build_parser(
    argv: Sequence[str] | None = None,
) -> argparse.ArgumentParser:
    """The argument parser: every command, or those ``argv`` may run."""
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
    for module in _command_modules(_needed_modules(argv)):
        module.register(subparsers)
    return parser


def _needed_modules(argv: Sequence[str] | None) -> list[str]:
    """The command modules to load to parse ``argv`` (None: all)."""
    every = list(dict.fromkeys(COMMANDS.values()))
    if argv is None:
        return every

    command = _command_name(argv)
    if command is None:
        return [COMMANDS["tray"]]
    if command in COMMANDS:
        return list(dict.fromkeys((COMMANDS[command], COMMANDS["tray"])))
    return every


def _command_name(argv: Sequence[str]) -> str | None:
    """The first positional argument; "-h" for help; None for none."""
    tokens = iter(argv)
    for token in tokens:
        if token in _HELP_OPTIONS:
            return "-h"
        if token == "--":
            return next(tokens, None)
        if token in _OPTIONS_WITH_VALUE:
            next(tokens, None)
        elif not token.startswith("-"):
            return token
    return None


def _command_modules(names: list[str]) -> list[Any]:
    import importlib

    modules = []
    for name in names:
        qualified = _COMMANDS_PACKAGE + name
        try:
            modules.append(importlib.import_module(qualified))
        except ModuleNotFoundError as exc:
            if name not in OPTIONAL_COMMAND_MODULES or exc.name != qualified:
                raise
    return modules


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command and return its exit status."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(arguments).parse_args(arguments)
    if args.handler is not tray_cmd.run:
        logs.configure_logging(verbose=args.verbose)

    try:
        return int(args.handler(args))
    except errors.HackatimeTrayError as error:
        print(f"hackatime-tray: {error}", file=sys.stderr)
        return 2 if isinstance(error, errors.ConfigError) else 1
    except KeyboardInterrupt:
        return 130
