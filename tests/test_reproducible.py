"""Reproducible builds: the same input, template and version give byte-identical files."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import fontTools.misc.timeTools
import pytest

from brief.build import build
from brief.render.template_set import builtin_root
from tests.readers import visible
from tests.samples import ARCHIVE, BUILT_IN_SETS, DISTRIBUTED, EXAMPLE

LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#1f4e79"/></svg>'


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


def project_in(folder: Path) -> Path:
    """The example as a project in `folder`: a logo, its earlier issue, and a copy of the policy-brief set as its own "house" set."""
    folder.mkdir(parents=True)
    shutil.copy(EXAMPLE, folder / EXAMPLE.name)
    shutil.copytree(ARCHIVE, folder / ARCHIVE.name)
    (folder / "logo.svg").write_text(LOGO)
    (folder / "brief.toml").write_text('organisation = "Eastern Europe Analysis Unit"\nlogo = "logo.svg"\ntemplate = "house"\n')
    shutil.copytree(builtin_root() / "policy-brief", folder / "templates" / "house")
    return folder / EXAMPLE.name


@pytest.mark.parametrize("template", [None, *BUILT_IN_SETS])
def test_a_project_in_another_folder_gives_the_same_files(tmp_path: Path, template: str | None) -> None:
    """A project moved to another folder builds the same PDF and DOCX, with its own set (a set elsewhere, as brief installed elsewhere) or a built-in one."""
    here = build(project_in(tmp_path / "here"), tmp_path / "here-out", ["pdf", "docx"], template)
    there = build(project_in(tmp_path / "somewhere" / "else" / "there"), tmp_path / "there-out", ["pdf", "docx"], template)
    for format_name in ("pdf", "docx"):
        assert here.output(format_name).read_bytes() == there.output(format_name).read_bytes(), format_name


def clock(now: float) -> SimpleNamespace:
    """A stand-in for the time module that fontTools reads the time from: always `now`."""
    return SimpleNamespace(time=lambda: now)


def test_the_pdf_is_reproducible_when_fonttools_subsets_its_fonts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Without HarfBuzz's subsetter (fontTools subsets, and dates each font), builds years apart give the same PDF; SOURCE_DATE_EPOCH is left as it was."""
    import weasyprint.pdf.fonts

    monkeypatch.setattr(weasyprint.pdf.fonts, "harfbuzz_subset", None)  # as where libharfbuzz-subset is not installed
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    pdfs = []
    for number, (now, epoch) in enumerate([(1_000_000_000.0, None), (1_700_000_000.0, "86400")]):  # "86400": a user's own
        if epoch is not None:
            monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
        monkeypatch.setattr(fontTools.misc.timeTools, "time", clock(now))
        result = build(EXAMPLE, tmp_path / str(number), ["pdf"])
        assert any("Using fontTools instead of HarfBuzz" in warning for warning in result.warnings)
        assert os.environ.get("SOURCE_DATE_EPOCH") == epoch
        pdfs.append(result.output("pdf").read_bytes())
    assert pdfs[0] == pdfs[1]
