"""Logging in: a key is stored only after the server accepted it."""

from __future__ import annotations

import io

import pytest

from tray_app.address import ServerAddress, parse_server_address
from tray_app.errors import ConfigError, KeyRejectedError
from tray_app.login import (
    KEY_PROMPT,
    login,
    read_key_from_stdin,
    read_key_interactively,
)

SECRET = "0123abcd-4567-4cde-8f01-23456789abcd"
ADDRESS = parse_server_address("http://127.0.0.1:8765")


class Recorder:
    """Records the check and store calls, in order."""

    def __init__(self, reject: bool = False) -> None:
        self.reject = reject
        self.calls: list[tuple[str, str]] = []

    def check(self, key: str) -> None:
        self.calls.append(("check", key))
        if self.reject:
            raise KeyRejectedError(
                "The server rejected the API key.", status_code=401
            )

    def store(self, address: ServerAddress, key: str) -> None:
        self.calls.append(("store", key))


def test_key_is_checked_then_stored_without_spaces() -> None:
    """The stripped key goes to the server first, then to the keyring."""
    recorder = Recorder()

    login(ADDRESS, f"  {SECRET}\n", check=recorder.check, store=recorder.store)

    assert recorder.calls == [("check", SECRET), ("store", SECRET)]


def test_rejected_key_is_not_stored() -> None:
    """When the server refuses the key, nothing is stored."""
    recorder = Recorder(reject=True)

    with pytest.raises(KeyRejectedError):
        login(ADDRESS, SECRET, check=recorder.check, store=recorder.store)

    assert recorder.calls == [("check", SECRET)]


@pytest.mark.parametrize("key", ["", "   \n", "abc def", "abc\x00def"])
def test_unusable_key_is_refused_before_asking_the_server(key: str) -> None:
    """An empty key, or one with spaces inside, never reaches the server."""
    recorder = Recorder()

    with pytest.raises(ConfigError) as caught:
        login(ADDRESS, key, check=recorder.check, store=recorder.store)

    assert recorder.calls == []
    assert ADDRESS.api_key_url in caught.value.message


def test_key_typed_at_the_prompt_is_stripped() -> None:
    """The hidden prompt's answer comes back without surrounding space."""
    prompts: list[str] = []

    def prompt(text: str) -> str:
        prompts.append(text)
        return f" {SECRET} "

    assert read_key_interactively(prompt) == SECRET
    assert prompts == [KEY_PROMPT]


def test_key_piped_to_stdin_is_stripped() -> None:
    """A key piped in (with its trailing newline) is read whole."""
    assert read_key_from_stdin(io.StringIO(f"{SECRET}\n")) == SECRET
