"""The demo server's route table: the real paths, matched in order.

Path parameters are unquoted after matching, as Rails does. Anything not
in the table gets Rails' 404 (JSON or HTML by the Accept header); the web
pages a tray menu opens get a small HTML page.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import unquote

from tray_app.demo import routes_public, routes_v1, routes_wakatime
from tray_app.demo.web import (
    Context,
    Reply,
    framework_error,
    html_reply,
    redirect_reply,
)

Handler = Callable[[Context, Mapping[str, str]], Reply]


@dataclass(frozen=True)
class Route:
    """One method and path pattern, and the handler that answers it."""

    method: str
    pattern: re.Pattern[str]
    handler: Handler


def _route(method: str, path: str, handler: Handler) -> Route:
    return Route(method, re.compile(f"^{path}/?$"), handler)


_SEGMENT = r"[^/]+"
_WAKA = "/api/hackatime/v1"
_V1 = "/api/v1"

ROUTES = (
    _route(
        "GET",
        f"{_WAKA}/users/current/stats/last_7_days",
        routes_wakatime.last_7_days,
    ),
    _route(
        "GET",
        f"{_WAKA}/users/(?P<id>{_SEGMENT})/statusbar/today",
        routes_wakatime.statusbar_today,
    ),
    _route(
        "GET",
        f"{_WAKA}/users/(?P<id>{_SEGMENT})/summaries",
        routes_wakatime.summaries,
    ),
    _route(
        "POST",
        rf"{_WAKA}/users/(?P<id>{_SEGMENT})/heartbeats(?P<format>\.bulk)?",
        routes_wakatime.push_heartbeats,
    ),
    _route("GET", f"{_WAKA}/users/(?P<id>[^/.]+)", routes_wakatime.profile),
    _route("GET", _WAKA, routes_wakatime.root_redirect),
    _route("GET", "/hackatime/v1", routes_wakatime.root_redirect),
    _route("GET", f"{_V1}/stats", routes_public.global_stats),
    _route(
        "GET",
        f"{_V1}/users/lookup_email/(?P<email>{_SEGMENT})",
        routes_public.lookup_email,
    ),
    _route(
        "GET",
        f"{_V1}/users/lookup_slack_uid/(?P<uid>{_SEGMENT})",
        routes_public.lookup_slack_uid,
    ),
    _route(
        "GET", f"{_V1}/users/(?P<user>{_SEGMENT})/stats", routes_v1.user_stats
    ),
    _route(
        "GET",
        f"{_V1}/users/(?P<user>{_SEGMENT})/trust_factor",
        routes_public.trust_factor,
    ),
    _route(
        "GET",
        f"{_V1}/users/(?P<user>{_SEGMENT})/projects",
        routes_v1.user_projects,
    ),
    _route(
        "GET",
        f"{_V1}/users/(?P<user>{_SEGMENT})/heartbeats/spans",
        routes_v1.user_spans,
    ),
    _route("GET", f"{_V1}/my/heartbeats/most_recent", routes_v1.most_recent),
    _route("GET", f"{_V1}/my/heartbeats", routes_v1.my_heartbeats),
    _route(
        "GET",
        f"{_V1}/leaderboard(?:/(?P<period>daily|weekly))?",
        routes_public.leaderboard,
    ),
    _route("GET", f"{_V1}/authenticated/.*", routes_public.oauth_only),
)

# Web pages a tray menu opens (config/routes.rb); all are HTML.
_WEB_PAGES = re.compile(
    r"^/(?:|my/.*|setup|api-key|leaderboards|extensions|docs.*|api-docs"
    r"|signin|@[^/]+)/?$"
)


def dispatch(ctx: Context) -> Reply:
    """Answer one request from the route table, or with Rails' 404."""
    request = ctx.request
    for route in ROUTES:
        if route.method != request.method:
            continue
        match = route.pattern.match(request.path)
        if match:
            params = {
                name: unquote(value)
                for name, value in match.groupdict().items()
                if value is not None
            }
            return route.handler(ctx, params)

    if request.method == "GET" and request.path.rstrip("/") == "/leaderboard":
        return redirect_reply(301, ctx.origin + "/leaderboards")
    if request.method == "GET" and _WEB_PAGES.match(request.path):
        return html_reply(
            200,
            "Hackatime Tray demo server",
            "This demo server answers the API only; the real server shows "
            "this page.",
        )
    return framework_error(request, 404)
