"""`brief absorb`: a reviewer's edits to a DOCX carried back into the input it was built from.

The DOCX marks each field's text with a bookmark and keeps a snapshot of every field as it was
built (brief.write.docx.field_text). A field whose text now differs from its snapshot was
edited; the edit is carried onto the field's value in the input (merge.carry_edit), and only
that value changes in the file (patch.patch_yaml). Three things are never applied, only
reported: an edit outside every field (a heading, a table the template makes, a new paragraph
between fields), a field edited in the DOCX whose value in the input changed since the DOCX
was built (a conflict: both versions are shown), and a field printed twice and edited
differently in the two places.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from brief import gate
from brief.absorb.locating import FieldNames, input_for
from brief.absorb.merge import carry_edit, opcodes
from brief.absorb.patch import FieldEdit, PatchRefused, YamlComment, field_value, patch_yaml
from brief.distribution.docx_attachment import docx_carried
from brief.errors import UnreadableDocx, UsageError
from brief.input.document import parse_document
from brief.input.loader import load_document
from brief.input.positions import FieldPath
from brief.review.report import ReviewFailed, review_brief
from brief.write.docx.field_text import Comment, FieldText, Reading, read_docx_fields

# The fields absorb may change: the texts a reviewer sees as prose. The snapshot that names a
# bookmark's field comes with the DOCX, from whoever sent it, so no other path (a marking, a
# likelihood, a source's address) is ever written, whatever the file claims.
TEXT_FIELDS = re.compile(
    r"(title|subtitle|summary|scope_note|sections\[\d+\]\.(heading|body)|key_judgements\[\d+\]\.(statement|basis)"
    r"|alternative_views\[\d+\]\.(view|basis)|evidence\[\d+\]\.text|implications\[\d+\]|indicators\[\d+\]\.text)"
)


@dataclass(frozen=True)
class Change:
    """One field the reviewer changed, as it will be written: where, and its old and new value."""

    path: FieldPath
    line: int | None
    old: str
    new: str


@dataclass(frozen=True)
class Conflict:
    """A field edited in the DOCX whose value in the input changed since the DOCX was built."""

    path: FieldPath
    line: int | None
    current: str
    reviewed: str


@dataclass(frozen=True)
class Unmapped:
    """An edit absorb cannot carry into a field: where it is in the DOCX, and what it says."""

    paragraph: int
    page: int
    text: str


@dataclass
class Absorption:
    """What absorbing a reviewed DOCX found and did; `text` is the input as it will be written."""

    reviewed: Path
    input: Path
    original: str
    text: str
    changes: list[Change] = field(default_factory=list)
    conflicts: list[Conflict] = field(default_factory=list)
    unmapped: list[Unmapped] = field(default_factory=list)
    comments: list[tuple[Comment, int | None]] = field(default_factory=list)
    pending: list[tuple[FieldText, int | None]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Whether every edit was carried into the input: no conflict, nothing outside the fields."""
        return not self.conflicts and not self.unmapped

    def diff(self) -> str:
        """The change to the input as a unified diff."""
        name = str(self.input)
        lines = difflib.unified_diff(self.original.splitlines(True), self.text.splitlines(True), name, name)
        return "".join(lines)


def absorb(reviewed: Path, input_path: Path | None, *, pending: bool = False, comments: bool = False) -> Absorption:
    """Read the reviewed DOCX and work out the input it becomes; raise BriefError when it cannot be read or the result fails review."""
    data = gate.read_bytes(reviewed, gate.ISSUED, None)
    carried = docx_carried(reviewed, data)[0]
    reading = read_docx_fields(data, str(reviewed))
    if reading.snapshot is None:
        raise UsageError(f"{reviewed}: marks no fields (it was built by an older brief); rebuild it and have it reviewed again")
    path = input_path or input_for(reviewed, carried.path)
    current = gate.read_text(path, gate.INPUT, None)
    built = _built(reviewed, carried.data)
    names = FieldNames(current, str(path))
    result = Absorption(reviewed, path, current, current)
    edits = _edits(result, reading, built, names, pending)
    result.unmapped += _loose_edits(reading)
    result.comments = [(comment, names.line(comment.field)) for comment in reading.comments]
    notes = _yaml_comments(result, reading.comments, names) if comments else []
    if edits or notes:
        result.text = patch_yaml(current, edits, notes, str(path))
        _check(result.text, path)
    return result


def _yaml_comments(result: Absorption, comments: Sequence[Comment], names: FieldNames) -> list[YamlComment]:
    """The comments to write beside their fields; none into a JSON input, which has no comments."""
    if result.input.suffix.lower() == ".json":
        result.notes.append(f"{result.input}: comments are not written into a JSON input (JSON has none); they are listed above")
        return []
    # The field a comment is in comes from the file too: only a text field's line may get one; the rest are listed only.
    placed = [comment for comment in comments if comment.field and TEXT_FIELDS.fullmatch(comment.field)]
    if len(placed) < len([comment for comment in comments if comment.field]):
        result.notes.append(
            f"{result.reviewed}: comments in no text field brief knows are not written into the input; they are listed above"
        )
    return [YamlComment(names.path(comment.field), (_comment_line(comment),)) for comment in placed if comment.field]


