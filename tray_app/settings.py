"""Our own settings file, ``settings.toml`` in the user config directory.

Read with tomllib, written with tomli-w, always atomically and readable
by the user only. The API key is never kept here: it lives in the system
keyring. A file that cannot be read is reported with its path and is
never overwritten; saving refuses until the user fixes or removes it.

Two leniencies, both deliberate: a UTF-8 byte-order mark at the start
(Windows Notepad adds one) is skipped, and keys this version does not
know are logged, ignored and kept when the file is saved again. Comments
are not kept when the app saves the file (tomli-w cannot keep them).
"""

from __future__ import annotations

import logging
import tomllib
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, TypeVar

import tomli_w

from tray_app import paths
from tray_app.address import parse_server_address
from tray_app.errors import ConfigError
from tray_app.files import atomic_write_bytes
from tray_app.formatting import DisplayFormat

logger = logging.getLogger(__name__)

MIN_POLL_INTERVAL_SECONDS = 30
MAX_POLL_INTERVAL_SECONDS = 600

_UTF8_BOM = b"\xef\xbb\xbf"
_FORBIDDEN_KEYS = ("api_key", "apikey")

_T = TypeVar("_T")


@dataclass(frozen=True)
class Settings:
    """Everything the user can set in ``settings.toml``."""

    api_url: str | None = None
    display_format: DisplayFormat = DisplayFormat.DEFAULT
    poll_interval_seconds: int = 60
    notifications: bool = True
    allow_insecure_http: bool = False
    allow_key_vault_cmd: bool = False

    def __post_init__(self) -> None:
        """Refuse a poll interval outside the allowed range."""
        _check_interval(self.poll_interval_seconds, None)


_SETTING_NAMES = frozenset(field.name for field in fields(Settings))


def load_settings(path: Path | None = None) -> Settings:
    """Read the settings; a missing file gives the defaults.

    Raises ConfigError, naming the file, when it cannot be read or holds
    a wrong value. The file is not touched.
    """
    path = path or paths.settings_path()
    table = _read_table(path)
    return _settings_from_table(table, path)


def save_settings(settings: Settings, path: Path | None = None) -> None:
    """Write the settings atomically, keeping keys this version ignores.

    Raises ConfigError when the file on disk cannot be read or holds a
    wrong value (so a broken file is never replaced) or when ``settings``
    holds one; OSError when the file cannot be written.
    """
    path = path or paths.settings_path()
    table = _read_table(path)
    _settings_from_table(table, path)
    checked = _settings_from_table(_table_of(settings), path)
    _write_table(path, table, checked)


def update_settings(path: Path | None = None, **changes: Any) -> Settings:
    """Change some settings in the file and return the new settings.

    Raises ConfigError (file left as it was) when the file is broken or a
    new value is wrong, and TypeError for a name that is not a setting.
    """
    unknown = set(changes) - _SETTING_NAMES
    if unknown:
        raise TypeError(f"Not a setting: {', '.join(sorted(unknown))}")

    path = path or paths.settings_path()
    table = _read_table(path)
    new_table = _table_of(_settings_from_table(table, path))
    new_table.update(changes)
    if new_table.get("api_url") is None:
        new_table.pop("api_url", None)

    validated = _settings_from_table(new_table, path)
    _write_table(path, table, validated)
    return validated


def _read_table(path: Path) -> dict[str, Any]:
    """The file as a TOML table; empty when the file does not exist."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(
            f"The settings file {path} could not be read ({exc.strerror}); "
            "check its permissions.",
            path=path,
        ) from exc

    if b"\x00" in data:
        raise ConfigError(
            f"The settings file {path} contains NUL bytes, so it is not a "
            "text file; fix or delete it.",
            path=path,
        )
    try:
        text = data.removeprefix(_UTF8_BOM).decode("utf-8")
        return tomllib.loads(text)
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"The settings file {path} is not UTF-8 text; save it as UTF-8.",
            path=path,
        ) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(
            f"The settings file {path} is not valid TOML ({exc}); fix it "
            "or delete it to use the defaults.",
            path=path,
        ) from exc


def _settings_from_table(table: dict[str, Any], path: Path) -> Settings:
    """Check each value's type and range, and build the Settings."""
    for forbidden in _FORBIDDEN_KEYS:
        if forbidden in table:
            raise ConfigError(
                f"The settings file {path} has '{forbidden}', but the API "
                "key must not be kept in a file; remove that line and run "
                "'hackatime-tray login' to keep the key in the keyring.",
                path=path,
            )

    for unknown in sorted(set(table) - _SETTING_NAMES):
        logger.warning("Ignoring unknown setting %r in %s", unknown, path)

    allow_insecure_http = _typed(table, "allow_insecure_http", bool, path)
    interval = _typed(table, "poll_interval_seconds", int, path)
    if interval is not None:
        _check_interval(interval, path)
    return Settings(
        api_url=_api_url(
            table, path, allow_insecure_http=bool(allow_insecure_http)
        ),
        display_format=_display_format(table, path),
        poll_interval_seconds=interval or Settings.poll_interval_seconds,
        notifications=_bool_or(table, "notifications", path, default=True),
        allow_insecure_http=bool(allow_insecure_http),
        allow_key_vault_cmd=_bool_or(
            table, "allow_key_vault_cmd", path, default=False
        ),
    )


