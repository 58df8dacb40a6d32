"""Field bookmarks: the field markers of the rendered HTML (render.fields) as hidden Word bookmarks.

Each marked field becomes a bookmark named `_brief_f1`, `_brief_f2`, ... (a leading underscore
hides it in Word's Bookmark dialog) around exactly the text the field printed. A marker inside
a paragraph opens or closes the bookmark there; a marker between blocks opens it at the start
of the next paragraph written and closes it at the end of the last one, so a field of several
paragraphs (a summary, a section's body) is one bookmark across them. A field printed twice
gets two bookmarks. Which field each bookmark holds is written into the DOCX by field_snapshot.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Comment, Element

from docx.oxml import OxmlElement
from docx.oxml.ns import qn

PREFIX = "_brief_f"
START = "brief-field "
END = "/brief-field"


def marker(node: Element | str) -> str | None:
    """The field path of a start marker, "" for an end marker, None for anything else."""
    if not isinstance(node, Element) or node.tag is not Comment:  # type: ignore[comparison-overlap]  # a comment's tag is the Comment factory
        return None
    text = (node.text or "").strip()
    if text == END:
        return ""
    return text[len(START) :].strip() if text.startswith(START) and len(text) > len(START) else None


@dataclass
class FieldMarks:
    """The field bookmarks of one document being written: made, open, and waiting for a paragraph."""

    next_id: Callable[[], str]  # a w:id no other bookmark of the document has
    made: list[tuple[str, str, int]] = field(default_factory=list)  # (bookmark name, field path, list depth), in order
    _open: list[Any] = field(default_factory=list)  # the bookmarkStart of each field open, innermost last
    _pending: list[Any] = field(default_factory=list)  # starts waiting for the next paragraph
    _last: Any = None  # the w:p written last
    _depth: int = 0  # how deep in the template's lists that paragraph is

    def inline(self, node: Element, target: Any) -> None:
        """A marker inside a paragraph: the bookmark opens or closes at this point of `target`."""
        path = marker(node)
        if path:
            target.append(self._start(path, self._depth))
        elif path == "" and self._open:
            target.append(self._end())

    def between_blocks(self, node: Element, depth: int) -> None:
        """A marker between blocks `depth` lists deep: it opens on the next paragraph, or closes on the last one."""
        path = marker(node)
        if path:
            self._pending.append(self._start(path, depth))
        elif path == "" and self._open:
            start = self._open[-1]
            if start in self._pending and self._last is not None:  # a field that printed no paragraph
                self._pending.remove(start)
                self._last.append(start)
            if self._last is not None:
                self._last.append(self._end())

    def paragraph(self, p: Any, depth: int) -> None:
        """A new paragraph `p`, `depth` lists deep: the waiting bookmarks open at its start."""
        at = 1 if p.pPr is not None else 0
        for start in reversed(self._pending):
            p.insert(at, start)
        self._pending = []
        self._last, self._depth = p, depth

    def _start(self, path: str, depth: int) -> Any:
        """A field's bookmark opening; `depth` is how deep in the template's lists the field stands, so its own lists read as its."""
        name = f"{PREFIX}{len(self.made) + 1}"
        self.made.append((name, path, depth))
        start = OxmlElement("w:bookmarkStart", {qn("w:id"): self.next_id(), qn("w:name"): name})
        self._open.append(start)
        return start

    def _end(self) -> Any:
        start = self._open.pop()
        return OxmlElement("w:bookmarkEnd", {qn("w:id"): start.get(qn("w:id"))})


def clear_field_paragraphs(body: Any) -> None:
    """Move page one's floating watermarks out of a paragraph that holds a field into the first one that holds none.

    LibreOffice, saving a paragraph that has both an anchored drawing and a bookmark, shifts the
    bookmark onto the drawing and off the text, so the field (the title, which page one's
    watermark floats from) would read back empty. The watermark is placed relative to the page,
    so it prints in the same place from any paragraph of page one.
    """
    paragraphs = body.findall(qn("w:p"))
    floating = [run for run in (paragraphs[0].findall(qn("w:r")) if paragraphs else []) if run.find(".//" + qn("wp:anchor")) is not None]
    host = next((p for p in paragraphs[:8] if not _holds_field(p) and not _breaks_page(p)), None)
    if not floating or not _holds_field(paragraphs[0]) or host is None:
        return
    at = 1 if host.pPr is not None else 0
    for run in reversed(floating):
        host.insert(at, run)


def _holds_field(p: Any) -> bool:
    return any((start.get(qn("w:name")) or "").startswith(PREFIX) for start in p.iter(qn("w:bookmarkStart")))


def _breaks_page(p: Any) -> bool:
    return (
        any(br.get(qn("w:type")) == "page" for br in p.iter(qn("w:br"))) or p.find(f"{qn('w:pPr')}/{qn('w:pageBreakBefore')}") is not None
    )