def _check(text: str, path: Path) -> None:
    """Raise InputError or ReviewFailed when the input as it would be written does not load or fails review."""
    report = review_brief(load_document(parse_document(text.encode("utf-8"), str(path)), path))
    if report.fails(strict=False):
        raise ReviewFailed(report)


def _edits(result: Absorption, reading: Reading, built: str, names: FieldNames, pending: bool) -> list[FieldEdit]:
    """The field edits to apply; conflicts, disagreeing copies and pending changes are recorded on `result`."""
    assert reading.snapshot is not None
    by_path: dict[str, list[tuple[FieldText, str]]] = {}
    for text in reading.fields:
        path, before = reading.snapshot.fields.get(text.bookmark, (text.path, None))
        after = text.rejected if pending else text.accepted
        if pending and text.tracked:
            result.pending.append((text, names.line(path)))
        if before is not None and after != before:
            if not TEXT_FIELDS.fullmatch(path):
                result.unmapped.append(Unmapped(text.paragraph, text.page, f"{path!r} is not a text field absorb changes"))
                continue
            by_path.setdefault(path, []).append((text, before))
    result.unmapped += _lost_fields(reading)
    return [edit for path, copies in by_path.items() if (edit := _edit(result, path, copies, built, names, pending))]


def _edit(
    result: Absorption, path: str, copies: list[tuple[FieldText, str]], built: str, names: FieldNames, pending: bool
) -> FieldEdit | None:
    """The edit of one field, or None when it conflicts with the input or its copies disagree."""
    afters = {text.rejected if pending else text.accepted for text, _ in copies}
    text, before = copies[0]
    if len(afters) > 1:
        result.unmapped.append(Unmapped(text.paragraph, text.page, f"{path} is printed more than once and was edited differently"))
        return None
    field_path = names.path(path)
    source, was = field_value(result.original, field_path), _built_value(built, field_path)
    after = afters.pop()
    if source is None or source != was:
        result.conflicts.append(Conflict(field_path, names.line(path), source or "", after))
        return None
    new = carry_edit(source, before, after)
    result.changes.append(Change(field_path, names.line(path), source, new))
    return FieldEdit(field_path, new)


def _built(reviewed: Path, data: bytes) -> str:
    """The input as the DOCX was built from it, refused in one line when the copy it carries is not YAML text (it may be forged)."""
    try:
        text = data.decode("utf-8")
        yaml.compose(text, Loader=yaml.SafeLoader)
    except (UnicodeDecodeError, yaml.YAMLError) as error:
        reason = "is not UTF-8 text" if isinstance(error, UnicodeDecodeError) else "cannot be read as YAML"
        raise UnreadableDocx(
            f"{reviewed}: the input it carries {reason}; was it altered? Rebuild the DOCX and have it reviewed again"
        ) from error
    return text


def _built_value(built: str, path: FieldPath) -> str | None:
    """The field's text in the input as built; None (so a conflict, not an error) when the carried copy holds no text there."""
    try:
        return field_value(built, path)
    except PatchRefused:  # the copy the DOCX carries has a list or mapping there, or no document: it is not the input's past
        return None


def _lost_fields(reading: Reading) -> list[Unmapped]:
    """Fields whose bookmark the reviewed file no longer has: their text was deleted whole, or pasted elsewhere."""
    assert reading.snapshot is not None
    present = {text.bookmark for text in reading.fields}
    lost = [(path, text) for bookmark, (path, text) in reading.snapshot.fields.items() if bookmark not in present]
    return [Unmapped(0, 0, f"{path} is gone from the reviewed file (deleted whole?); it was: {text}") for path, text in lost]


def _loose_edits(reading: Reading) -> list[Unmapped]:
    """Paragraphs outside every field that differ from the DOCX as built: headings, labels, tables, new paragraphs."""
    assert reading.snapshot is not None
    before, after = list(reading.snapshot.loose), [loose.accepted for loose in reading.loose]
    found = []
    # Too many changed paragraphs to align in bounded time: every paragraph counts as an edit, all reported, none lost.
    changes = opcodes(before, after) or [("replace", 0, len(before), 0, len(after))]
    for tag, start, end, new_start, new_end in changes:
        if tag == "equal":
            continue
        for index in range(new_start, new_end):
            loose = reading.loose[index]
            found.append(Unmapped(loose.paragraph, loose.page, loose.accepted or "(an empty paragraph)"))
        if new_start == new_end:
            place = reading.loose[new_start] if new_start < len(reading.loose) else None
            found.append(Unmapped(place.paragraph if place else 0, place.page if place else 0, "deleted: " + " / ".join(before[start:end])))
    return found


def _comment_line(comment: Comment) -> str:
    """A reviewer's comment as a YAML comment line: who, when, what."""
    when = f", {comment.date[:10]}" if comment.date else ""
    return f"{comment.author or 'reviewer'}{when}: {' '.join(comment.text.split())}"


def describe(paths: Sequence[FieldPath]) -> str:
    """Field paths as the messages write them: key_judgements[0].statement."""
    return ", ".join(FieldNames.name(path) for path in paths)
