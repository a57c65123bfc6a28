"""A keyring stand-in for child processes: JSON in a file (an OS edge).

Child processes (the key window) cannot share an in-memory keyring with
the test, so this one keeps its passwords in the file named by
``HACKATIME_TEST_KEYRING_FILE``. Selected with
``PYTHON_KEYRING_BACKEND=file_keyring.FileKeyring``.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import keyring.errors
from keyring.backend import KeyringBackend

FILE_ENV = "HACKATIME_TEST_KEYRING_FILE"


class FileKeyring(KeyringBackend):
    """Passwords in a JSON file, keyed by "service|username"."""

    priority = 1
    viable = False  # never picked by keyring's own backend discovery

    def _load(self) -> dict[str, str]:
        path = Path(os.environ[FILE_ENV])
        if not path.exists():
            return {}
        data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        return data

    def _save(self, data: dict[str, str]) -> None:
        path = Path(os.environ[FILE_ENV])
        path.write_text(json.dumps(data), encoding="utf-8")

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}|{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}|{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}|{username}", None) is None:
            raise keyring.errors.PasswordDeleteError("not found")
        self._save(data)
