"""Reproducible builds: the same input, template and version give byte-identical files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.readers import visible
from tests.samples import DISTRIBUTED, EXAMPLE


def build_in_new_process(source: Path, out: Path, *options: str) -> dict[str, bytes]:
    command = [sys.executable, "-m", "brief", "build", str(source), "--out", str(out), *options]
    subprocess.run(command, check=True, capture_output=True)
    return {path.name: path.read_bytes() for path in visible(out)}


def test_two_builds_in_separate_processes_are_identical(tmp_path: Path) -> None:
    """Building twice, in two processes, gives the same bytes for every format and the manifest."""
    first = build_in_new_process(EXAMPLE, tmp_path / "first", "--format", "pdf,docx,html")
    second = build_in_new_process(EXAMPLE, tmp_path / "second", "--format", "pdf,docx,html")
    assert sorted(first) == ["belarus.docx", "belarus.html", "belarus.manifest.json", "belarus.pdf"]
    assert first == second


def test_numbered_copies_are_reproducible(tmp_path: Path) -> None:
    """Numbered copies too come out byte for byte the same from two separate builds."""
    source = tmp_path / "brief.yaml"
    source.write_text(DISTRIBUTED)
    first = build_in_new_process(source, tmp_path / "first", "--copies", "--format", "pdf")
    second = build_in_new_process(source, tmp_path / "second", "--copies", "--format", "pdf")
    assert len([name for name in first if "-copy-" in name]) == 3
    assert first == second
