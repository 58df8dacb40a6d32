"""Each field's text read back from a DOCX, reviewed or not: what `brief absorb` brings back into the YAML.

A DOCX brief builds marks each field's text with a hidden bookmark (field_marks) and stores
what each field said (field_snapshot). `read_docx_fields` takes any DOCX's bytes (saved by
Word or LibreOffice, with tracked changes and comments) and gives each field's text as
Markdown twice: with every tracked change accepted, and with every one rejected; the
paragraphs outside every field; the comments, each with the field it is anchored in; and the
snapshot. The package is read with limits (archive.Archive): a file that is not a zip, lacks a
part, inflates too far or holds a DTD is refused with UnreadableDocx, never a traceback.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from brief.errors import UnreadableDocx
from brief.model.markdown import allowed_link
from brief.write.docx.archive import PACKAGE_RELS, Archive, MiB, rels_of
from brief.write.docx.field_markdown import keep, markdown, plain_text
from brief.write.docx.field_snapshot import parse_snapshot
from brief.write.docx.field_walk import Body, Change, Paragraph, Piece, Styles, Walk, w

OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
PLAIN = re.compile(r"^(title|subtitle|sections\[\d+\]\.heading|indicators\[\d+\]\.text)$")  # fields that are not Markdown


@dataclass(frozen=True)
class Tracked:
    """A tracked change inside a field: "insert" or "delete", its text, who made it and when."""

    kind: str
    text: str
    author: str
    date: str


@dataclass(frozen=True)
class Comment:
    """A reviewer's comment: its text, author, date, where its range starts, and the field path it is in, if any."""

    text: str
    author: str
    date: str
    paragraph: int
    page: int
    field: str | None  # the field's path (its bookmark's name when the snapshot does not know it), None outside fields


@dataclass(frozen=True)
class FieldText:
    """One field bookmark's text as Markdown, with tracked changes accepted and rejected; where it starts; its changes."""

    bookmark: str
    path: str  # "" when the snapshot does not name it
    accepted: str
    rejected: str
    paragraph: int
    page: int
    tracked: tuple[Tracked, ...]


@dataclass(frozen=True)
class Loose:
    """A paragraph's text outside every field (the whole paragraph, for most), with tracked changes accepted and rejected."""

    accepted: str
    rejected: str
    paragraph: int
    page: int


@dataclass(frozen=True)
class Snapshot:
    """What the DOCX said when it was built: each bookmark's field path and Markdown, and the loose paragraphs."""

    fields: Mapping[str, tuple[str, str]]
    loose: tuple[str, ...]
    depths: Mapping[str, int]  # bookmark -> how deep in the template's lists the field stands


@dataclass(frozen=True)
class Reading:
    """Everything read back from a DOCX: fields, loose paragraphs, comments and the snapshot, if it has one."""

    fields: tuple[FieldText, ...]
    loose: tuple[Loose, ...]
    comments: tuple[Comment, ...]
    snapshot: Snapshot | None


class ReviewedPackage(Archive):
    """A DOCX given back, read with limits; every refusal an UnreadableDocx."""

    kind = "a DOCX read for its fields"
    part_limit = 32 * MiB  # a long brief's document.xml is a few MiB
    total_limit = 96 * MiB

    def refuse(self, reason: str) -> UnreadableDocx:
        """The error for this file."""
        return UnreadableDocx(f"{self.origin}: {reason}")


def read_docx_fields(data: bytes, origin: str = "the DOCX") -> Reading:
    """Each field's text, the loose paragraphs, the comments and the snapshot of the DOCX `data` (`origin` names it in errors)."""
    package = ReviewedPackage(data, origin)
    main = package.relations("").get(OFFICE + "officeDocument")
    if main is None:
        raise package.refuse("has no main document part; is it a Word document?")
    related = package.relations(main)
    styles = styles_of(*(package.xml(related[OFFICE + kind]) if OFFICE + kind in related else None for kind in ("styles", "numbering")))
    snapshot = _snapshot(package)
    body = Walk(styles, _links(package, main)).read(package.xml(main))
    comments = package.xml(related[OFFICE + "comments"]) if OFFICE + "comments" in related else None
    return reading(body, snapshot or Snapshot({}, (), {}), comments)


