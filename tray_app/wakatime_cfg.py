"""Read ``~/.wakatime.cfg``, the file every WakaTime plugin shares.

The file is only read, never written: editors and wakatime-cli own it.
It is parsed the way wakatime-cli reads it where that matters to us:

* ``$WAKATIME_HOME/.wakatime.cfg`` (``~`` expanded), else the home dir;
* ``api_key``, or else ``apikey``, in ``[settings]``; then, only when
  the user allowed it, the output of ``api_key_vault_cmd``;
* ``import_cfg`` names another file whose settings win; it is followed
  one level (a relative path is taken from this file's directory);
* ``%`` is an ordinary character (no interpolation), multi-line values
  are indented continuation lines, and `` # `` or `` ; `` after a space
  starts a comment.

Parsing is stricter than wakatime-cli's in one way: a file without a
section header, with a key or section twice, with NUL bytes or not in
UTF-8 is reported (ConfigError naming the file) instead of guessed at.
A UTF-8 byte-order mark is skipped, as wakatime-cli does.
No error message quotes a line of the file: it may hold the key.
"""

from __future__ import annotations

import configparser
import logging
import os
import subprocess
from dataclasses import dataclass, field, replace
from pathlib import Path

from tray_app.errors import ConfigError

logger = logging.getLogger(__name__)

FILE_NAME = ".wakatime.cfg"
SETTINGS_SECTION = "settings"
VAULT_CMD_TIMEOUT_SECONDS = 2.0

_UTF8_BOM = b"\xef\xbb\xbf"
_TRUE_WORDS = frozenset({"1", "yes", "true", "on"})
_FALSE_WORDS = frozenset({"0", "no", "false", "off", ""})


@dataclass(frozen=True)
class WakatimeConfig:
    """What the app uses from ``.wakatime.cfg`` (``[settings]`` only)."""

    path: Path
    api_url: str | None = None
    api_key: str | None = field(default=None, repr=False)
    proxy: str | None = field(default=None, repr=False)
    ssl_certs_file: str | None = None
    no_ssl_verify: bool = False
    key_from_vault: bool = False
    has_vault_cmd: bool = False
    imported_path: Path | None = None


def wakatime_cfg_path() -> Path:
    """Where wakatime-cli looks: ``$WAKATIME_HOME`` or home, then the file."""
    wakatime_home = os.environ.get("WAKATIME_HOME", "")
    home = Path(wakatime_home).expanduser() if wakatime_home else Path.home()
    return home / FILE_NAME


def read_wakatime_cfg(
    path: Path | None = None, *, allow_vault_cmd: bool = False
) -> WakatimeConfig | None:
    """Read the file; None when it does not exist.

    ``api_key_vault_cmd`` is run only when ``allow_vault_cmd`` is true and
    the file has no plain key. Raises ConfigError naming the file when it
    cannot be parsed, or when the allowed vault command fails.
    """
    path = path or wakatime_cfg_path()
    values = _read_settings_section(path)
    if values is None:
        return None

    imported_path = _import_path(values, path)
    if imported_path is not None:
        imported = _read_settings_section(imported_path)
        if imported is None:
            logger.warning(
                "%s imports %s, which does not exist", path, imported_path
            )
            imported_path = None
        else:
            values = {**values, **imported}

    config = _config_from_values(values, path, imported_path)
    if config.api_key or not allow_vault_cmd or not config.has_vault_cmd:
        if config.has_vault_cmd and not config.api_key:
            logger.info("Not running api_key_vault_cmd from %s", path)
        return config

    key = _run_vault_cmd(values["api_key_vault_cmd"], path)
    return replace(config, api_key=key, key_from_vault=True)