def _typed(
    table: dict[str, Any], name: str, kind: type[_T], path: Path
) -> _T | None:
    """The value of ``name`` if present; ConfigError if of the wrong type."""
    if name not in table:
        return None

    value = table[name]
    # bool is a subclass of int: "poll_interval_seconds = true" is wrong.
    if not isinstance(value, kind) or (
        kind is int and isinstance(value, bool)
    ):
        raise ConfigError(
            f"In the settings file {path}, {name} must be "
            f"{_TYPE_NAMES[kind]}; fix that line or remove it.",
            path=path,
        )
    return value


_TYPE_NAMES: dict[type, str] = {
    bool: "true or false",
    int: "a whole number",
    str: 'a quoted string, like "https://hackatime.hackclub.com"',
}


def _bool_or(
    table: dict[str, Any], name: str, path: Path, *, default: bool
) -> bool:
    """A boolean setting, or its default when absent."""
    value = _typed(table, name, bool, path)
    return default if value is None else value


def _api_url(
    table: dict[str, Any], path: Path, *, allow_insecure_http: bool
) -> str | None:
    """The server address as written, after checking that it parses."""
    api_url = _typed(table, "api_url", str, path)
    if api_url is None or not api_url.strip():
        return None

    # Only the form is checked here; whether plain http is allowed is
    # decided when the address is resolved, where --allow-insecure-http
    # is known too.
    try:
        parse_server_address(api_url, allow_insecure_http=True)
    except ConfigError as exc:
        raise ConfigError(
            f"In the settings file {path}, api_url is not usable: {exc}",
            path=path,
        ) from exc
    return api_url.strip()


def _display_format(table: dict[str, Any], path: Path) -> DisplayFormat:
    """The display format, one of the DisplayFormat values."""
    value = _typed(table, "display_format", str, path)
    if value is None:
        return DisplayFormat.DEFAULT

    try:
        return DisplayFormat(value)
    except ValueError as exc:
        choices = ", ".join(f'"{member.value}"' for member in DisplayFormat)
        raise ConfigError(
            f"In the settings file {path}, display_format must be one of "
            f"{choices}; fix that line or remove it.",
            path=path,
        ) from exc


def _check_interval(seconds: int, path: Path | None) -> None:
    """ConfigError unless the poll interval is within the allowed range."""
    if MIN_POLL_INTERVAL_SECONDS <= seconds <= MAX_POLL_INTERVAL_SECONDS:
        return

    where = f"In the settings file {path}, " if path else ""
    raise ConfigError(
        f"{where}poll_interval_seconds must be between "
        f"{MIN_POLL_INTERVAL_SECONDS} and {MAX_POLL_INTERVAL_SECONDS} "
        f"seconds, not {seconds}.",
        path=path,
    )


def _table_of(settings: Settings) -> dict[str, Any]:
    """The settings as a TOML table (``api_url`` left out when unset)."""
    table: dict[str, Any] = {
        "display_format": str(settings.display_format),
        "poll_interval_seconds": settings.poll_interval_seconds,
        "notifications": settings.notifications,
        "allow_insecure_http": settings.allow_insecure_http,
        "allow_key_vault_cmd": settings.allow_key_vault_cmd,
    }
    if settings.api_url is not None:
        table["api_url"] = settings.api_url
    return table


def _write_table(
    path: Path, existing: dict[str, Any], settings: Settings
) -> None:
    """Write the settings over the known keys of ``existing``."""
    table = {
        name: value
        for name, value in existing.items()
        if name not in _SETTING_NAMES
    }
    table.update(_table_of(settings))
    atomic_write_bytes(
        path, tomli_w.dumps(table).encode("utf-8"), private=True
    )
    logger.info("Saved settings to %s", path)
