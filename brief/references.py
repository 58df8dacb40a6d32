"""Checks across a whole input: ids are unique, and every id referred to exists.

These run on the parsed data, not on the validated Brief, so that a file with a wrong type
in one judgement still hears about a dangling reference in another: all problems at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from difflib import get_close_matches
from typing import Any

from brief.errors import Problem
from brief.marks import FieldPath, Marks
from brief.yaml_reader import Document

# The lists whose items carry ids, with what a user calls one item.
KINDS = {
    "key_judgements": "key judgement",
    "alternative_views": "alternative view",
    "evidence": "evidence item",
    "sources": "source",
}
# Which field of which list refers to ids of which lists.
REFERENCES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("key_judgements", "evidence", ("evidence",)),
    ("key_judgements", "against", ("evidence",)),
    ("alternative_views", "evidence", ("evidence",)),
    ("alternative_views", "against", ("evidence",)),
    ("alternative_views", "competes_with", ("key_judgements",)),
    ("evidence", "source", ("sources",)),
    ("indicators", "judgements", ("key_judgements", "alternative_views")),
)
SPELLINGS = {"key_judgements": ("key_judgements", "key_judgments")}


@dataclass(frozen=True)
class Finding:
    """A reference problem at a field path."""

    path: FieldPath
    message: str

    def located(self, document: Document) -> Problem:
        """This finding as a Problem pointing at its line."""
        return document.problem(self.path, self.message)


def spelling(data: dict[str, Any], list_name: str) -> str:
    """The spelling an input used for a list: key_judgments, where it wrote that, is key_judgements."""
    return next((name for name in SPELLINGS.get(list_name, ()) if name in data), list_name)


def check_references(document: Document) -> list[Problem]:
    """Every duplicate id and every reference to an id that does not exist."""
    owners, findings = _index_ids(document.data, document.marks)
    for list_name, field, targets in REFERENCES:
        for path, value in _referring(document.data, list_name, field):
            finding = _check_reference(path, value, owners, targets)
            if finding:
                findings.append(finding)
    return [finding.located(document) for finding in findings]


def _index_ids(data: dict[str, Any], marks: Marks) -> tuple[dict[str, str], list[Finding]]:
    owners: dict[str, str] = {}
    first: dict[str, FieldPath] = {}
    findings = []
    for list_name in KINDS:
        for path, item in _items(data, list_name):
            item_id = item.get("id")
            if not isinstance(item_id, str):
                continue
            item_id = item_id.strip()
            if item_id in owners:
                where = marks.locate((*first[item_id], "id"))
                line = f" at line {where.line}" if where else ""
                message = f"id {item_id!r} is already used by {_a(owners[item_id])}{line}; ids must be unique across the file"
                findings.append(Finding((*path, "id"), message))
                continue
            owners[item_id], first[item_id] = KINDS[list_name], path
    return owners, findings


def _check_reference(path: FieldPath, value: str, owners: dict[str, str], targets: tuple[str, ...]) -> Finding | None:
    kinds = {KINDS[target] for target in targets}
    wanted = " or ".join(KINDS[target] for target in targets)
    owner = owners.get(value)
    if owner in kinds:
        return None
    if owner:
        return Finding(path, f"{value!r} is {_a(owner)}, not {_a(wanted)}")
    known = [item_id for item_id, kind in owners.items() if kind in kinds]
    close = get_close_matches(value, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else (f"; known: {', '.join(known[:12])}" if known else f"; the file has no {wanted}")
    return Finding(path, f"{value!r} is not the id of any {wanted}{hint}")


def _items(data: dict[str, Any], list_name: str) -> Iterator[tuple[FieldPath, dict[str, Any]]]:
    for spelling in SPELLINGS.get(list_name, (list_name,)):
        items = data.get(spelling)
        if isinstance(items, list):
            for index, item in enumerate(items):
                if isinstance(item, dict):
                    yield (spelling, index), item


def _referring(data: dict[str, Any], list_name: str, field: str) -> Iterator[tuple[FieldPath, str]]:
    for path, item in _items(data, list_name):
        value = item.get(field)
        if isinstance(value, str):
            yield (*path, field), value.strip()
        elif isinstance(value, list):
            for index, entry in enumerate(value):
                if isinstance(entry, str):
                    yield (*path, field, index), entry.strip()


def _a(noun: str) -> str:
    return ("an " if noun[0] in "aeiou" else "a ") + noun
