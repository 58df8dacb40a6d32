"""A reviewer's edits and comments written into the input's YAML text, every other byte left as the analyst wrote it.

Each field is found by its path in PyYAML's node graph, and only its value's characters are replaced, in its own style where the text allows:
- plain stays plain when the text reads back as the same string there (not `no`, `a # b`, `key: x`), else becomes double-quoted;
- 'single' and "double" quoted values keep their quotes, on one line (double quotes escape as JSON does: a JSON input stays JSON);
- a `|` block keeps its header (indentation indicator, comment) and its lines' indentation; its chomping follows the text's trailing
  newlines (none `-`, one clip, more `+`); an indentation indicator is added when the text starts with a space; blank lines after it stay;
- a `>` block is re-wrapped at its original width (its longest line, at least 40 columns) when the text folds faithfully (no line
  starts with a space or tab), else it becomes a `|` block;
- a multi-line text replacing a one-line value becomes a `|` block two columns inside its key or dash;
- inside a flow collection ([...], {...}, any JSON input) a value stays on one line, quoted.
Each spelling is read back at once and the first that gives the text is kept; double quotes, which hold any text, come last. Then
the whole file is read with brief's loader and with yaml.safe_load and must give the old data with only the edited fields changed,
or nothing is written. Comments go on their own `# ` lines above the line where the field's key (or its list dash) is written.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from brief.errors import InputError, Problem
from brief.input.document import UNPRINTABLE, parse_document
from brief.input.positions import FieldPath, format_path
from brief.model.tables import OTHER_SPELLINGS

STR_TAG = "tag:yaml.org,2002:str"
MERGE_TAG = "tag:yaml.org,2002:merge"
# Characters YAML reads as line breaks, or cannot hold raw: none may appear outside double quotes.
NOT_RAW = re.compile(f"[\r\x85\u2028\u2029\ufeff]|{UNPRINTABLE.pattern}")
ESCAPED = re.compile(f"[\x7f-\x9f\u2028\u2029\ufeff]|{UNPRINTABLE.pattern}")
PROPERTIES = re.compile(r"(?:[&!][^\s,\[\]{}]*\s+)*")  # an anchor or tag written before a value
HEADER = re.compile(r"([|>])([1-9][-+]?|[-+][1-9]?)?")
MIN_WIDTH = 40
# A spelling is read back with libyaml where the wheel has it, for speed; the last check reads the file with both.
LOADERS: tuple[Any, ...] = (yaml.CSafeLoader,) if hasattr(yaml, "CSafeLoader") else (yaml.SafeLoader,)


class PatchRefused(InputError):
    """An edit or comment cannot be written into the input: the field is missing, shared through an alias, or not text."""


@dataclass(frozen=True)
class FieldEdit:
    """A field's new value, exactly as the input should hold it (Markdown text)."""

    path: FieldPath
    text: str


@dataclass(frozen=True)
class YamlComment:
    """Lines of a reviewer's comment, to be written above the field at `path`."""

    path: FieldPath
    lines: tuple[str, ...]


@dataclass(frozen=True)
class _Found:
    """A value located in the node graph, with what its replacement must know about where it sits."""

    node: yaml.Node
    line_node: yaml.Node  # the key, or the item itself in a list: where comments go above
    parent_column: int  # the indentation a block under this value is measured from
    flow: bool
    written: FieldPath  # the path as the file spells it


@dataclass(frozen=True)
class _Source:
    """The text being patched, and what is fixed about it."""

    file: str
    json: bool
    newline: str


