"""Every error the app raises on purpose.

Library errors (httpx, keyring, tomllib, configparser, OS errors) are
translated into these at the module that owns the library, with
``raise ... from``, so the rest of the app sees only this tree::

    HackatimeTrayError
    ├── ConfigError            bad address, broken settings or .wakatime.cfg
    ├── NoKeyError             no API key in any source
    ├── KeystoreError          the OS keyring is missing or failed
    ├── AlreadyRunningError    another tray is running for this user
    └── ApiError               a request to the server failed
        ├── KeyRejectedError   401 / 403
        ├── NotFoundError      404
        ├── RateLimitedError   429, with the server's Retry-After
        ├── ServerBusyError    503, or 202 while the server computes
        ├── ServerError        any other 5xx (HTML bodies included)
        ├── NetworkError       no connection, DNS, TLS, timeouts
        └── BadResponseError   not JSON, or JSON of the wrong shape

Every message is a full sentence that says what to do next. None of them
may contain the API key: messages are shown in menus and written to logs.
"""

from __future__ import annotations

from pathlib import Path


class HackatimeTrayError(Exception):
    """Base class of every error the app raises on purpose."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class ConfigError(HackatimeTrayError):
    """A setting is malformed: the server address or a config file."""

    def __init__(self, message: str, *, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class NoKeyError(HackatimeTrayError):
    """No API key was found in any of the places the app looks."""


class KeystoreError(HackatimeTrayError):
    """The OS keyring is not available, or reading or writing it failed."""


class AlreadyRunningError(HackatimeTrayError):
    """Another instance of the tray already runs for this user."""


class ApiError(HackatimeTrayError):
    """A request to the Hackatime server did not give a usable answer."""

    def __init__(
        self, message: str, *, status_code: int | None = None
    ) -> None:
        super().__init__(message)
        self.status_code = status_code


class KeyRejectedError(ApiError):
    """The server refused the API key (HTTP 401 or 403)."""


class NotFoundError(ApiError):
    """The server has no such resource or user (HTTP 404)."""


class RateLimitedError(ApiError):
    """The server asks the app to slow down (HTTP 429)."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: float,
        status_code: int | None = 429,
    ) -> None:
        super().__init__(message, status_code=status_code)
        self.retry_after = retry_after


class ServerBusyError(ApiError):
    """The server is still computing the answer (HTTP 503 or 202)."""

    def __init__(
        self,
        message: str,
        *,
        retry_after: float | None = None,
        status_code: int | None = 503,
    ) -> None:
        super().__init__(message, status_code=status_code)
        self.retry_after = retry_after


class ServerError(ApiError):
    """The server failed with an HTTP 5xx status."""


class NetworkError(ApiError):
    """The server could not be reached, or it did not answer in time."""


class BadResponseError(ApiError):
    """The server answered, but not with JSON of the expected shape."""
