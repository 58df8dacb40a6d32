"""The DOCX looks like the PDF: the boxes, indents, widths, fonts and page breaks the set's CSS gives the PDF, read back from Word's XML."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest
from PIL import Image

from brief.build import build
from brief.render.stylesheets import PrintStyle, print_style
from brief.render.template_set import builtin_root, read_template_set
from brief.tools.template_checker import check_template_set
from tests.readers import W, docx_part, paragraph_text
from tests.samples import BUILT_IN_SETS, EXAMPLE

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM = shutil.which("pdftoppm")
TWIPS = {"pt": 20.0, "px": 15.0}
DISAGREE = "the DOCX and PDF differ"
BOXED = ("policy-brief", "assessment")  # the sets that print the estimative language box and the evidence matrix


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The example built in each built-in set: the set's name -> its DOCX (the PDF beside it)."""
    out = tmp_path_factory.mktemp("look")
    return {name: build(EXAMPLE, out / name, ["pdf", "docx"], template=name).output("docx") for name in BUILT_IN_SETS}


def css(name: str) -> PrintStyle:
    """The print rules of a built-in set, as the PDF follows them."""
    return print_style(read_template_set(builtin_root() / name))


def twips(value: str | None) -> int:
    """A CSS length in pt or px, in Word's twentieths of a point."""
    match = re.fullmatch(r"([0-9.]+)(pt|px)", value or "")
    assert match, f"not a length in pt or px: {value!r}"
    return round(float(match.group(1)) * TWIPS[match.group(2)])


def hex_colour(value: str | None) -> str | None:
    """A CSS colour as Word writes it ("#eef2f6" -> "EEF2F6"), or None for none."""
    match = re.search(r"#([0-9a-fA-F]{6})", value or "")
    return match.group(1).upper() if match else None


def body(docx: Path) -> ElementTree.Element:
    """The body of the DOCX's main document."""
    return docx_part(docx, "word/document.xml").find(f"{W}body")  # type: ignore[return-value]


def style_of(paragraph: ElementTree.Element) -> str:
    """The id of a paragraph's style ("Normal" when it names none)."""
    style = paragraph.find(f"{W}pPr/{W}pStyle")
    return style.get(f"{W}val", "Normal") if style is not None else "Normal"


def holding(root: ElementTree.Element, text: str) -> ElementTree.Element:
    """The first paragraph whose text holds `text`."""
    return next(paragraph for paragraph in root.iter(f"{W}p") if text in paragraph_text(paragraph))


def section_paragraphs(root: ElementTree.Element, heading: str) -> list[ElementTree.Element]:
    """The top-level paragraphs from the Heading 1 `heading` up to the next Heading 1."""
    paragraphs = [child for child in root if child.tag == f"{W}p"]
    start = next(index for index, paragraph in enumerate(paragraphs) if paragraph_text(paragraph) == heading)
    rest = paragraphs[start + 1 :]
    end = next((index for index, paragraph in enumerate(rest) if style_of(paragraph) == "Heading1"), len(rest))
    return [paragraphs[start], *rest[:end]]


def attribute(element: ElementTree.Element | None, name: str) -> str | None:
    """A w: attribute of an element that may be missing."""
    return element.get(f"{W}{name}") if element is not None else None


def text_width(root: ElementTree.Element) -> int:
    """The width between the page margins, in twips."""
    section = root.find(f"{W}sectPr")
    size, margins = section.find(f"{W}pgSz"), section.find(f"{W}pgMar")  # type: ignore[union-attr]
    return int(attribute(size, "w") or 0) - int(attribute(margins, "left") or 0) - int(attribute(margins, "right") or 0)


def table_holding(root: ElementTree.Element, text: str) -> ElementTree.Element:
    """The top-level table with a paragraph that reads `text`."""
    return next(table for table in root.findall(f"{W}tbl") if any(paragraph_text(p) == text for p in table.iter(f"{W}p")))


@pytest.mark.parametrize("name", BUILT_IN_SETS)
def test_the_bottom_line_is_shaded_and_bordered_as_the_css_says(built: dict[str, Path], name: str) -> None:
    """The summary's paragraphs carry the CSS box's shade and left rule, in its colours; a set without the box has none."""
    style = css(name)
    fill = hex_colour(style.value("section", ["summary"], "background-color"))
    rule = hex_colour(style.value("section", ["summary"], "border-left"))
    paragraphs = section_paragraphs(body(built[name]), "Bottom line up front")
    assert len(paragraphs) >= 2
    for paragraph in paragraphs:
        assert attribute(paragraph.find(f"{W}pPr/{W}shd"), "fill") == fill
        left = paragraph.find(f"{W}pPr/{W}pBdr/{W}left")
        assert (attribute(left, "color"), attribute(left, "val")) == ((rule, "single") if rule else (None, None))
    assert name == "assessment" or fill == "EEF2F6"  # the box exists where the sets draw it


