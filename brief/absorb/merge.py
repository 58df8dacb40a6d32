"""A reviewer's edit of a field's printed text carried onto the text the analyst wrote, keeping the analyst's own characters.

The DOCX does not print the input's text as written: typography sets quotes (" becomes “ ” or « »), dashes (-- and ---)
and number ranges (30-40 becomes 30–40), Markdown is normalised, lines wrapped in a | block are joined, and a marked
portion starts with its mark, (S). So three texts meet: `source` (the input's value), `before` (the field's Markdown
as the DOCX was built) and `after` (as the reviewer left it). The rule:

1. `source` is aligned with `before` character by character (difflib, no junk heuristic), counting as equal the marks
   typography makes of one another: any quotation mark or apostrophe; - – and --; — and ---; any space, tab or line
   break, and the no-break spaces.
2. Each change from `before` to `after` is carried onto the source characters aligned with it. Text the reviewer
   typed has typography undone where the source never uses that mark itself (“” «» become ", curly single quotes ', – becomes
   -- or, between digits, -, — becomes ---), so the brief prints it as before; elsewhere the source stays as written.
3. A change that touches characters with no clean counterpart in the source (Markdown written differently, a
   rewrapped line break counted twice) cannot be placed exactly; then the whole field becomes `after`, with
   typography undone as in 2: still the reviewer's text, at the cost of the analyst's spelling of its marks.

A portion mark that starts `before` and `after` but not `source` is the field's `portion`, not its text: it is left
out of the comparison, so it is never written into the text, and a reviewer's change to the mark is not carried.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from difflib import SequenceMatcher

PORTION_MARK = re.compile(r"\([A-Z][A-Z0-9 ,/+-]*\)[ \u00a0]")  # (S) , (TS//NOFORN) : how a marked portion starts
QUOTES = set("\"'\u201c\u201d\u00ab\u00bb\u201e\u2018\u2019\u201a")
SPACES = set(" \t\n\r\u00a0\u202f\u2009")
# One character standing for each class of marks typography makes of one another.
CANONICAL = {**dict.fromkeys(QUOTES, '"'), **dict.fromkeys(SPACES, " "), "\u2013": "-", "--": "-", "\u2014": "\u2014", "---": "\u2014"}
RANGE_DASH = re.compile(r"(?<=\d)\u2013(?=\d)")

# difflib without its junk heuristic takes time cubic in repetitive text, and the snapshot and the edit come from the
# file: past this many pairs of characters (or paragraphs) left to align once the common ends are off, none is tried.
MAX_COMPARED = 250_000
Opcode = tuple[str, int, int, int, int]
Unit = tuple[int, int]  # where one aligned unit of the source starts and ends: "--" is one unit, as is its en dash


def carry_edit(source: str, before: str, after: str) -> str:
    """`source` with the changes the reviewer made from `before` to `after`, its own characters kept wherever they did not edit."""
    if before == after:
        return source
    before, after = _without_mark(source, before, after)
    units = _units(source)
    aligned = _aligned(source, units, before)
    changes = opcodes(before, after)
    if changes is None:
        return _untypeset(after, source)
    edits = [(i1, i2, after[j1:j2]) for tag, i1, i2, j1, j2 in changes if tag != "equal"]
    placed = [(span, text) for start, end, text in edits if (span := _placed(aligned, units, len(before), start, end)) is not None]
    if len(placed) < len(edits):
        return _untypeset(after, source)
    result = source
    for (start, end), text in reversed(placed):
        result = result[:start] + _untypeset(text, source) + result[end:]
    return result


def _without_mark(source: str, before: str, after: str) -> tuple[str, str]:
    """`before` and `after` without the portion mark they start with, when the source does not start with it too."""
    mark = PORTION_MARK.match(before)
    if mark is None or source.startswith(mark.group()):
        return before, after
    after_mark = PORTION_MARK.match(after)
    return before[mark.end() :], after[after_mark.end() :] if after_mark else after


def _units(source: str) -> list[Unit]:
    """The source cut into aligned units: a run of --- or --, else one character."""
    units, index = [], 0
    while index < len(source):
        size = 3 if source.startswith("---", index) else 2 if source.startswith("--", index) else 1
        units.append((index, index + size))
        index += size
    return units


def _canonical(piece: str) -> str:
    return CANONICAL.get(piece, piece)


def _aligned(source: str, units: list[Unit], before: str) -> list[int | None]:
    """For each character of `before`, the index of the source unit it matches, or None where they differ."""
    canonical_source = "".join(_canonical(source[start:end]) for start, end in units)
    canonical_before = "".join(_canonical(character) for character in before)
    aligned: list[int | None] = [None] * len(before)
    for tag, i1, i2, j1, _ in opcodes(canonical_before, canonical_source) or []:
        if tag == "equal":
            aligned[i1:i2] = range(j1, j1 + i2 - i1)
    return aligned


def opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode] | None:
    """difflib's opcodes turning `a` into `b`, the common ends taken off first; None when what is left is too big to align."""
    shortest = min(len(a), len(b))
    head = next((index for index in range(shortest) if a[index] != b[index]), shortest)
    tail = next((index for index in range(shortest - head) if a[len(a) - 1 - index] != b[len(b) - 1 - index]), shortest - head)
    middle_a, middle_b = a[head : len(a) - tail], b[head : len(b) - tail]
    if len(middle_a) * len(middle_b) > MAX_COMPARED:
        return None
    found: list[Opcode] = [("equal", 0, head, 0, head)] if head else []
    found += [
        (tag, i1 + head, i2 + head, j1 + head, j2 + head)
        for tag, i1, i2, j1, j2 in SequenceMatcher(None, middle_a, middle_b, autojunk=False).get_opcodes()
    ]
    return [*found, ("equal", len(a) - tail, len(a), len(b) - tail, len(b))] if tail else found


def _placed(aligned: list[int | None], units: list[Unit], length: int, start: int, end: int) -> tuple[int, int] | None:
    """The source span that `before[start:end]` stands for, or None when it has no clean counterpart there."""
    if start == end:  # an insertion follows the character before it, else precedes the one after it
        left = aligned[start - 1] if start > 0 else None
        right = aligned[start] if start < length else None
        point = units[left][1] if left is not None else units[right][0] if right is not None else None
        return None if point is None else (point, point)
    matched = [index for index in aligned[start:end] if index is not None]
    if len(matched) < end - start or matched != list(range(matched[0], matched[0] + len(matched))):
        return None
    return units[matched[0]][0], units[matched[-1]][1]


def _untypeset(text: str, source: str) -> str:
    """`text` with typography's marks turned back into typewriter characters, each kind only where the source never uses it itself."""
    russian = "\u00ab" in text or "\u00bb" in text  # Russian typography sets double quotes as « » and single as „ “
    doubles = "\u00ab\u00bb" if russian else "\u201c\u201d\u201e\u00ab\u00bb"
    singles = "\u2018\u2019\u201e\u201c" if russian else "\u2018\u2019"
    for marks, plain in ((doubles, '"'), (singles, "'")):
        if not any(mark in source for mark in marks):
            text = re.sub(f"[{marks}]", plain, text)
    if "\u2014" not in source:
        text = text.replace("\u2014", "---")
    if "\u2013" not in source:
        text = RANGE_DASH.sub("-", text).replace("\u2013", "--")
    return text
