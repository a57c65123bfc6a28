"""Lenient parsing of the server's JSON into models, and its limits."""

from __future__ import annotations

import pytest

from tray_app import parsing
from tray_app.errors import BadResponseError
from tray_app.models import Goal, NamedTotal, TrustFactor


def test_old_doc_statusbar_float_total_gives_int_seconds_and_keeps_text() -> (
    None
):
    """The old doc's 7200.0 is read as 7200 and its text is kept as is."""
    today = parsing.parse_today(
        {"data": {"grand_total": {"total_seconds": 7200.0, "text": "2 hrs"}}}
    )

    assert today.total_seconds == 7200
    assert isinstance(today.total_seconds, int)
    assert today.text == "2 hrs"
    assert today.goal is None


@pytest.mark.parametrize("raw", ["7200", " 7200 ", "7200.0", 7200, 7200.9])
def test_numeric_strings_and_floats_are_accepted_as_totals(
    raw: object,
) -> None:
    """A total sent as int, float or numeric string gives whole seconds."""
    today = parsing.parse_today(
        {"data": {"grand_total": {"total_seconds": raw}}}
    )

    assert today.total_seconds == 7200


def test_real_statusbar_with_goal_gives_goal_and_untouched_text() -> None:
    """The real server's goal object is read; text is never parsed."""
    today = parsing.parse_today(
        {
            "data": {
                "grand_total": {
                    "text": "1h 23m / 2h goal",
                    "total_seconds": 5025,
                },
                "goal": {
                    "target_seconds": 7200,
                    "tracked_seconds": 5000,
                    "completion_percent": 70,
                    "complete": False,
                },
            }
        }
    )

    assert today == parsing.parse_today(
        {
            "data": {
                "grand_total": {
                    "text": "1h 23m / 2h goal",
                    "total_seconds": "5025",
                },
                "goal": {
                    "target_seconds": "7200",
                    "tracked_seconds": 5000.0,
                    "completion_percent": 69.6,
                    "complete": False,
                },
            }
        }
    )
    assert today.goal == Goal(7200, 5000, 70, False)
    assert today.text == "1h 23m / 2h goal"


def test_emoji_text_and_start_coding_text_are_kept_verbatim() -> None:
    """Texts that are not times ("Start coding!", an emoji) stay as sent."""
    for text in ("Start coding!", "\U0001f55c", "You're doing great!"):
        today = parsing.parse_today(
            {"data": {"grand_total": {"text": text, "total_seconds": 0}}}
        )
        assert today.text == text
        assert today.total_seconds == 0


def test_null_text_and_null_goal_and_unknown_fields_are_tolerated() -> None:
    """Null text becomes "", null goal is no goal, extra keys are ignored."""
    today = parsing.parse_today(
        {
            "data": {
                "grand_total": {
                    "text": None,
                    "total_seconds": 60,
                    "digital": "0:01",
                    "decimal": "0.02",
                },
                "goal": None,
                "categories": [{"name": "coding"}],
            },
            "cached_at": "2025-01-01T00:00:00Z",
        }
    )

    assert (today.total_seconds, today.text, today.goal) == (60, "", None)


def test_goal_without_complete_flag_is_complete_when_tracked_reaches_target() -> (
    None
):
    """A goal missing ``complete`` is derived from tracked vs target."""
    today = parsing.parse_today(
        {
            "data": {
                "grand_total": {"total_seconds": 7300},
                "goal": {"target_seconds": 7200, "tracked_seconds": 7300},
            }
        }
    )

    assert today.goal is not None
    assert today.goal.complete


@pytest.mark.parametrize(
    ("answer", "where"),
    [
        ([], "the answer"),
        ({"data": []}, "data"),
        ({"data": {"grand_total": []}}, "data.grand_total"),
        ({"data": {"grand_total": {"total_seconds": "abc"}}}, "total_seconds"),
        ({"data": {"grand_total": {"total_seconds": True}}}, "total_seconds"),
        ({"data": {"grand_total": {"total_seconds": "NaN"}}}, "total_seconds"),
        ({"data": {"grand_total": {"text": "2h"}}}, "total_seconds"),
        ({"data": {"grand_total": {"total_seconds": 1, "text": []}}}, "text"),
        (
            {"data": {"grand_total": {"total_seconds": 1}, "goal": 5}},
            "data.goal",
        ),
        ({"grand_total": {"total_seconds": 1}}, "data"),
    ],
)
def test_wrong_shapes_raise_bad_response_naming_the_field(
    answer: object, where: str
) -> None:
    """A value of the wrong shape is a BadResponseError naming the field."""
    with pytest.raises(BadResponseError) as caught:
        parsing.parse_today(answer)

    message = str(caught.value)
    assert where in message
    assert (
        "Check that the server address points to a Hackatime server" in message
    )


