"""Both formats take their document properties from the rendered head, so a set that changes it changes both."""

from __future__ import annotations

from pathlib import Path

import docx
import pypdf
from typer.testing import CliRunner

from brief.build import build
from brief.cli import app
from tests.samples import EXAMPLE

runner = CliRunner()


def properties(folder: Path, template: str | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """Title, subject and author of the example built in PDF and DOCX, as each format records them."""
    result = build(EXAMPLE, folder, ["pdf", "docx"], template=template)
    info = pypdf.PdfReader(result.output("pdf")).metadata
    assert info is not None, "the PDF has no document information"
    core = docx.Document(str(result.output("docx"))).core_properties
    pdf = {"title": info.title or "", "subject": info.subject or "", "author": info.author or ""}
    return pdf, {"title": core.title, "subject": core.subject, "author": core.author}


def test_a_set_that_changes_the_title_changes_it_in_both_formats(tmp_path: Path) -> None:
    """An editor's <title> and <meta name=author> reach the PDF's and the DOCX's properties alike."""
    folder = tmp_path / "house"
    assert runner.invoke(app, ["templates", "copy", "policy-brief", str(folder)]).exit_code == 0
    base = folder / "base.html"
    text = base.read_text(encoding="utf-8")
    text = text.replace("<title>{{ brief.title }}</title>", "<title>HOUSE: {{ brief.title }}</title>")
    text = text.replace('<meta name="author" content="', '<meta name="author" content="Unit 7; ')
    base.write_text(text, encoding="utf-8")
    pdf, word = properties(tmp_path / "out", str(folder))
    assert pdf["title"].startswith("HOUSE: ") and pdf["title"] == word["title"]
    assert pdf["author"].startswith("Unit 7; ") and pdf["author"] == word["author"]


def test_the_built_in_set_gives_both_formats_the_same_properties(tmp_path: Path) -> None:
    """Title, subtitle (as subject) and authors match between the two formats of the example."""
    pdf, word = properties(tmp_path / "out")
    assert pdf == word
    assert all(pdf.values())
