"""Small files: the DOCX embeds only the glyphs its text uses, or no fonts at all where the set says so."""

from __future__ import annotations

import io
import shutil
import uuid
import zipfile
from collections.abc import Callable
from pathlib import Path
from xml.etree import ElementTree

from fontTools.ttLib import TTFont

from brief.build import build
from brief.render.template_set import builtin_root
from brief.write.docx.fonts import obfuscate
from tests.readers import R, W
from tests.samples import MINIMAL

VML = "{urn:schemas-microsoft-com:vml}"
ASCII = {chr(code) for code in range(0x20, 0x7F)}  # always kept: Word computes numbers and field texts after opening
# Words in Russian and French: the letters of the alphabet they leave out must not be embedded.
WORDS = 'title: Лукашенко страхуется\nsummary: "Минск не уходит от Москвы: c\'est déjà ça."\n'


def embedded_fonts(docx: Path) -> dict[str, TTFont]:
    """Each embedded font of a DOCX, read back from its obfuscated part, by family and face ("PT Serif embedBold")."""
    fonts: dict[str, TTFont] = {}
    with zipfile.ZipFile(docx) as package:
        table = ElementTree.fromstring(package.read("word/fontTable.xml"))
        rels = ElementTree.fromstring(package.read("word/_rels/fontTable.xml.rels"))
        targets = {rel.get("Id"): rel.get("Target") for rel in rels}
        for font in table.findall(f"{W}font"):
            for embed in font:
                if embed.get(f"{W}fontKey"):
                    key = uuid.UUID((embed.get(f"{W}fontKey") or "").strip("{}"))
                    stored = package.read(f"word/{targets[embed.get(f'{R}id')]}")
                    fonts[f"{font.get(f'{W}name')} {embed.tag.removeprefix(W)}"] = TTFont(io.BytesIO(obfuscate(stored, key)))
    return fonts


def shown_characters(docx: Path) -> set[str]:
    """Every character the DOCX shows, read from its XML: text, list labels, watermarks."""
    found: set[str] = set()
    with zipfile.ZipFile(docx) as package:
        for name in package.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                root = ElementTree.fromstring(package.read(name))
                found.update(*(element.text or "" for element in root.iter(f"{W}t")))
                found.update(*(element.get(f"{W}val") or "" for element in root.iter(f"{W}lvlText")))
                found.update(*(element.get("string") or "" for element in root.iter(f"{VML}textpath")))
    return found


def original(name: str) -> TTFont:
    """One of the built-in set's font files."""
    return TTFont(builtin_root() / "policy-brief" / "fonts" / name)


def test_the_example_docx_is_at_most_three_times_its_pdf(example_outputs: dict[str, Path]) -> None:
    """The example's DOCX, fonts and all, is no more than three times the size of its PDF (it was fifteen)."""
    docx, pdf = example_outputs["docx"].stat().st_size, example_outputs["pdf"].stat().st_size
    assert docx <= 3 * pdf, f"the DOCX is {docx:,} bytes, the PDF {pdf:,}"


def test_an_embedded_font_holds_the_characters_of_the_text_and_no_others(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """Every character the DOCX shows is in each embedded font (where the family has it); no letter it leaves out is."""
    source = write_input(
        MINIMAL.replace("title: Minimal brief\n", "").replace("summary: The bottom line.\n", "") + WORDS + "language: ru\n"
    )
    docx = build(source, tmp_path / "out", ["docx"]).output("docx")
    shown, fonts = shown_characters(docx), embedded_fonts(docx)
    assert {"Л", "é", "ç"} <= shown and not {"Щ", "ü", "Ж"} & shown
    assert len(fonts) == 7  # every face the set declares
    with zipfile.ZipFile(docx) as package:
        assert "<w:saveSubsetFonts/>" in package.read("word/settings.xml").decode()  # Word keeps them subset when it saves
    serif = original("PTSerif-Regular.ttf").getBestCmap()
    for name, font in fonts.items():
        held = {chr(code) for code in font.getBestCmap()}
        assert {character for character in shown if ord(character) in serif} <= held, name
        assert held <= shown | ASCII, f"{name} holds {sorted(held - shown - ASCII)}, which the DOCX does not show"
    assert len(fonts["PT Serif embedRegular"].getGlyphOrder()) < len(original("PTSerif-Regular.ttf").getGlyphOrder()) / 3


def test_a_set_can_embed_no_fonts(write_input: Callable[..., Path], tmp_path: Path) -> None:
    """A set whose template.toml says `embed_fonts = false` gives a DOCX without fonts, that does not ask for them."""
    folder = shutil.copytree(builtin_root() / "policy-brief", tmp_path / "plain")
    metadata = folder / "template.toml"
    metadata.write_text(metadata.read_text().replace("embed_fonts = true", "embed_fonts = false"))
    source = write_input(MINIMAL)
    docx = build(source, tmp_path / "plain-out", ["docx"], str(folder)).output("docx")
    with zipfile.ZipFile(docx) as package:
        assert not [name for name in package.namelist() if name.startswith("word/fonts/")]
        settings, table = package.read("word/settings.xml").decode(), package.read("word/fontTable.xml").decode()
    assert "embedTrueTypeFonts" not in settings and "saveSubsetFonts" not in settings and "embedRegular" not in table
    embedding = build(source, tmp_path / "out", ["docx"]).output("docx")
    assert len(embedded_fonts(embedding)) == 7 and docx.stat().st_size < embedding.stat().st_size
