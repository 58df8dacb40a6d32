"""The exceptions `brief` raises: one small tree.

    BriefError                  anything brief reports to a user instead of a traceback
    ├── InputError              an input file is unreadable or invalid; carries every Problem found
    ├── RefusedFile             a file read on someone else's behalf is refused (outside its folder, not a regular file, too big, not UTF-8)
    ├── TemplateError           a template set is broken, or asks for a forbidden resource
    │   ├── TemplateNotFound    no template set has the name or path given
    │   ├── VocabularyError     the rendered document holds an element or class the DOCX writer cannot map
    │   └── RefusedResource     a writer may not use a file or data: URL the document names  (render.resources)
    ├── ReviewFailed            the tradecraft review found errors (or warnings, when strict)  (review.report)
    ├── OutputError             an output file could not be written
    ├── NotIssued               nothing vouches for a file: not in the register, changed, or not trusted  (distribution.verification)
    ├── BadRegister             an issue register that cannot be read at all  (distribution.register)
    ├── NoInput                 a file carries no brief input to give back  (distribution.attachment)
    ├── UnreadableDocx          a DOCX given back cannot be read for its fields: not a zip, a part missing, too big, not plain XML
    ├── SigningError            a signing key, trusted certificate or protected copy cannot be used or made
    ├── CannotListen            the preview's address or port cannot be bound  (tools.preview_session)
    ├── ConversionFailed        LibreOffice failed, or timed out, printing the DOCX for a proof sheet
    ├── MissingLibrary          a system library a format needs (Pango for the PDF) is not installed
    └── UsageError              the command line asks for something that cannot be done

A class that carries a later stage's data (ReviewFailed carries the review's Report) is declared
in that stage, so this module imports nothing of brief's and every stage may import it.

Library code raises these and never exits; only the CLI turns them into messages and exit codes.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input or a template set, pointed at the place a user can fix it.

    `severity` is given where a problem may be only a warning (a template set's check); an
    input's problems are all errors and print without it.
    """

    file: str
    line: int | None
    column: int | None
    field: str
    message: str
    severity: Literal["error", "warning"] | None = None

    @classmethod
    def at(cls, place: str, message: str, severity: Literal["error", "warning"] = "error") -> Problem:
        """A problem at a file, or at a place already written as file:line."""
        return cls(place, None, None, "", message, severity)

    def __str__(self) -> str:
        place = ":".join(str(part) for part in (self.file, self.line, self.column) if part is not None)
        severity = f" {self.severity}:" if self.severity else ""
        field = f" {self.field}:" if self.field else ""
        return f"{place}:{severity}{field} {self.message}"


class BriefError(Exception):
    """Base of every error brief reports to a user."""


class InputError(BriefError):
    """An input file cannot become a brief; `problems` lists every reason found."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))

    def __reduce__(self) -> tuple[type[InputError], tuple[tuple[Problem, ...]]]:
        """Rebuilt from its problems: a batch's worker process sends it back to the one that reports it."""
        return type(self), (self.problems,)


class TemplateError(BriefError):
    """A template set cannot be found, compiled or rendered."""


class TemplateNotFound(TemplateError):
    """No template set has the name or path given."""


class VocabularyError(TemplateError):
    """The DOCX writer met an element or class outside the documented vocabulary."""


class RefusedFile(BriefError):
    """The gate refused a file: it names the file, what kind it is, why, and where it was named."""

    def __init__(self, file: str, kind: str, reason: str, named_at: str | None = None) -> None:
        self.file, self.kind, self.reason, self.named_at = file, kind, reason, named_at
        origin = f"{named_at}: " if named_at else ""
        super().__init__(f"{origin}{file}: refused: {reason}")

    def __reduce__(self) -> tuple[type[RefusedFile], tuple[str, str, str, str | None]]:
        """Rebuilt from its parts, as InputError is."""
        return type(self), (self.file, self.kind, self.reason, self.named_at)


class OutputError(BriefError):
    """An output file could not be written."""


class SigningError(BriefError):
    """A signing key (PKCS#12), a trusted-certificates file or a protected copy cannot be read, used or made; the message names the file."""


class UnreadableDocx(BriefError):
    """A DOCX whose fields are read back (write.docx.field_text) is not a zip, lacks a part, is too big or is not plain XML."""


class ConversionFailed(BriefError):
    """LibreOffice, installed, could not print a build's DOCX to PDF for a proof sheet: it failed or ran out of time."""


class MissingLibrary(BriefError):
    """A system library a format needs is not installed (Pango, for the PDF); the message names the packages."""


class UsageError(BriefError):
    """The command line asks for something that cannot be done."""
