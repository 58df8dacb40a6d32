"""House lines: a footer line set once prints on every page of both formats, and a footer only one format prints is reported."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from typer.testing import CliRunner

from brief.build import build
from brief.cli import app
from tests.readers import pdf_pages
from tests.samples import BUILT_IN_SETS, EXAMPLE, MINIMAL

runner = CliRunner()
LINE = "Not for onward release"


def docx_footer(path: Path) -> list[str]:
    """The paragraphs of the DOCX's page footer."""
    return [paragraph.text for paragraph in docx.Document(str(path)).sections[0].footer.paragraphs]


def thin_set(tmp_path: Path, brief_html: str) -> Path:
    """A set extending policy-brief whose brief.html is `brief_html`."""
    folder = tmp_path / "house-style"
    assert runner.invoke(app, ["templates", "copy", "policy-brief", str(folder), "--thin"]).exit_code == 0
    (folder / "brief.html").write_text('{% extends "base.html" %}\n' + brief_html)
    return folder


@pytest.mark.parametrize("name", BUILT_IN_SETS)
def test_footer_line_from_brief_toml_prints_on_every_page_of_both_formats(tmp_path: Path, name: str) -> None:
    """brief.toml's footer_line is in the footer of every PDF page and in the DOCX footer, with each built-in set."""
    (tmp_path / "brief.toml").write_text(f'footer_line = "{LINE}"\n')
    path = tmp_path / "brief.yaml"
    path.write_text(MINIMAL + "scope_note: " + "A long scope note. " * 400 + "\n")
    result = build(path, tmp_path / "out", ["pdf", "docx"], template=name)
    pages = pdf_pages(result.output("pdf"))
    assert len(pages) > 1 or name == "memo"  # the memo is one page by design, and prints no scope note
    assert all(LINE in page for page in pages)
    assert LINE in docx_footer(result.output("docx"))


def test_house_line_block_prints_in_both_formats(tmp_path: Path) -> None:
    """A set overriding house_line prints its line on every PDF page and in the DOCX footer, and the check passes."""
    folder = thin_set(tmp_path, "{% block house_line %}<p>Office of Net Assessment</p>{% endblock %}\n")
    assert runner.invoke(app, ["templates", "check", str(folder)]).exit_code == 0
    result = build(EXAMPLE, tmp_path / "out", ["pdf", "docx"], template=str(folder))
    assert all("Office of Net Assessment" in page for page in pdf_pages(result.output("pdf")))
    assert "Office of Net Assessment" in docx_footer(result.output("docx"))


def test_second_footer_is_reported_by_templates_check(tmp_path: Path) -> None:
    """A second footer (the PDF prints one per page, the DOCX both) is reported at its template line."""
    brief_html = '{% block page_furniture %}{{ super() }}\n<footer class="page-footer"><p>Ours</p></footer>{% endblock %}\n'
    folder = thin_set(tmp_path, brief_html)
    result = runner.invoke(app, ["templates", "check", str(folder)])
    assert result.exit_code != 0
    assert f'{folder / "brief.html"}:3: error: footer: the set adds a second <footer class="page-footer">' in result.output


def test_brief_toml_accepts_footer_line_and_explains_it(tmp_path: Path) -> None:
    """brief.toml takes footer_line, and brief check --explain-config lists it with its line."""
    (tmp_path / "brief.toml").write_text(f'organisation = "Office"\nfooter_line = "{LINE}"\n')
    path = tmp_path / "brief.yaml"
    path.write_text(MINIMAL)
    result = runner.invoke(app, ["check", "--explain-config", str(path)])
    assert f"{path}: footer_line = '{LINE}'  ({tmp_path / 'brief.toml'}:2)" in result.output.splitlines()
