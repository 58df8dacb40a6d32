"""Findings: what a rule finds in a brief, and where a reader of `brief check` finds it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from brief.input.positions import FieldPath
from brief.model.rules import Rule


@dataclass(frozen=True)
class Finding:
    """What a rule finds: at a field, or at a word of its text when `offset` is given.

    A rule makes it with the first four fields; the review then places it in its file
    (`located`) and records the reason it was silenced, if it was.
    """

    rule: Rule
    path: FieldPath
    message: str
    offset: int | None = None
    file: str = ""
    line: int | None = None
    column: int | None = None
    field: str = ""  # the path as the user wrote it: key_judgements[0].statement
    silenced: str | None = None
    standard: str = ""  # what it cites, set by the review from the brief's scale; the rule's own standard until then

    def located(self, file: str, line: int | None, column: int | None, field: str, silenced: str | None, standard: str = "") -> Finding:
        """This finding placed at its line in `file`, citing `standard`, silenced for `silenced` when a silence covers it."""
        return replace(self, file=file, line=line, column=column, field=field, silenced=silenced, standard=standard)

    @property
    def cites(self) -> str:
        """The standard this finding cites: the one behind the brief's scale, else the rule's."""
        return self.standard or self.rule.standard

    def __str__(self) -> str:
        place = ":".join(str(part) for part in (self.file, self.line, self.column) if part is not None)
        severity = f"silenced {self.rule.severity}" if self.silenced else self.rule.severity
        text = f"{place}: {severity} {self.rule.code} {self.rule.name}: {self.field}: {self.message} [{self.cites}]"
        return text + (f"; silenced because: {self.silenced}" if self.silenced else "")

    def as_dict(self) -> dict[str, Any]:
        """The finding as JSON-ready data, for other tools."""
        return {
            "code": self.rule.code,
            "name": self.rule.name,
            "severity": self.rule.severity,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "field": self.field,
            "message": self.message,
            "standard": self.cites,
            "silenced": self.silenced,
        }
