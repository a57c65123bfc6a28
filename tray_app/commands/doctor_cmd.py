"""``hackatime-tray doctor``: every check in one report, and its window.

``doctor`` prints the report of :mod:`tray_app.diagnostics` as text or
JSON and exits 1 when any line failed, else 0. A broken settings file,
``.wakatime.cfg`` or server address does not stop it: it resolves what
it can without the broken part and reports the rest.

``diagnostics-window`` (hidden from the help) shows the same report in a
tkinter window; the tray starts it in a process of its own.
"""

from __future__ import annotations

import argparse
import json
import logging
from typing import Any

from tray_app import paths
from tray_app.commands.context import AppContext, build_context, open_context
from tray_app.diagnostics import (
    DoctorOptions,
    Report,
    diagnose,
    exit_status,
    render_text,
    report_json,
)
from tray_app.diagnostics_window import WINDOW_COMMAND
from tray_app.errors import ConfigError
from tray_app.settings import Settings, load_settings
from tray_app.wakatime_cfg import WakatimeConfig, read_wakatime_cfg

logger = logging.getLogger(__name__)

OUTPUT_FORMATS = ("text", "json")


def register(subparsers: Any) -> None:
    """Add ``doctor``, and the hidden ``diagnostics-window``."""
    parser = subparsers.add_parser(
        "doctor",
        help="check the key, server, editor set-up and tray, and say "
        "what to fix",
        description="Check everything between your editor and the tray: "
        "server, key, ~/.wakatime.cfg, last heartbeat, time zone, "
        "keyring, tray backend, start at login, log file. Exit status: "
        "1 if any check failed, else 0 (warnings included).",
    )
    parser.add_argument(
        "--format",
        choices=OUTPUT_FORMATS,
        default="text",
        help="text (default) or json",
    )
    parser.set_defaults(handler=run)

    # No help= keeps it out of the command list (SUPPRESS would print
    # "==SUPPRESS==" there on Python 3.11).
    window = subparsers.add_parser(WINDOW_COMMAND)
    window.set_defaults(handler=run_window)


def run(args: argparse.Namespace) -> int:
    """Print the report; 1 if any line failed, else 0."""
    report = collect_report(args)
    if args.format == "json":
        print(json.dumps(report_json(report), indent=2, ensure_ascii=False))
    else:
        print(render_text(report))
    return exit_status(report)


def run_window(args: argparse.Namespace) -> int:
    """Show the report in a window until it is closed."""
    from tray_app.diagnostics_window import DiagnosticsWindow

    window = DiagnosticsWindow(lambda: collect_report(args))
    return window.run()


def collect_report(
    args: argparse.Namespace, options: DoctorOptions | None = None
) -> Report:
    """The report for the server, key and settings ``args`` resolve to.

    With ``--demo`` it runs against an in-process demo server.
    """
    if options is None:
        from tray_app.tray_view import missing_tray_host_message

        options = DoctorOptions(tray_host=missing_tray_host_message)
    if args.demo:
        with open_context(args) as context:
            return diagnose(context, options=options)

    try:
        with open_context(args) as context:
            return diagnose(context, options=options)
    except ConfigError as exc:
        logger.info("Diagnosing despite a configuration problem: %s", exc)

    fallback, problem = _context_despite_problems(args)
    return diagnose(fallback, address_problem=problem, options=options)


def _context_despite_problems(
    args: argparse.Namespace,
) -> tuple[AppContext | None, ConfigError | None]:
    """The context with any broken file left out; None if no address.

    The broken files are reported by their own checks, which read them
    again; only an unusable address is returned as the problem.
    """
    settings_path = paths.settings_path()
    try:
        settings = load_settings(settings_path)
    except ConfigError:
        settings = Settings()

    wakatime: WakatimeConfig | None
    try:
        wakatime = read_wakatime_cfg(
            allow_vault_cmd=settings.allow_key_vault_cmd
        )
    except ConfigError:
        wakatime = None

    try:
        context = build_context(
            args,
            settings=settings,
            settings_path=settings_path,
            wakatime=wakatime,
        )
    except ConfigError as exc:
        return None, exc
    return context, None