@pytest.mark.parametrize("name", BOXED)
def test_the_estimative_box_keeps_its_frame(built: dict[str, Path], name: str) -> None:
    """The estimative language is framed on all four sides in the CSS border's colour, kept on one page if break-inside asks."""
    root = body(built[name])
    heading = next(p for p in root.iter(f"{W}p") if paragraph_text(p).endswith("Estimative language"))
    frame = next(table for table in root.findall(f"{W}tbl") if heading in table.iter(f"{W}p"))
    style = css(name)
    colour = hex_colour(style.value("aside", ["estimative-language"], "border-top"))
    assert colour is not None
    for side in ("top", "left", "bottom", "right"):
        border = frame.find(f"{W}tblPr/{W}tblBorders/{W}{side}")
        assert (attribute(border, "val"), attribute(border, "color")) == ("single", colour)
    whole = style.value("aside", ["estimative-language"], "break-inside") == "avoid"
    assert (frame.find(f"{W}tr/{W}trPr/{W}cantSplit") is not None) == whole


@pytest.mark.parametrize("name", BUILT_IN_SETS)
def test_lists_are_indented_as_the_css_indents_them(built: dict[str, Path], name: str) -> None:
    """A judgement's text stands in by ol.judgements' padding, its number hanging in it; not at the margin."""
    root = body(built[name])
    judgement = holding(root, "is hedging between Moscow, Kyiv and the West rather than")
    indent = judgement.find(f"{W}pPr/{W}ind")
    expected = twips(css(name).value("ol", ["judgements"], "padding-left"))
    assert expected > 0
    assert (int(attribute(indent, "left") or 0), int(attribute(indent, "hanging") or 0)) == (expected, min(expected, 360))


def test_a_nested_list_adds_its_own_indent(built: dict[str, Path]) -> None:
    """An assumption's bullet list stands in by the judgement's indent plus a list's own (WeasyPrint's 40px)."""
    root = body(built["policy-brief"])
    assumption = holding(root, "public statements reflect his private reading")
    style = css("policy-brief")
    expected = twips(style.value("ol", ["judgements"], "padding-left")) + twips(style.value("ul", ["assumptions"], "padding-left"))
    assert int(attribute(assumption.find(f"{W}pPr/{W}ind"), "left") or 0) == expected


@pytest.mark.parametrize("name", BOXED)
def test_the_evidence_matrix_takes_its_css_share_of_the_width(built: dict[str, Path], name: str) -> None:
    """The matrix is as wide as table.matrix's min-width share of the text, not the whole width; its columns add up to it."""
    root = body(built[name])
    matrix = table_holding(root, "Alternative views")
    share = float((css(name).value("table", ["matrix"], "min-width") or "").rstrip("%")) / 100
    expected = round(text_width(root) * share)
    assert 0 < share < 1
    assert int(attribute(matrix.find(f"{W}tblPr/{W}tblW"), "w") or 0) == expected
    assert abs(sum(int(attribute(column, "w") or 0) for column in matrix.iter(f"{W}gridCol")) - expected) <= 6


def style_font(styles: ElementTree.Element, style_id: str) -> str | None:
    """The font a paragraph style draws in: its own, else its base style's."""
    while style_id:
        style = next(item for item in styles.findall(f"{W}style") if attribute(item, "styleId") == style_id)
        if (font := attribute(style.find(f"{W}rPr/{W}rFonts"), "ascii")) is not None:
            return font
        style_id = attribute(style.find(f"{W}basedOn"), "val") or ""
    return None


@pytest.mark.parametrize("name", ("policy-brief", "assessment"))
def test_the_subtitle_is_in_the_font_the_css_gives_it(built: dict[str, Path], name: str) -> None:
    """The subtitle keeps the PDF's family (the CSS gives .subtitle none of its own, so the page's), not the headings'."""
    root = body(built[name])
    subtitle = holding(root, "signals to Kyiv and the West")
    assert style_of(subtitle) == "Subtitle"
    assert style_font(docx_part(built[name], "word/styles.xml"), "Subtitle") == css(name).font("p", ["subtitle"]) == "PT Serif"


@pytest.mark.parametrize("name", BUILT_IN_SETS)
def test_pages_break_in_the_docx_exactly_where_the_css_breaks_them(built: dict[str, Path], name: str) -> None:
    """The paragraphs that start a new page are the first of the sections whose CSS says break-before: page, and no others."""
    root = body(built[name])
    breaking = {
        attribute(paragraph.find(f"{W}bookmarkStart"), "name")
        for paragraph in root.iter(f"{W}p")
        if paragraph.find(f"{W}pPr/{W}pageBreakBefore") is not None or paragraph.find(f".//{W}br[@{W}type='page']") is not None
    }
    marks = {attribute(mark, "name") or "" for mark in root.iter(f"{W}bookmarkStart")}
    sections = (
        "summary",
        "scope-note",
        "key-judgements",
        "changes",
        "indicators",
        "implications",
        "evidence",
        "sources",
        "evidence-matrix",
    )
    style = css(name)
    expected = {f"ref_{section.replace('-', '_')}" for section in sections if style.value("section", [section], "break-before") == "page"}
    assert breaking == expected & marks
    assert name != "assessment" or breaking == {"ref_key_judgements", "ref_evidence"}


