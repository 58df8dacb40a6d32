"""Editors own the look: copying, extending, listing and checking template sets."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

import docx
import pypdf
import pytest
from pypdf.generic import DictionaryObject
from typer.testing import CliRunner

from brief.build import build
from brief.cli import app
from brief.errors import TemplateError
from brief.render.template_set import builtin_root, read_template_set
from tests.readers import W, docx_bookmarks, docx_internal_links, docx_part, read_docx
from tests.samples import ARCHIVE, BUILT_IN_SETS, EXAMPLE

runner = CliRunner()


def pdf_fonts_of(pdf: Path, text: str) -> set[str]:
    """The fonts the PDF sets `text` in."""
    fonts: set[str] = set()
    for page in pypdf.PdfReader(pdf).pages:

        def visit(found: str, cm: object, tm: object, font: DictionaryObject | None, size: float) -> None:
            if font is not None and text in found:
                fonts.add(str(font["/BaseFont"]).split("+")[-1])

        page.extract_text(visitor_text=visit)
    return fonts


def test_editor_changes_heading_and_body_font_in_both_formats(tmp_path: Path) -> None:
    """Following docs/templates.md: copy a set, rename the key-judgements heading, change the body font; both formats show it."""
    folder = tmp_path / "house-style"
    assert runner.invoke(app, ["templates", "copy", "policy-brief", str(folder), "--thin"]).exit_code == 0
    (folder / "brief.html").write_text('{% extends "base.html" %}\n{% block key_judgements_heading %}Main judgements{% endblock %}\n')
    (folder / "style.css").write_text('html { font-family: "PT Sans", sans-serif; }\n')
    parent = runner.invoke(app, ["templates", "path", "policy-brief"]).stdout.strip()
    assert Path(parent) == (builtin_root() / "policy-brief").resolve()
    shutil.copy(Path(parent) / "reference.docx", folder / "reference.docx")
    reference = docx.Document(str(folder / "reference.docx"))  # what the editor does in Word: Modify the Normal style
    reference.styles["Normal"].font.name = "PT Sans"
    reference.save(str(folder / "reference.docx"))
    assert runner.invoke(app, ["templates", "check", str(folder)]).exit_code == 0

    result = build(EXAMPLE, tmp_path / "out", ["pdf", "docx"], template=str(folder))
    pdf, docx_path = result.output("pdf"), result.output("docx")
    body = "Minsk is"
    assert "Main judgements" in "".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    assert pdf_fonts_of(pdf, body) == {"PT-Sans"}
    read = read_docx(docx_path)
    headings = [text for text, style in zip(read.body, read.styles, strict=True) if style == "Heading 1"]
    assert "Main judgements" in headings and "Key judgements" not in headings
    produced = docx.Document(str(docx_path))
    assert produced.styles["Normal"].font.name == "PT Sans"
    summary = next(paragraph for paragraph in produced.paragraphs if paragraph.text.startswith(body))
    assert summary.style is not None and summary.style.name == "Normal" and not any(run.font.name for run in summary.runs)


def test_thin_set_inherits_everything_it_does_not_hold(tmp_path: Path) -> None:
    """A thin copy builds like its parent: templates, fonts, reference.docx and styles come from the parent."""
    folder = tmp_path / "thin"
    runner.invoke(app, ["templates", "copy", "policy-brief", str(folder), "--thin"])
    template_set = read_template_set(folder)
    parent = builtin_root().resolve() / "policy-brief"
    assert template_set.folders == [folder.resolve(), parent]
    assert template_set.reference_docx == parent / "reference.docx"
    assert template_set.stylesheets == [parent / "style.css", folder.resolve() / "style.css"]
    assert {font.family for font in template_set.fonts} == {"PT Serif", "PT Sans", "PT Mono"}


def test_override_can_name_the_parent_template_explicitly(tmp_path: Path) -> None:
    """A set's own base.html can extend the built-in one as "!policy-brief/base.html"."""
    folder = tmp_path / "thin"
    runner.invoke(app, ["templates", "copy", "policy-brief", str(folder), "--thin"])
    (folder / "base.html").write_text('{% extends "!policy-brief/base.html" %}\n{% block summary %}<p>Replaced summary</p>{% endblock %}\n')
    result = build(EXAMPLE, tmp_path / "out", ["docx"], template=str(folder))
    assert "Replaced summary" in read_docx(result.outputs[0]).body