def _run_vault_cmd(command: str, path: Path) -> str:
    """Run ``api_key_vault_cmd`` (no shell, 2 s) and return its output.

    Raises ConfigError when it cannot run, fails, times out or prints
    nothing. The message never includes what the command printed.
    """
    args = command.split()
    where = f"The api_key_vault_cmd in {path}"
    try:
        finished = subprocess.run(
            args,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=VAULT_CMD_TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ConfigError(
            f"{where} did not finish within "
            f"{VAULT_CMD_TIMEOUT_SECONDS:g} seconds; run it in a terminal "
            "to see why.",
            path=path,
        ) from exc
    except OSError as exc:
        raise ConfigError(
            f"{where} could not be started ({exc.strerror}); check the "
            "program name in that line.",
            path=path,
        ) from exc

    if finished.returncode != 0:
        raise ConfigError(
            f"{where} failed with exit status {finished.returncode}; run "
            "it in a terminal to see why.",
            path=path,
        )
    key = finished.stdout.decode("utf-8", errors="replace").strip()
    if not key:
        raise ConfigError(f"{where} printed nothing.", path=path)
    return key


def _read_settings_section(path: Path) -> dict[str, str] | None:
    """The ``[settings]`` values of one file; None if it does not exist."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise ConfigError(
            f"The WakaTime config file {path} could not be read "
            f"({exc.strerror}); check its permissions.",
            path=path,
        ) from exc

    parser = _parser()
    try:
        parser.read_string(_text_of(data, path), source=str(path))
    except configparser.Error as exc:
        raise ConfigError(_parse_problem(exc, path), path=path) from exc

    if not parser.has_section(SETTINGS_SECTION):
        return {}
    return dict(parser.items(SETTINGS_SECTION))


def _parser() -> configparser.ConfigParser:
    """A strict parser with ``%`` taken literally."""
    return configparser.ConfigParser(
        interpolation=None,
        strict=True,
        default_section="__wakatime_cfg_no_default__",
        inline_comment_prefixes=("#", ";"),
    )


def _text_of(data: bytes, path: Path) -> str:
    """The file's text, after the checks that give clear messages."""
    if b"\x00" in data:
        raise ConfigError(
            f"The WakaTime config file {path} contains NUL bytes, so it is "
            "not a text file; fix it (editors and wakatime-cli read it too).",
            path=path,
        )
    try:
        return data.removeprefix(_UTF8_BOM).decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(
            f"The WakaTime config file {path} is not UTF-8 text; save it as "
            "UTF-8.",
            path=path,
        ) from exc


def _parse_problem(exc: configparser.Error, path: Path) -> str:
    """A sentence for a parse error, without quoting the file's lines."""
    start = f"The WakaTime config file {path}"
    if isinstance(exc, configparser.MissingSectionHeaderError):
        return (
            f"{start} has a setting before any section header (line "
            f"{exc.lineno}); the first setting must follow a [settings] line."
        )
    if isinstance(exc, configparser.DuplicateOptionError):
        return (
            f"{start} sets {exc.option} twice in [{exc.section}] (line "
            f"{exc.lineno}); remove one of them."
        )
    if isinstance(exc, configparser.DuplicateSectionError):
        return (
            f"{start} has the section [{exc.section}] twice (line "
            f"{exc.lineno}); merge them into one."
        )
    if isinstance(exc, configparser.ParsingError):
        lines = ", ".join(str(lineno) for lineno, _line in exc.errors)
        return (
            f"{start} has lines that are not 'key = value' (line {lines}); "
            "fix them."
        )
    return f"{start} could not be parsed ({type(exc).__name__}); fix it."


def _import_path(values: dict[str, str], path: Path) -> Path | None:
    """The file named by ``import_cfg``, relative to this file's folder."""
    import_cfg = values.get("import_cfg", "").strip()
    if not import_cfg:
        return None

    imported = Path(import_cfg).expanduser()
    if not imported.is_absolute():
        imported = path.parent / imported
    if imported.resolve() == path.resolve():
        return None
    return imported


def _config_from_values(
    values: dict[str, str], path: Path, imported_path: Path | None
) -> WakatimeConfig:
    """The WakatimeConfig from the merged ``[settings]`` values."""
    return WakatimeConfig(
        path=path,
        api_url=_text(values, "api_url"),
        api_key=_text(values, "api_key") or _text(values, "apikey"),
        proxy=_text(values, "proxy"),
        ssl_certs_file=_text(values, "ssl_certs_file"),
        no_ssl_verify=_flag(values, "no_ssl_verify", path),
        has_vault_cmd=_text(values, "api_key_vault_cmd") is not None,
        imported_path=imported_path,
    )


def _text(values: dict[str, str], name: str) -> str | None:
    """A value with surrounding space removed; None if absent or blank."""
    value = values.get(name, "").strip()
    return value or None


def _flag(values: dict[str, str], name: str, path: Path) -> bool:
    """A true/false value; an unknown word counts as false, as in the CLI."""
    word = values.get(name, "").strip().lower()
    if word in _TRUE_WORDS:
        return True
    if word not in _FALSE_WORDS:
        logger.warning(
            "%s in %s is not true or false; using false", name, path
        )
    return False
