"""The entry point loads only the command being run, and still parses all."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tray_app.cli import COMMANDS, build_parser, main
from tray_app.commands import status_cmd, tray_cmd


def command_names(argv: list[str] | None) -> set[str]:
    """The command names the parser built for ``argv`` accepts."""
    parser = build_parser(argv)
    subparsers = next(
        action
        for action in parser._actions
        if action.__class__.__name__ == "_SubParsersAction"
    )
    return set(subparsers.choices)


def test_full_parser_has_exactly_the_commands_in_the_table() -> None:
    """Every registered command is in COMMANDS, and every entry exists."""
    assert command_names(None) == set(COMMANDS)


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_command_is_registered_by_its_listed_module(name: str) -> None:
    """Loading only the listed module for a command still defines it."""
    assert name in command_names([name])


def test_status_arguments_parse_to_the_status_handler() -> None:
    """``status --format json`` parses with the lazily built parser."""
    args = build_parser(["status", "--format", "json"]).parse_args(
        ["status", "--format", "json"]
    )

    assert args.handler is status_cmd.run
    assert args.format == "json"


def test_global_option_value_is_not_taken_for_the_command() -> None:
    """In ``--api-url URL status`` the command is status, not the URL."""
    argv = ["--api-url", "http://127.0.0.1:1", "status"]

    args = build_parser(argv).parse_args(argv)

    assert args.handler is status_cmd.run
    assert args.api_url == "http://127.0.0.1:1"


def test_no_command_still_means_the_tray() -> None:
    """With only options, the tray's handler is chosen, as before."""
    argv = ["--poll-interval", "5"]

    args = build_parser(argv).parse_args(argv)

    assert args.handler is tray_cmd.run
    assert args.poll_interval == 5


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    """``--help`` loads all command modules, so it lists them all."""
    with pytest.raises(SystemExit):
        main(["--help"])

    out = capsys.readouterr().out
    assert all(name in out for name in ("status", "doctor", "login"))


def test_status_imports_no_other_command_module() -> None:
    """Parsing ``status`` imports the status and tray command modules only."""
    probe = (
        "import sys\n"
        "from tray_app.cli import build_parser\n"
        "build_parser(['status']).parse_args(['status'])\n"
        "print(' '.join(sorted(m for m in sys.modules "
        "if m.startswith('tray_app.commands.'))))\n"
    )

    done = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        check=True,
    )

    assert done.stdout.split() == [
        "tray_app.commands.context",
        "tray_app.commands.status_cmd",
        "tray_app.commands.tray_cmd",
    ]
