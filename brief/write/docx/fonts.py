"""Embed a template set's fonts in the DOCX, so Word and LibreOffice show the brief as designed.

Word stores embedded fonts obfuscated (ECMA-376 Part 1, 17.8.1): the first 32 bytes of the
font are XORed with a key taken from a GUID, which the font table records. The GUID is made
from the font's own bytes, so the same font always gives the same file.
"""

from __future__ import annotations

import hashlib
import uuid

from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part, XmlPart
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.oxml.xmlchemy import BaseOxmlElement

from brief.render.template_set import TemplateSet

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
EMBED_TAGS = {"regular": "w:embedRegular", "bold": "w:embedBold", "italic": "w:embedItalic", "bold_italic": "w:embedBoldItalic"}
# Children of w:settings that come before w:embedTrueTypeFonts, in schema order.
SETTINGS_BEFORE = (
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
)


def embed_fonts(document: Document, template_set: TemplateSet) -> None:
    """Embed every font file the set declares, and tell Word the document carries them."""
    fonts = template_set.fonts
    if not fonts:
        return
    font_table = _font_table(document)
    number = 1
    for family in fonts:
        font = _font_element(font_table.element, family.family)
        for face in family.faces:
            data = family.read(face)
            key = _key(data)
            part = Part(PackURI(f"/word/fonts/font{number}.odttf"), OBFUSCATED_FONT, obfuscate(data, key), document.part.package)
            embed = OxmlElement(
                EMBED_TAGS[face],
                {qn("r:id"): font_table.relate_to(part, RELATIONSHIP_TYPE.FONT), qn("w:fontKey"): f"{{{str(key).upper()}}}"},
            )
            font.append(embed)
            number += 1
    _settings_embed(document)


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
    """Switch on w:embedTrueTypeFonts, in its schema place: Word rejects settings out of order."""
    settings = document.settings.element
    if settings.find(qn("w:embedTrueTypeFonts")) is not None:
        return
    before = [child for child in settings if child.tag in {qn(tag) for tag in SETTINGS_BEFORE}]
    position = settings.index(before[-1]) + 1 if before else 0
    settings.insert(position, OxmlElement("w:embedTrueTypeFonts"))
