"""Atomic writes on real files: all or nothing, private when asked."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pytest

from tray_app.files import atomic_write_bytes, atomic_write_text

posix_only = pytest.mark.skipif(
    sys.platform == "win32", reason="POSIX permission bits"
)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """An empty folder of the test's own (tmp_path also holds HOME)."""
    path = tmp_path / "files"
    path.mkdir()
    return path


def test_write_replaces_the_content_and_leaves_no_temp_file(
    folder: Path,
) -> None:
    """The new text replaces the old and nothing else is left around."""
    target = folder / "settings.toml"
    target.write_text("old = 1\n", encoding="utf-8")

    atomic_write_text(target, "new = 2\n")

    assert target.read_text(encoding="utf-8") == "new = 2\n"
    assert sorted(p.name for p in folder.iterdir()) == ["settings.toml"]


def test_write_creates_missing_parent_directories(tmp_path: Path) -> None:
    """Writing into a directory that does not exist yet creates it."""
    target = tmp_path / "a" / "b" / "c.json"

    atomic_write_bytes(target, b"{}")

    assert target.read_bytes() == b"{}"


@posix_only
def test_private_write_gives_0600_file_in_new_0700_directory(
    tmp_path: Path,
) -> None:
    """A private file is the user's only, and so is a folder made for it."""
    target = tmp_path / "config" / "settings.toml"

    atomic_write_text(target, "x = 1\n", private=True)

    assert _mode(target) == 0o600
    assert _mode(target.parent) == 0o700


@posix_only
def test_private_write_tightens_a_readable_old_file(tmp_path: Path) -> None:
    """Replacing a world-readable file privately leaves it 0600."""
    target = tmp_path / "settings.toml"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o644)

    atomic_write_text(target, "new\n", private=True)

    assert _mode(target) == 0o600


@posix_only
def test_public_write_keeps_the_old_file_mode(tmp_path: Path) -> None:
    """A non-private write keeps the permissions the user gave the file."""
    target = tmp_path / "notes.txt"
    target.write_text("old\n", encoding="utf-8")
    target.chmod(0o640)

    atomic_write_text(target, "new\n")

    assert _mode(target) == 0o640


def test_failed_replace_leaves_the_target_and_removes_the_temp_file(
    folder: Path,
) -> None:
    """When os.replace fails (target is a folder), nothing is changed."""
    target = folder / "settings.toml"
    target.mkdir()
    (target / "keep.txt").write_text("kept", encoding="utf-8")

    with pytest.raises(OSError):
        atomic_write_text(target, "new = 1\n")

    assert (target / "keep.txt").read_text(encoding="utf-8") == "kept"
    assert sorted(p.name for p in folder.iterdir()) == ["settings.toml"]


def test_text_that_cannot_be_written_leaves_the_old_file(
    folder: Path,
) -> None:
    """Text that is not encodable fails before the old file is touched."""
    target = folder / "settings.toml"
    target.write_bytes(b"old = 1\n")

    with pytest.raises(UnicodeEncodeError):
        atomic_write_text(target, "bad = '\udc80'\n")

    assert target.read_bytes() == b"old = 1\n"
    assert sorted(p.name for p in folder.iterdir()) == ["settings.toml"]


@pytest.mark.skipif(
    sys.platform == "win32" or os.geteuid() == 0,
    reason="root writes into read-only folders",
)
def test_read_only_directory_leaves_the_old_file(tmp_path: Path) -> None:
    """No temp file can be made in a read-only folder; the old file stays."""
    folder = tmp_path / "ro"
    folder.mkdir()
    target = folder / "settings.toml"
    target.write_bytes(b"old = 1\n")
    folder.chmod(0o500)

    try:
        with pytest.raises(PermissionError):
            atomic_write_text(target, "new = 2\n")
        assert target.read_bytes() == b"old = 1\n"
        assert [p.name for p in folder.iterdir()] == ["settings.toml"]
    finally:
        folder.chmod(0o700)
