"""Markings: portion marks, the banner they add up to, controls, ladders, TLP and the DRAFT watermark."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import pypdf
import pytest

from brief.build import BuildResult, build
from brief.errors import InputError
from brief.input.loader import load
from brief.render.template_set import builtin_root, read_template_set
from brief.render.watermarks import draw_watermarks
from tests.readers import WP, docx_runs, pdf_images, pdf_pages, read_docx, split_pdf_page
from tests.samples import CLEAN

DECORATIVE = "{http://schemas.microsoft.com/office/drawing/2017/decorative}"

MARKED = (
    CLEAN.replace("    confidence: moderate\n", "    confidence: moderate\n    portion: S\n", 1)
    .replace(
        "  - {id: E1, text: Ministers have resigned., source: S1,", "  - {id: E1, text: Ministers have resigned., source: S1, portion: C,"
    )
    .replace("    view: The coalition survives.\n", "    view: The coalition survives.\n    portion: U\n")
    + "summary_portion: C\n"
)


def drawn_draft(word: str) -> bytes:
    """The picture of the draft `word` the policy-brief set draws."""
    watermark = draw_watermarks(read_template_set(builtin_root() / "policy-brief"), word, None).draft
    assert watermark is not None
    return watermark.png


def outputs_of(result: BuildResult) -> dict[str, Path]:
    """A build's outputs by format."""
    return {path.suffix.lstrip("."): path for path in result.outputs}


