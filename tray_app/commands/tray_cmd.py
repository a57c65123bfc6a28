"""``hackatime-tray`` with no command: the tray icon itself.

This module only wires the parts: logging, the single-instance lock, the
context (server, key, settings), the poller and controller, the icon
renderer, the tray adapter and the scheduler.
"""

from __future__ import annotations

import argparse
import functools
import logging
import sys
from contextlib import ExitStack
from typing import Any

from tray_app import APP_NAME, __version__, errors, logs, paths
from tray_app.commands.context import AppContext, open_context

logger = logging.getLogger(__name__)


def register(subparsers: Any) -> None:
    """Add ``tray`` as an explicit command too."""
    parser = subparsers.add_parser(
        "tray", help="start the tray icon (the default with no command)"
    )
    add_tray_options(parser)
    parser.set_defaults(handler=run)

    # The tray starts this itself (see tray_view); it is not for users,
    # so it has no help line.
    menu_parser = subparsers.add_parser("fallback-menu")
    menu_parser.set_defaults(handler=_run_fallback_menu)


def _run_fallback_menu(args: argparse.Namespace) -> int:
    from tray_app.fallback_menu import main

    return main()


def add_tray_options(parser: Any) -> None:
    """Options of the tray itself (also on the top-level parser)."""
    # For tests and benchmarks: any interval, not only the 30 s to
    # 10 min the settings allow. Smart refresh scales from it as from
    # the setting (tray_app.smart_refresh).
    parser.add_argument(
        "--poll-interval",
        type=float,
        default=argparse.SUPPRESS,
        help=argparse.SUPPRESS,
    )


def run(args: argparse.Namespace) -> int:
    """Start the tray and block until the user quits."""
    log_file = None if args.demo else paths.log_dir() / "hackatime-tray.log"
    logs.configure_logging(verbose=args.verbose, log_file=log_file)
    logs.install_crash_handlers(log_file)
    logger.info(
        "Hackatime Tray %s starting (Python %s)",
        __version__,
        sys.version.split()[0],
    )

    from tray_app import instance

    with ExitStack() as stack:
        try:
            running = stack.enter_context(
                instance.single_instance(demo=args.demo)
            )
        except errors.AlreadyRunningError as error:
            print(error)
            return 0
        context = stack.enter_context(open_context(args))
        return _run_tray(args, context, running)


def _run_tray(
    args: argparse.Namespace, context: AppContext, running: Any
) -> int:
    from tray_app import icon
    from tray_app.controller import Hooks, TrayController
    from tray_app.poller import Poller
    from tray_app.tray_view import TrayView, missing_tray_host_message

    interval = getattr(args, "poll_interval", None) or (
        context.settings.poll_interval_seconds
    )
    client = context.client(timeout=min(10.0, interval / 2))
    poller = Poller(client, interval_seconds=interval, smart_refresh=True)
    hooks = Hooks(
        render=lambda view: icon.render_icon(view, icon.TRAY_ICON_SIZE),
        open_url=_open_url,
        save_settings=None if context.demo else _settings_saver(context),
        timezone_note=_timezone_note,
    )
    if not context.demo:
        from tray_app.autostart import autostart_backend, launch_command

        hooks.autostart = autostart_backend()
        hooks.autostart_command = launch_command
    controller = TrayController(
        poller,
        address=context.address,
        settings=context.settings,
        hooks=hooks,
        has_key=bool(context.api_key),
    )
    image, title, entries = controller.initial_view()
    view = TrayView(
        name=APP_NAME,
        title=title,
        image=image,
        entries=entries,
        on_action=controller.handle_action,
    )
    controller.attach(view)
    hooks.open_key_dialog, hooks.open_diagnostics = _child_windows(
        context, poller, controller
    )
    logger.info("Tray backend: %s", view.backend_name)

    schedulers: list[Any] = []

    def on_ready() -> None:
        # Today's total first: the scheduler (importing APScheduler alone
        # takes ~60 ms) starts once the icon shows it. Its first poll
        # also fetches the menu's details (one extra request at start).
        controller.show_total()
        from tray_app.scheduler import PollScheduler

        scheduler = PollScheduler(
            controller.poll,
            interval_seconds=interval,
            on_clock_jump=controller.resumed,
        )
        controller.attach(view, scheduler)
        running.on_request(scheduler.run_now)
        schedulers.append(scheduler)
        scheduler.start()
        if not context.api_key and hooks.open_key_dialog is not None:
            hooks.open_key_dialog()
        no_tray = missing_tray_host_message()
        if no_tray is not None:
            logger.warning("%s", no_tray)
            print(f"hackatime-tray: {no_tray}", file=sys.stderr)

    try:
        view.run(on_ready=on_ready)
    finally:
        for scheduler in schedulers:
            scheduler.shutdown()
        client.close()
    return 0