@pytest.mark.parametrize("name", BUILT_IN_SETS)
def test_body_text_has_widow_control_and_headings_keep_with_the_next(built: dict[str, Path], name: str) -> None:
    """Normal has widow and orphan control and the heading styles keep with the next paragraph; no paragraph turns either off."""
    styles = docx_part(built[name], "word/styles.xml")
    by_id = {attribute(style, "styleId"): style for style in styles.findall(f"{W}style")}
    assert by_id["Normal"].find(f"{W}pPr/{W}widowControl") is not None
    assert all(by_id[f"Heading{level}"].find(f"{W}pPr/{W}keepNext") is not None for level in (1, 2, 3))
    root = body(built[name])
    assert root.findall(f".//{W}widowControl[@{W}val='0']") == root.findall(f".//{W}keepNext[@{W}val='0']") == []


@pytest.mark.parametrize("name", BOXED)
def test_evidence_rows_are_not_split_across_pages(built: dict[str, Path], name: str) -> None:
    """Every row of the evidence table is kept on one page, as tr { break-inside: avoid } keeps it in the PDF."""
    table = table_holding(body(built[name]), "Rating")
    rows = table.findall(f"{W}tr")
    assert len(rows) == 8
    assert all(row.find(f"{W}trPr/{W}cantSplit") is not None for row in rows)


def test_templates_check_warns_when_css_and_reference_fonts_disagree(tmp_path: Path) -> None:
    """A set whose CSS sets the body in PT Sans while its reference.docx's Normal is PT Serif gets a warning naming both."""
    folder = tmp_path / "sans"
    folder.mkdir()
    (folder / "template.toml").write_text('name = "sans"\ndescription = "Sans body."\nextends = "policy-brief"\n')
    (folder / "style.css").write_text('html { font-family: "PT Sans", sans-serif; }\n')
    warnings = [str(problem) for problem in check_template_set(folder) if DISAGREE in str(problem)]
    assert any("'Normal' is in 'PT Serif'" in warning and "<p> in 'PT Sans'" in warning for warning in warnings)
    assert all("warning" in warning for warning in warnings)


@pytest.mark.parametrize("name", BUILT_IN_SETS)
def test_templates_check_finds_the_built_in_sets_fonts_in_agreement(name: str) -> None:
    """The built-in sets' CSS and reference.docx agree on the body and heading fonts: the check says nothing of them."""
    assert [problem for problem in check_template_set(builtin_root() / name) if DISAGREE in str(problem)] == []


def shaded_share(image: Path, colour: tuple[int, int, int]) -> float:
    """The share of a page image's upper half within a step of `colour`."""
    with Image.open(image) as page:
        rgb = page.convert("RGB")
    upper = rgb.crop((0, 0, rgb.width, rgb.height // 2))
    colours: list[tuple[int, tuple[int, int, int]]] = upper.getcolors(upper.width * upper.height) or []  # type: ignore[assignment]
    matching = sum(count for count, pixel in colours if _near(pixel, colour))
    return matching / (upper.width * upper.height)


def _near(pixel: tuple[int, int, int], colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) <= 3 for a, b in zip(pixel, colour, strict=True))


def page_one(pdf: Path, out: Path) -> Path:
    """Page 1 of a PDF as a PNG at 96 dpi."""
    subprocess.run([str(PDFTOPPM), "-r", "96", "-f", "1", "-l", "1", "-png", "-singlefile", str(pdf), str(out)], check=True)
    return out.with_suffix(".png")


@pytest.mark.skipif(SOFFICE is None or PDFTOPPM is None, reason="needs LibreOffice (soffice) and pdftoppm; .ci/run installs them")
def test_libreoffice_shades_the_bottom_line_box_as_the_pdf_does(built: dict[str, Path], tmp_path: Path) -> None:
    """Page 1 of the DOCX as LibreOffice prints it has a box of the summary's shade, as page 1 of the PDF has."""
    profile = (tmp_path / "profile").as_uri()  # a private profile: parallel runs must not share one
    command = [str(SOFFICE), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path)]
    subprocess.run([*command, str(built["policy-brief"])], check=True, capture_output=True, timeout=180)
    shade = hex_colour(css("policy-brief").value("section", ["summary"], "background-color")) or ""
    colour = (int(shade[0:2], 16), int(shade[2:4], 16), int(shade[4:6], 16))
    pdf = built["policy-brief"].with_suffix(".pdf")
    assert shaded_share(page_one(pdf, tmp_path / "pdf"), colour) > 0.04  # where the box comes from: five lines on the shade
    assert shaded_share(page_one(tmp_path / "belarus.pdf", tmp_path / "docx"), colour) > 0.04
