"""What every part of one DOCX write shares: the document, its styles, notes, lists, vocabulary."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import NoReturn
from xml.etree.ElementTree import Element

from docx.document import Document

from brief.errors import VocabularyError
from brief.render.stylesheets import class_font
from brief.render.template_set import TemplateSet
from brief.render.vocabulary import SIZED, Vocabulary
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
    fonts: dict[str, str | None] = field(default_factory=dict)  # by class, read once per document

    @classmethod
    def start(cls, document: Document, template_set: TemplateSet, allowed: Sequence[Path]) -> Session:
        """A session for writing into `document` with the set's vocabulary; files come only from `allowed` folders."""
        vocabulary = Vocabulary(template_set.docx_styles)
        return cls(document, StyleBook(document), Footnotes(document), Numbering(document), vocabulary, template_set, tuple(allowed))

    def font_of(self, class_name: str) -> str | None:
        """The family the set's CSS draws `.class_name` in, read from the stylesheets once per document."""
        if class_name not in self.fonts:
            self.fonts[class_name] = class_font(self.template_set, class_name)
        return self.fonts[class_name]

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
