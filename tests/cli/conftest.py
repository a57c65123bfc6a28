"""Fixtures for command-line tests: a demo server and a CLI runner."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from tray_app.cli import main
from tray_app.demo import DemoServer


@dataclass
class CliResult:
    """What one run of ``hackatime-tray`` produced."""

    exit_code: int
    out: str
    err: str

    def json(self) -> Any:
        """The standard output parsed as JSON."""
        return json.loads(self.out)


@pytest.fixture
def server() -> Iterator[DemoServer]:
    """A demo server on loopback for one test."""
    with DemoServer() as demo:
        yield demo


@pytest.fixture
def use_server(
    server: DemoServer, monkeypatch: pytest.MonkeyPatch
) -> DemoServer:
    """Point the app at the demo server through the environment."""
    monkeypatch.setenv("HACKATIME_API_URL", server.url)
    monkeypatch.setenv("HACKATIME_API_KEY", server.api_key)
    return server


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str]) -> Any:
    """Run ``hackatime-tray`` in-process and capture what it prints."""

    def run(*argv: str) -> CliResult:
        code = main(list(argv))
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
