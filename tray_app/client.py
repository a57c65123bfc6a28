"""The Hackatime HTTP client: the only module that imports httpx.

One long-lived ``httpx.Client`` sends every request with exactly
``Accept: application/json`` (anything else gets HTML error pages from
Rails) and the key only in ``Authorization: Bearer``. Redirects are never
followed, so the key never travels to another host. Every httpx error and
every unusable answer is translated here into ``tray_app.errors``; no
message ever contains the key, even when the server echoes it.
"""

from __future__ import annotations

import contextlib
import logging
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime
from types import TracebackType
from urllib.parse import quote, urlsplit

import httpx

from tray_app import APP_NAME, __version__, parsing, responses
from tray_app.address import ServerAddress
from tray_app.errors import (
    BadResponseError,
    KeyRejectedError,
    NetworkError,
    NoKeyError,
)
from tray_app.models import (
    HeartbeatList,
    Leaderboard,
    MostRecent,
    Profile,
    Today,
    TrustFactor,
    UserLookup,
    UserStats,
    WeekStats,
)
from tray_app.responses import parse_retry_after

__all__ = [
    "USER_AGENT",
    "HackatimeClient",
    "LEADERBOARD_PERIODS",
    "parse_retry_after",
]

logger = logging.getLogger(__name__)

USER_AGENT = f"{APP_NAME}/{__version__} (+python-httpx/{httpx.__version__})"

#: Largest answer read for most endpoints; a leaderboard with data: URI
#: avatars can reach a few megabytes.
DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024

#: ``my/heartbeats`` has no pagination, so a busy day can be large.
HEARTBEATS_MAX_RESPONSE_BYTES = 128 * 1024 * 1024

#: The periods ``leaderboard`` knows: "alias" is the plain /leaderboard.
LEADERBOARD_PERIODS = ("daily", "weekly", "alias")

_LEADERBOARD_PATHS: dict[str, str] = {
    "daily": "/leaderboard/daily",
    "weekly": "/leaderboard/weekly",
    "alias": "/leaderboard",
}

_Params = dict[str, str]
TimeParam = datetime | date | str


