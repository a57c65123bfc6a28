"""The keyring home: stand-in backends at the OS edge, real keyring API.

The backends come from this folder's conftest; each is installed with
``keyring.set_keyring`` and removed after the test. The default for all
tests is keyring's ``null`` backend (tests/conftest.py).
"""

from __future__ import annotations

from typing import Any

import pytest

from tray_app import keystore
from tray_app.address import parse_server_address
from tray_app.errors import KeystoreError

SECRET = "0123abcd-4567-4cde-8f01-23456789abcd"
HACKATIME = parse_server_address("https://hackatime.hackclub.com")
LOCAL = parse_server_address("http://127.0.0.1:8765")


def test_stored_key_reads_back(memory_keyring: Any) -> None:
    """set_key then get_key gives the same key for the same server."""
    keystore.set_key(HACKATIME, SECRET)

    assert keystore.get_key(HACKATIME) == SECRET
    assert memory_keyring.passwords == {
        ("hackatime-tray", "https://hackatime.hackclub.com"): SECRET
    }


def test_keys_for_different_servers_do_not_clash(memory_keyring: Any) -> None:
    """Each server's base URL is its own keyring entry."""
    keystore.set_key(HACKATIME, SECRET)
    keystore.set_key(LOCAL, "local-key")

    assert keystore.get_key(HACKATIME) == SECRET
    assert keystore.get_key(LOCAL) == "local-key"


def test_any_form_of_the_address_finds_the_same_key(
    memory_keyring: Any,
) -> None:
    """The origin and the api_url of one server share one entry."""
    keystore.set_key(HACKATIME, SECRET)
    api_url = parse_server_address(
        "https://hackatime.hackclub.com/api/hackatime/v1/"
    )

    assert keystore.get_key(api_url) == SECRET


def test_missing_key_reads_as_none(memory_keyring: Any) -> None:
    """A server with no stored key gives None, not an error."""
    assert keystore.get_key(HACKATIME) is None


def test_delete_removes_the_key_and_reports_it(memory_keyring: Any) -> None:
    """delete_key is True when a key was removed, then False."""
    keystore.set_key(HACKATIME, SECRET)

    assert keystore.delete_key(HACKATIME) is True
    assert keystore.get_key(HACKATIME) is None
    assert keystore.delete_key(HACKATIME) is False


def test_available_keyring_is_reported_by_name(memory_keyring: Any) -> None:
    """The backend's module and class name are shown for diagnostics."""
    assert keystore.keyring_available() is True
    assert keystore.keyring_backend_name() == (
        f"{type(memory_keyring).__module__}.MemoryKeyring"
    )


def test_no_keyring_on_headless_linux_says_what_to_install(
    fail_keyring: Any,
) -> None:
    """keyring's fail backend gives one sentence naming the fixes."""
    for call in (
        lambda: keystore.get_key(HACKATIME),
        lambda: keystore.set_key(HACKATIME, SECRET),
        lambda: keystore.delete_key(HACKATIME),
    ):
        with pytest.raises(KeystoreError) as caught:
            call()

        message = caught.value.message
        assert "gnome-keyring" in message
        assert "HACKATIME_API_KEY" in message
        assert message.count(".") == 1 and message.endswith(".")
    assert keystore.keyring_available() is False


def test_null_backend_reads_nothing_and_refuses_to_store() -> None:
    """With keyring turned off, reads give None and a store is refused."""
    assert keystore.get_key(HACKATIME) is None
    assert keystore.delete_key(HACKATIME) is False
    assert keystore.keyring_available() is False

    with pytest.raises(KeystoreError, match="turned off"):
        keystore.set_key(HACKATIME, SECRET)


def test_plain_text_file_keyring_is_refused(plaintext_keyring: Any) -> None:
    """keyrings.alt's file backend is never used, so no key hits a file."""
    with pytest.raises(KeystoreError, match="plain file"):
        keystore.set_key(HACKATIME, SECRET)

    assert plaintext_keyring.passwords == {}
    assert keystore.keyring_available() is False


def test_hanging_keyring_gives_up_after_the_timeout(
    hanging_keyring: Any,
) -> None:
    """A keyring that never answers becomes a KeystoreError, not a hang."""
    with pytest.raises(KeystoreError, match="did not answer within 0.05"):
        keystore.get_key(HACKATIME, timeout=0.05)


def test_locked_keyring_asks_to_unlock(locked_keyring: Any) -> None:
    """A locked keyring is reported as such."""
    with pytest.raises(KeystoreError, match="locked"):
        keystore.get_key(HACKATIME)


def test_backend_errors_never_show_the_key(leaky_keyring: Any) -> None:
    """Backend messages may echo the secret; ours keep only the type."""
    with pytest.raises(KeystoreError) as stored:
        keystore.set_key(HACKATIME, SECRET)
    with pytest.raises(KeystoreError) as read:
        keystore.get_key(HACKATIME)

    assert SECRET not in str(stored.value)
    assert "PasswordSetError" in str(stored.value)
    assert "RuntimeError" in str(read.value)
    assert stored.value.__cause__ is not None
