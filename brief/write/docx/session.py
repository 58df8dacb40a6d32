"""What every part of one DOCX write shares: the document, its styles, notes, lists, vocabulary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from xml.etree.ElementTree import Element

from docx.document import Document

from brief.errors import VocabularyError
from brief.render.template_set import TemplateSet
from brief.render.vocabulary import SIZED, Vocabulary
from brief.render.watermarks import NO_WATERMARKS, Watermarks
from brief.write.docx.field_marks import FieldMarks
from brief.write.docx.footnotes import Footnotes
from brief.write.docx.numbering import Numbering
from brief.write.docx.styles import StyleBook


@dataclass
class Session:
    """The state of writing one brief into one Word document."""

    document: Document
    book: StyleBook
    footnotes: Footnotes
    numbering: Numbering
    vocabulary: Vocabulary
    template_set: TemplateSet
    allowed: tuple[Path, ...]
    bookmarks: int = 0
    watermarks: int = 0
    page_references: bool = False
    pictures: Watermarks = NO_WATERMARKS  # the watermarks the render stage drew, for the watermark elements
    fields: FieldMarks = field(init=False)  # the bookmarks around the text of each input field

    def __post_init__(self) -> None:
        self.fields = FieldMarks(self.next_bookmark_id)

    def next_bookmark_id(self) -> str:
        """A bookmark id no other bookmark of the document has."""
        self.bookmarks += 1
        return str(self.bookmarks)

    @classmethod
    def start(
        cls, document: Document, template_set: TemplateSet, allowed: Sequence[Path], watermarks: Watermarks = NO_WATERMARKS
    ) -> Session:
        """A session for writing into `document` with the set's vocabulary; files come only from `allowed` folders."""
        vocabulary = Vocabulary(template_set.docx_styles)
        parts = (StyleBook(document), Footnotes(document), Numbering(document))
        return cls(document, *parts, vocabulary, template_set, tuple(allowed), pictures=watermarks)

    def check(self, element: Element) -> None:
        """Refuse an element, class or inline style the DOCX writer cannot map."""
        tag, classes = element.tag, classes_of(element)
        if not isinstance(tag, str) or not self.vocabulary.knows(tag):
            self.refuse(element, "is not in the template vocabulary")
        unknown = self.vocabulary.unknown_classes(tag, classes)
        if unknown:
            hint = f'map it to a Word style in template.toml under [docx.styles], e.g. "{tag}.{unknown[0]}" = "Normal"'
            self.refuse(element, f"has the class {unknown[0]!r}, which no Word style stands for; {hint}")
        if element.get("style") is not None and tag not in SIZED:
            self.refuse(element, "has a style attribute, which only the PDF would follow; style it in style.css by class instead")

    def refuse(self, element: Element, reason: str) -> NoReturn:
        """Stop the build at `element`, naming the template line it came from."""
        tag = element.tag if isinstance(element.tag, str) else "comment"
        classes = classes_of(element)
        markup = f"<{tag}{' class=' + repr(' '.join(classes)) if classes else ''}>"
        place = self.template_set.find_markup(tag, classes[0] if classes else None)
        raise VocabularyError(f"{place}: {markup} {reason} (see docs/templates.md)")


def classes_of(element: Element) -> list[str]:
    """The element's classes, in order."""
    return (element.get("class") or "").split()
