"""The demo server follows the real server's auth rules and shapes.

These tests talk raw HTTP to the demo (no HackatimeClient), so they can
send what a careless client would: Basic auth, ``?api_key=``, empty
Bearer headers, browser Accept headers.
"""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, datetime

import httpx
import pytest

from tray_app.demo import DemoServer

STATUSBAR = "/api/hackatime/v1/users/current/statusbar/today"
MY_HEARTBEATS = "/api/v1/my/heartbeats"
MY_STATS = "/api/v1/users/my/stats"
JSON = {"Accept": "application/json"}


@pytest.fixture
def raw(demo: DemoServer) -> Iterator[httpx.Client]:
    """A plain httpx client for the demo (no key, exact JSON Accept)."""
    with httpx.Client(
        base_url=demo.url, headers=JSON, trust_env=False
    ) as http:
        yield http


def _basic(secret: str) -> dict[str, str]:
    token = base64.b64encode(secret.encode()).decode()
    return {"Authorization": f"Basic {token}"}


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize("path", [STATUSBAR, MY_HEARTBEATS])
def test_basic_with_the_bare_key_is_accepted(
    demo: DemoServer, raw: httpx.Client, path: str
) -> None:
    """Basic base64(key) works on the WakaTime namespace and my/heartbeats."""
    assert raw.get(path, headers=_basic(demo.api_key)).status_code == 200


@pytest.mark.parametrize("variant", ["key-colon", "excess-padding", "junk"])
def test_basic_that_is_not_strict_base64_of_the_key_is_401(
    demo: DemoServer, raw: httpx.Client, variant: str
) -> None:
    """``key:`` encoding, extra padding or junk all give 401."""
    encoded = base64.b64encode(demo.api_key.encode()).decode()
    tokens = {
        "key-colon": base64.b64encode(f"{demo.api_key}:".encode()).decode(),
        "excess-padding": encoded + "====",
        "junk": "%%%%",
    }

    response = raw.get(
        STATUSBAR, headers={"Authorization": f"Basic {tokens[variant]}"}
    )

    assert response.status_code == 401
    assert response.json() == {"error": "Unauthorized"}


def test_query_api_key_works_only_in_the_wakatime_namespace(
    demo: DemoServer, raw: httpx.Client
) -> None:
    """?api_key= opens statusbar, not my/heartbeats, not users/my/stats."""
    params = {"api_key": demo.api_key}

    assert raw.get(STATUSBAR, params=params).status_code == 200
    assert raw.get(MY_HEARTBEATS, params=params).status_code == 401
    assert raw.get(MY_STATS, params=params).status_code == 404


@pytest.mark.parametrize("bearer", ["Bearer", "Bearer wrong-token"])
def test_bearer_never_falls_back_to_query_api_key(
    demo: DemoServer, raw: httpx.Client, bearer: str
) -> None:
    """An empty or wrong Bearer with a valid ?api_key= is still 401."""
    response = raw.get(
        STATUSBAR,
        params={"api_key": demo.api_key},
        headers={"Authorization": bearer},
    )

    assert response.status_code == 401


def test_bearer_scheme_is_case_insensitive(
    demo: DemoServer, raw: httpx.Client
) -> None:
    """``bearer`` in lower case is accepted."""
    headers = {"Authorization": f"bearer {demo.api_key}"}

    assert raw.get(STATUSBAR, headers=headers).status_code == 200


def test_my_stats_without_bearer_is_404_not_401(
    demo: DemoServer, raw: httpx.Client
) -> None:
    """``my`` needs a Bearer key; Basic or nothing gives 404."""
    for headers in ({}, _basic(demo.api_key)):
        response = raw.get(MY_STATS, headers=headers)
        assert response.status_code == 404
        assert response.json() == {"error": "User not found"}

    assert raw.get(MY_STATS, headers=_bearer(demo.api_key)).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/stats",
        "/api/v1/users/lookup_email/orpheus@hackclub.com",
        "/api/v1/users/lookup_slack_uid/U0266FRGP",
    ],
)
def test_admin_endpoints_take_only_the_admin_key_as_bearer(
    demo: DemoServer, raw: httpx.Client, path: str
) -> None:
    """User keys, ?api_key= and Basic are refused; admin Bearer works."""
    assert raw.get(path, headers=_bearer(demo.api_key)).status_code == 401
    assert raw.get(path, params={"api_key": demo.admin_key}).status_code == 401
    assert raw.get(path, headers=_basic(demo.admin_key)).status_code == 401

    assert raw.get(path, headers=_bearer(demo.admin_key)).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/leaderboard",
        "/api/v1/leaderboard/daily",
        "/api/v1/leaderboard/weekly",
        "/api/v1/users/heidi/trust_factor",
    ],
)
def test_boards_and_trust_factor_are_public(
    raw: httpx.Client, path: str
) -> None:
    """No key is needed for leaderboards and trust factors."""
    assert raw.get(path).status_code == 200