def test_error_message_never_repeats_the_value_the_server_sent() -> None:
    """The message names the field, not the (possibly secret) value."""
    secret = "01234567-89ab-4cde-8f01-23456789abcd"
    with pytest.raises(BadResponseError) as caught:
        parsing.parse_today(
            {"data": {"grand_total": {"total_seconds": secret}}}
        )

    assert secret not in str(caught.value)


def test_profile_with_int_id_and_null_username_and_no_timezone() -> None:
    """An int id becomes text, null username stays None, zone defaults UTC."""
    profile = parsing.parse_profile(
        {"data": {"id": 42, "username": None, "display_name": "Ada", "x": 1}}
    )

    assert (profile.id, profile.username, profile.timezone) == (
        "42",
        None,
        "UTC",
    )
    assert profile.display_name == "Ada"


def test_user_stats_real_shape_reads_lists_and_trust_factor() -> None:
    """The real stats shape: total_seconds items, NaN percent as null."""
    stats = parsing.parse_user_stats(
        {
            "data": {
                "username": "Orpheus",
                "user_id": "42",
                "total_seconds": 12960,
                "daily_average": 864.0,
                "human_readable_total": "3h 36m",
                "languages": [
                    {"name": "Python", "total_seconds": 9000, "percent": 69.44,
                     "text": "2h 30m", "color": "#3572A5"},
                    {"name": None, "total_seconds": "3960", "percent": None},
                ],
                "streak": 3,
            },
            "trust_factor": {"trust_level": "blue", "trust_value": 0},
        }
    )  # fmt: skip

    assert stats.total_seconds == 12960
    assert stats.daily_average == 864
    assert stats.languages == (
        NamedTotal("Python", 9000, 69.44, "2h 30m"),
        NamedTotal("Other", 3960, None, None),
    )
    assert stats.projects == ()
    assert stats.streak == 3
    assert stats.trust_factor == TrustFactor("blue", 0)


def test_user_stats_old_doc_shape_with_seconds_items() -> None:
    """The old doc's ``{"user","total_seconds","languages":[name,seconds]}``."""
    stats = parsing.parse_user_stats(
        {
            "user": "username",
            "total_seconds": 86400,
            "languages": [
                {"name": "Python", "seconds": 43200},
                {"name": "JavaScript", "seconds": 28800},
            ],
            "projects": [{"name": "my-app", "seconds": 36000}],
        }
    )

    assert stats.username == "username"
    assert stats.total_seconds == 86400
    assert [(item.name, item.total_seconds) for item in stats.languages] == [
        ("Python", 43200),
        ("JavaScript", 28800),
    ]
    assert stats.projects[0].total_seconds == 36000


def test_user_stats_total_seconds_only_answer() -> None:
    """``total_seconds=true`` gives just the total; it parses too."""
    stats = parsing.parse_user_stats({"total_seconds": 5025})

    assert stats.total_seconds == 5025
    assert stats.languages == ()


@pytest.mark.parametrize(
    "answer",
    [
        {"data": "nope"},
        {"something": "else"},
        {"data": {"languages": {"name": "Python"}}},
        {"data": {"languages": ["Python"]}},
    ],
)
def test_user_stats_wrong_shapes_raise_bad_response(answer: object) -> None:
    """Stats of the wrong shape are refused with a BadResponseError."""
    with pytest.raises(BadResponseError):
        parsing.parse_user_stats(answer)


def test_week_stats_int_zero_average_and_empty_texts() -> None:
    """``daily_average`` may be the int 0; empty texts and lists are fine."""
    week = parsing.parse_week_stats(
        {
            "data": {
                "total_seconds": 0,
                "daily_average": 0,
                "human_readable_total": "",
                "editors": [],
                "languages": None,
            }
        }
    )

    assert week.daily_average == 0.0
    assert week.languages == ()
    assert week.human_readable_total == ""


