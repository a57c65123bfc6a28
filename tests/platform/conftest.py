"""Fixtures for the start-at-login and desktop-file tests."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest


@pytest.fixture
def desktop_file_problems() -> Callable[[Path], list[str]]:
    """Runs desktop-file-validate on a file and returns its complaints.

    Errors and warnings count; hints are advice and are left out. The
    test is skipped only when desktop-file-utils is not installed.
    """
    validator = shutil.which("desktop-file-validate")
    if validator is None:
        pytest.skip("desktop-file-validate (desktop-file-utils) is missing")

    def problems(path: Path) -> list[str]:
        result = subprocess.run(
            [validator, str(path)],
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )
        lines = (result.stdout + result.stderr).splitlines()
        found = [line for line in lines if ": hint: " not in line]
        if result.returncode != 0 and not found:
            found.append(f"exit status {result.returncode}")
        return found

    return problems