def test_whole_copy_is_renamed_and_builds(tmp_path: Path) -> None:
    """A whole copy holds every file of the set and takes its folder's name."""
    folder = tmp_path / "ours"
    result = runner.invoke(app, ["templates", "copy", "policy-brief", str(folder)])
    assert result.exit_code == 0
    assert (folder / "reference.docx").is_file() and (folder / "fonts" / "PTSerif-Regular.ttf").is_file()
    assert read_template_set(folder).name == "ours"


def test_copy_refuses_a_folder_in_use(tmp_path: Path) -> None:
    """Copying onto a folder that holds files is refused, and nothing is overwritten."""
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    result = runner.invoke(app, ["templates", "copy", "policy-brief", str(tmp_path / "busy")])
    assert result.exit_code == 2
    assert "exists and is not empty" in result.stderr


def test_extends_must_name_a_set_and_not_loop(tmp_path: Path) -> None:
    """A set extending nothing real, or itself through another, is a template error."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "template.toml").write_text('name = "a"\nextends = "../b"\n')
    with pytest.raises(TemplateError, match=r"extends '\.\./b', which is not a template set"):
        read_template_set(tmp_path / "a")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "template.toml").write_text('name = "b"\nextends = "../a"\n')
    with pytest.raises(TemplateError, match="extends itself"):
        read_template_set(tmp_path / "a")


def test_list_shows_project_and_built_in_sets(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`brief templates list` shows the project's sets and the built-in ones, with descriptions."""
    runner.invoke(app, ["templates", "copy", "policy-brief", str(tmp_path / "templates" / "house"), "--thin"])
    monkeypatch.chdir(tmp_path)
    result = runner.invoke(app, ["templates", "list"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert any(line.startswith("policy-brief") and "built-in" in line and "A policy brief" in line for line in lines)
    assert any(line.startswith("house") and "project" in line for line in lines)


def test_check_reports_what_is_wrong_with_file_and_line(tmp_path: Path) -> None:
    """`brief templates check` names syntax errors, vocabulary breaches, missing styles and fonts, with lines."""
    folder = tmp_path / "broken"
    runner.invoke(app, ["templates", "copy", "policy-brief", str(folder)])
    (folder / "extra.html").write_text(
        '<div>\n<marquee>hi</marquee>\n<p class="lead">x</p>\n<p style="color: red">y</p>\n{% if %}\n</div>\n'
    )
    (folder / "fonts" / "PTMono-Regular.ttf").unlink()
    with (folder / "style.css").open("a") as css:
        css.write('\nh1 { font-family: "Futura", sans-serif; }\n')
    reference = docx.Document(str(folder / "reference.docx"))
    reference.styles["Brief Meta"].delete()
    reference.save(str(folder / "reference.docx"))
    result = runner.invoke(app, ["templates", "check", str(folder)])
    assert result.exit_code == 1
    output = result.stdout + result.stderr
    assert f"{folder / 'extra.html'}:5: error:" in output
    assert f"{folder / 'extra.html'}:2: error: <marquee> is not in the template vocabulary" in output
    assert f'{folder / "extra.html"}:3: error: <p class="lead"> has no Word style' in output
    assert f"{folder / 'extra.html'}:4: error: <p> has a style attribute" in output
    assert "lacks the paragraph style 'Brief Meta'" in output
    assert "PT Mono regular:" in output and "does not exist" in output
    assert "uses the font 'Futura', which the set does not ship" in output
    assert result.stdout.splitlines()[-1] == f"{folder}: broken (6 errors, 1 warning)"


def test_check_runs_a_trial_build(tmp_path: Path) -> None:
    """A set whose templates only fail when rendered is caught by the trial build."""
    folder = tmp_path / "thin"
    runner.invoke(app, ["templates", "copy", "policy-brief", str(folder), "--thin"])
    (folder / "brief.html").write_text('{% extends "base.html" %}{% block summary %}{{ summry }}{% endblock %}')
    result = runner.invoke(app, ["templates", "check", str(folder)])
    assert result.exit_code == 1
    assert "the trial build of the sample brief failed" in result.stderr and "'summry' is undefined" in result.stderr


@pytest.mark.parametrize("name", BUILT_IN_SETS)
def test_built_in_sets_pass_their_check(name: str) -> None:
    """Every built-in set passes `brief templates check` without a warning."""
    result = runner.invoke(app, ["templates", "check", str(builtin_root() / name)])
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[-1].endswith("ok (0 errors, 0 warnings)")


def test_template_by_project_name(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """An input names a project set (in templates/ beside it) by name."""
    runner.invoke(app, ["templates", "copy", "policy-brief", str(tmp_path / "templates" / "house"), "--thin"])
    (tmp_path / "templates" / "house" / "brief.html").write_text(
        '{% extends "base.html" %}{% block summary %}<p>House summary</p>{% endblock %}'
    )
    path = write_input(EXAMPLE.read_text().replace("language: en", "language: en\ntemplate: house"), "belarus.yaml")
    shutil.copytree(ARCHIVE, tmp_path / ARCHIVE.name)
    result = build(path, tmp_path / "out", ["docx"])
    assert "House summary" in read_docx(result.outputs[0]).body


def test_memo_warns_when_it_runs_past_one_page(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """The memo set is made for one page and says so when a brief runs longer."""
    statement = "A long judgement that keeps going " * 12
    judgements = "".join(
        f"  - {{id: KJ{n}, statement: '{statement}', likelihood: likely, confidence: high, evidence: [E1]}}\n" for n in range(1, 16)
    )
    text = (
        "title: Long\ndate: 2025-03-14\nsummary: S\nkey_judgements:\n" + judgements + "evidence:\n  - {id: E1, text: x, source: S1}\n"
        "sources:\n  - {id: S1, title: s}\ntemplate: memo\n"
    )
    result = build(write_input(text), tmp_path / "out", ["pdf"])
    assert any(re.search(r"the brief runs to \d pages, but the memo set is made for 1", warning) for warning in result.warnings)


def test_memo_of_the_example_fits_one_page(tmp_path: Path) -> None:
    """The example's memo is one page, with no warning."""
    result = build(EXAMPLE, tmp_path / "out", ["pdf"], template="memo")
    assert len(pypdf.PdfReader(result.outputs[0]).pages) == 1
    assert not result.warnings


def test_assessment_contents_with_page_numbers(tmp_path: Path) -> None:
    """The assessment opens with contents: page numbers in the PDF; in Word, entries that jump to their headings and show their pages."""
    result = build(EXAMPLE, tmp_path / "out", ["pdf", "docx"], template="assessment")
    pdf, docx_path = result.output("pdf"), result.output("docx")
    first = pypdf.PdfReader(pdf).pages[0].extract_text()
    assert "Contents" in first
    assert re.search(r"Key judgements \.+ 2", first) and re.search(r"Annex A: Evidence \.+ \d", first)
    read = read_docx(docx_path)
    entries = [text for text, style in zip(read.body, read.styles, strict=True) if style == "TOC 1"]
    bookmarks = docx_bookmarks(docx_path)
    links = [link for link in docx_internal_links(docx_path) if link.page_of]  # the contents; evidence ids link too, without pages
    assert [re.sub(r"\{PAGEREF [^}]*\}$", "", entry) for entry in entries] == [link.text for link in links]
    assert links[0].text == "Scope note" and len(links) == len(entries)
    for link in links:  # whatever the bookmarks are called, each entry jumps to the heading it names and shows its page
        assert bookmarks.get(link.anchor) == link.text, link
        assert link.page_of == link.anchor, link
    update = docx_part(docx_path, "word/settings.xml").find(f"{W}updateFields")  # Word fills in the page numbers on opening
    assert update is not None and update.get(f"{W}val") in {"true", "1", "on"}
