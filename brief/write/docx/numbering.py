"""List numbering: each numbered list restarts at 1, using the list style's own definition.

A list style in reference.docx (List Number, List Bullet 2, ...) points at a numbering
definition; an editor who restyles the list in Word changes that definition, and briefs
follow it. Numbered lists get a fresh instance of it each, so every list counts from 1.
"""

from __future__ import annotations

import copy
from typing import Any

from docx.document import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


class Numbering:
    """Hands out numbering instances for the lists of one document."""

    def __init__(self, document: Document) -> None:
        self.document = document

    def restart(self, style_name: str, indent: int | None = None, hanging: int = 0) -> int | None:
        """A new numbering instance that counts from 1 for lists in `style_name`; its text `indent` EMU in, if given.

        The indent goes into the instance's own copy of the style's level, marker tab included: a
        paragraph's indent alone leaves LibreOffice tabbing to the level's stop, at the style's indent.
        """
        abstract_id = self._abstract_id(style_name)
        if abstract_id is None:
            return None
        numbering = self.document.part.numbering_part.element
        num = numbering.add_num(abstract_id)
        override = num.add_lvlOverride(ilvl=0)
        override.add_startOverride(1)
        level = numbering.find(f"{qn('w:abstractNum')}[@{qn('w:abstractNumId')}='{abstract_id}']/{qn('w:lvl')}[@{qn('w:ilvl')}='0']")
        if indent is not None and level is not None:
            override.append(_indented(level, indent, hanging))
        return int(num.numId)

    def _abstract_id(self, style_name: str) -> int | None:
        num_id = self._style_num_id(style_name)
        if num_id is None:
            return None
        numbering = self.document.part.numbering_part.element
        try:
            num = numbering.num_having_numId(num_id)
        except KeyError:
            return None
        return int(num.abstractNumId.val)

    def _style_num_id(self, style_name: str) -> int | None:
        style = self.document.styles[style_name]
        while style is not None:
            num_id = style.element.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
            if num_id is not None:
                return int(num_id.get(qn("w:val")))
            style = style.base_style
        return None


def number(paragraph: Paragraph, num_id: int) -> None:
    """Number `paragraph` with the instance `num_id`, at the list style's own level."""
    num_pr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
    num_pr.get_or_add_ilvl().val = 0
    num_pr.get_or_add_numId().val = num_id


def _indented(level: Any, indent: int, hanging: int) -> Any:
    """A copy of a numbering level whose text stands `indent` EMU in, its marker `hanging` before it and tabbing to it."""
    twips = {"indent": str(round(indent / 635)), "hanging": str(round(hanging / 635))}
    copied = copy.deepcopy(level)
    for old in copied.findall(qn("w:pPr")):
        copied.remove(old)
    properties = OxmlElement("w:pPr")
    tabs = OxmlElement("w:tabs")
    tabs.append(OxmlElement("w:tab", {qn("w:val"): "num", qn("w:pos"): twips["indent"]}))
    properties.append(tabs)
    properties.append(OxmlElement("w:ind", {qn("w:left"): twips["indent"], qn("w:hanging"): twips["hanging"]}))
    run_properties = copied.find(qn("w:rPr"))
    if run_properties is not None:
        run_properties.addprevious(properties)  # Word's order: pPr before rPr
    else:
        copied.append(properties)
    return copied
