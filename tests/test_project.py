"""Project configuration: brief.toml sets defaults; the command line and the input override them, visibly."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pypdf
import pytest
from typer.testing import CliRunner

from brief.cli import app
from brief.errors import InputError
from brief.input.loader import load
from tests.readers import pdf_dictionary, pdf_pages, read_docx
from tests.samples import MINIMAL

runner = CliRunner()
LOGO = '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="40"><rect width="120" height="40" fill="#1f4e79"/></svg>'


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A project folder with brief.toml, a logo, and a brief in a subfolder."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "assets" / "logo.svg").write_text(LOGO)
    (tmp_path / "brief.toml").write_text(
        'organisation = "Office of Net Assessment"\nlogo = "assets/logo.svg"\nclassification = "OFFICIAL"\noutput = "build"\nscale = "phia"\n'
    )
    (tmp_path / "briefs").mkdir()
    (tmp_path / "briefs" / "note.yaml").write_text(MINIMAL.replace("likelihood: likely", "likelihood: realistic possibility"))
    return tmp_path


def test_inputs_inherit_project_settings(project: Path) -> None:
    """An input without its own values takes brief.toml's: organisation, classification, scale."""
    loaded = load(project / "briefs" / "note.yaml")
    settings = loaded.settings
    assert (settings["organisation"].value, settings["classification"].value, loaded.scale.id) == (
        "Office of Net Assessment",
        "OFFICIAL",
        "phia",
    )
    assert settings["classification"].origin == f"{project / 'brief.toml'}:3"


def test_build_uses_the_project_output_folder_logo_and_marking(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A build with no --out writes into the project's output folder; a PNG logo and the banner print in both formats."""
    from PIL import Image

    Image.new("RGB", (120, 40), "#1f4e79").save(project / "assets" / "logo.png")
    (project / "brief.toml").write_text((project / "brief.toml").read_text().replace("logo.svg", "logo.png"))
    monkeypatch.chdir(project / "briefs")
    result = runner.invoke(app, ["build", "note.yaml"])
    assert result.exit_code == 0, result.output
    pdf, docx_path = project / "build" / "note.pdf", project / "build" / "note.docx"
    [page] = pdf_pages(pdf)
    assert page.count("OFFICIAL") == 2 and "OFFICE OF NET ASSESSMENT" in page.upper()
    images = list(pdf_dictionary(pypdf.PdfReader(pdf).pages[0]["/Resources"]).get("/XObject", {}))
    assert images, "the logo is drawn on the first page"
    with zipfile.ZipFile(docx_path) as package:
        assert any(name.startswith("word/media/") and name.endswith(".png") for name in package.namelist())
    read = read_docx(docx_path)
    assert read.header == ["OFFICIAL"] and "Office of Net Assessment" in read.body


def test_svg_logo_becomes_a_picture_in_word(project: Path, tmp_path: Path) -> None:
    """An SVG logo is drawn as vectors in the PDF and as a sharp PNG in the DOCX."""
    result = runner.invoke(app, ["build", str(project / "briefs" / "note.yaml"), "--out", str(tmp_path / "out"), "--format", "docx"])
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(tmp_path / "out" / "note.docx") as package:
        media = [name for name in package.namelist() if name.startswith("word/media/")]
        assert len(media) == 2  # the logo and the DRAFT watermark
        assert all(package.read(name).startswith(b"\x89PNG") for name in media)


def test_command_line_beats_input_beats_project(project: Path, tmp_path: Path) -> None:
    """--out beats brief.toml's output; the input's own classification beats brief.toml's, with a note."""
    path = project / "briefs" / "note.yaml"
    path.write_text(path.read_text() + "classification: SECRET\n")
    result = runner.invoke(app, ["build", str(path), "--out", str(tmp_path / "elsewhere"), "--format", "docx"])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "elsewhere" / "note.docx").is_file() and not (project / "build").exists()
    assert read_docx(tmp_path / "elsewhere" / "note.docx").header == ["SECRET"]
    assert f"note: {path}: classification: the input's 'SECRET' overrides 'OFFICIAL' from {project / 'brief.toml'}:3" in result.stderr


def test_explain_config_says_where_each_value_came_from(project: Path) -> None:
    """brief check --explain-config lists every setting with its origin."""
    path = project / "briefs" / "note.yaml"
    result = runner.invoke(app, ["check", "--explain-config", "--template", "memo", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert f"{path}: template = 'memo'  (--template)" in lines
    assert f"{path}: organisation = 'Office of Net Assessment'  ({project / 'brief.toml'}:1)" in lines
    assert f"{path}: scale = 'phia'  ({project / 'brief.toml'}:5)" in lines
    assert f"{path}: title = " not in result.stdout


def test_project_template_folder(project: Path) -> None:
    """brief.toml's template may name a set in the project's templates/ folder."""
    runner.invoke(app, ["templates", "copy", "policy-brief", str(project / "templates" / "house"), "--thin"])
    (project / "templates" / "house" / "brief.html").write_text(
        '{% extends "base.html" %}{% block summary_heading %}In short{% endblock %}'
    )
    with (project / "brief.toml").open("a") as config:
        config.write('template = "house"\n')
    result = runner.invoke(app, ["build", str(project / "briefs" / "note.yaml"), "--format", "docx"])
    assert result.exit_code == 0, result.output
    assert "In short" in read_docx(project / "build" / "note.docx").body


def test_bad_project_file_points_at_its_lines(project: Path) -> None:
    """An unknown key, or a logo outside the project or not an image, is reported at brief.toml's line."""
    (project / "brief.toml").write_text('logo = "../elsewhere.png"\ncolour = "blue"\n')
    with pytest.raises(InputError) as caught:
        load(project / "briefs" / "note.yaml")
    messages = [str(problem) for problem in caught.value.problems]
    assert messages == [
        f"{project / 'brief.toml'}:2: colour: unknown setting 'colour'; accepted: "
        "template, templates, output, organisation, logo, footer_line, classification, scale, ladder, exclude, sign_key, trust"
    ]
    (project / "brief.toml").write_text('organisation = "x"\nlogo = "../elsewhere.png"\n')
    with pytest.raises(InputError) as caught:
        load(project / "briefs" / "note.yaml")
    assert [str(problem) for problem in caught.value.problems] == [
        f"{project / 'brief.toml'}:2: logo: '../elsewhere.png' is outside the project's folder"
    ]


def test_project_scale_file(project: Path) -> None:
    """brief.toml may name a scale file in the project, relative to the project."""
    shutil.copy(Path(__file__).parent / "test_scales.py", project / "unused.py")  # the folder holds other files too
    (project / "desk.yaml").write_text(
        "name: Desk\nterms:\n  - {id: low, label: low odds, low: 0, high: 40}\n  - {id: high, label: high odds, low: 60, high: 100}\n"
    )
    (project / "brief.toml").write_text('scale = "desk.yaml"\n')
    path = project / "briefs" / "note.yaml"
    path.write_text(MINIMAL.replace("likelihood: likely", "likelihood: high odds"))
    assert load(path).scale.name == "Desk"
