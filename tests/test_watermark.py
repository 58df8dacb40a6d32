"""Watermarks are drawn, not written: pictures above every box, never in the text a reader copies, finds or hears."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path
from xml.etree import ElementTree

import docx
import pypdf
import pytest
from PIL import Image

from brief.build import build
from brief.input.loader import load
from brief.render.context_types import Copy
from brief.render.engine import render_document
from brief.render.template_set import find_template_set
from brief.render.watermarks import DRAFT, draw_watermark, draw_watermarks
from brief.write.docx.writer import write_docx
from tests.readers import WP, PlacedImage, pdf_images, read_docx
from tests.samples import BUILT_IN_SETS, CLEAN, DISTRIBUTED, EXAMPLE, RECIPIENTS, ROOT


def picture(set_name: str, draft: str | None = "DRAFT", recipient: str | None = None) -> bytes:
    """The PNG the render stage draws for DRAFT (or, given a recipient, for the name) in a built-in set."""
    drawn = draw_watermarks(find_template_set(set_name, ROOT), draft, recipient)
    chosen = drawn.recipient if recipient else drawn.draft
    assert chosen is not None
    return chosen.png


def same_pixels(placed: PlacedImage, png: bytes) -> bool:
    """Whether an image drawn in a PDF has exactly the pixels of `png`."""
    expected = Image.open(io.BytesIO(png))
    return placed.image.size == expected.size and placed.image.tobytes() == expected.convert("RGBA").tobytes()


def docx_text(path: Path) -> str:
    """Everything python-docx reads as text: body paragraphs, table cells, each section's headers and footers."""
    document = docx.Document(str(path))
    lines = [paragraph.text for paragraph in document.paragraphs]
    lines += [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header, section.first_page_footer):
            lines += [paragraph.text for paragraph in part.paragraphs]
    return "\n".join(lines)


@pytest.fixture(scope="module", params=BUILT_IN_SETS)
def example(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Path]]:
    """The example built in one set twice: as written (status: draft) and marked final, into PDF and DOCX."""
    folder = tmp_path_factory.mktemp("example")
    text = EXAMPLE.read_text(encoding="utf-8")
    assert "\nstatus: draft\n" in text
    built = {}
    for status in ("draft", "final"):
        path = folder / status / EXAMPLE.name
        shutil.copytree(EXAMPLE.parent / "archive", path.parent / "archive")  # the previous version it compares with
        path.write_text(text.replace("\nstatus: draft\n", f"\nstatus: {status}\n"), encoding="utf-8")
        result = build(path, folder / status / "out", ["pdf", "docx"], template=request.param)
        built[status] = {"pdf": result.output("pdf"), "docx": result.output("docx"), "set": Path(request.param)}
    return built


def test_draft_pdf_text_is_the_final_texts_but_for_the_status(example: dict[str, dict[str, Path]]) -> None:
    """Copying or searching a draft's PDF meets no watermark letters: its text is the final's, "Draft" for "Final"."""
    draft, final = (pypdf.PdfReader(example[status]["pdf"]) for status in ("draft", "final"))
    draft_text = "\n".join(page.extract_text() for page in draft.pages)
    final_text = "\n".join(page.extract_text() for page in final.pages)
    assert draft_text.count("· Draft") == 1
    assert draft_text.replace("· Draft", "· Final") == final_text


def test_draft_docx_text_is_the_final_texts_but_for_the_status(example: dict[str, dict[str, Path]]) -> None:
    """The DOCX's text, headers included, holds no watermark either: the draft's is the final's but for the status."""
    draft_text, final_text = (docx_text(example[status]["docx"]) for status in ("draft", "final"))
    assert draft_text.count("· Draft") == 1
    assert draft_text.replace("· Draft", "· Final") == final_text


def test_draft_watermark_is_a_picture_on_every_page(example: dict[str, dict[str, Path]]) -> None:
    """Every page of a draft's PDF draws the DRAFT picture as an artifact, and the DOCX floats it in its header; a final has none."""
    expected = picture(example["draft"]["set"].name)
    for page in pypdf.PdfReader(example["draft"]["pdf"]).pages:
        (drawn,) = pdf_images(page)
        assert same_pixels(drawn, expected) and drawn.artifact
    assert read_docx(example["draft"]["docx"]).watermarks == [expected]
    assert all(pdf_images(page) == [] for page in pypdf.PdfReader(example["final"]["pdf"]).pages)
    assert read_docx(example["final"]["docx"]).watermarks == []


def rgb_pixels(png: Path) -> list[tuple[int, ...]]:
    """A picture's pixels as (red, green, blue), row by row."""
    data = Image.open(png).convert("RGB").tobytes()
    return [tuple(data[index : index + 3]) for index in range(0, len(data), 3)]


def shade_and_tint(png: Path, final_png: Path) -> int:
    """How many pixels of the final's most common shaded (non-white, light) colour are tinted red on the draft's page."""
    draft, final = (rgb_pixels(path) for path in (png, final_png))
    colours = Counter(final)  # the page is mostly white, then the bottom line's shading
    shade = next(colour for colour, _ in colours.most_common() if colour != (255, 255, 255) and min(colour) > 200)
    pairs = zip(final, draft, strict=True)
    return sum(1 for before, after in pairs if before == shade and after[0] > after[2] + 8)


