"""Keyring stand-ins (an OS edge) and their fixtures (a pytest plugin).

The real keyring backends talk to D-Bus, Keychain or Windows; these
behave like them in memory. Each fixture installs its backend with
``keyring.set_keyring`` and puts the previous one back afterwards, so no
test touches a real keyring or leaks its backend into another test.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from typing import TypeVar

import keyring
import keyring.errors
import pytest
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    """A keyring that keeps passwords in a dict, like a Secret Service."""

    priority = 1
    viable = False  # never picked by keyring's own backend discovery

    def __init__(self) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        try:
            del self.passwords[(service, username)]
        except KeyError as exc:
            raise keyring.errors.PasswordDeleteError("not found") from exc


class HangingKeyring(MemoryKeyring):
    """A keyring whose reads block until released, like a hidden prompt."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def get_password(self, service: str, username: str) -> str | None:
        self.release.wait()
        return None


class LeakyFailingKeyring(MemoryKeyring):
    """A keyring whose errors repeat the secret, as some backends do."""

    def get_password(self, service: str, username: str) -> str | None:
        raise RuntimeError(f"D-Bus failure for {service}/{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise keyring.errors.PasswordSetError(f"could not store {password!r}")


class LockedKeyring(MemoryKeyring):
    """A keyring the user has not unlocked."""

    def get_password(self, service: str, username: str) -> str | None:
        raise keyring.errors.KeyringLocked("locked")


class PlaintextKeyring(MemoryKeyring):
    """Stands in for keyrings.alt's plain-file backend (same module name)."""


PlaintextKeyring.__module__ = "keyrings.alt.file"


BackendT = TypeVar("BackendT", bound=KeyringBackend)


def _install(backend: BackendT) -> Iterator[BackendT]:
    """Make ``backend`` the active keyring until the test ends."""
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


@pytest.fixture
def memory_keyring() -> Iterator[MemoryKeyring]:
    """An in-memory keyring installed as the active backend."""
    backend = MemoryKeyring()
    yield from _install(backend)


@pytest.fixture
def hanging_keyring() -> Iterator[HangingKeyring]:
    """A keyring whose reads hang; released when the test ends."""
    backend = HangingKeyring()
    try:
        yield from _install(backend)
    finally:
        backend.release.set()


@pytest.fixture
def leaky_keyring() -> Iterator[LeakyFailingKeyring]:
    """A keyring whose errors contain the secret."""
    yield from _install(LeakyFailingKeyring())


@pytest.fixture
def locked_keyring() -> Iterator[LockedKeyring]:
    """A keyring that reports being locked."""
    yield from _install(LockedKeyring())


@pytest.fixture
def plaintext_keyring() -> Iterator[PlaintextKeyring]:
    """A keyring that looks like keyrings.alt's plain-text file backend."""
    yield from _install(PlaintextKeyring())


@pytest.fixture
def fail_keyring() -> Iterator[KeyringBackend]:
    """keyring's own ``fail`` backend: what headless Linux gets."""
    from keyring.backends import fail

    yield from _install(fail.Keyring())
