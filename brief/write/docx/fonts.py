"""Embed a template set's fonts in the DOCX, so Word and LibreOffice show the brief as designed.

Word stores embedded fonts obfuscated (ECMA-376 Part 1, 17.8.1): the first 32 bytes of the
font are XORed with a key taken from a GUID, which the font table records. The GUID is made
from the font's own bytes, so the same font always gives the same file.

Each font is cut down to the characters the document holds (fontTools.subset) and marked
subsetted, as Word marks its own "embed only the characters used": a whole family would
make the DOCX fifteen times the size of its PDF. The cut is the same for every face of
every family, because which font a run uses is up to Word's styles, which an editor may
change after the build.
"""

from __future__ import annotations

import hashlib
import io
import struct
import uuid

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement
from fontTools import subset
from fontTools.ttLib import TTLibError

from brief.errors import TemplateError
from brief.render.template_set import Font, TemplateSet

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
EMBED_TAGS = {"regular": "w:embedRegular", "bold": "w:embedBold", "italic": "w:embedItalic", "bold_italic": "w:embedBoldItalic"}
# Always kept, used or not: Word computes page, list and footnote numbers, cross-references and
# field error texts after opening, and LibreOffice ignores a subsetted font of under 26 glyphs.
PRINTABLE_ASCII = frozenset(map(chr, range(0x20, 0x7F)))
VML_TEXTPATH = "{urn:schemas-microsoft-com:vml}textpath"  # a watermark's text, in its `string` attribute
# The name records Word and LibreOffice match and show the font by, its copyright and its
# licence's address; not the long description (10) or the licence's full text (13).
NAME_IDS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 14, 16, 17)
# The first children of w:settings, in schema order, up to the two the embedding switches on.
SETTINGS_ORDER = (
    "w:writeProtection",
    "w:view",
    "w:zoom",
    "w:removePersonalInformation",
    "w:removeDateAndTime",
    "w:doNotDisplayPageBoundaries",
    "w:displayBackgroundShape",
    "w:printPostScriptOverText",
    "w:printFractionalCharacterWidth",
    "w:printFormsData",
    "w:embedTrueTypeFonts",
    "w:embedSystemFonts",
    "w:saveSubsetFonts",
)


def embed_fonts(document: Document, template_set: TemplateSet) -> None:
    """Embed every font file the set declares, and tell Word the document carries them."""
    fonts = template_set.fonts
    if not fonts:
        return
    characters = used_characters(document)
    font_table = _font_table(document)
    number = 1
    for family in fonts:
        font = _font_element(font_table.element, family.family)
        for face in family.faces:
            font.append(_embed(font_table, EMBED_TAGS[face], _subset_face(family, face, characters), number))
            number += 1
    _settings_embed(document)


def used_characters(document: Document) -> frozenset[str]:
    """Every character the document can show: its text, list labels and watermark, and printable ASCII."""
    found = set(PRINTABLE_ASCII)
    for part in document.part.package.iter_parts():
        if isinstance(part, XmlPart):
            for element in part.element.iter(qn("w:t"), qn("w:delText"), qn("w:lvlText"), VML_TEXTPATH):
                found.update(element.text or "", element.get(qn("w:val"), ""), element.get("string", ""))
    return frozenset(found)


def subset_font(data: bytes, characters: frozenset[str]) -> bytes:
    """The font with the glyphs of `characters` only: the same bytes for the same font and characters."""
    options = _subset_options()
    font = subset.load_font(io.BytesIO(data), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(map(ord, characters)))
    subsetter.subset(font)
    stream = io.BytesIO()
    subset.save_font(font, stream, options)
    return stream.getvalue()


def _subset_options() -> subset.Options:
    return subset.Options(
        hinting=False,  # a third of the size; the PDF's fonts are unhinted too
        name_IDs=list(NAME_IDS),
        name_languages=["*"],
        name_legacy=True,  # the Macintosh names too, for Word on a Mac
        legacy_cmap=True,
        symbol_cmap=True,
        notdef_outline=True,  # a character the font lacks shows as a box, not as nothing
        recalc_timestamp=False,  # head.modified stays the font's own, not the time of the build
        harfbuzz_repacker=False,  # the same bytes whether or not uharfbuzz is installed
    )


def _subset_face(family: Font, face: str, characters: frozenset[str]) -> bytes:
    """One face of `family`, subset; a file fontTools cannot read is the set's error, named."""
    try:
        return subset_font(family.read(face), characters)
    except (TTLibError, OSError, ValueError, AssertionError, KeyError, IndexError, struct.error) as error:
        raise TemplateError(f"{family.faces[face]}: is not a font file fontTools can read: {error}") from error


def _embed(font_table: XmlPart, tag: str, data: bytes, number: int) -> BaseOxmlElement:
    """The font stored as an obfuscated part of the font table, and the element that points at it."""
    key = _key(data)
    part = Part(PackURI(f"/word/fonts/font{number}.odttf"), OBFUSCATED_FONT, obfuscate(data, key), font_table.package)
    rel_id = font_table.relate_to(part, RELATIONSHIP_TYPE.FONT)
    return OxmlElement(tag, {qn("r:id"): rel_id, qn("w:fontKey"): f"{{{str(key).upper()}}}", qn("w:subsetted"): "true"})


def obfuscate(data: bytes, key: uuid.UUID) -> bytes:
    """The font as Word stores it: the first 32 bytes XORed with the key's bytes, reversed."""
    mask = bytes(reversed(bytes.fromhex(key.hex)))
    head = bytes(byte ^ mask[index % 16] for index, byte in enumerate(data[:32]))
    return head + data[32:]


def _key(data: bytes) -> uuid.UUID:
    return uuid.UUID(bytes=hashlib.sha256(data).digest()[:16])


def _font_table(document: Document) -> XmlPart:
    """The font table as an XML part, replacing a plain one so its XML can be edited."""
    document_part = document.part
    for rel_id, rel in list(document_part.rels.items()):
        if rel.reltype == RELATIONSHIP_TYPE.FONT_TABLE:
            element = parse_xml(rel.target_part.blob)
            partname = rel.target_part.partname
            document_part.drop_rel(rel_id)
            break
    else:
        element = parse_xml(f"<w:fonts {nsdecls('w', 'r')}/>")
        partname = PackURI("/word/fontTable.xml")
    part = XmlPart(partname, "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml", element, document_part.package)
    document_part.relate_to(part, RELATIONSHIP_TYPE.FONT_TABLE)
    return part


def _font_element(fonts: BaseOxmlElement, family: str) -> BaseOxmlElement:
    """The w:font entry for `family`, emptied of any earlier embedding."""
    font: BaseOxmlElement
    for font in fonts.findall(qn("w:font")):
        if font.get(qn("w:name")) == family:
            for tag in EMBED_TAGS.values():
                for old in font.findall(qn(tag)):
                    font.remove(old)
            return font
    font = OxmlElement("w:font", {qn("w:name"): family})
    fonts.append(font)
    return font


def _settings_embed(document: Document) -> None:
    """Switch on w:embedTrueTypeFonts and w:saveSubsetFonts, in their schema places: Word rejects settings out of order."""
    settings = document.settings.element
    for tag in ("w:embedTrueTypeFonts", "w:saveSubsetFonts"):
        if settings.find(qn(tag)) is None:
            earlier = {qn(name) for name in SETTINGS_ORDER[: SETTINGS_ORDER.index(tag)]}
            before = [child for child in settings if child.tag in earlier]
            settings.insert(settings.index(before[-1]) + 1 if before else 0, OxmlElement(tag))
