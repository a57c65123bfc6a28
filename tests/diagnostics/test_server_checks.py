"""The server, key, time zone and heartbeat lines, against a real demo
server over loopback."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from diagnostics_helpers import NOW, add_heartbeat, line, run_doctor

from tray_app.credentials import mask_key
from tray_app.demo import DemoServer
from tray_app.diagnostics import (
    API_KEY,
    CONNECTION,
    KEY_ACCEPTED,
    LAST_HEARTBEAT,
    SERVER,
    TIME_ZONE,
    DoctorOptions,
    Level,
    render_text,
)
from tray_app.timezones import local_timezone_name, same_utc_offset

PROFILE_PATH = "/api/hackatime/v1/users/current"


def test_working_setup_passes_every_server_line(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """Server, key, connection, key check, zone and a fresh heartbeat are
    all ok when the demo server answers and an editor sent just now."""
    add_heartbeat(use_demo, 120, editor="neovim")

    report = run_doctor(options)

    for name in (SERVER, API_KEY, CONNECTION, KEY_ACCEPTED, TIME_ZONE):
        assert line(report, name).level is Level.OK, line(report, name)
    heartbeat = line(report, LAST_HEARTBEAT)
    assert heartbeat.level is Level.OK
    assert "2 minutes ago" in heartbeat.summary
    assert "Neovim" in heartbeat.summary


def test_server_line_names_the_address_and_where_it_came_from(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """The server line shows the demo's origin and its source variable."""
    server = line(run_doctor(options), SERVER)

    assert use_demo.url in server.summary
    assert "HACKATIME_API_URL" in server.summary