@pytest.fixture(scope="module")
def marked(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("marked")
    (folder / "brief.yaml").write_text(MARKED)
    return outputs_of(build(folder / "brief.yaml", folder / "out", ["pdf", "docx"]))


def test_banner_is_the_highest_portion_on_every_page(marked: dict[str, Path]) -> None:
    """With no declared classification, the banner is the highest portion's, top and bottom of every page."""
    pages = pdf_pages(marked["pdf"])
    for number, text in enumerate(pages, 1):
        assert split_pdf_page(text, "SECRET").furniture == ["SECRET", "SECRET", f"Page {number} of {len(pages)}"]
    read = read_docx(marked["docx"])
    assert read.header == ["SECRET"] and read.footer[0] == "SECRET"


@pytest.mark.parametrize(
    "text",
    [
        "(S) The government will fall before the election.",
        "(C) The bottom line.",
        "(C) Ministers have resigned.",
        "(U) The coalition survives.",
        "(U) Coalition talks stalled.",
    ],
)
def test_portion_marks_open_their_portions_in_both_formats(marked: dict[str, Path], text: str) -> None:
    """Each portion starts with its mark in parentheses, in the PDF and in the DOCX."""
    assert text in " ".join(" ".join(page.split()) for page in pdf_pages(marked["pdf"]))
    assert text in read_docx(marked["docx"]).body


def test_portion_marks_have_their_own_word_style(marked: dict[str, Path]) -> None:
    """In Word the mark is a run of its own in the character style Brief Portion."""
    assert {run.style for run in docx_runs(marked["docx"]) if run.text == "(S)"} == {"Brief Portion"}


def test_portion_above_the_declared_banner_is_an_error(write_input: Callable[..., Path]) -> None:
    """A portion above the classification the input declares is an error at the portion's line."""
    path = write_input(MARKED + "classification: CONFIDENTIAL\n")
    with pytest.raises(InputError) as caught:
        load(path)
    assert [str(problem) for problem in caught.value.problems] == [
        f"{path}:9:14: key_judgements[0].portion: (S) is above the brief's classification, CONFIDENTIAL; raise the classification or lower this portion"
    ]


def test_marks_by_name_default_and_controls(write_input: Callable[..., Path]) -> None:
    """Marks may be written in full; unmarked portions take portion_default; controls carry into the banner."""
    text = MARKED.replace("portion: S\n", "portion: secret//noforn\n").replace("    portion: U\n", "") + "portion_default: C\n"
    loaded = load(write_input(text))
    assert loaded.markings.banner == "SECRET//NOFORN"
    assert loaded.markings.portion_marking(("key_judgements", 0)) == "(S//NOFORN)"
    assert loaded.markings.portion_marking(("alternative_views", 0)) == "(C)"


def test_controls_must_be_in_the_declared_banner(write_input: Callable[..., Path]) -> None:
    """A portion carrying a control the declared banner lacks is an error."""
    with pytest.raises(InputError, match=r"\(S//NOFORN\) is above the brief's classification, SECRET"):
        load(write_input(MARKED.replace("portion: S\n", "portion: S//NOFORN\n") + "classification: SECRET\n"))


def test_unknown_level_lists_the_ladder(write_input: Callable[..., Path]) -> None:
    """A mark that is no level of the ladder lists the levels."""
    with pytest.raises(InputError) as caught:
        load(write_input(MARKED.replace("portion: S\n", "portion: RESTRICTED\n")))
    assert str(caught.value.problems[0]).endswith(
        "key_judgements[0].portion: 'RESTRICTED' is not a level of the default ladder; accepted: U (UNCLASSIFIED), C (CONFIDENTIAL), S (SECRET), TS (TOP SECRET), each with any controls after //"
    )


def test_a_ladder_of_the_project(tmp_path: Path) -> None:
    """brief.toml may name a ladder file (a UK ladder, say); its levels and abbreviations apply."""
    (tmp_path / "uk.yaml").write_text(
        "name: uk\nlevels:\n  - {banner: OFFICIAL, portion: O}\n  - {banner: OFFICIAL-SENSITIVE, portion: OS}\n  - {banner: SECRET, portion: S}\n"
    )
    (tmp_path / "brief.toml").write_text('ladder = "uk.yaml"\n')
    (tmp_path / "brief.yaml").write_text(CLEAN.replace("    confidence: moderate\n", "    confidence: moderate\n    portion: OS\n", 1))
    loaded = load(tmp_path / "brief.yaml")
    assert loaded.markings.banner == "OFFICIAL-SENSITIVE"
    assert loaded.markings.portion_marking(("evidence", 0)) == "(O)"


def test_free_text_classification_without_portions(write_input: Callable[..., Path]) -> None:
    """A brief that uses no portion marks keeps its free-text classification, and prints no marks."""
    loaded = load(write_input(CLEAN + "classification: 'OFFICIAL: for internal use'\n"))
    assert loaded.markings.banner == "OFFICIAL: for internal use"
    assert loaded.markings.portion_marking(("key_judgements", 0)) is None


@pytest.mark.parametrize(
    ("label", "style", "colour"), [("amber", "TLP Amber", "FFC000"), ("red", "TLP Red", "FF2B2B"), ("clear", "TLP Clear", "FFFFFF")]
)
def test_tlp_label_on_every_page_of_both_formats(
    write_input: Callable[..., Path], tmp_path: Path, label: str, style: str, colour: str
) -> None:
    """The TLP label is in the header and footer of every page, in its colour on black, with what it allows."""
    result = build(write_input(CLEAN + f"tlp: TLP:{label.upper()}\n"), tmp_path / "out", ["pdf", "docx"])
    outputs = outputs_of(result)
    tag = f"TLP:{label.upper()}"
    for page in pdf_pages(outputs["pdf"]):
        assert page.count(tag) >= 2
    read = read_docx(outputs["docx"])
    assert read.header == [tag] and read.footer[0] == tag
    assert any(line.startswith(f"{tag} Recipients may") or line.startswith(f"{tag} For the named") for line in read.body)
    labels = [run for run in docx_runs(outputs["docx"], "header") if run.text == tag]
    assert labels and all((run.style, run.colour, run.fill) == (style, colour, "000000") for run in labels)


def test_draft_watermark_on_every_page_and_none_when_final(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """status: draft draws the DRAFT picture across every page of both formats, never as text; final draws nothing."""
    draft = outputs_of(build(write_input(CLEAN + "status: draft\n", "draft.yaml"), tmp_path / "out", ["pdf", "docx"]))
    final = outputs_of(build(write_input(CLEAN + "status: final\n", "final.yaml"), tmp_path / "out", ["pdf", "docx"]))
    assert all(len(pdf_images(page)) == 1 for page in pypdf.PdfReader(draft["pdf"]).pages)
    assert not any("DRAFT" in page for page in pdf_pages(draft["pdf"]))
    assert read_docx(draft["docx"]).watermarks == [drawn_draft("DRAFT")]
    assert not any(pdf_images(page) for page in pypdf.PdfReader(final["pdf"]).pages)
    assert read_docx(final["docx"]).watermarks == []
    # A screen reader in Word passes a picture marked decorative by, and finds no alternative text to read.
    with zipfile.ZipFile(draft["docx"]) as package:
        headers = [ElementTree.fromstring(package.read(name)) for name in package.namelist() if re.fullmatch(r"word/header\d*\.xml", name)]
    frames = [frame for header in headers for frame in header.iter(f"{WP}docPr")]
    assert frames and all(frame.get("descr") is None and frame.find(f".//{DECORATIVE}decorative") is not None for frame in frames)


def test_russian_watermark_and_tlp_line(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """The watermark and the TLP line speak the brief's language; the TLP label itself stays as FIRST writes it."""
    outputs = outputs_of(build(write_input(CLEAN + "language: ru\ntlp: green\n"), tmp_path / "out", ["docx"]))
    read = read_docx(outputs["docx"])
    assert read.watermarks == [drawn_draft("ПРОЕКТ")]
    assert "TLP:GREEN Получатели могут передавать это внутри своего сообщества, но не по открытым каналам." in read.body
