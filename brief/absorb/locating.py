"""Where a reviewed DOCX's fields are in the input: the input file itself, and each field's line.

A DOCX names its fields by path (`key_judgements[0].statement`, as brief.write.docx.field_marks
writes them); the input names them by key, perhaps in another spelling (`key_judgments`).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from brief import gate
from brief.distribution.carried import name_fault
from brief.errors import UsageError
from brief.input.document import parse_document
from brief.input.positions import FieldPath
from brief.input.spellings import settle_spellings

STEP = re.compile(r"\.?([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")
SKIPPED = {".brief", ".git", ".venv", "node_modules", "__pycache__"}
MAX_SEARCHED = 5_000  # files looked at under the working folder for the input a DOCX names


class FieldNames:
    """The fields of one input text: a DOCX's field name as a path, and the line it is written on."""

    def __init__(self, text: str, file: str) -> None:
        document = settle_spellings(parse_document(text.encode("utf-8"), file))
        self.positions = document.positions

    @staticmethod
    def path(name: str | None) -> FieldPath:
        """`key_judgements[0].statement` as ("key_judgements", 0, "statement")."""
        return tuple(int(index) if index else key for key, index in STEP.findall(name or ""))

    @staticmethod
    def name(path: FieldPath) -> str:
        """("key_judgements", 0, "statement") as `key_judgements[0].statement`."""
        return "".join(f"[{step}]" if isinstance(step, int) else f".{step}" for step in path).lstrip(".")

    def line(self, name: str | FieldPath | None) -> int | None:
        """The line the field is written on, or its nearest written ancestor's; None when it is not in the input."""
        if name is None:
            return None
        position = self.positions.locate(self.path(name) if isinstance(name, str) else name)
        return position.line if position else None


def input_for(reviewed: Path, carried: str) -> Path:
    """The input a reviewed DOCX was built from: the file of the carried name in the working folder, or the only one below it."""
    if name_fault(carried):  # the name comes from the DOCX, which anyone may have written
        raise UsageError(
            f"{reviewed}: names its input {carried!r}, which is no file name brief writes; name the input: brief absorb {reviewed} INPUT"
        )
    named = Path(carried)
    for base in (Path.cwd(), reviewed.parent):
        if gate.present(base / named):
            return base / named
    found = _below(Path.cwd(), named.name)
    if len(found) == 1:
        return found[0]
    where = "; it could be " + ", ".join(map(str, found[:5])) if found else ""
    raise UsageError(
        f"{reviewed}: was built from {carried}, which is not in this folder{where}; name the input: brief absorb {reviewed} INPUT"
    )


def _below(folder: Path, name: str) -> list[Path]:
    """Every file called `name` below `folder`, never inside tool folders (a virtual environment holds thousands), looking at no more than MAX_SEARCHED."""
    found, seen = [], 0
    for root, folders, files in os.walk(folder, followlinks=False):
        folders[:] = sorted(entry for entry in folders if entry not in SKIPPED and not entry.startswith("."))
        seen += len(files)
        found += [Path(root) / entry for entry in files if entry == name]
        if seen > MAX_SEARCHED:
            break
    return sorted(found)
