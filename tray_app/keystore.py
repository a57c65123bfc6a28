"""The API key in the OS keyring: the one home of the keyring library.

Keys are stored under the service ``hackatime-tray`` with the server's
``base_url`` as the user name, so keys for different servers never mix.

Every call runs in a daemon worker thread and gives up after a timeout:
a Secret Service waiting on an invisible unlock prompt can block for
ever, and must not freeze the tray. A worker that never returns is left
behind (it cannot be killed); it does not keep the app from exiting.

There is no silent plain-text fallback. The ``fail`` backend (no keyring
at all) and the file backends of ``keyrings.alt`` raise KeystoreError
with a sentence on what to install; the ``null`` backend (keyring turned
off by the user) reads as "no key" and refuses to store one.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TypeVar

import keyring
import keyring.errors
from keyring.backend import KeyringBackend
from keyring.backends import chainer, fail, null

from tray_app.address import ServerAddress
from tray_app.errors import KeystoreError

logger = logging.getLogger(__name__)

SERVICE_NAME = "hackatime-tray"
DEFAULT_TIMEOUT_SECONDS = 10.0

_INSECURE_MODULE_PREFIXES = ("keyrings.alt",)

_USE_ENV_INSTEAD = "or set HACKATIME_API_KEY in the environment instead"
_NO_KEYRING = (
    "No system keyring is available to keep the API key; on Linux install "
    "and unlock a Secret Service such as gnome-keyring or KeePassXC, "
    f"{_USE_ENV_INSTEAD}."
)
_DISABLED = (
    "The system keyring is turned off (the null backend), so the API key "
    f"cannot be stored; turn it back on, {_USE_ENV_INSTEAD}."
)
_LOCKED = (
    "The system keyring is locked; unlock it and try again, "
    f"{_USE_ENV_INSTEAD}."
)

_T = TypeVar("_T")


def get_key(
    address: ServerAddress, *, timeout: float = DEFAULT_TIMEOUT_SECONDS
) -> str | None:
    """The key stored for this server, or None when there is none."""

    def read(backend: KeyringBackend) -> str | None:
        if _is_disabled(backend):
            return None
        _refuse_unusable(backend)
        return backend.get_password(SERVICE_NAME, address.base_url)

    return _call(read, "read", timeout)


def set_key(
    address: ServerAddress,
    key: str,
    *,
    timeout: float = DEFAULT_TIMEOUT_SECONDS,
) -> None:
    """Store the key for this server, replacing any older one."""

    def store(backend: KeyringBackend) -> None:
        if _is_disabled(backend):
            raise KeystoreError(_DISABLED)
        _refuse_unusable(backend)
        backend.set_password(SERVICE_NAME, address.base_url, key)

    _call(store, "store", timeout)
    logger.info("Stored the API key for %s in the keyring", address.base_url)


def delete_key(
    address: ServerAddress, *, timeout: float = DEFAULT_TIMEOUT_SECONDS
) -> bool:
    """Remove the key for this server; False when none was stored."""

    def delete(backend: KeyringBackend) -> bool:
        if _is_disabled(backend):
            return False
        _refuse_unusable(backend)
        if backend.get_password(SERVICE_NAME, address.base_url) is None:
            return False
        backend.delete_password(SERVICE_NAME, address.base_url)
        return True

    deleted = _call(delete, "delete", timeout)
    if deleted:
        logger.info(
            "Deleted the API key for %s from the keyring", address.base_url
        )
    return deleted


def keyring_backend_name(*, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> str:
    """The active backend as ``module.Class``, for diagnostics."""
    return _call(_name_of, "inspect", timeout)


def require_keyring(*, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> None:
    """Raise ``KeystoreError`` (what to install) unless a key can be kept."""

    def check(backend: KeyringBackend) -> None:
        if _is_disabled(backend):
            raise KeystoreError(_DISABLED)
        _refuse_unusable(backend)

    _call(check, "inspect", timeout)


def keyring_available(*, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> bool:
    """Whether a key can be stored: a real keyring answers in time."""

    def check(backend: KeyringBackend) -> bool:
        if _is_disabled(backend):
            return False
        _refuse_unusable(backend)
        return True

    try:
        return _call(check, "inspect", timeout)
    except KeystoreError as exc:
        logger.info("No usable keyring: %s", exc)
        return False


def _call(
    operation: Callable[[KeyringBackend], _T], action: str, timeout: float
) -> _T:
    """Run ``operation`` on the active backend in a thread, with a timeout."""
    results: list[_T] = []
    failures: list[BaseException] = []

    def work() -> None:
        try:
            results.append(operation(keyring.get_keyring()))
        except BaseException as exc:  # handed to the calling thread
            failures.append(exc)

    worker = threading.Thread(target=work, name="keyring-call", daemon=True)
    worker.start()
    worker.join(timeout)
    if worker.is_alive():
        raise KeystoreError(
            f"The system keyring did not answer within {timeout:g} seconds; "
            f"unlock it (an unlock prompt may be hidden), {_USE_ENV_INSTEAD}."
        )

    if failures:
        failure = failures[0]
        translated = _translate(failure, action)
        if translated is failure:
            raise failure
        raise translated from failure
    return results[0]


def _translate(exc: BaseException, action: str) -> BaseException:
    """Our error for what the backend raised; no backend text is kept."""
    if isinstance(exc, KeystoreError):
        return exc
    if isinstance(exc, keyring.errors.NoKeyringError):
        return KeystoreError(_NO_KEYRING)
    if isinstance(exc, keyring.errors.KeyringLocked):
        return KeystoreError(_LOCKED)
    if not isinstance(exc, Exception):
        return exc

    # Backends raise their own types too (D-Bus, secretstorage, OS errors).
    # Their messages are not shown: they may echo what was being stored.
    logger.debug("Keyring %s failed with %s", action, type(exc).__name__)
    return KeystoreError(
        f"The system keyring could not {action} the API key "
        f"({type(exc).__name__}); check that it is unlocked, "
        f"{_USE_ENV_INSTEAD}."
    )


def _is_disabled(backend: KeyringBackend) -> bool:
    """Whether keyring was turned off by the user (null, or empty chain)."""
    if isinstance(backend, chainer.ChainerBackend):
        return not backend.backends
    return isinstance(backend, null.Keyring)


def _refuse_unusable(backend: KeyringBackend) -> None:
    """KeystoreError for no keyring at all, or a plain-file keyring."""
    storing = _storing_backend(backend)
    if isinstance(storing, fail.Keyring):
        raise KeystoreError(_NO_KEYRING)
    if type(storing).__module__.startswith(_INSECURE_MODULE_PREFIXES):
        raise KeystoreError(
            f"The keyring that would keep the key ({_name_of(storing)}) "
            "stores secrets in a plain file, so the app will not use it; "
            "install a Secret Service such as gnome-keyring, "
            f"{_USE_ENV_INSTEAD}."
        )


def _storing_backend(backend: KeyringBackend) -> KeyringBackend:
    """The backend that would store a key: a chain's first member."""
    if isinstance(backend, chainer.ChainerBackend) and backend.backends:
        first: KeyringBackend = backend.backends[0]
        return first
    return backend


def _name_of(backend: KeyringBackend) -> str:
    """``module.Class`` of a backend."""
    return f"{type(backend).__module__}.{type(backend).__qualname__}"
