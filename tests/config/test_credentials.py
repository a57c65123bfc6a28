"""Where the address and key come from: one test per step of the order.

Settings and ~/.wakatime.cfg are real files in the test's HOME, read by
the real readers. Only the keyring is a stand-in (``DictKeySource``),
because it is an OS service.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tray_app import paths
from tray_app.address import ServerAddress
from tray_app.credentials import Credentials, mask_key, resolve_credentials
from tray_app.errors import ConfigError, KeystoreError
from tray_app.settings import load_settings
from tray_app.wakatime_cfg import read_wakatime_cfg

HACKATIME = "https://hackatime.hackclub.com"
HACKATIME_API = HACKATIME + "/api/hackatime/v1"
FLAG_SERVER = "https://flag.example.org"
ENV_SERVER = "https://env.example.org"
SETTINGS_SERVER = "https://settings.example.org"
WAKATIME_SERVER = "https://wakatime-cfg.example.org"

ENV_KEY = "env-key-0001"
KEYRING_KEY = "keyring-key-0002"
FILE_KEY = "file-key-0003"
WAKATIME_ENV_KEY = "waka-env-key-0004"


class DictKeySource:
    """A keyring stand-in: keys by server base URL, or a failure on read."""

    def __init__(
        self,
        keys: dict[str, str] | None = None,
        error: Exception | None = None,
    ) -> None:
        self.keys = keys or {}
        self.error = error
        self.asked: list[str] = []

    def get_key(self, address: ServerAddress) -> str | None:
        self.asked.append(address.base_url)
        if self.error is not None:
            raise self.error
        return self.keys.get(address.base_url)


def _write_settings(text: str) -> None:
    path = paths.settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _write_wakatime_cfg(
    home: Path, api_url: str | None, key: str | None
) -> None:
    lines = ["[settings]"]
    if api_url is not None:
        lines.append(f"api_url = {api_url}")
    if key is not None:
        lines.append(f"api_key = {key}")
    (home / ".wakatime.cfg").write_text(
        "\n".join(lines) + "\n", encoding="utf-8"
    )


def _resolve(
    *,
    cli_api_url: str | None = None,
    env: dict[str, str] | None = None,
    keys: DictKeySource | None = None,
    allow_insecure_http: bool = False,
) -> Credentials:
    """Resolve with the real files of the test's HOME."""
    return resolve_credentials(
        cli_api_url=cli_api_url,
        env=env or {},
        settings=load_settings(),
        keystore=keys or DictKeySource(),
        wakatime=read_wakatime_cfg(),
        allow_insecure_http=allow_insecure_http,
    )


@pytest.fixture
def every_address_source(isolated_home: Path) -> dict[str, str]:
    """Settings and .wakatime.cfg both name a server; returns the env."""
    _write_settings(f'api_url = "{SETTINGS_SERVER}"\n')
    _write_wakatime_cfg(
        isolated_home, WAKATIME_SERVER + "/api/hackatime/v1", None
    )
    return {"HACKATIME_API_URL": ENV_SERVER}


def test_api_url_flag_comes_first(
    every_address_source: dict[str, str],
) -> None:
    """--api-url beats the environment and every file."""
    credentials = _resolve(cli_api_url=FLAG_SERVER, env=every_address_source)

    assert credentials.address.base_url == FLAG_SERVER
    assert credentials.address_source == "--api-url"


def test_env_url_beats_the_settings_file(
    every_address_source: dict[str, str],
) -> None:
    """HACKATIME_API_URL beats the settings file and .wakatime.cfg."""
    credentials = _resolve(env=every_address_source)

    assert credentials.address.base_url == ENV_SERVER
    assert credentials.address_source == "HACKATIME_API_URL"


def test_settings_file_beats_wakatime_cfg(
    every_address_source: dict[str, str],
) -> None:
    """Our settings file's api_url beats the one in .wakatime.cfg."""
    credentials = _resolve()

    assert credentials.address.base_url == SETTINGS_SERVER
    assert credentials.address_source == "settings file"


