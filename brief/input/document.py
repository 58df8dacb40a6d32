"""Read an input file's YAML into plain data, remembering where each value was written.

PyYAML composes the node graph (with line marks) safely; this module builds the data
itself instead of using a PyYAML constructor, for three reasons:
- every scalar stays text (YAML 1.1 would turn `no` into False and `1.10` into 1.1), and
  each field's own validator decides what it accepts;
- language-specific and unknown tags are refused, never constructed;
- aliases are expanded under a budget, so an alias bomb is refused in milliseconds.
JSON is YAML, so JSON inputs take the same path.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from brief import gate
from brief.errors import InputError, Problem, RefusedFile
from brief.input.positions import FieldPath, Position, Positions, TextPosition, format_path

MAX_BYTES = gate.INPUT.limit
MAX_VALUES = 100_000
MAX_DEPTH = 64

# What XML (and so the DOCX), PDF text and HTML cannot hold, or hold only as garbage: C0 and C1 controls
# but tab and line breaks, lone surrogates, and the noncharacters.
UNPRINTABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")

_CORE = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_CORE + name for name in ("str", "int", "float", "bool", "null", "timestamp", "value")}
_MERGE = _CORE + "merge"
# What a quote or bracket opens, and what closes it.
_OPENED = {'"': "quoted value", "'": "quoted value", "[": "list", "{": "mapping"}
_CLOSERS = {'"': '"', "'": "'", "[": "]", "{": "}"}

try:  # libyaml is several times faster when the wheel ships it
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader


@dataclass(frozen=True)
class Document:
    """An input file's data with the position of every value in it."""

    file: str
    data: dict[str, Any]
    positions: Positions
    raw: bytes = b""  # the file as it was read, which a PDF carries so it can be extracted byte for byte
    spellings: dict[str, str] = field(default_factory=dict)  # a key settled to the model's name -> as the file wrote it

    def problem(self, path: FieldPath, message: str) -> Problem:
        """A Problem at the line where the field at `path` was written (or its nearest written ancestor)."""
        position = self.positions.locate(path)
        line, column = (position.line, position.column) if position else (None, None)
        return Problem(self.file, line, column, self.field_name(path), message)

    def field_name(self, path: FieldPath) -> str:
        """A field path as the file wrote it: key_judgments[0].statement where it used that spelling."""
        head = path[0] if path else None
        if isinstance(head, str) and head in self.spellings:
            path = (self.spellings[head], *path[1:])
        return format_path(path)


def read_document(path: Path, folders: Sequence[Path] | None = None) -> Document:
    """Read and parse one input file through the gate; raise InputError for anything a user must fix.

    `folders` are where the file may lie: None for a file the person at the keyboard named.
    """
    try:
        raw = gate.read_bytes(path, gate.INPUT, folders)
    except RefusedFile as error:
        raise InputError([Problem(str(path), None, None, "", error.reason)]) from error
    return parse_document(raw, str(path))


def parse_document(raw: bytes, file: str) -> Document:
    """Parse the bytes of an input file into a Document."""
    if len(raw) > MAX_BYTES:
        raise _error(file, None, f"the file is {len(raw):,} bytes; an input must be under {MAX_BYTES:,}")
    text = _decode(raw, file)
    if not text.strip():
        raise _error(file, None, "the file is empty; a brief needs at least title, date, summary and key_judgements")
    root = _compose(text, file)
    builder = _Builder(file, text)
    data = builder.build(root, ())
    if builder.problems:
        raise InputError(builder.problems)
    if not isinstance(data, dict):
        raise _error(file, _position(root), f"the file holds {_kind(data)}; a brief is a mapping of fields (title: ...)")
    return Document(file, data, builder.positions, raw)


