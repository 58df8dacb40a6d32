"""The code stays clean: ruff (lint and format) and strict mypy pass, as part of the test run."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.samples import ROOT


@pytest.mark.parametrize(
    "command",
    [["ruff", "check", "."], ["ruff", "format", "--check", "."], ["mypy"]],
    ids=["ruff-check", "ruff-format", "mypy"],
)
def test_tool_passes(command: list[str]) -> None:
    """The tool reports nothing to fix."""
    result = subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
