"""The evidence matrix: each item of evidence against each judgement and alternative view.

A cell says whether the item supports (+) the judgement or view, cuts against it (−), or
neither (empty). The matrix shows at a glance which evidence carries the assessment and
which judgements stand on little; brief/analysis/ach.py weighs it (inconsistency, diagnosticity).
"""

from __future__ import annotations

from dataclasses import dataclass

from brief.model.brief import AlternativeView, Brief, KeyJudgement

SUPPORTS, AGAINST = "+", "−"  # U+2212 MINUS SIGN: the same width as +


@dataclass(frozen=True)
class MatrixRow:
    """One item of evidence and its cell under each column."""

    evidence_id: str
    cells: tuple[str, ...]


@dataclass(frozen=True)
class Matrix:
    """Rows of evidence under columns of key judgements, then alternative views."""

    judgement_ids: tuple[str, ...]
    view_ids: tuple[str, ...]
    rows: tuple[MatrixRow, ...]


def evidence_matrix(brief: Brief) -> Matrix:
    """The matrix of `brief`'s evidence against its judgements and alternative views."""
    columns: list[KeyJudgement | AlternativeView] = [*brief.key_judgements, *brief.alternative_views]
    # Sets, so a cell is one lookup, not a scan of the column's list: cost stays linear in the cells.
    marks = [(frozenset(column.evidence), frozenset(column.against)) for column in columns]
    rows = tuple(
        MatrixRow(item.id, tuple(SUPPORTS if item.id in cited else AGAINST if item.id in against else "" for cited, against in marks))
        for item in brief.evidence
    )
    return Matrix(tuple(j.id for j in brief.key_judgements), tuple(v.id for v in brief.alternative_views), rows)