def patch_yaml(text: str, edits: Sequence[FieldEdit], comments: Sequence[YamlComment] = (), file: str = "input") -> str:
    """`text` with each edited field's value replaced and each comment inserted; every other character stays."""
    body = text.removeprefix("\ufeff")
    bom = text[: len(text) - len(body)]
    source = _Source(file, file.lower().endswith(".json") or body.lstrip().startswith(("{", "[")), "\r\n" if "\r\n" in body else "\n")
    _refuse_repeats(edits, file)
    root = _compose(body, file)
    found = [(edit, _find(root, edit.path, source, editing=True)) for edit in edits]
    notes = [_comment(body, _find(root, comment.path, source, editing=False), comment, source) for comment in comments]
    edited = [(_value_span(body, place)[0], 1, index) for index, (_, place) in enumerate(found)]
    patched = body
    # From the end of the file back, so each change leaves the offsets before it as they were.
    for offset, kind, index in sorted([*edited, *((at, 0, index) for index, (at, _) in enumerate(notes))], reverse=True):
        patched = _apply_edit(patched, *found[index], source) if kind else patched[:offset] + notes[index][1] + patched[offset:]
    _verify(bom + body, bom + patched, [(place.written, edit.text) for edit, place in found], file)
    return bom + patched


def field_value(text: str, path: FieldPath) -> str | None:
    """The current value of the text field at `path` as the input holds it; None when it is absent or empty."""
    root = _compose(text.removeprefix("\ufeff"), "input")
    if _lookup(root, path) is None:
        return None
    node = _find(root, path, _Source("input", False, "\n"), editing=False).node
    return None if node.tag == "tag:yaml.org,2002:null" and not getattr(node, "style", None) else str(node.value)


def _refuse_repeats(edits: Sequence[FieldEdit], file: str) -> None:
    """Refuse a field edited twice, or given text no brief can hold."""
    paths = [edit.path for edit in edits]
    for path in {path for path in paths if paths.count(path) > 1}:
        raise PatchRefused([Problem(file, None, None, format_path(path), "is edited twice; give one new value for each field")])
    for edit in edits:
        if found := UNPRINTABLE.search(edit.text):
            message = f"the new text holds U+{ord(found.group()):04X}, which cannot appear in a brief; the input is left as it was"
            raise PatchRefused([Problem(file, None, None, format_path(edit.path), message)])


def _compose(text: str, file: str) -> yaml.Node:
    try:
        root: yaml.Node | None = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise PatchRefused([Problem(file, None, None, "", f"cannot be read as YAML: {error}")]) from error
    if root is None:
        raise PatchRefused([Problem(file, None, None, "", "holds no YAML document")])
    return root


def _find(root: yaml.Node, path: FieldPath, source: _Source, *, editing: bool) -> _Found:
    """The scalar at `path`, refused with file, line and field when it is missing, shared or not text."""
    shared = _shared(root) if editing else set()
    node, line_node, parent, flow, written = root, root, -1, False, tuple[str | int, ...]()
    for step in path:
        _refuse_shared(node, shared, (*written, *path[len(written) :]), source)
        flow = flow or bool(getattr(node, "flow_style", False))
        if (child := _child(node, step, top=not written)) is None:
            raise _missing(node, path, written, source)
        name, line_node, node, parent = child
        written = (*written, name)
    _refuse_shared(node, shared, written, source)
    if not isinstance(node, yaml.ScalarNode):
        what = "a list" if isinstance(node, yaml.SequenceNode) else "a mapping"
        raise _refused(source, node, written, f"holds {what} where text is expected; edit it in the input by hand")
    return _Found(node, line_node, parent, flow, written)


def _child(node: yaml.Node, step: str | int, *, top: bool) -> tuple[str | int, yaml.Node, yaml.Node, int] | None:
    """The step's name as written, the node naming it (key or item), the value, and the column blocks under it count from."""
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
        return step, node.value[step], node.value[step], node.start_mark.column
    if not isinstance(node, yaml.MappingNode) or not isinstance(step, str):
        return None
    names = [step, *(other for other, key in OTHER_SPELLINGS.items() if key == step and top)]
    pairs = {str(key.value): (key, value) for key, value in node.value if isinstance(key, yaml.ScalarNode) and key.tag != MERGE_TAG}
    name = next((name for name in names if name in pairs), None)
    if name is None:
        return None
    key, value = pairs[name]
    return name, key, value, key.start_mark.column


