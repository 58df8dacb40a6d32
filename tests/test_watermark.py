"""Watermarks are drawn, not written: pictures above every box, never in the text a reader copies, finds or hears."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import docx
import pypdf
import pytest
from PIL import Image

from brief.build import build
from brief.input.loader import load
from brief.model.brief import Recipient
from brief.render.context_types import Copy
from brief.render.engine import render_document
from brief.render.template_set import find_template_set
from brief.render.watermarks import DRAFT, draw_watermark, draw_watermarks
from brief.write.docx.writer import write_docx
from tests.readers import WP, PlacedImage, pdf_images, read_docx
from tests.samples import BUILT_IN_SETS, CLEAN, DISTRIBUTED, EXAMPLE, RECIPIENTS, ROOT

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOPPM = shutil.which("pdftoppm")


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
    """Everything python-docx reads as text: body paragraphs, table cells, each distinct header and footer of each section."""
    document = docx.Document(str(path))
    lines = [paragraph.text for paragraph in document.paragraphs]
    lines += [p.text for table in document.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    for section in document.sections:
        parts = (section.header, section.footer, section.first_page_header, section.first_page_footer)
        # Once each: page one's header repeats the others' furniture, and a first-page header only a draft has is no difference in text.
        texts = dict.fromkeys("\n".join(p.text for p in part.paragraphs) for part in parts if not part.is_linked_to_previous)
        lines += list(texts)
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


def placements(story: Any) -> list[tuple[str | None, ...]]:
    """Each picture floating in a story's XML (the body, a header): in front of text or not, its position, size and alt text."""
    found: list[tuple[str | None, ...]] = []
    for anchor in story.iter(f"{WP}anchor"):
        across, down = (anchor.find(f"{WP}position{axis}") for axis in "HV")
        extent, properties = anchor.find(f"{WP}extent"), anchor.find(f"{WP}docPr")
        where = (across.get("relativeFrom"), across.findtext(f"{WP}posOffset"), down.get("relativeFrom"), down.findtext(f"{WP}posOffset"))
        found.append((anchor.get("behindDoc"), *where, extent.get("cx"), extent.get("cy"), properties.get("descr")))
    return found


def test_page_one_floats_its_watermark_from_the_body(example: dict[str, dict[str, Path]]) -> None:
    """Page one's watermark is anchored in the body, above its shaded boxes, where the header's is on other pages; its header has the furniture without it."""
    draft = read_docx(example["draft"]["docx"])
    assert draft.body_watermarks == draft.watermarks == [picture(example["draft"]["set"].name)]
    assert (draft.first_header, draft.first_footer) == (draft.header, draft.footer) and draft.footer
    document = docx.Document(str(example["draft"]["docx"]))
    section = document.sections[0]
    assert section.different_first_page_header_footer
    body, header = placements(document.element.body), placements(section.header._element)
    assert body == header and len(body) == 1 and body[0][:2] == ("0", "page") and body[0][-1] is None
    assert placements(section.first_page_header._element) == []
    final = read_docx(example["final"]["docx"])
    assert (final.body_watermarks, final.first_header, final.first_footer) == ([], [], [])


def rgb_pixels(png: Path) -> list[tuple[int, ...]]:
    """A picture's pixels as (red, green, blue), row by row."""
    data = Image.open(png).convert("RGB").tobytes()
    return [tuple(data[index : index + 3]) for index in range(0, len(data), 3)]


def page_one(pdf: Path, out: Path) -> Path:
    """Page 1 of a PDF as a PNG at 50 dpi."""
    subprocess.run([str(PDFTOPPM), "-r", "50", "-png", "-f", "1", "-l", "1", "-singlefile", str(pdf), str(out)], check=True)
    return out.with_suffix(".png")


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
    pages = {status: page_one(example[status]["pdf"], tmp_path / status) for status in ("draft", "final")}
    assert shade_and_tint(pages["draft"], pages["final"]) > 500


@pytest.mark.skipif(SOFFICE is None or PDFTOPPM is None, reason="needs LibreOffice (soffice) and pdftoppm; .ci/run installs them")
@pytest.mark.parametrize("example", ["policy-brief", "memo"], indirect=True)
def test_libreoffice_draws_the_docx_watermark_over_the_shaded_bottom_line(example: dict[str, dict[str, Path]], tmp_path: Path) -> None:
    """Page 1 of the draft's DOCX as LibreOffice prints it has the bottom line's shaded pixels red-tinted, not covered by the box."""
    profile = (tmp_path / "profile").as_uri()  # a private profile: parallel runs must not share one
    command = [str(SOFFICE), f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf", "--outdir"]
    pages = {}
    for status in ("draft", "final"):
        subprocess.run([*command, str(tmp_path / status), str(example[status]["docx"])], check=True, capture_output=True, timeout=180)
        pdf = tmp_path / status / example[status]["docx"].with_suffix(".pdf").name
        pages[status] = page_one(pdf, tmp_path / f"{status}-page")
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
    """The vertical extent (offset from the page's top, offset + height, in EMU) of each picture floating in the DOCX's header."""
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
    """A DOCX made for a recipient floats DRAFT and the name as two pictures in its header, one band above the other, and on page one from the body."""
    path = tmp_path / "brief.yaml"
    path.write_text(DISTRIBUTED + "status: draft\n", encoding="utf-8")
    document = render_document(load(path), find_template_set("policy-brief", ROOT), Copy.of(2, 3, Recipient(name="John Doe")))
    (tmp_path / "copy.docx").write_bytes(write_docx(document))
    read = read_docx(tmp_path / "copy.docx")
    assert read.watermarks == read.body_watermarks == [picture("policy-brief"), picture("policy-brief", None, "John Doe")]
    word = docx.Document(str(tmp_path / "copy.docx"))
    assert placements(word.element.body) == placements(word.sections[0].header._element)
    (_, draft_bottom), (name_top, name_bottom) = anchored_boxes(tmp_path / "copy.docx")
    assert draft_bottom <= name_top < name_bottom
    assert "John Doe" not in "".join(p.text for p in docx.Document(str(tmp_path / "copy.docx")).sections[0].header.paragraphs)


def test_russian_draft_draws_in_cyrillic(tmp_path: Path) -> None:
    """A Russian draft draws ПРОЕКТ from its translation table, in letters the set's font has, not missing-glyph boxes."""
    path = tmp_path / "brief.yaml"
    path.write_text(CLEAN + "language: ru\n", encoding="utf-8")
    result = build(path, tmp_path / "out", ["pdf", "docx"])
    russian = picture("policy-brief", "ПРОЕКТ")
    read = read_docx(result.output("docx"))
    assert read.watermarks == read.body_watermarks == [russian]
    assert all(same_pixels(pdf_images(page)[0], russian) for page in pypdf.PdfReader(result.output("pdf")).pages)
    assert russian != picture("policy-brief", "\ue000" * len("ПРОЕКТ"))  # what six letters the font lacks would draw


def test_the_same_text_draws_the_same_bytes() -> None:
    """A watermark's PNG depends only on its text and font: builds stay byte-for-byte reproducible."""
    template_set = find_template_set("policy-brief", ROOT)
    first, second = (draw_watermark(template_set, "DRAFT", DRAFT).png for _ in range(2))
    assert first == second and first != draw_watermark(template_set, "DRAFTS", DRAFT).png
