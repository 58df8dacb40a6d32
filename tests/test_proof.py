"""`brief proof`: each PDF page beside its DOCX page in one PNG; through the same renderer, the built-in sets' layout in both formats."""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from brief.check import check_input
from brief.cli import app
from brief.errors import ConversionFailed
from brief.tools.proof.libreoffice import docx_to_pdf
from brief.tools.proof.renderings import Renderings, render_both
from brief.tools.proof.sheet import BACKGROUND, NOTE_INK
from tests.samples import BUILT_IN_SETS, EXAMPLE, MINIMAL

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")
SHADE = (0xEE, 0xF2, 0xF6)  # --shade in templates/policy-brief/style.css: the background of the bottom-line box
SHADED_BOX = {"policy-brief": True, "memo": True, "assessment": False}  # the assessment's style.css takes the box's shading off

runner = CliRunner()


def columns(png: Path) -> int:
    """How many pages stand side by side: the most runs of page (not background) 200 pixels or wider on one line of the sheet."""
    image = Image.open(png).convert("RGB")
    widest = 0
    for y in range(0, image.height, 7):
        line = pixels(image.crop((0, y, image.width, y + 1)))
        runs = "".join(" " if pixel == BACKGROUND else "#" for pixel in line).split()
        widest = max(widest, sum(len(run) >= 200 for run in runs))
    return widest


def pixels(image: Image.Image) -> list[tuple[int, ...]]:
    """The RGB pixels of `image`, row by row."""
    data = image.convert("RGB").tobytes()
    return list(zip(data[0::3], data[1::3], data[2::3], strict=True))


