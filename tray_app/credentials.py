"""Where the server address and the API key come from, in order.

The address and the key are looked up separately; the first source that
has one wins:

=====  =============================  ==================================
step   address                        key
=====  =============================  ==================================
1      ``--api-url``                  (there is no key flag)
2      ``HACKATIME_API_URL``          ``HACKATIME_API_KEY``
3      our settings file              the OS keyring, for that address
4      ``~/.wakatime.cfg`` api_url    ``~/.wakatime.cfg`` key (see below)
5      the default server             ``WAKATIME_API_KEY`` (see below)
=====  =============================  ==================================

A WakaTime key (the file's ``api_key`` or ``api_key_vault_cmd``, and
``WAKATIME_API_KEY``) belongs to the server in the file's ``api_url``,
which is ``https://api.wakatime.com/api/v1`` when the file has none, as
in wakatime-cli. Such a key is used only when that server is the one
resolved above, so a key is never sent to a server it was not made for;
when it is skipped, a warning says why.

Empty or blank values count as absent. A keyring that fails is not fatal:
the failure becomes a warning and the lookup goes on. Warnings are
returned in ``Credentials.warnings``, not logged: the caller shows them.
With no key anywhere, ``api_key`` is None and ``key_source`` is "none".
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Protocol

from tray_app.address import (
    DEFAULT_SERVER,
    ServerAddress,
    parse_server_address,
    same_server,
)
from tray_app.errors import ConfigError, KeystoreError
from tray_app.settings import Settings
from tray_app.wakatime_cfg import WakatimeConfig

logger = logging.getLogger(__name__)

WAKATIME_DEFAULT_API_URL = "https://api.wakatime.com/api/v1"

FROM_FLAG = "--api-url"
FROM_ENV_URL = "HACKATIME_API_URL"
FROM_ENV_KEY = "HACKATIME_API_KEY"
FROM_SETTINGS = "settings file"
FROM_KEYRING = "keyring"
FROM_WAKATIME_CFG = "~/.wakatime.cfg"
FROM_WAKATIME_VAULT = "~/.wakatime.cfg (api_key_vault_cmd)"
FROM_WAKATIME_ENV = "WAKATIME_API_KEY"
FROM_DEFAULT = "default"
FROM_NOWHERE = "none"


class KeySource(Protocol):
    """Something that may hold a key per server: the keyring, or a fake."""

    def get_key(self, address: ServerAddress) -> str | None:
        """The key stored for this server, or None."""
        ...


@dataclass(frozen=True)
class Credentials:
    """The resolved address and key, and where each came from."""

    address: ServerAddress
    api_key: str | None = field(repr=False)
    address_source: str
    key_source: str
    warnings: tuple[str, ...] = ()


def resolve_credentials(
    *,
    cli_api_url: str | None,
    env: Mapping[str, str],
    settings: Settings,
    keystore: KeySource,
    wakatime: WakatimeConfig | None,
    allow_insecure_http: bool = False,
) -> Credentials:
    """Find the address and the key, each from the first source that has one.

    Plain http to a remote host is allowed when either
    ``allow_insecure_http`` or the setting of that name is true. Raises
    ConfigError, naming the source, when the chosen address is malformed.
    """
    allow_http = allow_insecure_http or settings.allow_insecure_http
    address, address_source = _resolve_address(
        cli_api_url, env, settings, wakatime, allow_http
    )

    warnings: list[str] = []
    key, key_source = _resolve_key(
        address, address_source, env, keystore, wakatime, warnings
    )
    logger.debug(
        "Server %s from %s; API key from %s",
        address.base_url,
        address_source,
        key_source,
    )
    return Credentials(
        address=address,
        api_key=key,
        address_source=address_source,
        key_source=key_source,
        warnings=tuple(warnings),
    )


def mask_key(key: str | None) -> str:
    """The key shown safely: its last four characters, e.g. ``••••abcd``."""
    if not key:
        return "(none)"
    if len(key) <= 8:
        return "••••"
    return "••••" + key[-4:]


def _resolve_address(
    cli_api_url: str | None,
    env: Mapping[str, str],
    settings: Settings,
    wakatime: WakatimeConfig | None,
    allow_http: bool,
) -> tuple[ServerAddress, str]:
    """The address from the first source that names one."""
    candidates = (
        (cli_api_url, FROM_FLAG),
        (_blank_to_none(env.get("HACKATIME_API_URL")), FROM_ENV_URL),
        (settings.api_url, FROM_SETTINGS),
        (wakatime.api_url if wakatime else None, FROM_WAKATIME_CFG),
    )
    for raw, source in candidates:
        if raw is not None:
            return _parse(raw, source, wakatime, allow_http), source
    return parse_server_address(DEFAULT_SERVER), FROM_DEFAULT


def _parse(
    raw: str,
    source: str,
    wakatime: WakatimeConfig | None,
    allow_http: bool,
) -> ServerAddress:
    """Parse an address, naming its source in the error."""
    try:
        return parse_server_address(raw, allow_insecure_http=allow_http)
    except ConfigError as exc:
        where = source
        path = None
        if source == FROM_WAKATIME_CFG and wakatime is not None:
            where, path = f"api_url in {wakatime.path}", wakatime.path
        raise ConfigError(
            f"The server address from {where} is not usable: {exc}",
            path=path,
        ) from exc


def _resolve_key(
    address: ServerAddress,
    address_source: str,
    env: Mapping[str, str],
    keystore: KeySource,
    wakatime: WakatimeConfig | None,
    warnings: list[str],
) -> tuple[str | None, str]:
    """The key from the first source that has one for this address."""
    env_key = _blank_to_none(env.get("HACKATIME_API_KEY"))
    if env_key is not None:
        return env_key, FROM_ENV_KEY

    stored = _key_from_keyring(keystore, address, warnings)
    if stored is not None:
        return stored, FROM_KEYRING

    file_source = FROM_WAKATIME_CFG
    if wakatime is not None and wakatime.key_from_vault:
        file_source = FROM_WAKATIME_VAULT
    wakatime_keys = (
        (_blank_to_none(wakatime.api_key if wakatime else None), file_source),
        (_blank_to_none(env.get("WAKATIME_API_KEY")), FROM_WAKATIME_ENV),
    )
    owner = _wakatime_server(wakatime)
    owned = address_source == FROM_WAKATIME_CFG or (
        owner is not None and same_server(owner, address)
    )
    for key, source in wakatime_keys:
        if key is None:
            continue
        if owned:
            return key, source
        warnings.append(_skipped_key_warning(source, owner))
    return None, FROM_NOWHERE


def _key_from_keyring(
    keystore: KeySource, address: ServerAddress, warnings: list[str]
) -> str | None:
    """The stored key; a keyring failure becomes a warning."""
    try:
        return _blank_to_none(keystore.get_key(address))
    except KeystoreError as exc:
        warnings.append(
            f"The API key could not be read from the keyring: {exc}"
        )
        return None


def _wakatime_server(wakatime: WakatimeConfig | None) -> ServerAddress | None:
    """The server a WakaTime key belongs to; None if its api_url is bad."""
    api_url = WAKATIME_DEFAULT_API_URL
    if wakatime is not None and wakatime.api_url:
        api_url = wakatime.api_url
    try:
        return parse_server_address(api_url, allow_insecure_http=True)
    except ConfigError:
        return None


def _skipped_key_warning(source: str, owner: ServerAddress | None) -> str:
    """Why a WakaTime key was not used (the raw api_url is not quoted)."""
    owner_name = owner.base_url if owner else "an unusable api_url"
    return (
        f"The API key from {source} was not used: it belongs to the server "
        f"in ~/.wakatime.cfg ({owner_name}), not to the one in use."
    )


def _blank_to_none(value: str | None) -> str | None:
    """The value without surrounding space; None if absent or blank."""
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None