def test_wakatime_cfg_beats_the_default(isolated_home: Path) -> None:
    """With no setting of ours, .wakatime.cfg's api_url is used."""
    _write_wakatime_cfg(
        isolated_home, WAKATIME_SERVER + "/api/hackatime/v1", None
    )

    credentials = _resolve()

    assert credentials.address.base_url == WAKATIME_SERVER
    assert credentials.address_source == "~/.wakatime.cfg"


def test_default_server_when_no_source_names_one() -> None:
    """Nothing set anywhere: Hackatime's production server."""
    credentials = _resolve()

    assert credentials.address.base_url == HACKATIME
    assert credentials.address_source == "default"


def test_env_key_beats_the_keyring(isolated_home: Path) -> None:
    """HACKATIME_API_KEY beats the keyring and .wakatime.cfg."""
    _write_wakatime_cfg(isolated_home, HACKATIME_API, FILE_KEY)
    keys = DictKeySource({HACKATIME: KEYRING_KEY})

    credentials = _resolve(
        env={"HACKATIME_API_KEY": f"  {ENV_KEY}\n"}, keys=keys
    )

    assert credentials.api_key == ENV_KEY
    assert credentials.key_source == "HACKATIME_API_KEY"


def test_keyring_key_beats_wakatime_cfg_key(isolated_home: Path) -> None:
    """The key stored for the server beats the one in .wakatime.cfg."""
    _write_wakatime_cfg(isolated_home, HACKATIME_API, FILE_KEY)

    credentials = _resolve(keys=DictKeySource({HACKATIME: KEYRING_KEY}))

    assert credentials.api_key == KEYRING_KEY
    assert credentials.key_source == "keyring"


def test_wakatime_cfg_key_beats_wakatime_env_key(isolated_home: Path) -> None:
    """The file's key for the same server beats WAKATIME_API_KEY."""
    _write_wakatime_cfg(isolated_home, HACKATIME_API, FILE_KEY)

    credentials = _resolve(env={"WAKATIME_API_KEY": WAKATIME_ENV_KEY})

    assert credentials.api_key == FILE_KEY
    assert credentials.key_source == "~/.wakatime.cfg"


def test_wakatime_env_key_is_the_last_resort(isolated_home: Path) -> None:
    """WAKATIME_API_KEY is used when .wakatime.cfg names the server only."""
    _write_wakatime_cfg(isolated_home, HACKATIME_API, None)

    credentials = _resolve(env={"WAKATIME_API_KEY": WAKATIME_ENV_KEY})

    assert credentials.api_key == WAKATIME_ENV_KEY
    assert credentials.key_source == "WAKATIME_API_KEY"


def test_no_key_anywhere_gives_none() -> None:
    """No key in any source: api_key is None and the source says so."""
    credentials = _resolve()

    assert credentials.api_key is None
    assert credentials.key_source == "none"
    assert credentials.warnings == ()


def test_keyring_is_asked_for_the_resolved_server() -> None:
    """The keyring is looked up for the address that won, not another."""
    keys = DictKeySource({HACKATIME: "wrong-server", ENV_SERVER: KEYRING_KEY})

    credentials = _resolve(env={"HACKATIME_API_URL": ENV_SERVER}, keys=keys)

    assert keys.asked == [ENV_SERVER]
    assert credentials.api_key == KEYRING_KEY


def test_wakatime_key_for_another_server_is_not_sent(
    isolated_home: Path,
) -> None:
    """A .wakatime.cfg key for another server is skipped, with a warning."""
    _write_settings(f'api_url = "{SETTINGS_SERVER}"\n')
    _write_wakatime_cfg(isolated_home, HACKATIME_API, FILE_KEY)

    credentials = _resolve(env={"WAKATIME_API_KEY": WAKATIME_ENV_KEY})

    assert credentials.api_key is None
    assert len(credentials.warnings) == 2
    assert all(HACKATIME in warning for warning in credentials.warnings)
    assert not any(FILE_KEY in warning for warning in credentials.warnings)


