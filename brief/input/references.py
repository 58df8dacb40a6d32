"""Checks across a whole input: ids are unique, and every id referred to exists.

These run on the parsed data, not on the validated Brief, so that a file with a wrong type
in one judgement still hears about a dangling reference in another: all problems at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from difflib import get_close_matches
from typing import Any

from brief.errors import Problem
from brief.input.document import Document
from brief.input.positions import FieldPath, Positions
from brief.model.tables import ID_LISTS

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


def check_references(document: Document) -> list[Problem]:
    """Every duplicate id and every reference to an id that does not exist."""
    owners, found = _index_ids(document.data, document.positions)
    for list_name, field, targets in REFERENCES:
        for path, value in _referring(document.data, list_name, field):
            wrong = _check_reference(path, value, owners, targets)
            if wrong:
                found.append(wrong)
    return [document.problem(path, message) for path, message in found]


def _index_ids(data: dict[str, Any], positions: Positions) -> tuple[dict[str, str], list[tuple[FieldPath, str]]]:
    owners: dict[str, str] = {}
    first: dict[str, FieldPath] = {}
    found = []
    for list_name in ID_LISTS:
        for path, item in _items(data, list_name):
            item_id = item.get("id")
            if not isinstance(item_id, str):
                continue
            item_id = item_id.strip()
            if item_id in owners:
                where = positions.locate((*first[item_id], "id"))
                line = f" at line {where.line}" if where else ""
                message = f"id {item_id!r} is already used by {_a(owners[item_id])}{line}; ids must be unique across the file"
                found.append(((*path, "id"), message))
                continue
            owners[item_id], first[item_id] = ID_LISTS[list_name], path
    return owners, found


def _check_reference(path: FieldPath, value: str, owners: dict[str, str], targets: tuple[str, ...]) -> tuple[FieldPath, str] | None:
    kinds = {ID_LISTS[target] for target in targets}
    wanted = " or ".join(ID_LISTS[target] for target in targets)
    owner = owners.get(value)
    if owner in kinds:
        return None
    if owner:
        return path, f"{value!r} is {_a(owner)}, not {_a(wanted)}"
    known = [item_id for item_id, kind in owners.items() if kind in kinds]
    close = get_close_matches(value, known, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else (f"; known: {', '.join(known[:12])}" if known else f"; the file has no {wanted}")
    return path, f"{value!r} is not the id of any {wanted}{hint}"


def _items(data: dict[str, Any], list_name: str) -> Iterator[tuple[FieldPath, dict[str, Any]]]:
    items = data.get(list_name)
    if isinstance(items, list):
        for index, item in enumerate(items):
            if isinstance(item, dict):
                yield (list_name, index), item


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