class ChildWindow:
    """Opens one of our windows in a child process, one at a time."""

    def __init__(self, argv: list[str], on_closed: Any | None = None) -> None:
        self._argv = argv
        self._on_closed = on_closed
        self._process: Any = None

    def __call__(self) -> None:
        """Open the window unless it is already open."""
        from tray_app.child import run_in_background

        if self._process is not None and self._process.poll() is None:
            return
        self._process = run_in_background(self._argv, self._closed)

    def _closed(self, code: int, output: str) -> None:
        if self._on_closed is not None:
            self._on_closed(code)


def _child_windows(
    context: AppContext, poller: Any, controller: Any
) -> tuple[ChildWindow, ChildWindow]:
    """The "Set API key…" and "Diagnostics…" windows for this context."""
    from tray_app.child import self_command

    # The child inherits the environment, settings and .wakatime.cfg, so
    # it resolves the same server by itself; only a flag must be passed
    # on, or its windows would name the wrong source.
    flags = ["--demo"] if context.demo else []
    if context.address_source == "--api-url":
        flags += ["--api-url", context.address.base_url]
    if context.allow_insecure_http:
        flags.append("--allow-insecure-http")

    def key_window_closed(code: int) -> None:
        if code == 0 and not context.demo:
            _use_new_key(context, poller, controller)

    key_flags = list(flags)
    if context.key_source == "~/.wakatime.cfg":
        key_flags.append("--wakatime-key-available")
    return (
        ChildWindow(self_command("key-dialog", *key_flags), key_window_closed),
        ChildWindow(self_command("diagnostics-window", *flags)),
    )


def _use_new_key(context: AppContext, poller: Any, controller: Any) -> None:
    """A key was stored by the key window: poll with it at once."""
    from tray_app import keystore

    try:
        key = keystore.get_key(context.address)
    except errors.KeystoreError as error:
        logger.warning("Could not read the new key: %s", error)
        return
    logs.register_secret(key)
    context.api_key = key
    poller.replace_client(context.client())
    controller.key_changed(has_key=bool(key))


def _open_url(url: str) -> bool:
    """Open ``url`` in the browser (webbrowser is imported on first use,
    which keeps it out of every command's start-up)."""
    import webbrowser

    return webbrowser.open(url)


def _timezone_note(poller: Any) -> str | None:
    from datetime import datetime

    from tray_app.timezones import timezone_note

    profile = poller.details.profile
    if profile is None:
        return None
    now = datetime.now().astimezone()
    return timezone_note(profile.timezone, _local_zone(), now)


@functools.lru_cache(maxsize=1)
def _local_zone() -> str:
    # Read once: the menu is rebuilt on every poll, and a change of the
    # computer's zone while the app runs is rare enough to need a restart.
    from tray_app.timezones import local_timezone_name

    return local_timezone_name()


def _settings_saver(context: AppContext) -> Any:
    from tray_app.settings import Settings, save_settings

    def save(settings: Settings) -> None:
        save_settings(settings, context.settings_path)

    return save