def _lookup(root: yaml.Node, path: FieldPath) -> yaml.Node | None:
    """The node at `path`, or None when it is not there."""
    node: yaml.Node | None = root
    for step in path:
        child = _child(node, step, top=node is root) if node is not None else None
        node = child[2] if child else None
    return node


def _shared(root: yaml.Node) -> set[int]:
    """Ids of nodes reached more than once: written once and used again through an alias or merge key."""
    seen, shared, stack = set[int](), set[int](), [root]
    while stack:
        node = stack.pop()
        (shared if id(node) in seen else seen).add(id(node))
        if isinstance(node, yaml.CollectionNode) and id(node) not in shared:
            stack.extend(part for item in node.value for part in (item if isinstance(item, tuple) else (item,)))
    return shared


def _refuse_shared(node: yaml.Node, shared: set[int], path: FieldPath, source: _Source) -> None:
    if id(node) in shared:
        message = "is written through an alias or anchor (& and *), so other fields share its text; edit it in the input by hand"
        raise _refused(source, node, path, message)


def _missing(node: yaml.Node, path: FieldPath, written: FieldPath, source: _Source) -> PatchRefused:
    merged = isinstance(node, yaml.MappingNode) and any(key.tag == MERGE_TAG for key, _ in node.value)
    message = "may come from a merge key (<<), which other fields share; edit it in the input by hand" if merged else ""
    message = message or "the reviewed document has text for this field, but the input no longer has it"
    return _refused(source, node, (*written, *path[len(written) :]), message)


def _refused(source: _Source, node: yaml.Node, path: FieldPath, message: str) -> PatchRefused:
    return PatchRefused([Problem(source.file, node.start_mark.line + 1, node.start_mark.column + 1, format_path(path), message)])


def _value_span(text: str, place: _Found) -> tuple[int, int]:
    """Where the value's own characters are: after any anchor or tag, through its closing quote or last block line."""
    start, end = place.node.start_mark.index, place.node.end_mark.index
    if end > start:
        match = PROPERTIES.match(text, start)
        start = match.end() if match else start
    return start, end


def _apply_edit(text: str, edit: FieldEdit, place: _Found, source: _Source) -> str:
    """`text` with the first candidate spelling of the new value that reads back as exactly that value."""
    for start, end, new in _candidates(text, edit.text, place, source):
        patched = text[:start] + new + text[end:]
        if _reads_back(patched, place.written, edit.text):
            return patched
    raise _refused(source, place.node, place.written, "the new text cannot be written into this field; edit it in the input by hand")


def _candidates(text: str, new: str, place: _Found, source: _Source) -> list[tuple[int, int, str]]:
    """Spellings of `new` in place of the value, the one keeping its style first."""
    start, end = _value_span(text, place)
    style = getattr(place.node, "style", None)
    pad = " " if start == end else ""  # an empty value sits right after its colon or dash
    quoted = (start, end, pad + _double(new))
    flow = place.flow or source.json  # no block can sit there
    if style in ("|", ">"):
        return _block_candidates(text, new, place, source)
    if "\n" in new and not flow:
        return [*_inline_to_block(text, new, place, source), quoted]
    first = _single(new) if style == "'" else _plain(new, flow=flow) if style is None and not source.json else None
    return [*([(start, end, pad + first)] if first else []), quoted]


def _double(new: str) -> str:
    """A double-quoted value that is also a JSON string: anything YAML reads as a line break, or cannot hold raw, escaped."""
    return ESCAPED.sub(lambda match: f"\\u{ord(match.group()):04x}", json.dumps(new, ensure_ascii=False))


def _single(new: str) -> str | None:
    """A single-quoted value on one line, or None for text that needs escapes."""
    return None if "\n" in new or NOT_RAW.search(new) else "'" + new.replace("'", "''") + "'"