def _decode(raw: bytes, file: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        byte = raw[error.start]
        raise InputError(
            [Problem(file, line, None, "", f"byte 0x{byte:02x} is not UTF-8 text; is this a binary file? Inputs are UTF-8 YAML or JSON")]
        ) from error


def _compose(text: str, file: str) -> yaml.Node:
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise InputError([_unclosed(error, text.splitlines(), file) or _not_yaml(error, file)]) from error
    except yaml.reader.ReaderError as error:
        line = text[: error.position].count("\n") + 1
        message = f"character U+{error.character:04X} is a control character, which YAML does not allow; is this a binary file?"
        raise _error(file, Position(line, error.position - text.rfind("\n", 0, error.position)), message) from error
    if node is None:
        raise _error(file, None, "the file holds no YAML document")
    return node


def _not_yaml(error: yaml.MarkedYAMLError, file: str) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    reason = " ".join(part for part in (error.context, error.problem) if part)
    return Problem(file, line, column, "", f"this is not valid YAML: {reason}")


def _unclosed(error: yaml.MarkedYAMLError, lines: list[str], file: str) -> Problem | None:
    """A quote or bracket never closed, pointed at where it opened: the parser notices only where it gives up, often far below."""
    start, stop = error.context_mark, error.problem_mark
    if start is None or stop is None or start.line >= len(lines):
        return None
    opener = lines[start.line][start.column : start.column + 1]
    if opener not in _CLOSERS or not _never_closed(error, opener, [lines[start.line][start.column :], *lines[start.line + 1 :]]):
        return None
    at_end = stop.line >= len(lines) or "end of stream" in (error.problem or "")
    reach = f"the end of the file (line {len(lines)})" if at_end else f"line {stop.line + 1}"
    what = _OPENED[opener]
    key = re.fullmatch(r"([^\s#:'\"\[\]{},-][^\s:]*)\s*:\s*", lines[start.line][: start.column])
    field = key.group(1) if key else ""  # a top-level key only, so the field is a true path
    message = f"this {what} is never closed: the {opener} opened here runs to {reach}; close it with {_CLOSERS[opener]}"
    return Problem(file, start.line + 1, start.column + 1, field, message)


def _never_closed(error: yaml.MarkedYAMLError, opener: str, rest: list[str]) -> bool:
    """Whether the error is the opener's missing close, not some other mistake inside a closed one."""
    context, problem = error.context or "", error.problem or ""
    if opener in "\"'":  # a quoted scalar that meets the end of the file (or a ---) was never closed
        return "quoted scalar" in context and ("end of stream" in problem or "document" in problem)
    text = "\n".join(rest)
    return "flow" in context and text.count(opener) > text.count(_CLOSERS[opener])


class _Builder:
    """Turns a YAML node graph into plain data and Positions, collecting every problem."""

    def __init__(self, file: str, text: str) -> None:
        self.file = file
        self.lines = text.splitlines()
        self.positions = Positions()
        self.problems: list[Problem] = []
        self.count = 0
        self.refused: set[int] = set()

    def build(self, node: yaml.Node, path: FieldPath) -> Any:
        self._count(node, path)
        self.positions.values.setdefault(path, _position(node))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        assert isinstance(node, yaml.ScalarNode)
        self._text_mark(node, path)
        value = self._scalar(node)
        if value and (found := UNPRINTABLE.search(value)):
            self._unprintable(node, path, found.group())
        return value

    def _unprintable(self, node: yaml.ScalarNode, path: FieldPath, character: str) -> None:
        """A character no output format can hold (a YAML escape such as "\\x01", "\\0", "\\e" or "\\uFFFE")."""
        what = "a control character" if ord(character) < 0xA0 else "not a character" if ord(character) >= 0xFDD0 else "half a pair"
        self.problems.append(
            Problem(
                self.file,
                *_pair(node),
                format_path(path),
                f"holds U+{ord(character):04X} ({what}), which cannot appear in a brief; text may hold any printable character, tabs and line breaks",
            )
        )

    def _text_mark(self, node: yaml.ScalarNode, path: FieldPath) -> None:
        """Record where the text's characters are, for findings about one word of it."""
        start, end = node.start_mark, node.end_mark
        if node.style == "|":
            first = start.line + 1  # 0-based: the line after the indicator
            indent = next((len(line) - len(line.lstrip(" ")) for line in self.lines[first:] if line.strip()), 0)
            self.positions.texts[path] = TextPosition(first + 1, indent + 1, literal=True)
        elif start.line == end.line:
            quoted = 1 if node.style in ("'", '"') else 0
            self.positions.texts[path] = TextPosition(start.line + 1, start.column + 1 + quoted, literal=False)

    def _count(self, node: yaml.Node, path: FieldPath) -> None:
        self.count += 1
        if self.count > MAX_VALUES:
            raise _error(
                self.file, _position(node), f"the file expands to over {MAX_VALUES:,} values (through aliases?); a brief needs far fewer"
            )
        if len(path) > MAX_DEPTH:
            raise _error(self.file, _position(node), f"values are nested over {MAX_DEPTH} levels deep (a recursive alias?)")
        if node.tag not in _SCALAR_TAGS | {_CORE + "map", _CORE + "seq"} and id(node) not in self.refused:
            self.refused.add(id(node))  # an aliased node is reported once, not once per alias
            self.problems.append(
                Problem(
                    self.file, *_pair(node), "", f"the tag {node.tag!r} is not allowed; brief inputs use plain YAML values without tags"
                )
            )

    def _scalar(self, node: yaml.ScalarNode) -> str | None:
        if node.tag == _CORE + "null" and not node.style:  # plain: libyaml says '', PyYAML None
            return None
        return str(node.value)

    def _mapping(self, node: yaml.MappingNode, path: FieldPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        seen: dict[str, Position] = {}
        for key_node, value_node in self._pairs(node):
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(Problem(self.file, *_pair(key_node), "", "a key must be a plain name, not a list or mapping"))
                continue
            key = str(key_node.value)
            where = _position(key_node)
            if key in seen:
                first = seen[key]
                self.problems.append(
                    Problem(
                        self.file,
                        where.line,
                        where.column,
                        "",
                        f"{key!r} is given twice (first at line {first.line}); give each field once",
                    )
                )
                continue
            seen[key] = where
            self.positions.keys[(*path, key)] = where
            result[key] = self.build(value_node, (*path, key))
        return result

    def _pairs(self, node: yaml.MappingNode, merging: tuple[int, ...] = ()) -> list[tuple[yaml.Node, yaml.Node]]:
        """Key-value pairs with YAML merge keys (<<: *base) expanded; explicit keys win.

        Every merged pair counts against the value budget, so merges of merges cannot
        multiply into millions of pairs, and a mapping that merges itself is refused.
        """
        own = [(key, value) for key, value in node.value if key.tag != _MERGE]
        merged: list[tuple[yaml.Node, yaml.Node]] = []
        for key, value in node.value:
            if key.tag == _MERGE:
                merged.extend(self._merged(value, (*merging, id(node))))
        names = {str(key.value) for key, _ in own if isinstance(key, yaml.ScalarNode)}
        inherited = {str(key.value): (key, value) for key, value in merged if str(key.value) not in names}
        return own + list(inherited.values())

    def _merged(self, value: yaml.Node, merging: tuple[int, ...]) -> list[tuple[yaml.Node, yaml.Node]]:
        pairs: list[tuple[yaml.Node, yaml.Node]] = []
        for source in value.value if isinstance(value, yaml.SequenceNode) else [value]:
            if not isinstance(source, yaml.MappingNode):
                self.problems.append(Problem(self.file, *_pair(source), "", "a merge key (<<) takes a mapping or a list of mappings"))
            elif id(source) in merging:
                raise _error(self.file, _position(source), "a merge key (<<) brings in the mapping it is part of; merge another mapping")
            else:
                found = self._pairs(source, merging)
                self._count_many(len(found), source)
                pairs.extend(found)
        return pairs

    def _count_many(self, count: int, node: yaml.Node) -> None:
        self.count += count
        if self.count > MAX_VALUES:
            raise _error(
                self.file, _position(node), f"the file expands to over {MAX_VALUES:,} values (through merge keys?); a brief needs far fewer"
            )


def _position(node: yaml.Node) -> Position:
    return Position(node.start_mark.line + 1, node.start_mark.column + 1)


def _pair(node: yaml.Node) -> tuple[int, int]:
    position = _position(node)
    return position.line, position.column


def _kind(value: Any) -> str:
    return "a list" if isinstance(value, list) else "a single value" if value is not None else "nothing"


def _error(file: str, position: Position | None, message: str) -> InputError:
    line, column = (position.line, position.column) if position else (None, None)
    return InputError([Problem(file, line, column, "", message)])
