"""The built-in sets share base.html's blocks and macros: annex letters, the scope note heading, line lengths, the watermark font."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from brief.build import build
from brief.render.template_set import builtin_root, read_template_set
from brief.render.watermarks import draw_watermarks
from tests.readers import pdf_pages, read_docx, squeeze
from tests.samples import CLEAN, EXAMPLE, MINIMAL


def thin_set(folder: Path, parent: str, template: str, css: str = "") -> Path:
    """A set extending `parent` with its own brief.html and style.css."""
    folder.mkdir()
    (folder / "template.toml").write_text(f'name = "{folder.name}"\nextends = "{parent}"\n')
    (folder / "brief.html").write_text(template)
    (folder / "style.css").write_text(css)
    return folder


def test_only_annex_is_annex_a_in_both_formats(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """A brief without evidence or sources in the assessment set gets "Annex A" for its only annex, in PDF and DOCX."""
    result = build(write_input(MINIMAL), tmp_path / "out", ["pdf", "docx"], template="assessment")
    pdf = squeeze("".join(pdf_pages(result.output("pdf"))))
    docx = squeeze("".join(read_docx(result.output("docx")).body))
    for text in (pdf, docx):
        assert squeeze("Annex A: Estimative language") in text
        assert "AnnexD" not in text and "AnnexB" not in text


def test_annex_letters_follow_the_annexes_present(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """Sources without evidence are Annex A and the estimative language Annex B, in the contents and the headings."""
    result = build(write_input(MINIMAL + "sources:\n  - {id: S1, title: Wire report}\n"), tmp_path / "out", ["docx"], template="assessment")
    body = read_docx(result.output("docx")).body
    for heading in ("Annex A: Sources", "Annex B: Estimative language"):
        assert heading in body  # the heading
        assert any(line.startswith(heading) and line != heading for line in body)  # the contents entry, with its page field
    assert not any("Annex C" in line or "Annex D" in line for line in body)


def test_scope_note_heading_block_renames_it_in_the_assessment(tmp_path: Path) -> None:
    """A set extending assessment that overrides scope_note_heading changes the heading and its contents entry."""
    folder = thin_set(
        tmp_path / "house",
        "assessment",
        '{% extends "!assessment/brief.html" %}\n{% block scope_note_heading %}Terms of reference{% endblock %}\n',
    )
    result = build(EXAMPLE, tmp_path / "out", ["pdf", "docx"], template=str(folder))
    docx = read_docx(result.output("docx"))
    assert [line for line in docx.body if "Terms of reference" in line][:2] == [  # the contents entry, then the heading
        next(line for line in docx.body if line.startswith("Terms of reference") and line != "Terms of reference"),
        "Terms of reference",
    ]
    assert not any("Scope note" in line for line in docx.body)
    pdf = "".join(pdf_pages(result.output("pdf")))
    assert "Terms of reference" in pdf and "Scope note" not in pdf


def test_no_builtin_template_line_exceeds_120_characters() -> None:
    """Every line of every built-in set's templates fits in 120 characters."""
    long = [
        f"{path.relative_to(builtin_root())}:{number}"
        for path in sorted(builtin_root().glob("*/*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if len(line) > 120
    ]
    assert long == []


def test_docx_watermark_uses_the_sets_font(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """The draft watermark is drawn in the family the set's CSS gives .watermark: a set that names another font gets another picture."""
    path = write_input(CLEAN)
    built_in = build(path, tmp_path / "out", ["docx"])
    css = '@media print { .watermark { font-family: "PT Mono", monospace; } }\n'
    folder = thin_set(tmp_path / "mono", "policy-brief", '{% extends "base.html" %}\n', css)
    custom = build(path, tmp_path / "out-mono", ["docx"], template=str(folder))
    sets = (read_template_set(builtin_root() / "policy-brief"), read_template_set(folder))
    sans, mono = (draw_watermarks(template_set, "DRAFT", None).draft for template_set in sets)
    assert sans is not None and mono is not None and sans.png != mono.png
    assert read_docx(built_in.output("docx")).watermarks == [sans.png]
    assert read_docx(custom.output("docx")).watermarks == [mono.png]