def _plain(new: str, *, flow: bool) -> str | None:
    """`new` unquoted, when YAML reads it back as that same string wherever such a value can sit."""
    if not new or new != new.strip() or "\n" in new or NOT_RAW.search(new):
        return None
    probes = [(f"[{new}]", [new]), (f"{{k: {new}}}", {"k": new})] if flow else [(f"k: {new}", {"k": new}), (f"- {new}", [new])]
    return new if all(_safe_load(probe) == expected for probe, expected in probes) else None


def _safe_load(text: str) -> Any:
    try:
        return yaml.safe_load(text)
    except (yaml.YAMLError, ValueError, TypeError, OverflowError):  # a date such as 2026-13-45 fails in its constructor
        return None


def _inline_to_block(text: str, new: str, place: _Found, source: _Source) -> list[tuple[int, int, str]]:
    """A one-line value turned into a | block: the header where the value was, the rest of its line kept, then the lines."""
    start, end = _value_span(text, place)
    stop = text.find("\n", end) + 1 or len(text)
    block = _literal(new, max(place.parent_column, 0) + 2, place.parent_column, source.newline)
    pad = " " if start == end else ""  # an empty value sits right after its colon or dash
    return [] if block is None else [(start, stop, pad + "|" + block[0] + text[end:stop].rstrip("\r\n") + source.newline + block[1])]


def _block_candidates(text: str, new: str, place: _Found, source: _Source) -> list[tuple[int, int, str]]:
    """A | or > block rewritten in place: its header's comment and its content's indentation kept."""
    start, end = _value_span(text, place)
    header_end = text.find("\n", start) + 1 or len(text)
    header = text[start:header_end].rstrip("\r\n")
    match = HEADER.match(header)
    assert match is not None
    old = match.group(2) or ""
    content = text[header_end:end].splitlines(keepends=True)
    # The blank lines after a block's last line of text are the file's, unless it keeps them (+).
    last = max((index for index, line in enumerate(content) if line.strip()), default=-1)
    stop = end if "+" in old else header_end + sum(len(line) for line in content[: last + 1])
    indent = _content_indent(old, content, place.parent_column)
    width = max([MIN_WIDTH, *(len(line.rstrip("\r\n")) for line in content)])
    folded = _folded(new, indent, width, source.newline) if match.group(1) == ">" else None
    options = [(">", folded), ("|", _literal(new, indent, place.parent_column, source.newline, old))]
    rest, nl = header[match.end() :], source.newline
    same = {"".join(sorted(old)): old}  # indicators that say the same as the old header's are written as it wrote them
    spelled = [(start, stop, style + same.get("".join(sorted(b[0])), b[0]) + rest + nl + b[1]) for style, b in options if b is not None]
    return [*spelled, (start, stop, _double(new) + rest + nl)]  # quoted last: the header's comment kept, the block's lines gone


def _content_indent(indicators: str, content: list[str], parent: int) -> int:
    """The column a block's lines start at: given by its indentation indicator, else by its first line with text."""
    digits = [character for character in indicators if character.isdigit()]
    if digits:
        return max(parent, 0) + int(digits[0])
    first = next((line for line in content if line.strip()), None)
    return len(first) - len(first.lstrip(" ")) if first is not None else max(parent, 0) + 2


def _chomping(new: str) -> tuple[str, str, int]:
    """The chomping indicator for `new`, its text without trailing newlines, and how many there were."""
    trailing = len(new) - len(new.rstrip("\n"))
    return ("-" if trailing == 0 else "" if trailing == 1 else "+"), new[: len(new) - trailing], trailing


def _literal(new: str, indent: int, parent: int, newline: str, old: str = "") -> tuple[str, str] | None:
    """Indicators and lines of a | block holding `new`, or None for text a block cannot hold."""
    chomp, body, trailing = _chomping(new)
    lines = (body.split("\n") if body else []) + [""] * max(trailing - 1, 0)
    # The first line's indentation tells YAML the block's, so a first line starting with a space needs it given.
    needs_digit = next((line for line in lines if line), "").startswith(" ") or any(character.isdigit() for character in old)
    if NOT_RAW.search(new) or (needs_digit and not 1 <= indent - max(parent, 0) <= 9):
        return None
    return (str(indent - max(parent, 0)) if needs_digit else "") + chomp, "".join(
        (" " * indent + line if line else "") + newline for line in lines
    )


