"""Classification markings: a ladder of levels, portion marks, and the banner they add up to.

A ladder lists levels lowest first, each with its banner text and portion abbreviation. A
marking is a level with any dissemination controls after it (SECRET//NOFORN, S//NOFORN).
A brief that uses portion marks (or names a ladder) gets a marking for every portion: its own,
else the input's portion_default, else the ladder's lowest level. The banner is the one the
input declares, which every portion must fit under, or else the highest portion's, with every
control any portion carries. A brief that uses none of this keeps its free-text classification.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import Field

from brief.errors import Problem
from brief.input.document import Document
from brief.input.positions import FieldPath
from brief.model.brief import Model, Text
from brief.model.tables import PORTION_LISTS


@dataclass(frozen=True)
class Level:
    """One rung of a ladder."""

    banner: str
    portion: str
    rank: int


@dataclass(frozen=True)
class Marking:
    """A level with the dissemination controls that follow it."""

    level: Level
    controls: tuple[str, ...] = ()

    @property
    def banner(self) -> str:
        """As printed at the top and bottom of a page: SECRET//NOFORN."""
        return "//".join((self.level.banner, *self.controls))

    @property
    def portion_marking(self) -> str:
        """As printed at the start of a portion: (S//NOFORN)."""
        return "(" + "//".join((self.level.portion, *self.controls)) + ")"

    def covers(self, other: Marking) -> bool:
        """Whether a portion marked `other` may stand under this banner."""
        return other.level.rank <= self.level.rank and set(other.controls) <= set(self.controls)

    def join(self, other: Marking) -> Marking:
        """The lowest marking that covers both."""
        level = max(self.level, other.level, key=lambda level: level.rank)
        return Marking(level, tuple(dict.fromkeys((*self.controls, *other.controls))))


@dataclass(frozen=True)
class Ladder:
    """Classification levels, lowest first."""

    name: str
    levels: tuple[Level, ...]

    def parse(self, text: str) -> Marking:
        """The marking `text` spells, by banner or abbreviation; raise ValueError with the accepted levels."""
        head, *controls = [part.strip() for part in text.strip().strip("()").split("//")]
        wanted = _normal(head)
        level = next((level for level in self.levels if wanted in (_normal(level.banner), _normal(level.portion))), None)
        if level is None:
            accepted = ", ".join(f"{level.portion} ({level.banner})" for level in self.levels)
            raise ValueError(f"{text!r} is not a level of the {self.name} ladder; accepted: {accepted}, each with any controls after //")
        return Marking(level, tuple(_normal(control) for control in controls if control))

    @property
    def lowest(self) -> Marking:
        """The lowest level, which unmarked portions take when no default is given."""
        return Marking(self.levels[0])


DEFAULT_LADDER = Ladder(
    "default",
    (Level("UNCLASSIFIED", "U", 0), Level("CONFIDENTIAL", "C", 1), Level("SECRET", "S", 2), Level("TOP SECRET", "TS", 3)),
)


@dataclass(frozen=True)
class Markings:
    """The banner of a brief and the marking of each of its portions, by field path."""

    ladder: Ladder | None
    banner: str | None
    portions: dict[FieldPath, Marking]

    def portion_marking(self, path: FieldPath) -> str | None:
        """The portion marking to print at the start of the portion at `path`, if markings are in use."""
        marking = self.portions.get(path)
        return marking.portion_marking if marking else None


def read_ladder(path: Path, folder: Path | None = None) -> Ladder:
    """A ladder from a YAML file (which must lie in `folder`, where given): name, and levels (banner, portion) lowest first."""
    from brief.input.document import read_document
    from brief.input.validation import validate_model

    parsed: Any = validate_model(LadderFile, read_document(path, [folder] if folder else None))
    levels = tuple(Level(level.banner.upper(), level.portion.upper(), rank) for rank, level in enumerate(parsed.levels))
    return Ladder(parsed.name, levels)


def resolve_markings(
    data: dict[str, Any], document: Document, ladder: Ladder | None, declared: tuple[str | None, bool]
) -> tuple[Markings, list[Problem]]:
    """The markings of an input, and every problem with them.

    `ladder` is None unless a ladder was named; markings are in use when it was, or when the
    input marks any portion. `declared` is the classification and whether the input itself gave it.
    """
    written = dict(_portion_values(data))
    in_use = ladder is not None or bool(written) or data.get("portion_default")
    classification, from_input = declared
    if not in_use:
        return Markings(None, classification, {}), []
    ladder = ladder or DEFAULT_LADDER
    problems: list[Problem] = []
    default = _parse(ladder, data.get("portion_default"), ("portion_default",), document, problems) or ladder.lowest
    portions = {path: default for path in _portion_paths(data)}
    for path, value in written.items():
        portions[path] = _parse(ladder, value, _portion_field(path), document, problems) or default
    top = highest(portions.values(), ladder)
    banner = _parse(ladder, classification, ("classification",), document, problems) if classification else None
    if banner is not None and from_input:
        for path, marking in portions.items():
            if not banner.covers(marking):
                message = f"{marking.portion_marking} is above the brief's classification, {banner.banner}; raise the classification or lower this portion"
                problems.append(document.problem(_portion_field(path), message))
    elif banner is not None:
        banner = banner.join(top)  # a project's default cannot hide a higher portion
    return Markings(ladder, (banner or top).banner, portions), problems


def _portion_field(path: FieldPath) -> FieldPath:
    """Where a portion's marking is written: its item's portion field, or summary_portion."""
    return ("summary_portion",) if path == ("summary",) else (*path, "portion")


def _portion_paths(data: dict[str, Any]) -> list[FieldPath]:
    paths: list[FieldPath] = [("summary",)]
    for name in PORTION_LISTS:
        items = data.get(name)
        if isinstance(items, list):
            paths += [(name, index) for index in range(len(items))]
    return paths


def _portion_values(data: dict[str, Any]) -> list[tuple[FieldPath, str]]:
    values: list[tuple[FieldPath, str]] = []
    if isinstance(data.get("summary_portion"), str):
        values.append((("summary",), data["summary_portion"]))
    for path in _portion_paths(data)[1:]:
        item = data[str(path[0])][int(path[1])]
        if isinstance(item, dict) and isinstance(item.get("portion"), str):
            values.append((path, item["portion"]))
    return values


def _parse(ladder: Ladder, value: Any, field: FieldPath, document: Document, problems: list[Problem]) -> Marking | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return ladder.parse(value)
    except ValueError as error:
        problems.append(document.problem(field, str(error)))
        return None


def highest(markings: Iterable[Marking], ladder: Ladder) -> Marking:
    """The lowest marking that covers all of `markings`: the ladder's lowest when there are none."""
    top = ladder.lowest
    for marking in markings:
        top = top.join(marking)
    return top


def _normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip()).upper()


class LevelEntry(Model):
    """One level of a ladder file."""

    banner: Text
    portion: Text


class LadderFile(Model):
    """The contents of a ladder file."""

    name: Text
    levels: tuple[LevelEntry, ...] = Field(min_length=2)
