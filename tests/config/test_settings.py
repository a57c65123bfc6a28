"""Our settings file: read, saved and updated on real files in tmp HOME."""

from __future__ import annotations

import logging
import stat
import sys
from pathlib import Path

import pytest

from tray_app import paths
from tray_app.errors import ConfigError
from tray_app.formatting import DisplayFormat
from tray_app.settings import (
    Settings,
    load_settings,
    save_settings,
    update_settings,
)

SECRET = "0123abcd-4567-4cde-8f01-23456789abcd"


@pytest.fixture
def settings_file() -> Path:
    """The real settings path inside the test's HOME (not created)."""
    path = paths.settings_path()
    path.parent.mkdir(parents=True)
    return path


def test_missing_file_gives_the_defaults() -> None:
    """Without a settings file every setting has its default."""
    assert load_settings() == Settings()


def test_values_in_the_file_are_read(settings_file: Path) -> None:
    """Each key in the file sets the setting of that name."""
    settings_file.write_text(
        'api_url = "https://time.example.org"\n'
        'display_format = "clock"\n'
        "poll_interval_seconds = 120\n"
        "notifications = false\n"
        "allow_insecure_http = true\n"
        "allow_key_vault_cmd = true\n",
        encoding="utf-8",
    )

    assert load_settings() == Settings(
        api_url="https://time.example.org",
        display_format=DisplayFormat.CLOCK,
        poll_interval_seconds=120,
        notifications=False,
        allow_insecure_http=True,
        allow_key_vault_cmd=True,
    )


def test_saved_settings_load_back_unchanged(settings_file: Path) -> None:
    """save_settings then load_settings gives the same settings."""
    settings = Settings(
        api_url="http://127.0.0.1:3000",
        display_format=DisplayFormat.DECIMAL,
        poll_interval_seconds=300,
        notifications=False,
    )

    save_settings(settings)

    assert load_settings(settings_file) == settings


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permission bits")
def test_saved_settings_file_is_private(settings_file: Path) -> None:
    """The settings file is readable by the user only."""
    save_settings(Settings())

    assert stat.S_IMODE(settings_file.stat().st_mode) == 0o600


def test_update_changes_one_value_and_keeps_the_rest(
    settings_file: Path,
) -> None:
    """update_settings writes the change; other settings stay as they were."""
    settings_file.write_text(
        'display_format = "clock"\nnotifications = false\n', encoding="utf-8"
    )

    updated = update_settings(poll_interval_seconds=90)

    assert updated == Settings(
        display_format=DisplayFormat.CLOCK,
        poll_interval_seconds=90,
        notifications=False,
    )
    assert load_settings() == updated


def test_update_can_clear_the_server_address(settings_file: Path) -> None:
    """Setting api_url to None removes it from the file."""
    settings_file.write_text(
        'api_url = "https://time.example.org"\n', encoding="utf-8"
    )

    update_settings(api_url=None)

    assert load_settings().api_url is None
    assert "api_url" not in settings_file.read_text(encoding="utf-8")


def test_unknown_keys_are_logged_and_kept_when_saving(
    settings_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A key from a newer version is ignored with a warning, never lost."""
    settings_file.write_text(
        'future_option = "keep me"\nnotifications = false\n',
        encoding="utf-8",
    )

    with caplog.at_level(logging.WARNING, logger="tray_app.settings"):
        update_settings(notifications=True)

    assert "future_option" in caplog.text
    assert 'future_option = "keep me"' in settings_file.read_text(
        encoding="utf-8"
    )
    assert load_settings().notifications is True


def test_byte_order_mark_is_accepted(settings_file: Path) -> None:
    """A UTF-8 BOM (as Notepad writes) is skipped, not an error."""
    settings_file.write_bytes(b'\xef\xbb\xbfdisplay_format = "server"\n')

    assert load_settings().display_format is DisplayFormat.SERVER


BROKEN_FILES = {
    "not TOML": b"display_format = clock\n",
    "NUL bytes": b'display_format = "clock"\n\x00\x00',
    "not UTF-8": b'display_format = "cl\xffck"\n',
    "wrong type": b'notifications = "yes"\n',
    "interval as bool": b"poll_interval_seconds = true\n",
    "interval as float": b"poll_interval_seconds = 60.5\n",
    "interval too short": b"poll_interval_seconds = 5\n",
    "interval too long": b"poll_interval_seconds = 601\n",
    "unknown display format": b'display_format = "sparkles"\n',
    "malformed api_url": b'api_url = "hackatime.hackclub.com"\n',
    "api key in settings": f'api_key = "{SECRET}"\n'.encode(),
}


@pytest.mark.parametrize("content", BROKEN_FILES.values(), ids=BROKEN_FILES)
def test_broken_file_is_reported_with_its_path_and_kept(
    settings_file: Path, content: bytes
) -> None:
    """Load, save and update all refuse a broken file and leave its bytes."""
    settings_file.write_bytes(content)

    for attempt in (
        lambda: load_settings(),
        lambda: save_settings(Settings()),
        lambda: update_settings(notifications=False),
    ):
        with pytest.raises(ConfigError) as caught:
            attempt()

        assert str(settings_file) in caught.value.message
        assert caught.value.path == settings_file
        assert SECRET not in caught.value.message
        assert settings_file.read_bytes() == content


def test_interval_out_of_range_names_the_limits(settings_file: Path) -> None:
    """The message says which values are allowed."""
    settings_file.write_text("poll_interval_seconds = 5\n", encoding="utf-8")

    with pytest.raises(ConfigError, match="between 30 and 600"):
        load_settings()


def test_update_with_a_bad_value_keeps_the_file(settings_file: Path) -> None:
    """A bad new value is refused and the old file stays as it was."""
    settings_file.write_bytes(b"poll_interval_seconds = 120\n")

    with pytest.raises(ConfigError, match=str(settings_file)):
        update_settings(poll_interval_seconds=10)

    assert settings_file.read_bytes() == b"poll_interval_seconds = 120\n"


def test_update_with_an_unknown_name_is_a_type_error() -> None:
    """A misspelt setting name is a programming error, caught early."""
    with pytest.raises(TypeError, match="poll_interval"):
        update_settings(poll_interval=90)


def test_saving_a_bad_value_leaves_the_old_file(settings_file: Path) -> None:
    """Settings with a wrong value are refused before anything is written."""
    settings_file.write_bytes(b'display_format = "clock"\n')
    not_a_url = Settings(api_url="hackatime.hackclub.com")
    not_a_string = Settings(api_url=object())  # type: ignore[arg-type]

    for bad in (not_a_url, not_a_string):
        with pytest.raises(ConfigError, match="api_url"):
            save_settings(bad)

    assert settings_file.read_bytes() == b'display_format = "clock"\n'
    assert [p.name for p in settings_file.parent.iterdir()] == [
        "settings.toml"
    ]


def test_settings_object_refuses_an_interval_out_of_range() -> None:
    """Settings made in code obey the same 30..600 s bounds."""
    with pytest.raises(ConfigError, match="between 30 and 600"):
        Settings(poll_interval_seconds=29)
