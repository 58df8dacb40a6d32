"""The input and the files it names, inside the DOCX: one Custom XML Data part for each.

Each file is a part `customXml/itemN.xml`, related from the main document part, with its
properties part `customXml/itemPropsN.xml` naming this namespace, which is how Office stores
data a document carries for a program: Word keeps such parts through a save, and so does
LibreOffice (tests/test_carried.py converts a DOCX with it and reads the files back). A part
holds one file, base64 in the text of one element:

    <file xmlns="urn:x-brief:carried:1" index="0" role="input" path="belarus.yaml">dGl0bGU6…</file>

A reader finds the parts by this namespace, not by their names (a save may renumber them), and
puts them in order by `index`, the input first. The item ID Office asks for is derived from the
file, so the same brief gives the same bytes.
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from collections.abc import Sequence
from xml.sax.saxutils import quoteattr

from docx.document import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.part import Part

from brief.render.document import CarriedFile

NAMESPACE = "urn:x-brief:carried:1"
DATASTORE = "http://schemas.openxmlformats.org/officeDocument/2006/customXml"
DECLARATION = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def carry_files(word: Document, files: Sequence[CarriedFile]) -> None:
    """Add each of `files` to the DOCX as a Custom XML Data part of its own, in order, the input first."""
    package, main = word.part.package, word.part
    for index, carried in enumerate(files):
        item = Part(package.next_partname("/customXml/item%d.xml"), CT.XML, item_xml(carried, index), package)
        main.relate_to(item, RT.CUSTOM_XML)
        properties = package.next_partname("/customXml/itemProps%d.xml")
        item.relate_to(Part(properties, CT.OFC_CUSTOM_XML_PROPERTIES, _properties_xml(carried), package), RT.CUSTOM_XML_PROPS)


def item_xml(carried: CarriedFile, index: int) -> bytes:
    """The part holding one carried file: its place among them, its role, its path and its bytes in base64."""
    role = "input" if index == 0 else "named"
    text = base64.b64encode(carried.data).decode("ascii")
    attributes = f"index={quoteattr(str(index))} role={quoteattr(role)} path={quoteattr(carried.path)}"
    return f'{DECLARATION}<file xmlns="{NAMESPACE}" {attributes}>{text}</file>'.encode()


def _properties_xml(carried: CarriedFile) -> bytes:
    """The item's properties: an ID made from the file itself (Office wants a GUID; a random one would change every build)."""
    digest = hashlib.sha256(carried.path.encode() + b"\0" + carried.data).digest()
    item_id = "{" + str(uuid.UUID(bytes=digest[:16], version=4)).upper() + "}"
    return (
        f'{DECLARATION}<ds:datastoreItem ds:itemID="{item_id}" xmlns:ds="{DATASTORE}">'
        f'<ds:schemaRefs><ds:schemaRef ds:uri="{NAMESPACE}"/></ds:schemaRefs></ds:datastoreItem>'
    ).encode()
