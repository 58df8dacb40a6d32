"""The snapshot: each field's text as built, stored inside the DOCX, so absorb sees what a reviewer changed.

One Custom XML Data part of its own namespace (Word and LibreOffice keep such parts through a
save, as carried_part explains), related from the main document part:

    <fields xmlns="urn:x-brief:fields:1">
      <field bookmark="_brief_f1" path="title" depth="0">Belarus is hedging</field> ...
      <loose>Key judgements</loose> ...
    </fields>

A `field` for each field bookmark, in document order: its name, the field's path, how deep in
the template's lists it stands (a key judgement is in the template's numbered list, which is
not the field's own), and its text as Markdown, read back from the built document by the
reader absorb uses (field_text), so an unchanged field reads equal to it. A `loose` for each
paragraph with words outside every field (its text outside them), in order, for absorb to find
edits it cannot map to a field. The item ID is a hash of the part: the same brief gives the
same bytes.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Sequence
from typing import Any

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part
from lxml import etree  # type: ignore[import-untyped]

from brief.write.docx.carried_part import DATASTORE, DECLARATION

NAMESPACE = "urn:x-brief:fields:1"


def snapshot_xml(fields: Sequence[tuple[str, str, int, str]], loose: Sequence[str]) -> bytes:
    """The snapshot part for `fields` (bookmark, path, list depth, Markdown) and the `loose` paragraphs' texts."""
    root = etree.Element(f"{{{NAMESPACE}}}fields", nsmap={None: NAMESPACE})
    for bookmark, path, depth, text in fields:
        element = etree.SubElement(root, f"{{{NAMESPACE}}}field", bookmark=bookmark, path=path, depth=str(depth))
        element.text = text
    for text in loose:
        etree.SubElement(root, f"{{{NAMESPACE}}}loose").text = text
    body: bytes = etree.tostring(root, encoding="UTF-8")
    return DECLARATION.encode() + body


def store_snapshot(word: Document, data: bytes) -> None:
    """Add the snapshot part `data` to the DOCX, with its properties part."""
    package, main = word.part.package, word.part
    item = Part(package.next_partname("/customXml/item%d.xml"), CT.XML, data, package)
    main.relate_to(item, RT.CUSTOM_XML)
    item_id = "{" + str(uuid.UUID(bytes=hashlib.sha256(data).digest()[:16], version=4)).upper() + "}"
    properties = (
        f'{DECLARATION}<ds:datastoreItem ds:itemID="{item_id}" xmlns:ds="{DATASTORE}">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>'
    ).encode()
    properties_name = package.next_partname("/customXml/itemProps%d.xml")
    item.relate_to(Part(properties_name, CT.OFC_CUSTOM_XML_PROPERTIES, properties, package), RT.CUSTOM_XML_PROPS)


def parse_snapshot(root: Any) -> tuple[dict[str, tuple[str, str]], tuple[str, ...], dict[str, int]] | None:
    """The fields (bookmark -> (path, Markdown)), loose texts and list depths a snapshot part holds; None for another part."""
    if root.tag != f"{{{NAMESPACE}}}fields":
        return None
    elements = list(root.iter(f"{{{NAMESPACE}}}field"))
    fields = {element.get("bookmark") or "": (element.get("path") or "", element.text or "") for element in elements}
    depths = {element.get("bookmark") or "": _depth(element.get("depth")) for element in elements}
    return fields, tuple(element.text or "" for element in root.iter(f"{{{NAMESPACE}}}loose")), depths


def _depth(text: str | None) -> int:
    """A depth attribute as a small number: anything else is 0."""
    return int(text) if text and text.isdigit() and len(text) < 3 else 0
