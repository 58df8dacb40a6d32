"""The PDF: page furniture on every page, tagged structure, metadata, fonts, footnotes, confinement."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pypdf
import pytest

from brief.build import build
from brief.errors import TemplateError
from brief.render.template_set import builtin_root
from tests.readers import page_fonts, pdf_catalog, pdf_dictionary, pdf_pages, split_pdf_page, visible
from tests.samples import MINIMAL


def test_every_page_has_banner_top_and_bottom_and_page_x_of_y(example_outputs: dict[str, Path]) -> None:
    """Each page ends with its header banner, footer banner and "Page i of n"."""
    pages = pdf_pages(example_outputs["pdf"])
    assert len(pages) > 1
    for number, text in enumerate(pages, 1):
        assert split_pdf_page(text, "UNCLASSIFIED").furniture == ["UNCLASSIFIED", "UNCLASSIFIED", f"Page {number} of {len(pages)}"]


def test_banner_is_at_the_top_and_bottom_edges(example_outputs: dict[str, Path]) -> None:
    """The two banners sit in the top and bottom margins, not in the body."""
    reader = pypdf.PdfReader(example_outputs["pdf"])
    page = reader.pages[0]
    heights: list[float] = []
    page.extract_text(visitor_text=lambda text, cm, tm, font, size: heights.append(tm[5]) if text.strip() == "UNCLASSIFIED" else None)
    height = float(page.mediabox.height)
    assert len(heights) == 2
    assert max(heights) > height * 0.9 and min(heights) < height * 0.1


def test_no_classification_prints_no_banner(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """A brief without a classification has only the page number as furniture."""
    result = build(write_input(MINIMAL), tmp_path / "out", ["pdf"])
    [page] = pdf_pages(result.outputs[0])
    assert split_pdf_page(page, None).furniture == ["Page 1 of 1"]


def test_pdf_is_tagged(example_outputs: dict[str, Path]) -> None:
    """The PDF carries a structure tree and says it is marked, for screen readers."""
    catalog = pdf_catalog(example_outputs["pdf"])
    assert bool(pdf_dictionary(catalog["/MarkInfo"])["/Marked"])
    assert "/StructTreeRoot" in catalog


def test_pdf_metadata_has_title_authors_and_language(example_outputs: dict[str, Path]) -> None:
    """Title, author and language are in the PDF's document properties."""
    reader = pypdf.PdfReader(example_outputs["pdf"])
    assert reader.metadata is not None
    assert reader.metadata.title == "Belarus is hedging against a Russian defeat"
    assert reader.metadata.author == "Eastern Europe desk"
    assert str(pdf_catalog(example_outputs["pdf"])["/Lang"]) == "en"


def test_pdf_embeds_the_template_fonts(example_outputs: dict[str, Path]) -> None:
    """The text is set in the fonts the template ships, embedded in the file."""
    fonts = {font for page in pypdf.PdfReader(example_outputs["pdf"]).pages for font in page_fonts(page)}
    assert {"PT-Serif", "PT-Serif-Bold", "PT-Serif-Italic", "PT-Sans", "PT-Sans-Bold"} <= fonts
    assert not any(name.startswith("DejaVu") for name in fonts)


def test_evidence_cites_its_source_in_a_footnote(example_outputs: dict[str, Path]) -> None:
    """Each evidence item's source is a numbered footnote at the foot of its page: in full the first time, short after."""
    citation = "The Russian Dude. Belarus Just Made an UNEXPECTED Move \u2013 Putin Should Be Worried. YouTube."
    short = "Belarus Just Made an UNEXPECTED Move \u2013 Putin Should Be Worried, n. 1"
    notes: list[str] = []
    for text in pdf_pages(example_outputs["pdf"]):
        notes += split_pdf_page(text, "UNCLASSIFIED", [citation, *[short] * 6], len(notes) + 1).notes
    assert notes == [f"1. {citation}", *(f"{number}. {short}" for number in range(2, 8))]


def test_cyrillic_text_prints(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """Cyrillic text is printed with the template's own fonts, not a fallback."""
    path = write_input(MINIMAL.replace("title: Minimal brief", "title: Беларусь страхуется") + "language: ru\n")
    result = build(path, tmp_path / "out", ["pdf"])
    reader = pypdf.PdfReader(result.outputs[0])
    assert "Беларусь страхуется" in reader.pages[0].extract_text()
    assert all("PT" in font for font in page_fonts(reader.pages[0]))
    assert str(pdf_catalog(result.outputs[0])["/Lang"]) == "ru"


@pytest.mark.parametrize(
    ("css", "refused"),
    [
        ('@import url("http://example.org/x.css");', "http://example.org/x.css"),
        ('body { background: url("file:///etc/hostname"); }', "/etc/hostname"),
        ('body { background: url("../../../../../../etc/hostname"); }', "/etc/hostname"),
    ],
)
def test_templates_cannot_reach_outside_or_the_network(write_input: Callable[..., Path], tmp_path: Path, css: str, refused: str) -> None:
    """A template asking for a file outside its folder, or for a URL, fails the build and writes nothing."""
    folder = tmp_path / "set"
    shutil.copytree(builtin_root() / "policy-brief", folder)
    (folder / "style.css").write_text(css + "\n" + (folder / "style.css").read_text())
    path = write_input(MINIMAL + f"template: {folder}\n")
    with pytest.raises(TemplateError, match=refused):
        build(path, tmp_path / "out", ["pdf"])
    assert not (tmp_path / "out").exists() or not visible(tmp_path / "out")


def test_template_may_not_use_files_of_the_input_folder(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """A set's stylesheet cannot reach a file beside the input: a set uses its own files only (the logo comes inline)."""
    folder = tmp_path / "set"
    shutil.copytree(builtin_root() / "policy-brief", folder)
    (tmp_path / "mark.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>')
    (folder / "style.css").write_text(
        f'body {{ background: url("{(tmp_path / "mark.svg").as_uri()}"); }}\n' + (folder / "style.css").read_text()
    )
    with pytest.raises(
        TemplateError, match=r"set/style\.css:1: a CSS url\(\) '.*/mark\.svg' is refused: its real path .* is outside .*/set\b"
    ):
        build(write_input(MINIMAL + f"template: {folder}\n"), tmp_path / "out", ["pdf"])
    assert not (tmp_path / "out").exists()
