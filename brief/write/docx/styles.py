"""The Word styles of the reference document, and the ones a template asked for but it lacks.

Names are resolved to style ids once, here: python-docx looks a name up by scanning every
style on each assignment, which took most of the DOCX writer's time.
"""

from __future__ import annotations

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE


class StyleBook:
    """Looks up styles by name; records every missing one so all are reported together."""

    def __init__(self, document: Document) -> None:
        self._styles = {style.name: (style.type, style.style_id) for style in document.styles}
        self.missing: dict[str, str] = {}

    def paragraph(self, name: str | None) -> str | None:
        """The id of paragraph style `name`, if the reference document has it."""
        return self._get(name, WD_STYLE_TYPE.PARAGRAPH, "paragraph")

    def character(self, name: str | None) -> str | None:
        """The id of character style `name`, if the reference document has it."""
        return self._get(name, WD_STYLE_TYPE.CHARACTER, "character")

    def table(self, name: str | None) -> str | None:
        """The id of table style `name`, if the reference document has it."""
        return self._get(name, WD_STYLE_TYPE.TABLE, "table")

    def _get(self, name: str | None, kind: WD_STYLE_TYPE, label: str) -> str | None:
        if name is None:
            return None
        style_type, style_id = self._styles.get(name, (None, None))
        if style_type == kind:
            return str(style_id)
        self.missing[name] = label
        return None
