"""The DOCX opens in a real word processor: LibreOffice converts it and shows the brief as designed."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest

from tests.readers import page_fonts

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed; .ci/run installs it")


@pytest.fixture(scope="module")
def converted(example_outputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example DOCX as LibreOffice prints it to PDF."""
    out = tmp_path_factory.mktemp("libreoffice")
    profile = (out / "profile").as_uri()  # a private profile: parallel runs must not share one
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(example_outputs["docx"]),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return out / "belarus.pdf"


def test_libreoffice_opens_the_docx_and_finds_the_brief(converted: Path) -> None:
    """LibreOffice reads the DOCX: the title, judgements, footnotes and page furniture are all there."""
    reader = pypdf.PdfReader(converted)
    text = "\n".join(page.extract_text() for page in reader.pages)
    for expected in (
        "Belarus is hedging against a Russian defeat",
        "Lukashenko is hedging between Moscow, Kyiv and the West rather than breaking with Russia.",
        "Alternative view B",
        "The Russian Dude. Belarus Just Made an UNEXPECTED Move – Putin Should Be Worried. YouTube.",
        "Estimative language",
        f"Page 1 of {len(reader.pages)}",
    ):
        assert expected in text
    assert text.count("UNCLASSIFIED") == 2 * len(reader.pages)


def test_libreoffice_uses_the_embedded_fonts(converted: Path) -> None:
    """The fonts embedded in the DOCX are used, though this machine has none of them installed."""
    fonts = {font for page in pypdf.PdfReader(converted).pages for font in page_fonts(page)}
    assert {"PTSerif-Regular", "PTSerif-Bold", "PTSans-Regular", "PTSans-Bold"} <= fonts