def test_wakatime_key_without_api_url_belongs_to_wakatime_com(
    isolated_home: Path,
) -> None:
    """A file with a key but no api_url is a wakatime.com setup: not used."""
    _write_wakatime_cfg(isolated_home, None, FILE_KEY)

    credentials = _resolve()

    assert credentials.address.base_url == HACKATIME
    assert credentials.api_key is None
    assert "https://api.wakatime.com" in credentials.warnings[0]


def test_wakatime_key_is_used_when_the_address_came_from_that_file(
    isolated_home: Path,
) -> None:
    """A WakaTime user's file gives both the server and its key."""
    _write_wakatime_cfg(
        isolated_home, "https://api.wakatime.com/api/v1", FILE_KEY
    )

    credentials = _resolve()

    assert (
        credentials.address.wakatime_api_url
        == "https://api.wakatime.com/api/v1"
    )
    assert credentials.api_key == FILE_KEY
    assert credentials.key_source == "~/.wakatime.cfg"


def test_keyring_failure_is_a_warning_and_lookup_goes_on(
    isolated_home: Path,
) -> None:
    """A broken keyring does not stop the next source being used."""
    _write_wakatime_cfg(isolated_home, HACKATIME_API, FILE_KEY)
    keys = DictKeySource(error=KeystoreError("The keyring is broken."))

    credentials = _resolve(keys=keys)

    assert credentials.api_key == FILE_KEY
    assert credentials.warnings == (
        "The API key could not be read from the keyring: "
        "The keyring is broken.",
    )


def test_blank_environment_values_count_as_unset() -> None:
    """An exported but empty variable does not hide the next source."""
    credentials = _resolve(
        env={"HACKATIME_API_URL": "  ", "HACKATIME_API_KEY": ""},
        keys=DictKeySource({HACKATIME: KEYRING_KEY}),
    )

    assert credentials.address_source == "default"
    assert credentials.key_source == "keyring"


def test_bad_address_names_its_source() -> None:
    """A refused address says which source it came from."""
    with pytest.raises(ConfigError, match="HACKATIME_API_URL"):
        _resolve(env={"HACKATIME_API_URL": "http://time.example.org"})


def test_bad_wakatime_api_url_names_the_file(isolated_home: Path) -> None:
    """A refused api_url from .wakatime.cfg names that file."""
    _write_wakatime_cfg(isolated_home, "http://time.example.org/api", None)

    with pytest.raises(ConfigError) as caught:
        _resolve()

    assert str(isolated_home / ".wakatime.cfg") in caught.value.message
    assert caught.value.path == isolated_home / ".wakatime.cfg"


def test_insecure_http_allowed_by_the_settings_file() -> None:
    """allow_insecure_http in the settings lets an http address through."""
    _write_settings("allow_insecure_http = true\n")

    credentials = _resolve(env={"HACKATIME_API_URL": "http://10.0.0.2:3000"})

    assert credentials.address.base_url == "http://10.0.0.2:3000"


def test_insecure_http_allowed_by_the_argument() -> None:
    """The allow_insecure_http argument (the CLI flag) does the same."""
    credentials = _resolve(
        cli_api_url="http://10.0.0.2:3000", allow_insecure_http=True
    )

    assert credentials.address.base_url == "http://10.0.0.2:3000"


def test_remote_http_in_settings_is_refused_unless_allowed() -> None:
    """A plain http api_url in the settings file needs the explicit flag."""
    _write_settings('api_url = "http://10.0.0.2:3000"\n')

    with pytest.raises(ConfigError, match="settings"):
        _resolve()
    allowed = _resolve(allow_insecure_http=True)

    assert allowed.address.base_url == "http://10.0.0.2:3000"


def test_credentials_repr_hides_the_key() -> None:
    """Logging a Credentials object cannot leak the key."""
    credentials = _resolve(env={"HACKATIME_API_KEY": ENV_KEY})

    assert ENV_KEY not in repr(credentials)


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("0123abcd-4567-4cde-8f01-23456789abcd", "••••abcd"),
        ("short", "••••"),
        (None, "(none)"),
    ],
)
def test_mask_key_shows_at_most_the_last_four(
    key: str | None, shown: str
) -> None:
    """Only the last four characters of a long key are ever shown."""
    assert mask_key(key) == shown
