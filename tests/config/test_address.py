"""Server addresses: every accepted form, and every refused one."""

from __future__ import annotations

import pytest

from tray_app.address import DEFAULT_SERVER, parse_server_address
from tray_app.errors import ConfigError

VALID_EXAMPLE = "https://hackatime.hackclub.com"


def test_origin_gives_hackatime_api_url_and_v1_api_url() -> None:
    """The bare origin is the base; the API roots are built from it."""
    address = parse_server_address("https://hackatime.hackclub.com")

    assert address.base_url == "https://hackatime.hackclub.com"
    assert (
        address.wakatime_api_url
        == "https://hackatime.hackclub.com/api/hackatime/v1"
    )
    assert address.v1_api_url == "https://hackatime.hackclub.com/api/v1"
    assert address.host == "hackatime.hackclub.com"
    assert address.is_hackatime
    assert not address.is_loopback


@pytest.mark.parametrize(
    "raw",
    [
        "https://hackatime.hackclub.com/api/hackatime/v1",
        "https://hackatime.hackclub.com/api/hackatime/v1/",
        "https://hackatime.hackclub.com/api",
        "https://hackatime.hackclub.com/",
        "https://hackatime.hackclub.com///",
        "  https://hackatime.hackclub.com  \n",
        "\thttps://hackatime.hackclub.com/api/hackatime/v1/ ",
        "HTTPS://Hackatime.HackClub.com:443",
    ],
)
def test_every_form_of_the_same_server_gives_the_same_address(
    raw: str,
) -> None:
    """api_url, older /api, slashes, whitespace and case all normalise."""
    assert parse_server_address(raw) == parse_server_address(DEFAULT_SERVER)


def test_wakatime_api_url_with_v1_path_is_kept_as_given() -> None:
    """A wakatime.com api_url is used as is; the base is its origin."""
    address = parse_server_address("https://api.wakatime.com/api/v1/")

    assert address.wakatime_api_url == "https://api.wakatime.com/api/v1"
    assert address.base_url == "https://api.wakatime.com"
    assert not address.is_hackatime


def test_wakapi_compat_api_url_is_kept_as_given() -> None:
    """Wakapi's WakaTime-compatible root is used as is."""
    address = parse_server_address(
        "https://wakapi.example.org/api/compat/wakatime/v1"
    )

    assert (
        address.wakatime_api_url
        == "https://wakapi.example.org/api/compat/wakatime/v1"
    )
    assert address.base_url == "https://wakapi.example.org"


def test_path_prefix_stays_part_of_the_base_url() -> None:
    """A server under a path keeps that path in every URL."""
    from_origin = parse_server_address("https://example.org/hackatime/")
    from_api_url = parse_server_address(
        "https://example.org/hackatime/api/hackatime/v1"
    )

    assert from_origin == from_api_url
    assert from_origin.base_url == "https://example.org/hackatime"
    assert (
        from_origin.wakatime_api_url
        == "https://example.org/hackatime/api/hackatime/v1"
    )
    assert from_origin.v1_api_url == "https://example.org/hackatime/api/v1"


def test_web_pages_are_built_from_the_configured_server() -> None:
    """Dashboard, projects, settings and key pages follow the base URL."""
    address = parse_server_address("https://time.example.org:8443/")

    assert address.dashboard_url == "https://time.example.org:8443/"
    assert (
        address.projects_today_url
        == "https://time.example.org:8443/my/projects?interval=today"
    )
    assert address.settings_url == "https://time.example.org:8443/my/settings"
    assert address.api_key_url == "https://time.example.org:8443/api-key"


@pytest.mark.parametrize(
    ("raw", "host"),
    [
        ("http://127.0.0.1:8765", "127.0.0.1"),
        ("http://127.5.5.5/api/hackatime/v1", "127.5.5.5"),
        ("http://localhost:3000/", "localhost"),
        ("http://[::1]:8080", "::1"),
    ],
)
def test_plain_http_to_loopback_is_allowed(raw: str, host: str) -> None:
    """A server on this computer may use http: the key stays local."""
    address = parse_server_address(raw)

    assert address.is_loopback
    assert address.host == host
    assert address.base_url.startswith("http://")


def test_ipv6_loopback_keeps_brackets_and_port_in_urls() -> None:
    """An IPv6 host is written in brackets in every URL."""
    address = parse_server_address("http://[::1]:8080/api/hackatime/v1")

    assert address.base_url == "http://[::1]:8080"
    assert address.dashboard_url == "http://[::1]:8080/"


@pytest.mark.parametrize(
    "raw",
    [
        "http://hackatime.hackclub.com",
        "http://192.168.1.20:3000/api/hackatime/v1",
        "http://localhost.example.com",
    ],
)
def test_plain_http_to_a_remote_host_is_refused(raw: str) -> None:
    """http to another host is refused, saying the key would be in clear."""
    with pytest.raises(ConfigError) as caught:
        parse_server_address(raw)

    assert "unencrypted" in caught.value.message
    assert "https://" in caught.value.message


def test_plain_http_to_a_remote_host_is_allowed_with_the_flag() -> None:
    """allow_insecure_http lets a trusted-network server use http."""
    address = parse_server_address(
        "http://192.168.1.20:3000", allow_insecure_http=True
    )

    assert address.base_url == "http://192.168.1.20:3000"
    assert not address.is_loopback


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "hackatime.hackclub.com",
        "localhost:3000",
        "ftp://hackatime.hackclub.com",
        "https://hack atime.hackclub.com",
        "https://hackatime.hackclub.com/my path",
        "https://hackatime.hackclub.com/?user=me",
        "https://hackatime.hackclub.com/#top",
        "https://hackatime.hackclub.com/?",
        "https://me:secret@hackatime.hackclub.com",
        "https://me@hackatime.hackclub.com",
        "https://",
        "https://:443",
        "https://hackatime.hackclub.com:99999",
        "https://hackatime.hackclub.com:port",
        "https://[::1",
        "https://example.org/a//api/hackatime/v1",
    ],
)
def test_malformed_address_is_refused_with_a_valid_example(raw: str) -> None:
    """Anything but an http(s) server URL gets a sentence with an example."""
    with pytest.raises(ConfigError) as caught:
        parse_server_address(raw)

    assert VALID_EXAMPLE in caught.value.message
    assert caught.value.message.endswith(".")


def test_refused_address_is_not_repeated_in_the_message() -> None:
    """A password (or a pasted key) in the value never reaches the message."""
    secret = "0123abcd-4567-4cde-8f01-23456789abcd"

    with pytest.raises(ConfigError) as caught:
        parse_server_address(f"https://me:{secret}@hackatime.hackclub.com")

    assert secret not in str(caught.value)
