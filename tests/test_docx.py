"""The DOCX: named Word styles, real footnotes, header and footer fields, properties, fonts, vocabulary."""

from __future__ import annotations

import io
import shutil
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

import docx
import pytest
from fontTools.ttLib import TTFont

from brief.build import build
from brief.errors import TemplateError, VocabularyError
from brief.render.template_set import builtin_root
from brief.write.docx.fonts import obfuscate
from tests.readers import R, W, docx_part, read_docx
from tests.samples import MINIMAL


def styled(text: str, docx_path: Path) -> str:
    """The style name of the first body paragraph that starts with `text`."""
    read = read_docx(docx_path)
    return next(style for body, style in zip(read.body, read.styles, strict=True) if body.startswith(text))


@pytest.mark.parametrize(
    ("text", "style"),
    [
        ("Belarus is hedging against a Russian defeat", "Title"),
        ("Lukashenko’s signals to Kyiv", "Subtitle"),
        ("Eastern Europe Analysis Unit", "Brief Organisation"),
        ("Bottom line up front", "Heading 1"),
        ("Alternative view A", "Heading 2"),
        ("Lukashenko is hedging between Moscow", "List Number"),
        ("Likelihood: likely (55–80%). Confidence: low.", "Brief Estimate"),
        ("Evidence: E1, E3, E5", "Brief References"),
        ("Lukashenko’s public statements reflect", "List Bullet 2"),
        ("Direct pressure from Kyiv", "List Bullet"),
        ("Bears on", "Brief Table Heading"),
        ("Lukashenko openly admitted", "Brief Table Text"),
        ("Minsk is hedging, not defecting.", "Normal"),
    ],
)
def test_paragraphs_use_named_styles(example_outputs: dict[str, Path], text: str, style: str) -> None:
    """Every paragraph carries a named Word style from reference.docx, so Word can restyle it."""
    assert styled(text, example_outputs["docx"]) == style


def test_no_direct_fonts_or_sizes_in_the_body(example_outputs: dict[str, Path]) -> None:
    """The look comes from styles: no run sets its own font, size or colour."""
    direct = {f"{W}rFonts", f"{W}sz", f"{W}szCs", f"{W}color"}
    body = docx_part(example_outputs["docx"], "word/document.xml")
    assert [element.tag for properties in body.iter(f"{W}rPr") for element in properties if element.tag in direct] == []


def test_judgements_are_numbered_and_lists_restart(example_outputs: dict[str, Path]) -> None:
    """Key judgements count 1, 2, 3; the sources list, another numbered list, starts again at 1."""
    labels = read_docx(example_outputs["docx"]).labels
    numbers = [label for label in labels if label != "•"]
    assert numbers == ["1.", "2.", "3.", "1."]


def test_evidence_cites_its_source_as_a_real_footnote(example_outputs: dict[str, Path]) -> None:
    """Each evidence row has a Word footnote reference; the first note holds the citation in full, the later ones its short form."""
    read = read_docx(example_outputs["docx"])
    short = "Belarus Just Made an UNEXPECTED Move – Putin Should Be Worried, n. 1"
    assert read.footnotes == ["The Russian Dude. Belarus Just Made an UNEXPECTED Move – Putin Should Be Worried. YouTube.", *[short] * 6]
    assert "Belarus Just Made an UNEXPECTED Move – Putin Should Be Worried.1" in read.body
    with zipfile.ZipFile(example_outputs["docx"]) as package:
        notes = ElementTree.fromstring(package.read("word/footnotes.xml"))
    first = next(note for note in notes.findall(f"{W}footnote") if note.get(f"{W}id") == "1")
    assert first.find(f".//{W}footnoteRef") is not None
    style = first.find(f".//{W}pStyle")
    assert style is not None and style.get(f"{W}val") == "FootnoteText"


def test_header_and_footer_carry_banner_and_page_fields(example_outputs: dict[str, Path]) -> None:
    """The banner is in the header and footer; the footer counts pages with PAGE and NUMPAGES fields."""
    read = read_docx(example_outputs["docx"])
    assert read.header == ["UNCLASSIFIED"]
    assert read.footer == ["UNCLASSIFIED", "Page {PAGE} of {NUMPAGES}"]


def test_core_properties_and_language(example_outputs: dict[str, Path]) -> None:
    """Title, authors and language are in the DOCX's properties; proofing language follows the brief."""
    document = docx.Document(str(example_outputs["docx"]))
    properties = document.core_properties
    assert (properties.title, properties.author, properties.language) == (
        "Belarus is hedging against a Russian defeat",
        "Eastern Europe desk",
        "en",
    )
    lang = document.styles.element.find(f"{W}docDefaults/{W}rPrDefault/{W}rPr/{W}lang")
    assert lang is not None and lang.get(f"{W}val") == "en"