def _folded(new: str, indent: int, width: int, newline: str) -> tuple[str, str] | None:
    """Indicators and lines of a > block holding `new`, wrapped at `width`; None when it cannot be folded faithfully."""
    chomp, body, trailing = _chomping(new)
    lines = body.split("\n") if body else []
    if NOT_RAW.search(new) or not body or any(line[:1] in (" ", "\t") for line in lines):
        return None
    written: list[str] = []
    for index, line in enumerate(lines):
        if line:
            if index and lines[index - 1]:
                written.append("")  # a line break between two lines of text is written as an empty line
            written.extend(_wrap(line, width - indent))
        else:
            written.append("")
    written += [""] * max(trailing - 1, 0)
    return chomp, "".join((" " * indent + line if line else "") + newline for line in written)


def _wrap(line: str, width: int) -> list[str]:
    """`line` broken at single spaces between words so no piece passes `width` where it can be helped; folding joins them again."""
    pieces, start, last = [], 0, -1
    spaces = [index for index in range(1, len(line) - 1) if line[index] == " " and " " not in (line[index - 1], line[index + 1])]
    for index in [*(space for space in spaces if "\t" not in (line[space - 1], line[space + 1])), len(line)]:
        if index - start > width and last > start:
            pieces.append(line[start:last])
            start = last + 1
        last = index
    return [*pieces, line[start:]]


def _reads_back(text: str, path: FieldPath, new: str) -> bool:
    """Whether YAML finds exactly `new`, as a string, at `path` in `text`."""
    for loader in LOADERS:
        try:
            root = yaml.compose(text, Loader=loader)
        except yaml.YAMLError:
            return False
        node = _lookup(root, path) if root is not None else None
        if not isinstance(node, yaml.ScalarNode) or node.value != new or node.tag != STR_TAG:
            return False
    return True


def _comment(text: str, place: _Found, comment: YamlComment, source: _Source) -> tuple[int, str]:
    """Where the comment goes (the start of the line its field's key or dash is on) and its lines, at that line's indentation."""
    if source.json:
        message = "a JSON input cannot hold comments; the reviewer's comment is not written"
        raise _refused(source, place.line_node, place.written, message)
    offset = text.rfind("\n", 0, place.line_node.start_mark.index) + 1
    line = text[offset:]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    pieces = [UNPRINTABLE.sub("\ufffd", piece) for line in comment.lines for piece in (line.splitlines() or [""])]
    return offset, "".join(indent + ("# " + piece if piece else "#") + source.newline for piece in pieces)


def _verify(old: str, new: str, edits: list[tuple[FieldPath, str]], file: str) -> None:
    """Refuse a result that does not read as the old data with only the edited fields changed, in brief's loader and in PyYAML's."""
    expected = _edited(parse_document(old.encode(), file).data, edits)
    try:
        got: Any = parse_document(new.encode(), file).data
    except InputError:
        got = None
    typed_old = _safe_load(old)
    same_typed = typed_old is None or _safe_load(new) == _edited(typed_old, edits)
    if got != expected or not same_typed:
        fields = ", ".join(format_path(path) for path, _ in edits) or "comments only"
        message = f"writing the reviewed edits ({fields}) would change other data; the input is left as it was (a fault in brief absorb)"
        raise PatchRefused([Problem(file, None, None, "", message)])


def _edited(data: Any, edits: list[tuple[FieldPath, str]]) -> Any:
    """A copy of `data` with each edit's value set at its path."""
    copied = copy.deepcopy(data)
    for path, text in edits:
        target = copied
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = text
    return copied
