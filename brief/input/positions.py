"""Where each value of an input file was written, so errors can point at a line.

A field path is a tuple such as ("key_judgements", 0, "likelihood"). Marks records the
line and column of every value, and of every mapping key, by path: its Positions.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True)
class Position:
    """A 1-based line and column in an input file."""

    line: int
    column: int


@dataclass(frozen=True)
class TextPosition:
    """Where a text value's characters sit: column for column on one line, or line for line in a | block."""

    line: int
    column: int
    literal: bool


@dataclass
class Positions:
    """Positions of values and keys in one input file, by field path."""

    values: dict[FieldPath, Position] = field(default_factory=dict)
    keys: dict[FieldPath, Position] = field(default_factory=dict)
    texts: dict[FieldPath, TextPosition] = field(default_factory=dict)

    def locate_text(self, path: FieldPath, raw: str, offset: int) -> Position | None:
        """Position of character `offset` of the text at `path`, counted after its leading space.

        Exact for one-line values and literal (|) blocks; other values, which YAML folds,
        give the value's own position.
        """
        start = self.texts.get(path)
        offset += len(raw) - len(raw.lstrip())
        if start is None or (not start.literal and "\n" in raw):
            return self.locate(path)
        line_start = raw.rfind("\n", 0, offset) + 1
        return Position(start.line + raw.count("\n", 0, offset), start.column + offset - line_start)

    def locate(self, path: FieldPath, *, key: bool = False) -> Position | None:
        """Position of `path`, or of its nearest recorded ancestor when it was never written."""
        if key and path in self.keys:
            return self.keys[path]
        for end in range(len(path), -1, -1):
            if path[:end] in self.values:
                return self.values[path[:end]]
        return None


def data_path(loc: tuple[Any, ...], data: Any) -> FieldPath:
    """The part of a validator's `loc` that names places in `data`.

    Walking the data alongside drops segments a validator adds of its own; a field that is
    missing from a mapping is still named, since that is what the user must add.
    """
    path: list[str | int] = []
    current = data
    for segment in loc:
        if isinstance(current, dict) and isinstance(segment, str):
            path.append(segment)
            current = current.get(segment)
        elif isinstance(current, list) and isinstance(segment, int) and 0 <= segment < len(current):
            path.append(segment)
            current = current[segment]
    return tuple(path)


def format_path(path: FieldPath) -> str:
    """A field path as a user writes it: key_judgements[0].likelihood."""
    text = ""
    for segment in path:
        text += f"[{segment}]" if isinstance(segment, int) else (f".{segment}" if text else segment)
    return text