class HackatimeClient:
    """One method per Hackatime endpoint; results are ``models`` objects.

    Errors are ``tray_app.errors.ApiError`` subclasses (``NoKeyError``
    when an endpoint needs a key and none was given).
    """

    def __init__(
        self,
        address: ServerAddress,
        api_key: str | None,
        *,
        timeout: float = 10.0,
        transport: httpx.BaseTransport | None = None,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:
        self._address = address
        self._api_key = (api_key or "").strip() or None
        self._timeout = timeout
        self._max_response_bytes = max_response_bytes

        # transport= turns off the proxy environment variables in httpx,
        # so only tests pass one.
        self._http = httpx.Client(
            headers={"Accept": "application/json", "User-Agent": USER_AGENT},
            timeout=httpx.Timeout(timeout),
            follow_redirects=False,
            trust_env=True,
            transport=transport,
        )

    def __enter__(self) -> HackatimeClient:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection pool; the client cannot be used after."""
        self._http.close()

    @property
    def address(self) -> ServerAddress:
        """The server this client talks to."""
        return self._address

    def check_key(self) -> Profile:
        """Prove the key works by fetching the profile it belongs to."""
        return self.profile()

    def today(self) -> Today:
        """Today's total in the user's zone (``statusbar/today``)."""
        url = self._address.wakatime_api_url + "/users/current/statusbar/today"
        return parsing.parse_today(self._get_json(url))

    def profile(self) -> Profile:
        """The key's user and their time zone (``users/current``)."""
        url = self._address.wakatime_api_url + "/users/current"
        return parsing.parse_profile(self._get_json(url))

    def last_7_days(self) -> WeekStats:
        """Eight calendar days in the user's zone, with breakdowns."""
        url = (
            self._address.wakatime_api_url + "/users/current/stats/last_7_days"
        )
        return parsing.parse_week_stats(self._get_json(url))

    def user_stats(
        self,
        user: str = "my",
        *,
        start_date: TimeParam | None = None,
        end_date: TimeParam | None = None,
        features: Iterable[str] = ("languages", "projects"),
        limit: int | None = None,
    ) -> UserStats:
        """``/api/v1/users/{user}/stats``; ``end_date`` is exclusive.

        Dates without an offset are read by the server in UTC; pass aware
        datetimes to mean the user's day.
        """
        params: _Params = {}
        _put_time(params, "start_date", start_date)
        _put_time(params, "end_date", end_date)
        # The server does not trim, so "languages, projects" would lose
        # projects; a plain string is taken as the comma list itself.
        feature_list = (
            features
            if isinstance(features, str)
            else ",".join(name.strip() for name in features)
        )
        if feature_list:
            params["features"] = feature_list
        if limit is not None:
            params["limit"] = str(limit)

        url = f"{self._address.v1_api_url}/users/{_segment(user)}/stats"
        return parsing.parse_user_stats(self._get_json(url, params))

    def global_stats(
        self,
        *,
        start_date: date | str | None = None,
        end_date: date | str | None = None,
        username: str | None = None,
    ) -> int:
        """Seconds across all users (``/api/v1/stats``, admin key only)."""
        params: _Params = {}
        for name, value in (
            ("start_date", start_date),
            ("end_date", end_date),
        ):
            if isinstance(value, datetime):
                value = value.date()
            _put_time(params, name, value)
        if username is not None:
            params["username"] = username

        url = self._address.v1_api_url + "/stats"
        with _admin_only():
            response, body = self._get(url, params)
        if responses.is_html(response.headers.get("content-type", "")):
            raise BadResponseError(responses.HTML_MESSAGE)
        return parsing.parse_plain_seconds(body.decode("utf-8", "replace"))

    def heartbeats(
        self,
        *,
        start_time: TimeParam | None = None,
        end_time: TimeParam | None = None,
        limit: int | None = None,
    ) -> HeartbeatList:
        """Heartbeats in a window, oldest first (default: the UTC day).

        The server has no limit parameter; with ``limit`` the client keeps
        the last ``limit`` heartbeats (none when ``limit`` <= 0).
        ``total_seconds`` still covers the whole window.
        """
        params: _Params = {}
        _put_time(params, "start_time", start_time)
        _put_time(params, "end_time", end_time)

        url = self._address.v1_api_url + "/my/heartbeats"
        answer = self._get_json(
            url, params, max_bytes=HEARTBEATS_MAX_RESPONSE_BYTES
        )
        result = parsing.parse_heartbeat_list(answer)
        if limit is None:
            return result

        beats = result.heartbeats
        kept = beats[max(len(beats) - limit, 0) :] if limit > 0 else ()
        return HeartbeatList(
            start_time=result.start_time,
            end_time=result.end_time,
            total_seconds=result.total_seconds,
            heartbeats=kept,
        )

    def most_recent_heartbeat(
        self, *, editor: str | None = None, source_type: str | None = None
    ) -> MostRecent:
        """The latest heartbeat; ``editor`` is a raw token like ``vscode``."""
        params: _Params = {}
        if editor is not None:
            params["editor"] = editor
        if source_type is not None:
            params["source_type"] = source_type

        url = self._address.v1_api_url + "/my/heartbeats/most_recent"
        return parsing.parse_most_recent(self._get_json(url, params))

    def lookup_email(self, email: str) -> UserLookup:
        """The user id for an email (admin key only; emails lower-case)."""
        url = (
            f"{self._address.v1_api_url}/users/lookup_email/{_segment(email)}"
        )
        with _admin_only():
            return parsing.parse_user_lookup(self._get_json(url))

    def lookup_slack_uid(self, uid: str) -> UserLookup:
        """The user id for a Slack UID (admin key only)."""
        path = f"/users/lookup_slack_uid/{_segment(uid)}"
        with _admin_only():
            return parsing.parse_user_lookup(
                self._get_json(self._address.v1_api_url + path)
            )

    def trust_factor(self, user: str) -> TrustFactor:
        """A user's public trust level (no key needed)."""
        url = f"{self._address.v1_api_url}/users/{_segment(user)}/trust_factor"
        return parsing.parse_trust_factor(self._get_json(url, auth=False))

    def leaderboard(self, period: str = "daily") -> Leaderboard:
        """The public daily or weekly board; "alias" is plain /leaderboard.

        Any other period is a programming error (ValueError).
        """
        path = _LEADERBOARD_PATHS.get(period)
        if path is None:
            raise ValueError(
                "The leaderboard period must be daily, weekly or alias."
            )
        url = self._address.v1_api_url + path
        return parsing.parse_leaderboard(self._get_json(url, auth=False))

    def _get_json(
        self,
        url: str,
        params: _Params | None = None,
        *,
        auth: bool = True,
        max_bytes: int | None = None,
    ) -> object:
        """GET a JSON document; anything else is a BadResponseError."""
        response, body = self._get(url, params, auth=auth, max_bytes=max_bytes)
        return responses.decode_json(
            response.headers.get("content-type", ""), body
        )

    def _get(
        self,
        url: str,
        params: _Params | None = None,
        *,
        auth: bool = True,
        max_bytes: int | None = None,
    ) -> tuple[httpx.Response, bytes]:
        """Send one GET, read the body (bounded) and check the status."""
        logger.debug("GET %s", urlsplit(url).path)
        headers = self._auth_headers() if auth else {}
        limit = max_bytes or self._max_response_bytes

        try:
            with self._http.stream(
                "GET", url, params=params, headers=headers
            ) as response:
                body = (
                    b""
                    if response.is_redirect
                    else self._read(response, limit)
                )
        except httpx.TimeoutException as exc:
            raise NetworkError(
                f"The server at {self._address.host} did not answer within "
                f"{self._timeout:g} seconds. Check your connection; the app "
                "retries by itself."
            ) from exc
        except httpx.DecodingError as exc:
            raise BadResponseError(
                "The server's answer could not be decompressed. Try again "
                "later; the app retries by itself."
            ) from exc
        except httpx.RequestError as exc:
            raise NetworkError(
                _network_message(exc, self._address.host)
            ) from exc

        self._check_status(response, body)
        return response, body

    def _read(self, response: httpx.Response, limit: int) -> bytes:
        """Read the body, giving up past ``limit`` bytes or a deadline."""
        declared = response.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise _too_large(limit)

        # The timeout applies to each read; a server that trickles bytes
        # would otherwise hold the request open without end.
        deadline = time.monotonic() + 3 * self._timeout
        chunks: list[bytes] = []
        size = 0
        for chunk in response.iter_bytes():
            size += len(chunk)
            if size > limit:
                raise _too_large(limit)
            if time.monotonic() > deadline:
                raise NetworkError(
                    "The server sent its answer too slowly. Check your "
                    "connection; the app retries by itself."
                )
            chunks.append(chunk)
        return b"".join(chunks)

    def _auth_headers(self) -> dict[str, str]:
        key = self._api_key
        if key is None:
            raise NoKeyError(
                "No API key is set. Run 'hackatime-tray login' and paste the "
                f"key from {self._address.api_key_url}."
            )
        if not all("!" <= char <= "~" for char in key):
            raise KeyRejectedError(
                "The API key contains spaces or characters that no key has. "
                f"Copy it again from {self._address.api_key_url} and set it "
                "again ('hackatime-tray login', or HACKATIME_API_KEY if you "
                "set the key there)."
            )
        return {"Authorization": f"Bearer {key}"}

    def _check_status(self, response: httpx.Response, body: bytes) -> None:
        """Raise the error that matches any status other than 200."""
        if response.status_code == 200:
            return
        headers = {
            name: response.headers[name]
            for name in ("retry-after", "location")
            if name in response.headers
        }
        raise responses.error_for_status(
            response.status_code,
            content_type=response.headers.get("content-type", ""),
            body=body,
            headers=headers,
            address=self._address,
            secrets=responses.secret_forms(self._api_key),
            now=datetime.now(UTC),
        )


def _put_time(params: _Params, name: str, value: TimeParam | None) -> None:
    """Add a date or time parameter as ISO 8601 (with offset for times).

    A naive datetime is taken as local time on this computer.
    """
    if value is None:
        return
    if isinstance(value, datetime):
        aware = value if value.tzinfo is not None else value.astimezone()
        params[name] = aware.isoformat()
    elif isinstance(value, date):
        params[name] = value.isoformat()
    else:
        params[name] = value.strip()


def _segment(value: str) -> str:
    """One URL path segment, escaped so it cannot change the path."""
    if value in (".", ".."):
        return value.replace(".", "%2E")
    return quote(value, safe="@")


def _too_large(limit: int) -> BadResponseError:
    megabytes = limit / (1024 * 1024)
    return BadResponseError(
        f"The server's answer was larger than {megabytes:g} MB, so the app "
        "stopped reading it. Check that the server address points to a "
        "Hackatime server; for heartbeats, ask for a shorter time range."
    )


def _network_message(exc: httpx.RequestError, host: str) -> str:
    """Why the connection failed, in words, without the library's text."""
    if isinstance(exc, httpx.ProxyError):
        reason = "the proxy refused or failed the connection"
    elif isinstance(exc, httpx.ConnectError):
        reason = "could not connect"
    elif isinstance(exc, httpx.RemoteProtocolError):
        reason = "the connection closed before a complete answer arrived"
    elif isinstance(exc, httpx.UnsupportedProtocol):
        reason = "the address uses a protocol the app cannot speak"
    else:
        reason = "the connection failed"
    return (
        f"The request to {host} failed: {reason}. Check your connection, "
        "proxy settings and the server address; the app retries by itself."
    )


@contextlib.contextmanager
def _admin_only() -> Iterator[None]:
    """Say "admin key needed", not "key rejected", for admin endpoints.

    A user's own key is refused there however valid it is; telling the
    user it was rejected would send them to replace a working key.
    """
    try:
        yield
    except KeyRejectedError as exc:
        raise KeyRejectedError(
            "This endpoint needs an admin API key (one that starts with "
            "hka_); the server refused the key given. Your own key still "
            "works for everything else.",
            status_code=exc.status_code,
        ) from exc
