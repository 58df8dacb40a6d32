"""The exceptions `brief` raises: one small tree.

    BriefError                  anything brief reports to a user instead of a traceback
    ├── InputError              an input file is unreadable or invalid; carries every Problem found
    ├── TemplateError           a template set is broken, or asks for a forbidden resource
    │   ├── TemplateNotFound    no template set has the name or path given
    │   └── VocabularyError     the rendered document holds an element or class the DOCX writer cannot map
    ├── ReviewFailed            the tradecraft review found errors (or warnings, when strict)
    ├── RefusedFile             a file read on someone else's behalf is refused (outside its folder, not a regular file, too big, not UTF-8)
    ├── OutputError             an output file could not be written
    └── UsageError              the command line asks for something that cannot be done

Library code raises these and never exits; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from brief.checks.report import Report


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, pointed at the place a user can fix it."""

    file: str
    line: int | None
    column: int | None
    field: str
    message: str

    def __str__(self) -> str:
        place = ":".join(str(part) for part in (self.file, self.line, self.column) if part is not None)
        field = f" {self.field}:" if self.field else ""
        return f"{place}:{field} {self.message}"


class BriefError(Exception):
    """Base of every error brief reports to a user."""


class InputError(BriefError):
    """An input file cannot become a brief; `problems` lists every reason found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


class TemplateError(BriefError):
    """A template set cannot be found, compiled or rendered."""


class TemplateNotFound(TemplateError):
    """No template set has the name or path given."""


class VocabularyError(TemplateError):
    """The DOCX writer met an element or class outside the documented vocabulary."""


class ReviewFailed(BriefError):
    """The tradecraft review of a brief found errors, or warnings under --strict; `report` holds them."""

    def __init__(self, report: Report) -> None:
        self.report = report
        super().__init__(f"{report.file}: the review found problems; nothing written")


class RefusedFile(BriefError):
    """The gate refused a file: it names the file, what kind it is, why, and where it was named."""

    def __init__(self, file: str, kind: str, reason: str, named_at: str | None = None) -> None:
        self.file, self.kind, self.reason, self.named_at = file, kind, reason, named_at
        origin = f"{named_at}: " if named_at else ""
        super().__init__(f"{origin}{file}: refused: {reason}")


class OutputError(BriefError):
    """An output file could not be written."""


class UsageError(BriefError):
    """The command line asks for something that cannot be done."""
