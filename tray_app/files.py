"""Atomic file writes, optionally readable by the user only.

A write goes to a temporary file in the target's directory, is flushed to
disk, and then replaces the target in one ``os.replace``. A reader sees
the old file or the new one, never half of either. When anything fails,
the old file is left as it was, the temporary file is removed, and the
error (an ``OSError``, or ``UnicodeEncodeError`` for text that cannot be
written as UTF-8) goes to the caller, who knows what the file is for.
"""

from __future__ import annotations

import contextlib
import logging
import os
import secrets
import stat
from pathlib import Path

logger = logging.getLogger(__name__)

PRIVATE_FILE_MODE = 0o600
PRIVATE_DIR_MODE = 0o700


def ensure_dir(path: Path, *, private: bool = False) -> Path:
    """Create a directory (and its parents) if it is missing; return it.

    A directory created here for ``private`` use gets mode 0700; an
    existing one is left alone.
    """
    if not path.is_dir():
        path.mkdir(
            mode=PRIVATE_DIR_MODE if private else 0o777,
            parents=True,
            exist_ok=True,
        )
    return path


def atomic_write_bytes(
    path: Path, data: bytes, *, private: bool = False
) -> None:
    """Replace ``path`` with ``data`` atomically (mode 0600 if private)."""
    directory = ensure_dir(path.parent, private=private)
    temp_path = directory / f".{path.name}.{secrets.token_hex(8)}.tmp"
    temp_fd = os.open(
        temp_path,
        os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0),
        PRIVATE_FILE_MODE if private else 0o666,
    )
    try:
        with os.fdopen(temp_fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        _set_mode(temp_path, path, private=private)
        os.replace(temp_path, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temp_path.unlink()
        raise

    _sync_directory(directory)
    logger.debug("Wrote %s", path)


def atomic_write_text(path: Path, text: str, *, private: bool = False) -> None:
    """Replace ``path`` with ``text`` encoded as UTF-8, atomically."""
    atomic_write_bytes(path, text.encode("utf-8"), private=private)


def _set_mode(temp_path: Path, target: Path, *, private: bool) -> None:
    """Give the new file 0600 if private, else the mode of the old file.

    A new public file keeps what ``os.open`` gave it: 0666 less the umask.
    """
    if private:
        os.chmod(temp_path, PRIVATE_FILE_MODE)
        return

    try:
        old_mode = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        return
    os.chmod(temp_path, old_mode)


def _sync_directory(directory: Path) -> None:
    """Flush the directory entry, so the rename survives a power cut."""
    if os.name != "posix":
        return
    try:
        dir_fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(dir_fd)
    except OSError:
        logger.debug("Could not fsync directory %s", directory)
    finally:
        os.close(dir_fd)
