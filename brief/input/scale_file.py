"""Custom likelihood scales: a YAML file of terms and bands, validated like an input.

    name: Our yardstick
    source: Where the bands come from
    terms:                       # lowest first
      - id: very-low
        label: very low
        low: 0
        high: 10
        synonyms: [slim]         # optional; band: optional, "0–10%" by default

The file's problems are reported with its own file and line numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

from brief.input.document import read_document
from brief.input.validation import validate_model
from brief.model.brief import Id, Model, Text, TextList
from brief.model.scales import Scale, Term, normalise

Percent = Annotated[int, Field(ge=0, le=100)]


class TermEntry(Model):
    """One term of a custom scale."""

    id: Id
    label: Text
    low: Percent
    high: Percent
    band: Text | None = None
    synonyms: TextList = ()


def _consistent(terms: tuple[TermEntry, ...]) -> tuple[TermEntry, ...]:
    problems = []
    taken: set[str] = set()
    for term in terms:
        if term.low > term.high:
            problems.append(f"{term.id}: low ({term.low}) is above high ({term.high})")
        spellings = {normalise(spelling) for spelling in (term.id, term.label, *term.synonyms)}
        problems += [f"{term.id}: {spelling!r} spells another term too" for spelling in sorted(spellings & taken)]
        taken |= spellings
    if [term.low for term in terms] != sorted(term.low for term in terms):
        problems.append("terms must be listed lowest first")
    if problems:
        raise PydanticCustomError("scale_terms", "; ".join(problems))
    return terms


class ScaleFile(Model):
    """The contents of a custom scale file."""

    id: Id | None = None
    name: Text
    source: Text | None = None
    terms: Annotated[tuple[TermEntry, ...], Field(min_length=2), AfterValidator(_consistent)]


def read_scale(path: Path, folder: Path | None = None) -> Scale:
    """The scale a file defines (it must lie in `folder`, where given); raise InputError with the file's problems."""
    document = read_document(path, [folder] if folder else None)
    parsed: Any = validate_model(ScaleFile, document)
    return Scale(
        id=parsed.id or path.stem,
        name=parsed.name,
        source=parsed.source or str(path.name),
        terms=tuple(
            Term(term.id, term.label, term.band or f"{term.low}–{term.high}%", term.low, term.high, term.synonyms) for term in parsed.terms
        ),
    )