def shaded(page: Image.Image) -> bool:
    """Whether the top half of a page, where the bottom-line box stands, has a patch of the shade colour (a tenth of it or more)."""
    top = page.crop((0, 0, page.width, page.height // 2))
    near = sum(1 for pixel in pixels(top) if all(abs(a - b) <= 2 for a, b in zip(pixel, SHADE, strict=True)))
    return near >= top.width * top.height // 10


def fake_soffice(folder: Path, script: str) -> Path:
    """An executable named soffice in `folder` that runs `script` instead of LibreOffice."""
    folder.mkdir(exist_ok=True)
    path = folder / "soffice"
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


@pytest.mark.slow
@needs_libreoffice
def test_proof_sets_each_pdf_page_beside_its_docx_page(tmp_path: Path) -> None:
    """With LibreOffice, the sheet has two columns, is the only file written, and is the same bytes for the same input."""
    out = tmp_path / "belarus.proof.png"
    result = runner.invoke(app, ["proof", str(EXAMPLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stdout == f"wrote {out}\n"
    assert result.stderr == ""
    assert columns(out) == 2
    assert [path.name for path in tmp_path.iterdir()] == ["belarus.proof.png"]
    first = out.read_bytes()
    assert runner.invoke(app, ["proof", str(EXAMPLE), "--out", str(out)]).exit_code == 0
    assert out.read_bytes() == first


def test_without_libreoffice_the_sheet_shows_the_pdf_only_and_says_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No soffice on PATH: exit 0, one column, the reason on stderr and, in the note colour, on the sheet."""
    monkeypatch.setenv("PATH", "")
    out = tmp_path / "belarus.proof.png"
    result = runner.invoke(app, ["proof", str(EXAMPLE), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert (
        result.stderr == "DOCX not shown: LibreOffice (soffice or libreoffice) is not on PATH; install it to see the DOCX beside the PDF\n"
    )
    assert columns(out) == 1
    assert NOTE_INK in set(pixels(Image.open(out)))


def test_the_default_sheet_goes_to_the_output_folder_and_nothing_else_is_written(
    write_input: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --out the sheet is output/<input name>.proof.png, where a build writes, and no PDF or DOCX is left anywhere."""
    path = write_input(MINIMAL)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("PATH", "")
    result = runner.invoke(app, ["proof", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout == "wrote output/brief.proof.png\n"
    assert sorted(str(file.relative_to(tmp_path)) for file in tmp_path.rglob("*")) == ["brief.yaml", "output", "output/brief.proof.png"]


def test_an_out_that_is_not_a_png_is_a_usage_error(tmp_path: Path) -> None:
    """--out must name a .png: exit 2, said before anything is built."""
    result = runner.invoke(app, ["proof", str(EXAMPLE), "--out", str(tmp_path / "sheet.pdf")])
    assert result.exit_code == 2
    assert result.stderr == f"usage error: --out {tmp_path / 'sheet.pdf'}: a proof sheet is a PNG; give a name ending in .png\n"
    assert list(tmp_path.iterdir()) == []


def test_a_failing_libreoffice_is_an_error_and_writes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An installed LibreOffice that fails: exit 1 with its last words, and no sheet that would hide the DOCX."""
    fake_soffice(tmp_path / "bin", "echo 'Error: source file could not be loaded' >&2; exit 1")
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    out = tmp_path / "belarus.proof.png"
    result = runner.invoke(app, ["proof", str(EXAMPLE), "--out", str(out)])
    assert result.exit_code == 1
    assert result.stderr == "error: LibreOffice failed to print the DOCX (exit 1): Error: source file could not be loaded\n"
    assert not out.exists()


def test_a_libreoffice_that_prints_nothing_is_an_error(tmp_path: Path) -> None:
    """LibreOffice that exits 0 without a PDF (as it does for a file it cannot load) is a failure, not an empty DOCX column."""
    soffice = fake_soffice(tmp_path / "bin", "exit 0")
    with pytest.raises(ConversionFailed, match="LibreOffice printed no PDF from the DOCX"):
        docx_to_pdf(b"PK", str(soffice))


def test_a_libreoffice_that_hangs_is_killed_with_its_children(tmp_path: Path) -> None:
    """Past the timeout LibreOffice is stopped, with the worker it started, and the proof fails instead of waiting for ever."""
    pid_file = tmp_path / "worker.pid"
    soffice = fake_soffice(tmp_path / "bin", f"sleep 300 & echo $! > {pid_file}; wait")
    with pytest.raises(ConversionFailed, match=r"took longer than 1 s to print the DOCX and was stopped"):
        docx_to_pdf(b"PK", str(soffice), timeout=1)
    status = Path(f"/proc/{pid_file.read_text().strip()}/status")
    assert not status.exists() or "State:\tZ" in status.read_text()


@pytest.fixture(scope="module", params=BUILT_IN_SETS)
def rendered(request: pytest.FixtureRequest) -> Renderings:
    """The example in one built-in set, drawn in both formats by the proof's renderer."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed; .ci/run installs it")
    return render_both(check_input(EXAMPLE, str(request.param)))


def test_the_pdf_and_the_docx_have_the_same_number_of_pages_give_or_take_one(rendered: Renderings) -> None:
    """A set's DOCX breaks pages about where its PDF does: the page counts differ by one at most."""
    assert rendered.docx is not None
    assert abs(len(rendered.pdf) - len(rendered.docx)) <= 1, (len(rendered.pdf), len(rendered.docx))


def test_the_pdf_shades_the_bottom_line_box_as_its_set_says(rendered: Renderings) -> None:
    """Page 1 of the PDF shows the shaded bottom-line box in policy-brief and memo, and no shade in the assessment."""
    assert shaded(rendered.pdf[0]) == SHADED_BOX[rendered.template]


def test_the_docx_shades_the_bottom_line_box_as_the_pdf_does(rendered: Renderings) -> None:
    """Page 1 of the DOCX, as LibreOffice prints it, is shaded where the PDF's is, and only there."""
    assert rendered.docx is not None
    assert shaded(rendered.docx[0]) == shaded(rendered.pdf[0])


def test_the_proof_runs_libreoffice_on_a_copy_in_a_private_folder(tmp_path: Path) -> None:
    """LibreOffice gets the DOCX in a fresh folder of its own, with its profile there too, never a user's folder or profile."""
    seen = tmp_path / "seen"
    soffice = fake_soffice(tmp_path / "bin", f'echo "$PWD|$HOME|$*" > {seen}; touch brief.pdf')
    assert docx_to_pdf(b"PK", str(soffice)) == b""
    folder, home, arguments = seen.read_text().strip().split("|")
    assert home == folder and Path(folder).name.startswith("brief-proof-") and not Path(folder).exists()
    assert f"-env:UserInstallation={Path(folder, 'profile').as_uri()}" in arguments.split()
    assert arguments.endswith(f"--convert-to pdf --outdir {folder} {folder}/brief.docx")
    assert os.environ.get("HOME") != home