def reading(body: Body, known: Snapshot, comments: Any) -> Reading:
    """The reading of a walked body; `known` names its bookmarks' fields (a snapshot), `comments` is comments.xml's root or None."""
    names = {bookmark: path for bookmark, (path, _) in known.fields.items()}
    index = _Index(body)
    fields = tuple(
        _field(index, bookmark, names.get(bookmark, ""), known.depths.get(bookmark, 0)) for bookmark in dict.fromkeys(body.bookmarks)
    )
    # A paragraph with a field in it counts too when it has words outside the field: text typed at the
    # end of a bookmark lands after it in Word, and must show as an edit rather than vanish.
    loose = tuple(
        Loose(_text(chosen(paragraph, True), ""), _text(chosen(paragraph, False), ""), paragraph.number, paragraph.page)
        for paragraph in body.paragraphs
        if "".join(piece.text for piece in paragraph.pieces if not piece.fields).strip()
    )
    return Reading(fields, loose, _comments(body, comments, names), known if known.fields or known.loose else None)


def chosen(paragraph: Paragraph, accepted: bool, bookmark: str | None = None) -> list[tuple[Paragraph, list[Piece]]]:
    """The paragraph with those of its pieces in the accepted (or rejected) text, in one bookmark's field, or else outside every field."""
    pieces = [piece for piece in paragraph.pieces if keep(piece, accepted) and (bookmark in piece.fields if bookmark else not piece.fields)]
    return [(paragraph, pieces)]


class _Index:
    """For each bookmark, the paragraphs it is in, the one it starts in, and the tracked changes with its text: one pass, not one a field.

    A file may hold thousands of field bookmarks; looking each up through the whole body would take time square in its size.
    """

    def __init__(self, body: Body) -> None:
        self.inside: dict[str, list[Paragraph]] = {}
        self.start: dict[str, Paragraph] = {}
        self.changes: dict[str, list[Change]] = {}
        for paragraph in body.paragraphs:
            for bookmark in dict.fromkeys(name for piece in paragraph.pieces for name in piece.fields):
                self.inside.setdefault(bookmark, []).append(paragraph)
            for bookmark in paragraph.starts:
                self.start.setdefault(bookmark, paragraph)
        for change in body.changes:
            for bookmark in dict.fromkeys(name for piece in change.pieces if piece.text for name in piece.fields):
                self.changes.setdefault(bookmark, []).append(change)


def _field(index: _Index, bookmark: str, path: str, depth: int) -> FieldText:
    inside = index.inside.get(bookmark, [])
    texts = [
        _text([pair for paragraph in inside for pair in chosen(paragraph, accepted, bookmark)], path, depth) for accepted in (True, False)
    ]
    start = index.start.get(bookmark, Paragraph(0, 1))
    tracked = tuple(
        Tracked(change.kind, "".join(piece.text for piece in change.pieces if bookmark in piece.fields), change.author, change.date)
        for change in index.changes.get(bookmark, [])
    )
    return FieldText(bookmark, path, texts[0], texts[1], start.number, start.page, tracked)


def _text(paragraphs: list[tuple[Paragraph, list[Piece]]], path: str, depth: int = 0) -> str:
    return plain_text(paragraphs) if PLAIN.match(path) else markdown(paragraphs, depth)