@pytest.mark.parametrize("example", ["policy-brief", "memo"], indirect=True)  # the sets that shade the bottom line
def test_the_watermark_shows_through_the_shaded_bottom_line(example: dict[str, dict[str, Path]], tmp_path: Path) -> None:
    """On page 1 the watermark is drawn above the bottom line's shaded box: shaded pixels of the final are red-tinted in the draft."""
    pages = {}
    for status in ("draft", "final"):
        subprocess.run(
            ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(example[status]["pdf"]), str(tmp_path / status)], check=True
        )
        pages[status] = next(tmp_path.glob(f"{status}*.png"))
    assert shade_and_tint(pages["draft"], pages["final"]) > 500


@pytest.fixture(scope="module")
def numbered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A draft with a distribution list, built with its numbered copies."""
    folder = tmp_path_factory.mktemp("numbered")
    (folder / "brief.yaml").write_text(DISTRIBUTED + "status: draft\n", encoding="utf-8")
    build(folder / "brief.yaml", folder / "out", ["pdf"], copies=True)
    return folder


def test_a_copy_draws_its_recipient_on_every_page_clear_of_draft(numbered: Path) -> None:
    """Each numbered copy draws its recipient's name as a picture on every page, and its box never meets DRAFT's."""
    draft = picture("policy-brief")
    for number, name in enumerate(RECIPIENTS, 1):
        pages = pypdf.PdfReader(numbered / "out" / f"brief-copy-0{number}.pdf").pages
        for page in pages:
            drawn = pdf_images(page)
            assert len(drawn) == 2 and all(image.artifact for image in drawn)
            on_draft = [image for image in drawn if same_pixels(image, draft)]
            on_name = [image for image in drawn if same_pixels(image, picture("policy-brief", None, name))]
            assert len(on_draft) == len(on_name) == 1
            assert not on_draft[0].overlaps(on_name[0])
        master = pypdf.PdfReader(numbered / "out" / "brief.pdf").pages
        for page, master_page in zip(pages, master, strict=True):  # no text of the copy's but its footer's line names them
            lines = page.extract_text().splitlines()
            assert [
                line for line in lines if line != f"Copy {number} of 3 — prepared for {name}"
            ] == master_page.extract_text().splitlines()


def anchored_boxes(path: Path) -> list[tuple[int, int]]:
    """The vertical extent (offset from the top margin, offset + height, in EMU) of each picture floating in the DOCX's header."""
    with zipfile.ZipFile(path) as package:
        header = ElementTree.fromstring(package.read("word/header1.xml"))
    boxes = []
    for anchor in header.iter(f"{WP}anchor"):
        top = int(anchor.findtext(f"{WP}positionV/{WP}posOffset") or "0")
        extent = anchor.find(f"{WP}extent")
        assert extent is not None and anchor.get("behindDoc") == "0"
        boxes.append((top, top + int(extent.get("cy") or "0")))
    return boxes


def test_a_docx_copy_floats_draft_and_the_name_apart(tmp_path: Path) -> None:
    """A DOCX made for a recipient floats DRAFT and the name as two pictures in its header, one band above the other."""
    path = tmp_path / "brief.yaml"
    path.write_text(DISTRIBUTED + "status: draft\n", encoding="utf-8")
    document = render_document(load(path), find_template_set("policy-brief", ROOT), Copy(2, 3, "John Doe"))
    (tmp_path / "copy.docx").write_bytes(write_docx(document))
    assert read_docx(tmp_path / "copy.docx").watermarks == [picture("policy-brief"), picture("policy-brief", None, "John Doe")]
    (_, draft_bottom), (name_top, name_bottom) = anchored_boxes(tmp_path / "copy.docx")
    assert draft_bottom <= name_top < name_bottom
    assert "John Doe" not in "".join(p.text for p in docx.Document(str(tmp_path / "copy.docx")).sections[0].header.paragraphs)


def test_russian_draft_draws_in_cyrillic(tmp_path: Path) -> None:
    """A Russian draft draws ПРОЕКТ from its translation table, in letters the set's font has, not missing-glyph boxes."""
    path = tmp_path / "brief.yaml"
    path.write_text(CLEAN + "language: ru\n", encoding="utf-8")
    result = build(path, tmp_path / "out", ["pdf", "docx"])
    russian = picture("policy-brief", "ПРОЕКТ")
    assert read_docx(result.output("docx")).watermarks == [russian]
    assert all(same_pixels(pdf_images(page)[0], russian) for page in pypdf.PdfReader(result.output("pdf")).pages)
    assert russian != picture("policy-brief", "\ue000" * len("ПРОЕКТ"))  # what six letters the font lacks would draw


def test_the_same_text_draws_the_same_bytes() -> None:
    """A watermark's PNG depends only on its text and font: builds stay byte-for-byte reproducible."""
    template_set = find_template_set("policy-brief", ROOT)
    first, second = (draw_watermark(template_set, "DRAFT", DRAFT).png for _ in range(2))
    assert first == second and first != draw_watermark(template_set, "DRAFTS", DRAFT).png
