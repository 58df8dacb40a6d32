"""Editing a built DOCX by program the way Word stores a reviewer's edits: text typed over, w:ins and w:del, comments."""

from __future__ import annotations

import io
import zipfile

from lxml import etree  # type: ignore[import-untyped]

from brief.write.docx.field_text import read_docx_fields

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
COMMENTS_TYPE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"
COMMENTS_CONTENT = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"


def q(name: str) -> str:
    """The Clark name of a WordprocessingML element or attribute."""
    return f"{{{W}}}{name}"


def rezip(data: bytes, parts: dict[str, bytes]) -> bytes:
    """The DOCX `data` with `parts` replaced or added."""
    parts = dict(parts)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, parts.pop(info.filename) if info.filename in parts else source.read(info.filename))
        for name, part in parts.items():
            target.writestr(name, part)
    return out.getvalue()


def part(data: bytes, name: str) -> bytes:
    """One part of a DOCX."""
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return package.read(name)


class Reviewer:
    """A reviewer at work on one DOCX: each method edits its document.xml in place, `saved()` gives the new DOCX."""

    def __init__(self, data: bytes, author: str = "Ann Reviewer", date: str = "2026-11-25T10:00:00Z") -> None:
        self.data, self.author, self.date = data, author, date
        snapshot = read_docx_fields(data).snapshot
        assert snapshot is not None, "the DOCX marks no fields"
        self.bookmarks = {path: bookmark for bookmark, (path, _) in snapshot.fields.items()}
        self.root = etree.fromstring(part(data, "word/document.xml"))
        self.comments: list[str] = []
        self.next_id = 900

    def runs(self, path: str) -> list[etree._Element]:
        """The runs inside the bookmark of the field at `path`, in order (it may span paragraphs)."""
        start = self.root.find(f".//w:bookmarkStart[@w:name='{self.bookmarks[path]}']", NS)
        end = self.root.find(f".//w:bookmarkEnd[@w:id='{start.get(q('id'))}']", NS)
        found, inside = [], False
        for element in self.root.iter(q("bookmarkStart"), q("bookmarkEnd"), q("r")):
            if element is start:
                inside = True
            elif element is end:
                break
            elif inside and element.tag == q("r"):
                found.append(element)
        return found

    def type_over(self, path: str, old: str, new: str) -> None:
        """Replace `old` by `new` in the field's text, untracked, as typing over a selection does."""
        text = next(t for run in self.runs(path) for t in run.iter(q("t")) if t.text and old in t.text)
        text.text = text.text.replace(old, new, 1)

    def insert(self, path: str, after: str, inserted: str) -> None:
        """A tracked insertion of `inserted` right after the text `after` in the field."""
        run = self._split(path, after, keep_before=True)
        insertion = self._change("ins")
        insertion.append(self._run(inserted, "t"))
        run.addnext(insertion)

    def delete(self, path: str, deleted: str) -> None:
        """A tracked deletion of the text `deleted` in the field."""
        run = self._split(path, deleted, keep_before=False)
        for text in run.iter(q("t")):
            text.tag = q("delText")
        deletion = self._change("del")
        run.addprevious(deletion)
        deletion.append(run)

    def replace(self, path: str, old: str, new: str) -> None:
        """A tracked replacement: `old` deleted and `new` inserted in its place, as Word records typing over with tracking on."""
        self.delete(path, old)
        deletion = next(change for change in self.root.iter(q("del")) if "".join(change.itertext()) == old)
        insertion = self._change("ins")
        insertion.append(self._run(new, "t"))
        deletion.addnext(insertion)

    def embolden(self, path: str, text: str) -> None:
        """Make `text` bold in the field, untracked, as Ctrl+B on a selection does."""
        run = self._split(path, text, keep_before=False)
        properties = run.find(q("rPr"))
        if properties is None:
            properties = etree.Element(q("rPr"))
            run.insert(0, properties)
        properties.append(etree.Element(q("b")))

    def comment(self, path: str, text: str, date: str | None = None) -> None:
        """A comment anchored on the field's first run."""
        first, number = self.runs(path)[0], str(self.next_id)
        self.next_id += 1
        first.addprevious(etree.Element(q("commentRangeStart"), {q("id"): number}))
        first.addnext(etree.Element(q("commentRangeEnd"), {q("id"): number}))
        reference = etree.Element(q("r"))
        etree.SubElement(reference, q("commentReference"), {q("id"): number})
        first.getnext().addnext(reference)
        self.comments.append(
            f'<w:comment w:id="{number}" w:author="{self.author}" w:date="{date or self.date}"><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:comment>'
        )

    def retitle(self, old: str, new: str) -> None:
        """Change text the template printed outside every field (a heading, a label)."""
        text = next(t for t in self.root.iter(q("t")) if t.text == old)
        text.text = new

    def saved(self) -> bytes:
        """The DOCX with every edit made so far."""
        parts = {"word/document.xml": etree.tostring(self.root, xml_declaration=True, encoding="UTF-8", standalone=True)}
        if self.comments:
            parts |= self._comment_parts()
        return rezip(self.data, parts)

    def _split(self, path: str, text: str, *, keep_before: bool) -> etree._Element:
        """The run holding `text`, split so that `text` ends a run (keep_before) or is a run of its own."""
        run = next(run for run in self.runs(path) if (t := run.find(q("t"))) is not None and t.text and text in t.text)
        whole = run.find(q("t")).text
        start = whole.index(text)
        pieces = (
            [whole[: start + len(text)], whole[start + len(text) :]] if keep_before else [whole[:start], text, whole[start + len(text) :]]
        )
        made = [self._copy(run, piece) for piece in pieces]
        for piece in reversed(made):
            run.addnext(piece)
        run.getparent().remove(run)
        return made[0] if keep_before else made[1]

    def _copy(self, run: etree._Element, text: str) -> etree._Element:
        """A copy of `run` (its formatting) holding `text`."""
        copy = etree.fromstring(etree.tostring(run))
        copy.find(q("t")).text = text
        copy.find(q("t")).set(XML_SPACE, "preserve")
        return copy

    def _change(self, kind: str) -> etree._Element:
        self.next_id += 1
        return etree.Element(q(kind), {q("id"): str(self.next_id), q("author"): self.author, q("date"): self.date})

    def _run(self, text: str, tag: str) -> etree._Element:
        run = etree.Element(q("r"))
        etree.SubElement(run, q(tag), {XML_SPACE: "preserve"}).text = text
        return run

    def _comment_parts(self) -> dict[str, bytes]:
        """comments.xml, and the relationship and content type that make Word read it."""
        comments = f'<w:comments xmlns:w="{W}">{"".join(self.comments)}</w:comments>'
        rels = part(self.data, "word/_rels/document.xml.rels").decode()
        rels = rels.replace(
            "</Relationships>", f'<Relationship Id="rIdReview" Type="{COMMENTS_TYPE}" Target="comments.xml"/></Relationships>'
        )
        types = part(self.data, "[Content_Types].xml").decode()
        types = types.replace("</Types>", f'<Override PartName="/word/comments.xml" ContentType="{COMMENTS_CONTENT}"/></Types>')
        return {
            "word/comments.xml": comments.encode(),
            "word/_rels/document.xml.rels": rels.encode(),
            "[Content_Types].xml": types.encode(),
        }


def new_paragraph_after(reviewer: Reviewer, path: str, text: str) -> None:
    """A paragraph the reviewer adds after the one the field at `path` ends in: between fields, so no field's."""
    last = reviewer.runs(path)[-1]
    paragraph = next(ancestor for ancestor in last.iterancestors() if ancestor.tag == q("p"))
    added = etree.Element(q("p"))
    run = etree.SubElement(added, q("r"))
    etree.SubElement(run, q("t")).text = text
    paragraph.addnext(added)


def reviewed(data: bytes) -> bytes:
    """The example's DOCX as a reviewer leaves it: a word changed, a tracked replacement, a comment, a heading edited."""
    reviewer = Reviewer(data)
    reviewer.type_over("key_judgements[0].statement", "hedging", "balancing")
    reviewer.replace("summary", "Minsk is", "Belarus is")
    reviewer.comment("key_judgements[1].basis", "Is this still true?", date="2026-11-25T11:00:00Z")
    reviewer.retitle("Key judgements", "Key findings")
    return reviewer.saved()
