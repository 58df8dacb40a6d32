"""Findings: what a rule marks in a brief, and where a reader of `brief check` finds it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from brief.checks.catalogue import Rule
from brief.marks import FieldPath


@dataclass(frozen=True)
class Finding:
    """One mark a rule makes: at a field, or at a word of its text when `offset` is given."""

    rule: Rule
    path: FieldPath
    message: str
    offset: int | None = None


@dataclass(frozen=True)
class Mark:
    """A finding located in its file, and the reason it was silenced, if it was."""

    rule: Rule
    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    silenced: str | None = None

    def __str__(self) -> str:
        place = ":".join(str(part) for part in (self.file, self.line, self.column) if part is not None)
        severity = f"silenced {self.rule.severity}" if self.silenced else self.rule.severity
        text = f"{place}: {severity} {self.rule.code} {self.rule.name}: {self.field}: {self.message} [{self.rule.standard}]"
        return text + (f"; silenced because: {self.silenced}" if self.silenced else "")

    def as_dict(self) -> dict[str, Any]:
        """The mark as JSON-ready data, for other tools."""
        return {
            "code": self.rule.code,
            "name": self.rule.name,
            "severity": self.rule.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "standard": self.rule.standard,
            "silenced": self.silenced,
        }
