"""List numbering: each numbered list restarts at 1, using the list style's own definition.

A list style in reference.docx (List Number, List Bullet 2, ...) points at a numbering
definition; an editor who restyles the list in Word changes that definition, and briefs
follow it. Numbered lists get a fresh instance of it each, so every list counts from 1.
"""

from __future__ import annotations

from docx.document import Document
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph


class Numbering:
    """Hands out numbering instances for the lists of one document."""

    def __init__(self, document: Document) -> None:
        self.document = document

    def restart(self, style_name: str) -> int | None:
        """A new numbering instance that counts from 1 for lists in `style_name`."""
        abstract_id = self._abstract_id(style_name)
        if abstract_id is None:
            return None
        numbering = self.document.part.numbering_part.element
        num = numbering.add_num(abstract_id)
        num.add_lvlOverride(ilvl=0).add_startOverride(1)
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