def test_oauth_only_endpoints_refuse_api_keys_without_a_body(
    demo: DemoServer, raw: httpx.Client
) -> None:
    """/api/v1/authenticated/* is Doorkeeper's 401 with no JSON body."""
    response = raw.get(
        "/api/v1/authenticated/me", headers=_bearer(demo.api_key)
    )

    assert response.status_code == 401
    assert response.content == b""
    assert "Doorkeeper" in response.headers["www-authenticate"]


def test_unknown_route_is_json_404_only_for_exact_json_accept(
    raw: httpx.Client,
) -> None:
    """Rails' 404: JSON for Accept: application/json, HTML otherwise."""
    as_json = raw.get("/api/v1/nope")
    browser_like = raw.get(
        "/api/v1/nope", headers={"Accept": "application/json, */*"}
    )

    assert as_json.status_code == browser_like.status_code == 404
    assert as_json.json()["error"] == "Page Not Found"
    assert as_json.json()["status"] == 404
    assert browser_like.headers["content-type"].startswith("text/html")


def test_statusbar_shape_types_and_no_store(
    demo: DemoServer, raw: httpx.Client
) -> None:
    """Integer total, goal present when set, Cache-Control: no-store."""
    response = raw.get(STATUSBAR, headers=_bearer(demo.api_key))
    data = response.json()["data"]

    assert response.headers["cache-control"] == "no-store"
    assert isinstance(data["grand_total"]["total_seconds"], int)
    assert set(data["goal"]) == {
        "target_seconds",
        "tracked_seconds",
        "completion_percent",
        "complete",
    }


def test_statusbar_at_zero_seconds_says_start_coding_and_has_no_goal(
    raw: httpx.Client,
) -> None:
    """Just after midnight with no goal: "Start coding!" and no goal key."""
    just_after_midnight = datetime(2025, 12, 15, 0, 0, 30, tzinfo=UTC)
    with DemoServer(
        now=lambda: just_after_midnight, goal_seconds=None
    ) as quiet:
        response = httpx.get(
            quiet.url + STATUSBAR,
            headers={**JSON, **_bearer(quiet.api_key)},
            trust_env=False,
        )

    assert response.json() == {
        "data": {"grand_total": {"text": "Start coding!", "total_seconds": 0}}
    }


def test_my_heartbeats_defaults_to_the_utc_day_and_ignores_limit(
    demo: DemoServer, raw: httpx.Client
) -> None:
    """No window means today in UTC; ``limit`` is not a server parameter."""
    headers = _bearer(demo.api_key)
    answer = raw.get(MY_HEARTBEATS, headers=headers).json()
    limited = raw.get(
        MY_HEARTBEATS, params={"limit": 1}, headers=headers
    ).json()

    assert answer["start_time"] == "2025-12-15T00:00:00.000Z"
    assert answer["end_time"] == "2025-12-15T23:59:59.999Z"
    assert len(limited["heartbeats"]) == len(answer["heartbeats"]) > 1
    assert isinstance(answer["heartbeats"][0]["time"], float)


def test_my_heartbeats_with_unparsable_time_is_500(
    demo: DemoServer, raw: httpx.Client
) -> None:
    """A bad start_time is an uncaught error on the real server: 500."""
    response = raw.get(
        MY_HEARTBEATS,
        params={"start_time": "yesterday-ish"},
        headers=_bearer(demo.api_key),
    )

    assert response.status_code == 500
    assert response.json()["error"] == "Internal Server Error"


def test_posted_heartbeat_is_stored_and_counted(
    demo: DemoServer, raw: httpx.Client
) -> None:
    """POST heartbeats: single gives 202, bulk 201 with per-item pairs."""
    start = datetime(2025, 11, 1, 12, tzinfo=UTC).timestamp()
    url = "/api/hackatime/v1/users/current/heartbeats"
    headers = _bearer(demo.api_key)

    single = raw.post(
        url, json=[{"time": start, "entity": "a.py"}], headers=headers
    )
    bulk = raw.post(
        url + ".bulk",
        json=[{"time": start + 60, "entity": "a.py"}, {"time": "soon"}],
        headers=headers,
    )
    window = raw.get(
        MY_HEARTBEATS,
        params={
            "start_time": "2025-11-01",
            "end_time": "2025-11-01T23:59:59Z",
        },
        headers=headers,
    ).json()

    assert single.status_code == 202
    assert single.json()["category"] == "coding"
    assert bulk.status_code == 201
    assert [status for _, status in bulk.json()["responses"]] == [201, 422]
    assert window["total_seconds"] == 60
    assert len(window["heartbeats"]) == 2


def test_summaries_need_strict_dates(
    demo: DemoServer, raw: httpx.Client
) -> None:
    """summaries without strict start/end is a 400 with the real message."""
    url = "/api/hackatime/v1/users/current/summaries"
    headers = _bearer(demo.api_key)

    bad = raw.get(url, params={"range": "Today"}, headers=headers)
    good = raw.get(
        url,
        params={"start": "2025-12-14", "end": "2025-12-15"},
        headers=headers,
    )

    assert bad.status_code == 400
    assert "YYYY-MM-DD" in bad.json()["error"]
    assert [day["range"]["text"] for day in good.json()["data"]] == [
        "Yesterday",
        "Today",
    ]
