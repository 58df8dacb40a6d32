"""Reproducible builds: the same input, template and version give byte-identical files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import EXAMPLE


def build_in_new_process(out: Path) -> dict[str, bytes]:
    subprocess.run(
        [sys.executable, "-m", "brief", "build", str(EXAMPLE), "--out", str(out), "--format", "pdf,docx,html"],
        check=True,
        capture_output=True,
    )
    return {path.name: path.read_bytes() for path in sorted(out.iterdir())}


def test_two_builds_in_separate_processes_are_identical(tmp_path: Path) -> None:
    """Building twice, in two processes, gives the same bytes for every format."""
    first = build_in_new_process(tmp_path / "first")
    second = build_in_new_process(tmp_path / "second")
    assert sorted(first) == ["belarus.docx", "belarus.html", "belarus.pdf"]
    assert first == second