def test_fonts_are_embedded_and_recoverable(example_outputs: dict[str, Path]) -> None:
    """The template's fonts are embedded, obfuscated as Word expects, and give back fonts of the family."""
    with zipfile.ZipFile(example_outputs["docx"]) as package:
        table = ElementTree.fromstring(package.read("word/fontTable.xml"))
        rels = ElementTree.fromstring(package.read("word/_rels/fontTable.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        serif = next(font for font in table.findall(f"{W}font") if font.get(f"{W}name") == "PT Serif")
        embed = serif.find(f"{W}embedRegular")
        assert embed is not None, "PT Serif is not embedded"
        key, target = embed.get(f"{W}fontKey"), targets.get(embed.get(f"{R}id"))
        assert key is not None and target is not None
        stored = package.read("word/" + target)
    assert key == key.upper() and key.startswith("{")
    recovered = obfuscate(stored, uuid.UUID(key.strip("{}")))  # XOR is its own inverse
    assert stored[:32] != recovered[:32]
    assert TTFont(io.BytesIO(recovered))["name"].getDebugName(1) == "PT Serif"  # a subset of it: tests/test_file_size.py


def copied_set(tmp_path: Path) -> Path:
    folder = tmp_path / "set"
    shutil.copytree(builtin_root() / "policy-brief", folder)
    return folder


def build_with_block(write_input: Callable[..., Path], tmp_path: Path, markup: str) -> None:
    folder = copied_set(tmp_path)
    (folder / "brief.html").write_text('{% extends "base.html" %}\n{% block summary %}\n' + markup + "\n{% endblock %}\n")
    build(write_input(MINIMAL + f"template: {folder}\n"), tmp_path / "out", ["pdf", "docx"])


def test_unknown_element_is_refused_with_its_template_line(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """An element outside the vocabulary stops the build at the template line that wrote it."""
    with pytest.raises(VocabularyError, match=r"brief\.html:3: <marquee> is not in the template vocabulary"):
        build_with_block(write_input, tmp_path, "<marquee>hello</marquee>")
    assert not (tmp_path / "out").exists()


def test_unknown_class_is_refused_with_the_fix(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """A paragraph class with no Word style is refused, saying how to map it."""
    with pytest.raises(VocabularyError, match=r'brief\.html:3: <p class=\'lead\'> has the class \'lead\'.*"p\.lead" = "Normal"'):
        build_with_block(write_input, tmp_path, '<p class="lead">Lead</p>')


def test_mapped_class_uses_its_style(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """A class mapped in template.toml under [docx.styles] gets that Word style."""
    folder = copied_set(tmp_path)
    (folder / "brief.html").write_text('{% extends "base.html" %}\n{% block summary %}<p class="lead">Lead text</p>{% endblock %}\n')
    with (folder / "template.toml").open("a") as metadata:
        metadata.write('\n[docx.styles]\n"p.lead" = "Quote"\n')
    result = build(write_input(MINIMAL + f"template: {folder}\n"), tmp_path / "out", ["docx"])
    assert styled("Lead text", result.outputs[0]) == "Quote"


def test_html_comments_are_ignored(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """HTML comments in a template, between blocks or inside a paragraph, are skipped."""
    folder = copied_set(tmp_path)
    (folder / "brief.html").write_text('{% extends "base.html" %}\n{% block summary %}<!-- a --><p>One <!-- b -->two</p>{% endblock %}\n')
    result = build(write_input(MINIMAL + f"template: {folder}\n"), tmp_path / "out", ["docx"])
    assert "One two" in read_docx(result.outputs[0]).body


def test_inline_style_attribute_is_refused(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """An inline style only the PDF would follow is refused."""
    with pytest.raises(VocabularyError, match="has a style attribute"):
        build_with_block(write_input, tmp_path, '<p style="color: red">Red</p>')


def test_missing_word_style_is_named(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """A style reference.docx lacks stops the build, naming every missing style."""
    folder = copied_set(tmp_path)
    document = docx.Document(str(folder / "reference.docx"))
    document.styles["Brief Estimate"].delete()
    document.save(str(folder / "reference.docx"))
    with pytest.raises(TemplateError, match=r"lacks the Word styles 'Brief Estimate' \(paragraph\)"):
        build(write_input(MINIMAL + f"template: {folder}\n"), tmp_path / "out", ["docx"])