def test_heartbeat_list_sorts_by_time_and_tolerates_null_fields() -> None:
    """Heartbeats come back oldest first; null columns stay None."""
    beats = parsing.parse_heartbeat_list(
        {
            "start_time": "2025-12-15T00:00:00.000Z",
            "end_time": "2025-12-15T23:59:59.999Z",
            "total_seconds": 90,
            "heartbeats": [
                {"id": 2, "time": 1765792890.25, "editor": None,
                 "is_write": None, "ja4_id": None, "dependencies": ["rails"]},
                {"id": 1, "time": "1765792800", "project": "<<LAST_PROJECT>>",
                 "is_write": True, "editor": "vscode"},
            ],
        }
    )  # fmt: skip

    assert [beat.id for beat in beats.heartbeats] == [1, 2]
    assert beats.heartbeats[0].time == 1765792800.0
    assert beats.heartbeats[0].project == "<<LAST_PROJECT>>"
    assert beats.heartbeats[1].editor is None
    assert beats.total_seconds == 90


def test_heartbeat_without_time_is_a_bad_response() -> None:
    """A heartbeat with no time cannot be placed and is refused."""
    with pytest.raises(BadResponseError, match=r"heartbeats\[0\]\.time"):
        parsing.parse_heartbeat_list({"heartbeats": [{"id": 1}]})


def test_heartbeats_given_as_object_is_a_bad_response() -> None:
    """``heartbeats`` must be a list."""
    with pytest.raises(BadResponseError, match="heartbeats"):
        parsing.parse_heartbeat_list({"heartbeats": {"time": 1}})


def test_most_recent_with_nothing_gives_all_none() -> None:
    """No heartbeat: the real server's all-null answer parses to None."""
    recent = parsing.parse_most_recent(
        {
            "has_heartbeat": False,
            "heartbeat": None,
            "editor": None,
            "time_ago": None,
        }
    )

    assert (recent.heartbeat, recent.editor, recent.time_ago) == (
        None,
        None,
        None,
    )


def test_trust_factor_old_doc_yellow_is_kept_and_missing_value_derived() -> (
    None
):
    """Old ``yellow``/0 parses; a missing value is derived from the level."""
    assert parsing.parse_trust_factor(
        {"trust_level": "yellow", "trust_value": 0}
    ) == TrustFactor("yellow", 0)
    assert parsing.parse_trust_factor({"trust_level": "GREEN"}) == TrustFactor(
        "green", 2
    )


def test_leaderboard_old_doc_shape_and_null_user() -> None:
    """The old doc's board (date-time start_date) and a null user parse."""
    board = parsing.parse_leaderboard(
        {
            "period": "daily",
            "start_date": "2025-12-20T00:00:00Z",
            "date_range": "Sat, Dec 20, 2025",
            "generated_at": None,
            "entries": [
                {"rank": 1, "user": {"id": 123, "username": "alice",
                 "avatar_url": "https://x/a.png"}, "total_seconds": 14400},
                {"rank": "2", "user": None, "total_seconds": 10800.0},
            ],
        }
    )  # fmt: skip

    assert [entry.rank for entry in board.entries] == [1, 2]
    assert board.entries[0].user_id == 123
    assert board.entries[1].user_id is None
    assert board.entries[1].total_seconds == 10800
    assert board.generated_at is None


def test_user_lookup_needs_a_user_id() -> None:
    """A lookup answer without ``user_id`` is refused."""
    assert (
        parsing.parse_user_lookup({"user_id": 42, "email": "a@b.c"}).user_id
        == 42
    )
    with pytest.raises(BadResponseError, match="user_id"):
        parsing.parse_user_lookup({"email": "a@b.c"})


def test_plain_seconds_accepts_integer_text_and_refuses_html() -> None:
    """``/api/v1/stats`` text/plain answer: digits parse, other text fails."""
    assert parsing.parse_plain_seconds("123456\n") == 123456
    for bad in ("<html></html>", "inf", ""):
        with pytest.raises(BadResponseError):
            parsing.parse_plain_seconds(bad)
    assert parsing.parse_plain_seconds("1.5") == 1
