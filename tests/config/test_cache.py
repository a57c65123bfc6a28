"""The last good value on disk: kept per server, never a crash."""

from __future__ import annotations

import logging
import stat
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from tray_app import paths
from tray_app.cache import load_last_good, save_last_good
from tray_app.models import Goal, Today

SERVER = "https://hackatime.hackclub.com"
UPDATED_AT = datetime(2026, 12, 3, 15, 4, 5, tzinfo=ZoneInfo("Europe/Paris"))
TODAY = Today(
    total_seconds=5025,
    text="1h 23m / 2h goal",
    goal=Goal(
        target_seconds=7200,
        tracked_seconds=5025,
        completion_percent=70,
        complete=False,
    ),
)


def test_saved_value_loads_back_for_the_same_server() -> None:
    """Today's total, its goal and the fetch time survive a restart."""
    save_last_good(paths.cache_path(), TODAY, UPDATED_AT, SERVER)

    assert load_last_good(paths.cache_path(), SERVER) == (TODAY, UPDATED_AT)


def test_value_without_a_goal_loads_back() -> None:
    """A total with no daily goal round-trips with goal None."""
    plain = Today(total_seconds=0, text="Start coding!")
    save_last_good(paths.cache_path(), plain, UPDATED_AT, SERVER)

    assert load_last_good(paths.cache_path(), SERVER) == (plain, UPDATED_AT)


def test_value_from_another_server_is_not_given() -> None:
    """After switching servers the old server's total is not shown."""
    save_last_good(paths.cache_path(), TODAY, UPDATED_AT, SERVER)

    assert load_last_good(paths.cache_path(), "http://127.0.0.1:8765") is None


def test_missing_cache_gives_none() -> None:
    """No cache yet is not an error."""
    assert load_last_good(paths.cache_path(), SERVER) is None


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_cache_file_is_private() -> None:
    """The cache is readable by the user only."""
    save_last_good(paths.cache_path(), TODAY, UPDATED_AT, SERVER)

    assert stat.S_IMODE(paths.cache_path().stat().st_mode) == 0o600


CORRUPT = {
    "not JSON": b"{not json",
    "a list": b"[1, 2]",
    "truncated": b'{"version": 1, "server": "https://hackatime.hackclub.com"',
    "wrong version": (
        b'{"version": 99, "server": "https://hackatime.hackclub.com"}'
    ),
    "total as text": (
        b'{"version": 1, "server": "https://hackatime.hackclub.com", '
        b'"updated_at": "2026-12-03T15:04:05+01:00", '
        b'"today": {"total_seconds": "5025", "text": "", "goal": null}}'
    ),
    "bad date": (
        b'{"version": 1, "server": "https://hackatime.hackclub.com", '
        b'"updated_at": "yesterday", '
        b'"today": {"total_seconds": 1, "text": "", "goal": null}}'
    ),
    "not UTF-8": b"\xff\xfe",
}


@pytest.mark.parametrize("content", CORRUPT.values(), ids=CORRUPT)
def test_corrupt_cache_is_ignored_with_a_warning(
    content: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    """A broken cache gives None and a log line, never an exception."""
    path = paths.cache_path()
    path.parent.mkdir(parents=True)
    path.write_bytes(content)

    with caplog.at_level(logging.WARNING, logger="tray_app.cache"):
        assert load_last_good(path, SERVER) is None

    assert str(path) in caplog.text


def test_corrupt_cache_is_replaced_by_the_next_good_value(
    tmp_path: Path,
) -> None:
    """Saving over a broken cache works: the cache is disposable."""
    path = tmp_path / "state" / "last_status.json"
    path.parent.mkdir()
    path.write_bytes(b"{broken")

    save_last_good(path, TODAY, UPDATED_AT, SERVER)

    assert load_last_good(path, SERVER) == (TODAY, UPDATED_AT)