def _comments(body: Body, root: Any, names: Mapping[str, str]) -> tuple[Comment, ...]:
    if root is None:
        return ()
    found = []
    for comment in root.iter(w("comment")):
        anchor = body.anchors.get(comment.get(w("id")) or "")
        text = "\n".join("".join(t.text or "" for t in paragraph.iter(w("t"))) for paragraph in comment.iter(w("p")))
        field = anchor.field and names.get(anchor.field, anchor.field) if anchor else None
        found.append(
            Comment(
                text,
                comment.get(w("author")) or "",
                comment.get(w("date")) or "",
                anchor.paragraph if anchor else 0,
                anchor.page if anchor else 0,
                field,
            )
        )
    return tuple(found)


def styles_of(styles: Any, numbering: Any) -> Styles:
    """Style names, the bold and italic of character styles, and the bulleted lists, from styles.xml and numbering.xml."""
    names, looks, bases = {}, {}, {}
    for style in styles.iter(w("style")) if styles is not None else ():
        style_id, name = style.get(w("styleId")) or "", style.find(w("name"))
        names[style_id] = (name.get(w("val")) or "").lower() if name is not None else style_id.lower()
        based = style.find(w("basedOn"))
        bases[style_id] = based.get(w("val")) if based is not None else None
        if style.get(w("type")) == "character":
            looks[style_id] = tuple(_style_toggle(style, toggle) for toggle in ("b", "i"))
    resolved = {style_id: _inherited(style_id, looks, bases) for style_id in looks}
    return Styles(names, resolved, _bullets(numbering))


def _style_toggle(style: Any, toggle: str) -> bool | None:
    element = style.find(f"{w('rPr')}/{w(toggle)}")
    return None if element is None else (element.get(w("val")) or "true").lower() not in {"0", "false", "off"}


def _inherited(style_id: str, looks: Mapping[str, Any], bases: Mapping[str, str | None]) -> tuple[bool, bool]:
    """A character style's bold and italic, following basedOn (a bounded walk: a loop of styles must not hang the reader)."""
    result: list[bool | None] = [None, None]
    current: str | None = style_id
    for _ in range(32):
        if current is None or current not in looks:
            break
        result = [mine if mine is not None else theirs for mine, theirs in zip(result, looks[current], strict=True)]
        current = bases.get(current)
    return bool(result[0]), bool(result[1])


def _bullets(numbering: Any) -> frozenset[str]:
    """The numIds whose first level draws a bullet, its lvlOverride's format first."""
    if numbering is None:
        return frozenset()
    formats = {}
    for abstract in numbering.iter(w("abstractNum")):
        level = abstract.find(f"{w('lvl')}[@{w('ilvl')}='0']/{w('numFmt')}")
        formats[abstract.get(w("abstractNumId"))] = level.get(w("val")) if level is not None else None
    bullets = set()
    for num in numbering.iter(w("num")):
        override = num.find(f"{w('lvlOverride')}[@{w('ilvl')}='0']/{w('lvl')}/{w('numFmt')}")
        abstract = num.find(w("abstractNumId"))
        kind = override.get(w("val")) if override is not None else formats.get(abstract.get(w("val")) if abstract is not None else None)
        if kind == "bullet":
            bullets.add(num.get(w("numId")) or "")
    return frozenset(bullets)


def _links(package: Archive, main: str) -> dict[str, str]:
    """The main part's hyperlink targets by relationship id, those brief links only."""
    rels = rels_of(main)
    if not package.has(rels):
        return {}
    found = {}
    for rel in package.xml(rels).iter(f"{{{PACKAGE_RELS}}}Relationship"):
        # Only a target brief itself links (http, https, mailto): any other (file:, javascript:) comes back as its text alone.
        if rel.get("Type") == OFFICE + "hyperlink" and allowed_link(target := rel.get("Target") or ""):
            found[rel.get("Id") or ""] = target
    return found


def _snapshot(package: Archive) -> Snapshot | None:
    """The snapshot part, found by its namespace among the custom XML parts."""
    for name in package.custom_parts():
        found = parse_snapshot(package.xml(name))
        if found is not None:
            return Snapshot(*found)
    return None
