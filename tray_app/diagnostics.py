"""The checks behind ``hackatime-tray doctor`` and the Diagnostics window.

"My editor says it is tracking but the tray shows 0m" has a handful of
causes: no key or a rejected one, editors sending to another server or
account than the tray reads, a profile time zone that moves "today", a
plugin that sends nothing. Each check here looks at one of them and
returns a :class:`Check` line (ok, warn or fail, a sentence, and what to
do next); :func:`diagnose` runs them all.

Every check is isolated: an exception in one becomes a fail line for it,
never a crash. No line contains the API key: the key is shown only as
:func:`~tray_app.credentials.mask_key` gives it, keys are compared
without being printed, and the finished report is scrubbed once more.

Nothing here imports pystray: with no display, importing it crashes
(see :mod:`tray_app.tray_view`), so the tray backend is predicted from
the environment and from what PyGObject can load, the way pystray picks.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tray_app import paths
from tray_app.address import (
    DEFAULT_SERVER,
    ServerAddress,
    parse_server_address,
    same_server,
)
from tray_app.credentials import (
    FROM_WAKATIME_CFG,
    FROM_WAKATIME_VAULT,
    WAKATIME_DEFAULT_API_URL,
    mask_key,
)
from tray_app.errors import (
    ApiError,
    ConfigError,
    HackatimeTrayError,
    KeyRejectedError,
    NetworkError,
    RateLimitedError,
    ServerBusyError,
)
from tray_app.formatting import format_relative, mask_secrets
from tray_app.models import MostRecent, Profile
from tray_app.wakatime_cfg import (
    WakatimeConfig,
    read_wakatime_cfg,
    wakatime_cfg_path,
)

if TYPE_CHECKING:
    from tray_app.autostart import AutostartBackend
    from tray_app.commands.context import AppContext

logger = logging.getLogger(__name__)

LOG_FILE_NAME = "hackatime-tray.log"

#: A first answer slower than this (milliseconds) is a warning.
SLOW_AFTER_MS = 2000.0
#: A last heartbeat older than this (seconds) is a warning.
STALE_AFTER_SECONDS = 3600.0
#: How long the doctor waits for the server, per request.
REQUEST_TIMEOUT = 10.0
#: How long the doctor waits for the OS keyring.
KEYRING_TIMEOUT = 5.0

#: Where each line's title starts in the text, after "[WARN] ".
TITLE_COLUMN = 7

# The check names: the short title of each line, stable for --format json.
SERVER = "Server"
API_KEY = "API key"
SETTINGS = "Settings file"
WAKATIME_CFG = "WakaTime config"
CONNECTION = "Connection"
KEY_ACCEPTED = "Key accepted"
TIME_ZONE = "Time zone"
LAST_HEARTBEAT = "Last heartbeat"
KEYRING = "Keyring"
TRAY = "Tray icon"
AUTOSTART = "Start at login"
LOG_FILE = "Log file"

#: pystray 0.19.5's class flags per backend: (HAS_MENU, HAS_NOTIFICATION).
TRAY_BACKENDS: dict[str, tuple[bool, bool]] = {
    "appindicator": (True, True),
    "gtk": (True, True),
    "xorg": (False, False),
    "darwin": (True, True),
    "win32": (True, True),
    "dummy": (False, False),
}

_APPINDICATOR_HINT = (
    "Install PyGObject and the AppIndicator typelib (pip install "
    "'hackatime-tray[appindicator]' and apt install "
    "gir1.2-ayatanaappindicator3-0.1) for a native menu."
)

# Raw editor tokens the server stores, and the names people know them by.
_EDITOR_NAMES = {
    "vscode": "VS Code",
    "neovim": "Neovim",
    "vim": "Vim",
    "emacs": "Emacs",
    "intellij": "IntelliJ IDEA",
    "pycharm": "PyCharm",
    "webstorm": "WebStorm",
    "sublime_text": "Sublime Text",
    "zed": "Zed",
    "cursor": "Cursor",
    "xcode": "Xcode",
}


class Level(StrEnum):
    """How a check went: ``ok``, ``warn`` (works, but look) or ``fail``."""

    OK = "ok"
    WARN = "warn"
    FAIL = "fail"


@dataclass(frozen=True)
class Check:
    """One line of the report: a title, a level, a sentence, a next step."""

    name: str
    level: Level
    summary: str
    advice: str = ""


Report = tuple[Check, ...]


@dataclass(frozen=True)
class DoctorOptions:
    """Thresholds, and the parts of the computer the checks look at.

    Every ``None`` means "the real one": the clock, the computer's time
    zone, ``os.environ``, the real ``.wakatime.cfg``, log file and
    autostart entry, and PyGObject as installed.
    """

    slow_after_ms: float = SLOW_AFTER_MS
    stale_after_seconds: float = STALE_AFTER_SECONDS
    request_timeout: float = REQUEST_TIMEOUT
    keyring_timeout: float = KEYRING_TIMEOUT
    now: datetime | None = None
    local_zone: str | None = None
    env: Mapping[str, str] | None = None
    platform: str = sys.platform
    wakatime_path: Path | None = None
    log_file: Path | None = None
    autostart: AutostartBackend | None = None
    gtk_backend: Callable[[], str | None] | None = None
    #: Says why no tray host is running, or None; None probe: none run.
    tray_host: Callable[[], str | None] | None = None


@dataclass(frozen=True)
class ServerProbe:
    """What the server said to the doctor's requests.

    ``skipped`` says why nothing was asked; otherwise ``elapsed_ms`` is
    the time the profile request took, and each request has either a
    result or the error it raised.
    """

    address: ServerAddress | None
    masked_key: str = "(none)"
    skipped: str | None = None
    elapsed_ms: float | None = None
    profile: Profile | None = None
    profile_error: ApiError | None = None
    recent: MostRecent | None = None
    recent_error: ApiError | None = None


def diagnose(
    context: AppContext | None,
    *,
    address_problem: HackatimeTrayError | None = None,
    options: DoctorOptions | None = None,
) -> Report:
    """Run every check; ``context`` is None when no address was usable.

    ``address_problem`` is the error that left ``context`` unresolved.
    Never raises for a failing check: each becomes a fail line.
    """
    options = options or DoctorOptions()
    now = options.now or datetime.now(UTC)
    env = options.env if options.env is not None else os.environ

    probe = _isolated_probe(context, options)
    checks = (
        _isolated(SERVER, lambda: check_server(context, address_problem)),
        _isolated(API_KEY, lambda: check_api_key(context)),
        _isolated(SETTINGS, lambda: check_settings(context)),
        _isolated(
            WAKATIME_CFG,
            lambda: check_wakatime_cfg(context, options.wakatime_path),
        ),
        _isolated(
            CONNECTION,
            lambda: check_connection(probe, options.slow_after_ms),
        ),
        _isolated(KEY_ACCEPTED, lambda: check_key_accepted(probe)),
        _isolated(
            TIME_ZONE,
            lambda: check_time_zone(probe, options.local_zone, now),
        ),
        _isolated(
            LAST_HEARTBEAT,
            lambda: check_last_heartbeat(
                probe, now, options.stale_after_seconds
            ),
        ),
        _isolated(
            KEYRING, lambda: check_keyring(timeout=options.keyring_timeout)
        ),
        _isolated(
            TRAY,
            lambda: check_tray_backend(
                env, options.platform, options.gtk_backend, options.tray_host
            ),
        ),
        _isolated(AUTOSTART, lambda: check_autostart(options.autostart)),
        _isolated(LOG_FILE, lambda: check_log_file(options.log_file)),
    )
    secrets = [context.api_key] if context and context.api_key else []
    return tuple(_scrubbed(check, secrets) for check in checks)


def exit_status(report: Report) -> int:
    """1 when any line failed, else 0."""
    return 1 if any(check.level is Level.FAIL for check in report) else 0


def counts(report: Report) -> dict[str, int]:
    """How many lines have each level."""
    return {
        level.value: sum(1 for check in report if check.level is level)
        for level in Level
    }


def text_rows(report: Report) -> tuple[tuple[str, Level | None], ...]:
    """The report as text lines, each with the level it shows (or None)."""
    rows: list[tuple[str, Level | None]] = [
        ("Hackatime Tray diagnostics", None),
        ("", None),
    ]
    for check in report:
        label = f"[{check.level.value.upper()}]".ljust(TITLE_COLUMN)
        rows.append((f"{label}{check.name}: {check.summary}", check.level))
        if check.advice:
            indent = " " * TITLE_COLUMN
            rows.append((f"{indent}Next: {check.advice}", check.level))

    tally = counts(report)
    rows += [
        ("", None),
        (
            f"{tally['ok']} ok, {tally['warn']} to look at, "
            f"{tally['fail']} failed.",
            None,
        ),
    ]
    return tuple(rows)


def render_text(report: Report) -> str:
    """The report as plain text, one line per check (plus its next step)."""
    return "\n".join(text for text, _level in text_rows(report))


def report_json(report: Report) -> dict[str, Any]:
    """The report as a JSON-ready dict: ok, counts and the checks."""
    return {
        "ok": exit_status(report) == 0,
        "counts": counts(report),
        "checks": [
            {
                "name": check.name,
                "level": check.level.value,
                "summary": check.summary,
                "advice": check.advice,
            }
            for check in report
        ],
    }


def check_server(
    context: AppContext | None,
    address_problem: HackatimeTrayError | None = None,
) -> Check:
    """Which server the tray reads, and where that address came from."""
    if context is None:
        reason = str(address_problem) if address_problem else "unknown"
        return Check(
            SERVER,
            Level.FAIL,
            f"No usable server address: {reason}",
            "Fix the address named above, or remove it to use "
            "https://hackatime.hackclub.com.",
        )

    address = context.address
    summary = (
        f"Reading {address.base_url} (from {context.address_source}); "
        f"its API root is {address.wakatime_api_url}."
    )
    if address.base_url.startswith("http://") and not address.is_loopback:
        return Check(
            SERVER,
            Level.WARN,
            summary + " It is plain http://, so the key travels unencrypted.",
            "Use the server's https:// address if it has one.",
        )
    return Check(SERVER, Level.OK, summary)


def check_api_key(context: AppContext | None) -> Check:
    """Where the key came from, masked; a missing key fails."""
    if context is None:
        return _not_checked(API_KEY, "there is no usable server address")

    notes = " ".join(context.warnings)
    get_key = (
        f"copy your key from {context.address.api_key_url} and run "
        "'hackatime-tray login', or set HACKATIME_API_KEY"
    )
    if not context.api_key:
        summary = "No API key was found in any place the tray looks."
        return Check(
            API_KEY, Level.FAIL, _joined(summary, notes), _sentence(get_key)
        )

    summary = (
        f"Using the key {mask_key(context.api_key)} from {context.key_source}."
    )
    if notes:
        return Check(
            API_KEY,
            Level.WARN,
            _joined(summary, notes),
            "Nothing to do if this key works; otherwise " + get_key + ".",
        )
    return Check(API_KEY, Level.OK, summary)


def check_settings(context: AppContext | None) -> Check:
    """Our settings file: absent (defaults), readable, or broken."""
    from tray_app.settings import load_settings

    if context is not None and context.demo:
        return Check(SETTINGS, Level.OK, "Not used in demo mode.")

    path = (
        context.settings_path
        if context is not None and context.settings_path is not None
        else paths.settings_path()
    )
    if not path.exists():
        return Check(
            SETTINGS,
            Level.OK,
            f"No settings file at {path}; the defaults are in use.",
        )
    try:
        load_settings(path)
    except ConfigError as exc:
        return Check(
            SETTINGS,
            Level.FAIL,
            str(exc),
            f"Fix {path} (it is kept as it is); until then the defaults "
            "are used.",
        )
    return Check(SETTINGS, Level.OK, f"Read {path}.")


def check_wakatime_cfg(
    context: AppContext | None, path: Path | None = None
) -> Check:
    """Whether editors send heartbeats to the tray's server and account.

    The file is read without running ``api_key_vault_cmd``; a vault key
    is compared only when the tray itself took its key from there.
    """
    path = path or wakatime_cfg_path()
    try:
        config = read_wakatime_cfg(path, allow_vault_cmd=False)
    except ConfigError as exc:
        return Check(
            WAKATIME_CFG,
            Level.FAIL,
            str(exc),
            f"Fix {path}: editor plugins read it too, so they may not be "
            "sending heartbeats.",
        )

    if config is None:
        return Check(
            WAKATIME_CFG,
            Level.WARN,
            f"There is no {path}, so editor plugins may not be set up.",
            "Install the WakaTime plugin for your editor and follow the "
            "setup on your Hackatime dashboard; it writes this file.",
        )
    if context is None:
        return Check(
            WAKATIME_CFG,
            Level.WARN,
            f"Found {path}, but it cannot be compared with the tray's "
            "server, which is not usable.",
            "Fix the server address first.",
        )

    problems = _wakatime_problems(context, config.api_url, path)
    problems += _wakatime_key_problems(context, config, path)
    if problems:
        return Check(
            WAKATIME_CFG,
            Level.WARN,
            " ".join(text for text, _advice in problems),
            " ".join(advice for _text, advice in problems),
        )
    return Check(
        WAKATIME_CFG,
        Level.OK,
        f"{path} sends heartbeats to the same server, with the same key "
        "as the tray.",
    )


def _wakatime_problems(
    context: AppContext, api_url: str | None, path: Path
) -> list[tuple[str, str]]:
    """The server mismatch between the file and the tray, if any."""
    address = context.address
    fix = (
        f"Set api_url = {address.wakatime_api_url} in {path} if your "
        "editors should count on this server."
    )
    owner = _parse_any(api_url or WAKATIME_DEFAULT_API_URL)
    if owner is None:
        return [
            (
                f"The api_url in {path} is not a usable address, so "
                "editors may not reach any server.",
                fix,
            )
        ]
    if same_server(owner, address):
        return []
    where = "its api_url" if api_url else "it has no api_url, so"
    return [
        (
            f"Editors send heartbeats to {owner.base_url} ({where}), but "
            f"the tray reads {address.base_url}.",
            fix,
        )
    ]


def _wakatime_key_problems(
    context: AppContext, config: WakatimeConfig, path: Path
) -> list[tuple[str, str]]:
    """The key mismatch between the file and the tray, if any.

    Neither key is ever put into the text.
    """
    tray_key = (context.api_key or "").strip()
    file_key = (config.api_key or "").strip()
    if context.key_source in (FROM_WAKATIME_CFG, FROM_WAKATIME_VAULT):
        return []
    if not file_key and config.has_vault_cmd:
        return []  # not read without the user's leave; nothing to compare
    if not file_key:
        return [
            (
                f"{path} has no api_key, so editors cannot send heartbeats.",
                f"Add api_key = <your key> to the [settings] of {path}.",
            )
        ]
    if tray_key and file_key != tray_key:
        return [
            (
                f"{path} holds another API key than the tray uses, so "
                "editors may count on another account.",
                f"Put the same key in both: the one shown at "
                f"{context.address.api_key_url}.",
            )
        ]
    return []


def probe_server(context: AppContext | None, timeout: float) -> ServerProbe:
    """Ask the server for the profile (timed) and the last heartbeat."""
    if context is None:
        return ServerProbe(None, skipped="there is no usable server address")

    base = ServerProbe(context.address, mask_key(context.api_key))
    if not context.api_key:
        return replace(base, skipped="there is no API key")

    with context.client(timeout=timeout) as client:
        started = time.perf_counter()
        try:
            profile = client.profile()
        except ApiError as exc:
            elapsed = (time.perf_counter() - started) * 1000
            return replace(base, elapsed_ms=elapsed, profile_error=exc)
        elapsed = (time.perf_counter() - started) * 1000
        base = replace(base, elapsed_ms=elapsed, profile=profile)

        try:
            recent = client.most_recent_heartbeat()
        except ApiError as exc:
            return replace(base, recent_error=exc)
    return replace(base, recent=recent)


def check_connection(probe: ServerProbe, slow_after_ms: float) -> Check:
    """Whether the server answers, and how fast."""
    if probe.skipped:
        return _not_checked(CONNECTION, probe.skipped)

    elapsed = f"{probe.elapsed_ms or 0:.0f} ms"
    error = probe.profile_error
    if isinstance(error, NetworkError):
        return Check(
            CONNECTION,
            Level.FAIL,
            f"The server did not answer: {error}",
            "Check your connection and that "
            f"{_server(probe).base_url} is right.",
        )
    if isinstance(error, RateLimitedError | ServerBusyError):
        return Check(
            CONNECTION,
            Level.WARN,
            f"The server answered in {elapsed} but is busy: {error}",
            "Run the doctor again in a minute.",
        )
    if error is not None and not isinstance(error, KeyRejectedError):
        return Check(
            CONNECTION,
            Level.FAIL,
            f"The server answered in {elapsed} with an error: {error}",
            f"Check that {_server(probe).base_url} is a Hackatime server; "
            "if it is, try again later.",
        )

    if (probe.elapsed_ms or 0) > slow_after_ms:
        return Check(
            CONNECTION,
            Level.WARN,
            f"The server answered, but slowly: {elapsed} (more than "
            f"{slow_after_ms:.0f} ms).",
            "A slow network or server delays the tray; it keeps working.",
        )
    return Check(CONNECTION, Level.OK, f"The server answered in {elapsed}.")


def check_key_accepted(probe: ServerProbe) -> Check:
    """Whether the server accepts the key, and whose account it is."""
    if probe.skipped:
        return _not_checked(KEY_ACCEPTED, probe.skipped)

    error = probe.profile_error
    if isinstance(error, KeyRejectedError):
        return Check(
            KEY_ACCEPTED,
            Level.FAIL,
            f"The server rejected the key {probe.masked_key}.",
            f"Copy the key again from {_server(probe).api_key_url} and run "
            "'hackatime-tray login'.",
        )
    if error is not None or probe.profile is None:
        return _not_checked(KEY_ACCEPTED, "the server gave no usable answer")

    profile = probe.profile
    who = profile.username or profile.display_name or profile.id
    owner = f": it belongs to {who}" if who else ""
    return Check(
        KEY_ACCEPTED, Level.OK, f"The server accepted the key{owner}."
    )


def check_time_zone(
    probe: ServerProbe, local_zone: str | None, now: datetime
) -> Check:
    """Whether the profile's "today" starts when this computer's does."""
    from tray_app.timezones import local_timezone_name, same_utc_offset

    if probe.profile is None:
        return _not_checked(TIME_ZONE, "the profile could not be read")

    profile_zone = probe.profile.timezone
    local = local_zone or local_timezone_name()
    if same_utc_offset(profile_zone, local, now):
        return Check(
            TIME_ZONE,
            Level.OK,
            f"Your profile's zone {profile_zone} has the same offset as "
            f"this computer's ({local}).",
        )
    return Check(
        TIME_ZONE,
        Level.WARN,
        f"Your profile uses {profile_zone}, this computer {local}: "
        "'today' in the tray follows the profile zone, so it starts and "
        "ends at another hour than your clock's.",
        f"Set your time zone at {_server(probe).settings_url} if 'today' "
        "should follow this computer.",
    )


def check_last_heartbeat(
    probe: ServerProbe, now: datetime, stale_after_seconds: float
) -> Check:
    """How long ago the last heartbeat arrived, and from which editor."""
    if probe.profile is None:
        return _not_checked(LAST_HEARTBEAT, "the key could not be checked")
    if probe.recent_error is not None:
        return Check(
            LAST_HEARTBEAT,
            Level.FAIL,
            f"The last heartbeat could not be read: {probe.recent_error}",
            "Run the doctor again; if this stays, check the server.",
        )

    recent = probe.recent
    heartbeat = recent.heartbeat if recent else None
    if heartbeat is None:
        return Check(
            LAST_HEARTBEAT,
            Level.FAIL,
            "No heartbeat has ever arrived: the editor plugin is not sending.",
            "Install the WakaTime plugin in your editor, set api_url = "
            f"{_server(probe).wakatime_api_url} and your key in "
            "~/.wakatime.cfg, then edit a file for a minute.",
        )

    editor = editor_name(
        (recent.editor if recent else None) or heartbeat.editor
    )
    age = max(now.timestamp() - heartbeat.time, 0.0)
    summary = (
        f"The last heartbeat arrived {format_relative(age)}, from {editor}."
    )
    if age > stale_after_seconds:
        return Check(
            LAST_HEARTBEAT,
            Level.WARN,
            summary,
            "If you are coding now, your editor is not sending: check its "
            "WakaTime status and ~/.wakatime.cfg.",
        )
    return Check(LAST_HEARTBEAT, Level.OK, summary)


def editor_name(token: str | None) -> str:
    """A raw editor token (``vscode``) as people know it (``VS Code``)."""
    if not token:
        return "an unknown editor"
    return _EDITOR_NAMES.get(token.lower(), token)


def check_keyring(*, timeout: float = KEYRING_TIMEOUT) -> Check:
    """The keyring backend, and whether it can keep the key."""
    from tray_app import keystore

    try:
        name = keystore.keyring_backend_name(timeout=timeout)
    except HackatimeTrayError as exc:
        return Check(
            KEYRING,
            Level.WARN,
            str(exc),
            "HACKATIME_API_KEY in the environment still works.",
        )

    if keystore.keyring_available(timeout=timeout):
        return Check(KEYRING, Level.OK, f"The keyring backend is {name}.")
    return Check(
        KEYRING,
        Level.WARN,
        f"The keyring backend {name} cannot keep the key, so "
        "'hackatime-tray login' cannot store it.",
        "Install and unlock a Secret Service such as gnome-keyring; "
        "HACKATIME_API_KEY in the environment still works.",
    )


def check_tray_backend(
    env: Mapping[str, str],
    platform: str = sys.platform,
    gtk_backend: Callable[[], str | None] | None = None,
    tray_host: Callable[[], str | None] | None = None,
) -> Check:
    """Which pystray backend the tray would get, without importing it."""
    requested = env.get("PYSTRAY_BACKEND", "").strip()
    if requested and requested not in TRAY_BACKENDS:
        known = ", ".join(sorted(TRAY_BACKENDS))
        return Check(
            TRAY,
            Level.FAIL,
            f"PYSTRAY_BACKEND={requested} names no pystray backend, so the "
            "tray cannot start.",
            f"Unset PYSTRAY_BACKEND, or set it to one of {known}.",
        )

    on_desktop_os = platform in ("darwin", "win32")
    has_x11 = bool(env.get("DISPLAY"))
    has_display = has_x11 or bool(env.get("WAYLAND_DISPLAY"))
    if not on_desktop_os and not has_display and requested != "dummy":
        return Check(
            TRAY,
            Level.WARN,
            "No display (DISPLAY and WAYLAND_DISPLAY are unset): the tray "
            "icon cannot appear in this session.",
            "Run the doctor in your desktop session to check the tray; "
            "'hackatime-tray status' works here.",
        )

    probe = gtk_backend or installed_gtk_backend
    if requested:
        backend = requested
    elif on_desktop_os:
        backend = platform
    else:
        backend = probe() or "xorg"

    if backend == "xorg" and not has_x11:
        return Check(
            TRAY,
            Level.FAIL,
            "This Wayland session has no X11 display and no AppIndicator "
            "support, so the tray cannot show.",
            _APPINDICATOR_HINT,
        )
    missing_host = tray_host() if tray_host is not None else None
    if missing_host is not None and backend in ("xorg", "gtk", "appindicator"):
        return Check(TRAY, Level.WARN, missing_host, _APPINDICATOR_HINT)
    return _tray_line(backend, bool(requested))


def _tray_line(backend: str, requested: bool) -> Check:
    """The tray line for a backend, from its capabilities."""
    has_menu, has_notifications = TRAY_BACKENDS[backend]
    how = " (set by PYSTRAY_BACKEND)" if requested else ""
    abilities = (
        f"menu {'yes' if has_menu else 'no'}, notifications "
        f"{'yes' if has_notifications else 'no'}"
    )
    summary = f"pystray would use its {backend} backend{how}: {abilities}."
    if backend == "dummy":
        return Check(
            TRAY,
            Level.WARN,
            summary + " No icon is shown.",
            "Unset PYSTRAY_BACKEND.",
        )
    if backend == "xorg":
        return Check(
            TRAY,
            Level.WARN,
            summary + " There is no native menu: a click on the icon opens "
            "a small window instead.",
            _APPINDICATOR_HINT,
        )
    if backend == "gtk":
        return Check(
            TRAY,
            Level.OK,
            summary + " GNOME shows it only with an AppIndicator extension.",
        )
    return Check(TRAY, Level.OK, summary)


def installed_gtk_backend() -> str | None:
    """``appindicator`` or ``gtk`` if PyGObject can load it, else None.

    Only the typelibs are looked up (``gi.require_version``): no toolkit
    is started, so this works without a display.
    """
    if importlib.util.find_spec("gi") is None:
        return None
    import gi

    for namespace in ("AyatanaAppIndicator3", "AppIndicator3"):
        try:
            gi.require_version(namespace, "0.1")
        except ValueError:
            continue
        return "appindicator"
    try:
        gi.require_version("Gtk", "3.0")
    except ValueError:
        return None
    return "gtk"


def check_autostart(backend: AutostartBackend | None = None) -> Check:
    """Whether the tray starts at login, and where that is set."""
    from tray_app.autostart import autostart_backend

    backend = backend or autostart_backend()
    location = backend.location()
    try:
        enabled = backend.is_enabled()
    except ConfigError as exc:
        return Check(
            AUTOSTART,
            Level.WARN,
            str(exc),
            "Run 'hackatime-tray autostart on' to write it again.",
        )
    if enabled:
        return Check(
            AUTOSTART, Level.OK, f"Start at login is on ({location})."
        )
    return Check(
        AUTOSTART,
        Level.OK,
        "Start at login is off.",
        "Run 'hackatime-tray autostart on' to start the tray at login.",
    )


def check_log_file(path: Path | None = None) -> Check:
    """Where the tray logs, and whether that file exists."""
    path = path or paths.log_dir() / LOG_FILE_NAME
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return Check(
            LOG_FILE,
            Level.WARN,
            f"No log file at {path} yet: the tray has not run as this user.",
            "Start the tray; it writes the file on its first run.",
        )
    return Check(
        LOG_FILE, Level.OK, f"The tray logs to {path} ({size:,} bytes)."
    )


def _isolated_probe(
    context: AppContext | None, options: DoctorOptions
) -> ServerProbe:
    """The probe; an unexpected error skips the checks that need it."""
    try:
        return probe_server(context, options.request_timeout)
    except Exception as exc:
        logger.debug("Asking the server failed", exc_info=True)
        return ServerProbe(
            context.address if context else None,
            skipped=f"asking the server failed: {_what(exc)}",
        )


def _isolated(name: str, check: Callable[[], Check]) -> Check:
    """Run one check; an exception becomes a fail line, not a crash."""
    try:
        return check()
    except Exception as exc:
        logger.debug("The %s check failed", name, exc_info=True)
        return Check(
            name,
            Level.FAIL,
            f"This check could not run: {_what(exc)}",
            "Please report this, with the output of 'hackatime-tray doctor "
            "-v'.",
        )


def _what(exc: Exception) -> str:
    """An exception in words; foreign messages are left out (secrets)."""
    if isinstance(exc, HackatimeTrayError):
        return str(exc)
    return f"{type(exc).__name__}."


def _scrubbed(check: Check, secrets: list[str]) -> Check:
    """The check with every secret masked, and key-shaped text hidden."""

    def clean(text: str) -> str:
        for secret in secrets:
            text = text.replace(secret, mask_key(secret))
        return mask_secrets(text)

    return Check(
        check.name, check.level, clean(check.summary), clean(check.advice)
    )


def _not_checked(name: str, reason: str) -> Check:
    """A line for a check that could not run because an earlier one failed."""
    return Check(
        name,
        Level.WARN,
        f"Not checked: {reason}.",
        "Fix the lines above first.",
    )


def _server(probe: ServerProbe) -> ServerAddress:
    """The address the probe asked (the default one if it asked none)."""
    return probe.address or parse_server_address(DEFAULT_SERVER)


def _parse_any(raw: str) -> ServerAddress | None:
    """An address as wakatime-cli would accept it; None if unusable."""
    try:
        return parse_server_address(raw, allow_insecure_http=True)
    except ConfigError:
        return None


def _joined(*sentences: str) -> str:
    """Sentences joined by spaces, empty ones left out."""
    return " ".join(sentence for sentence in sentences if sentence)


def _sentence(text: str) -> str:
    """``text`` with a capital first letter and a final full stop."""
    return text[:1].upper() + text[1:] + "."
