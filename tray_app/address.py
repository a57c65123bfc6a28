"""The server address: an origin or an ``api_url`` turned into every URL.

Users give the address in one of the forms below; all of them name the
same server and give the same :class:`ServerAddress`::

    https://hackatime.hackclub.com
    https://hackatime.hackclub.com/api/hackatime/v1   (as in .wakatime.cfg)
    https://hackatime.hackclub.com/api                (older guides)

A path that ends in another WakaTime-style API root (``/api/v1`` as on
wakatime.com, or Wakapi's ``/api/compat/wakatime/v1``) is kept as the
``wakatime_api_url``; any other path is a prefix under which a Hackatime
server lives. Web pages are always built from ``base_url``.

Error messages never repeat the value that was given: a user may paste
the API key, or a URL with a password in it, into the address field.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from urllib.parse import SplitResult, urlsplit

from tray_app.errors import ConfigError

DEFAULT_SERVER = "https://hackatime.hackclub.com"

HACKATIME_API_PATH = "/api/hackatime/v1"
V1_API_PATH = "/api/v1"

# Path endings of a WakaTime-style API root that is not Hackatime's own:
# the URL is kept as given and the part before it is the base.
_OTHER_API_ROOTS = ("/api/compat/wakatime/v1", V1_API_PATH)

_LEGACY_API_PATH = "/api"

_DEFAULT_PORTS = {"http": 80, "https": 443}

_VALID_FORMS = (
    "a valid server address looks like https://hackatime.hackclub.com "
    "or https://hackatime.hackclub.com/api/hackatime/v1"
)


@dataclass(frozen=True)
class ServerAddress:
    """Where the server lives, and every URL the app derives from it."""

    base_url: str
    wakatime_api_url: str
    host: str
    is_loopback: bool

    @property
    def v1_api_url(self) -> str:
        """Root of the ``/api/v1`` endpoints (stats, heartbeats, boards)."""
        return self.base_url + V1_API_PATH

    @property
    def is_hackatime(self) -> bool:
        """Whether ``wakatime_api_url`` is Hackatime's own API root."""
        return self.wakatime_api_url == self.base_url + HACKATIME_API_PATH

    @property
    def dashboard_url(self) -> str:
        """The web dashboard."""
        return self.base_url + "/"

    @property
    def projects_today_url(self) -> str:
        """The web page listing today's projects."""
        return self.base_url + "/my/projects?interval=today"

    @property
    def settings_url(self) -> str:
        """The web settings page."""
        return self.base_url + "/my/settings"

    @property
    def api_key_url(self) -> str:
        """The web page that shows the user's API key."""
        return self.base_url + "/api-key"


def parse_server_address(
    raw: str, *, allow_insecure_http: bool = False
) -> ServerAddress:
    """Parse an origin or an ``api_url`` into a :class:`ServerAddress`.

    Raises ConfigError, with a sentence saying what a valid value looks
    like, for anything that is not an http(s) URL of a server; plain
    ``http://`` is refused for any host but loopback unless
    ``allow_insecure_http`` is true.
    """
    text = raw.strip()
    if not text:
        raise ConfigError(f"The server address is empty; {_VALID_FORMS}.")
    if any(char.isspace() or not char.isprintable() for char in text):
        raise ConfigError(
            "The server address contains spaces or control characters; "
            f"{_VALID_FORMS}."
        )

    parts = _split(text)
    host, port = _host_and_port(parts)
    is_loopback = _is_loopback(host)
    if parts.scheme == "http" and not is_loopback and not allow_insecure_http:
        raise ConfigError(
            "The server address uses plain http://, so the API key would "
            "travel unencrypted; use https://, or set allow_insecure_http "
            "= true in the settings file if you trust the network."
        )

    origin = f"{parts.scheme}://{_netloc(host, port, parts.scheme)}"
    base_path, api_path = _split_path(parts.path.rstrip("/"))
    base_url = origin + base_path
    return ServerAddress(
        base_url=base_url,
        wakatime_api_url=base_url + api_path,
        host=host,
        is_loopback=is_loopback,
    )


def same_server(first: ServerAddress, second: ServerAddress) -> bool:
    """Whether two addresses name the same server (same ``base_url``)."""
    return first.base_url == second.base_url


def _split(text: str) -> SplitResult:
    """Split the URL and check the parts that must or must not be there."""
    try:
        parts = urlsplit(text)
    except ValueError as exc:
        raise ConfigError(
            f"The server address is not a valid URL; {_VALID_FORMS}."
        ) from exc

    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS:
        raise ConfigError(
            "The server address must start with https:// (or http:// for a "
            f"server on this computer); {_VALID_FORMS}."
        )
    if not parts.netloc:
        raise ConfigError(
            f"The server address has no host name; {_VALID_FORMS}."
        )
    if parts.query or parts.fragment or text.endswith(("?", "#")):
        raise ConfigError(
            "The server address must not have a '?query' or '#fragment'; "
            f"{_VALID_FORMS}."
        )
    if "//" in parts.path.rstrip("/"):
        raise ConfigError(
            f"The server address has an empty part ('//') in its path; "
            f"{_VALID_FORMS}."
        )
    if "@" in parts.netloc:
        raise ConfigError(
            "The server address must not contain a user name or password; "
            f"the API key is set separately, and {_VALID_FORMS}."
        )
    return parts._replace(scheme=scheme)


def _host_and_port(parts: SplitResult) -> tuple[str, int | None]:
    """The lower-case host name and the explicit port, if any."""
    try:
        port = parts.port
    except ValueError as exc:
        raise ConfigError(
            f"The server address has an invalid port number; {_VALID_FORMS}."
        ) from exc

    host = parts.hostname or ""
    if not host or host.startswith(".") or ".." in host:
        raise ConfigError(
            f"The server address has no valid host name; {_VALID_FORMS}."
        )
    return host, port


def _netloc(host: str, port: int | None, scheme: str) -> str:
    """Host and port as written in a URL, without the scheme's default."""
    shown_host = f"[{host}]" if ":" in host else host
    if port is None or port == _DEFAULT_PORTS[scheme]:
        return shown_host
    return f"{shown_host}:{port}"


def _split_path(path: str) -> tuple[str, str]:
    """Split a path into the base prefix and the WakaTime API root path."""
    if path.endswith(HACKATIME_API_PATH):
        return path.removesuffix(HACKATIME_API_PATH), HACKATIME_API_PATH

    for api_root in _OTHER_API_ROOTS:
        if path.endswith(api_root):
            return path.removesuffix(api_root), api_root

    if path.endswith(_LEGACY_API_PATH):
        return path.removesuffix(_LEGACY_API_PATH), HACKATIME_API_PATH
    return path, HACKATIME_API_PATH


def _is_loopback(host: str) -> bool:
    """Whether the host is this computer: localhost, 127.0.0.0/8 or ::1."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