def test_key_line_shows_the_source_and_only_the_masked_key(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """The key line names HACKATIME_API_KEY and the last four characters,
    and the whole report holds the key nowhere."""
    report = run_doctor(options)

    key = line(report, API_KEY)
    assert key.level is Level.OK
    assert "HACKATIME_API_KEY" in key.summary
    assert mask_key(use_demo.api_key) in key.summary
    assert use_demo.api_key not in render_text(report)


def test_connection_line_reports_the_answer_time_in_ms(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """A quick loopback answer is ok and its time is given in ms."""
    connection = line(run_doctor(options), CONNECTION)

    assert connection.level is Level.OK
    assert connection.summary.startswith("The server answered in ")
    assert connection.summary.endswith(" ms.")


def test_missing_key_fails_and_server_lines_are_not_checked(
    demo: DemoServer, options: DoctorOptions, monkeypatch
) -> None:
    """With no key anywhere the key line fails, and the lines that need
    the key say they were not checked instead of guessing."""
    monkeypatch.setenv("HACKATIME_API_URL", demo.url)

    report = run_doctor(options)

    assert line(report, API_KEY).level is Level.FAIL
    assert "No API key" in line(report, API_KEY).summary
    for name in (CONNECTION, KEY_ACCEPTED, TIME_ZONE, LAST_HEARTBEAT):
        assert line(report, name).level is Level.WARN
        assert line(report, name).summary.startswith("Not checked")
    assert demo.requests == []


def test_rejected_key_fails_the_key_line_but_the_server_answered(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """A 401 from the server is a failed key check, "rejected", with the
    key masked; the connection itself counts as working."""
    use_demo.inject("unauthorized")

    report = run_doctor(options)

    accepted = line(report, KEY_ACCEPTED)
    assert accepted.level is Level.FAIL
    assert "rejected" in accepted.summary
    assert mask_key(use_demo.api_key) in accepted.summary
    assert line(report, CONNECTION).level is Level.OK
    assert use_demo.api_key not in render_text(report)


def test_slow_server_warns_past_the_threshold(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """An answer slower than the threshold (lowered to 100 ms, the demo
    waiting 0.3 s) is a warning that gives the time it took."""
    use_demo.inject("slow", count=1, path_prefix=PROFILE_PATH, delay=0.3)

    report = run_doctor(replace(options, slow_after_ms=100))

    connection = line(report, CONNECTION)
    assert connection.level is Level.WARN
    assert "slowly" in connection.summary
    elapsed = int(connection.summary.split(": ")[1].split(" ms")[0])
    assert elapsed >= 300
    assert line(report, KEY_ACCEPTED).level is Level.OK


def test_server_down_fails_the_connection_line(
    options: DoctorOptions, monkeypatch
) -> None:
    """A stopped server is a failed connection; the key is then not
    checked rather than called wrong."""
    server = DemoServer()
    server.start()
    url, key = server.url, server.api_key
    server.stop()
    monkeypatch.setenv("HACKATIME_API_URL", url)
    monkeypatch.setenv("HACKATIME_API_KEY", key)

    report = run_doctor(options)

    connection = line(report, CONNECTION)
    assert connection.level is Level.FAIL
    assert "did not answer" in connection.summary
    assert line(report, KEY_ACCEPTED).summary.startswith("Not checked")


def test_server_error_page_fails_the_connection_line(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """A 500 HTML page is a failed connection line naming the error."""
    use_demo.inject("server_error_html")

    connection = line(run_doctor(options), CONNECTION)

    assert connection.level is Level.FAIL
    assert "with an error" in connection.summary


def test_busy_server_is_a_warning_not_a_failure(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """A 503 "still computing" answer is a warning to try again."""
    use_demo.inject("busy")

    connection = line(run_doctor(options), CONNECTION)

    assert connection.level is Level.WARN
    assert "busy" in connection.summary


def test_profile_zone_with_another_offset_warns_about_today(
    options: DoctorOptions, monkeypatch
) -> None:
    """A profile in Pacific/Kiritimati (UTC+14) on a UTC computer warns
    that "today" follows the profile zone, naming both zones."""
    with DemoServer(timezone="Pacific/Kiritimati", now=lambda: NOW) as demo:
        monkeypatch.setenv("HACKATIME_API_URL", demo.url)
        monkeypatch.setenv("HACKATIME_API_KEY", demo.api_key)
        report = run_doctor(options)

    zone = line(report, TIME_ZONE)
    assert zone.level is Level.WARN
    assert "Pacific/Kiritimati" in zone.summary
    assert "UTC" in zone.summary
    assert "'today'" in zone.summary


def test_profile_in_this_computers_zone_is_ok(
    options: DoctorOptions, monkeypatch
) -> None:
    """A profile in the computer's own zone (read from the system, not
    given) has the same offset, so the zone line is ok."""
    local = local_timezone_name()
    now = datetime.now(UTC)
    with DemoServer(timezone=local) as demo:
        monkeypatch.setenv("HACKATIME_API_URL", demo.url)
        monkeypatch.setenv("HACKATIME_API_KEY", demo.api_key)
        report = run_doctor(replace(options, local_zone=None, now=now))

    zone = line(report, TIME_ZONE)
    assert same_utc_offset(local, local, now)
    assert zone.level is Level.OK
    assert local in zone.summary


def test_no_heartbeat_ever_fails_with_the_plugin_hint(
    options: DoctorOptions, monkeypatch
) -> None:
    """A user without any heartbeat fails: the plugin is not sending.

    The demo plans no day before the Unix epoch, so with its clock at
    06:00 on 1970-01-01 it has no heartbeat at all.
    """
    epoch_morning = datetime(1970, 1, 1, 6, tzinfo=UTC)
    with DemoServer(timezone="UTC", now=lambda: epoch_morning) as demo:
        api_root = demo.url + "/api/hackatime/v1"
        monkeypatch.setenv("HACKATIME_API_URL", demo.url)
        monkeypatch.setenv("HACKATIME_API_KEY", demo.api_key)
        report = run_doctor(replace(options, now=epoch_morning))

    heartbeat = line(report, LAST_HEARTBEAT)
    assert heartbeat.level is Level.FAIL
    assert "no heartbeat has ever arrived" in heartbeat.summary.lower()
    assert "plugin is not sending" in heartbeat.summary
    assert api_root in heartbeat.advice


def test_heartbeat_older_than_an_hour_warns_with_its_editor(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """A last heartbeat two hours old is a warning naming its age and
    editor (the raw token "vscode" shown as VS Code)."""
    add_heartbeat(use_demo, 2 * 3600, editor="vscode")

    heartbeat = line(run_doctor(options), LAST_HEARTBEAT)

    assert heartbeat.level is Level.WARN
    assert "2 hours ago" in heartbeat.summary
    assert "VS Code" in heartbeat.summary


def test_stale_threshold_is_a_parameter(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """The same ten-minute-old heartbeat is ok at the default threshold
    and a warning at a five-minute one."""
    add_heartbeat(use_demo, 600, editor="emacs")

    default = line(run_doctor(options), LAST_HEARTBEAT)
    strict = line(
        run_doctor(replace(options, stale_after_seconds=300)), LAST_HEARTBEAT
    )

    assert default.level is Level.OK
    assert strict.level is Level.WARN
    assert "Emacs" in strict.summary


def test_unknown_editor_token_is_shown_as_sent(
    use_demo: DemoServer, options: DoctorOptions
) -> None:
    """An editor the doctor has no nicer name for keeps its raw token."""
    add_heartbeat(use_demo, 30, editor="kakoune")

    heartbeat = line(run_doctor(options), LAST_HEARTBEAT)

    assert heartbeat.level is Level.OK
    assert "kakoune" in heartbeat.summary
    assert "just now" in heartbeat.summary
