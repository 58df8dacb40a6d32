"""Another spelling of an input key (key_judgments) is settled once, as the input is loaded.

Every later stage meets one name, key_judgements; only messages still name a field the way
the analyst wrote it. An input that gives both spellings keeps both, and validation says so.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, TypeVar

from brief.input.document import Document
from brief.input.positions import FieldPath, Positions
from brief.model.tables import OTHER_SPELLINGS

V = TypeVar("V")


def settle_spellings(document: Document) -> Document:
    """The document with each other spelling renamed to the key the model knows."""
    renamed = {other: key for other, key in OTHER_SPELLINGS.items() if other in document.data and key not in document.data}
    if not renamed:
        return document
    data = {renamed.get(name, name): value for name, value in document.data.items()}
    before = document.positions
    positions = Positions(_moved(before.values, renamed), _moved(before.keys, renamed), _moved(before.texts, renamed))
    written = {key: other for other, key in renamed.items()}
    return replace(document, data=data, positions=positions, spellings=document.spellings | written)


def _moved(by_path: dict[FieldPath, V], renamed: dict[str, str]) -> dict[FieldPath, V]:
    return {_renamed(path, renamed): value for path, value in by_path.items()}


def _renamed(path: FieldPath, renamed: dict[str, str]) -> FieldPath:
    head: Any = path[0] if path else None
    return (renamed[head], *path[1:]) if isinstance(head, str) and head in renamed else path
