"""Heuer's Analysis of Competing Hypotheses (ACH) over the evidence matrix.

The hypotheses are the key judgements and the alternative views. ACH asks what the evidence
refutes rather than what it confirms, so each hypothesis gets an **inconsistency**: the weight
of the evidence listed against it. Each item of evidence gets a **diagnosticity**: how far it
tells the hypotheses apart (evidence that fits them all, or none, tells nothing).

Weights follow PARC ACH 2.0 (Xerox PARC and Pherson Associates, "ACH technical description"):
an inconsistent item scores 1, times a weight of √2 (high), 1 (medium) or 1/√2 (low) for its
source's reliability and again for the item's credibility. Diagnosticity follows Open
Synthesis (openach `metrics.diagnosticity`): the population standard deviation of the item's
cells, with + as 1, − as −1 and an empty cell as 0. docs/checks.md gives both with examples.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Mapping
from dataclasses import dataclass

from brief.analysis.matrix import AGAINST, SUPPORTS, Matrix, evidence_matrix
from brief.model.brief import AlternativeView, Brief, Evidence, KeyJudgement, Source

HIGH, MEDIUM, LOW = math.sqrt(2), 1.0, 1 / math.sqrt(2)
# Admiralty grades onto PARC's three levels; F and 6 (cannot be judged) and ungraded neither raise nor lower.
RELIABILITY_WEIGHT: dict[str | None, float] = {"A": HIGH, "B": HIGH, "C": MEDIUM, "D": LOW, "E": LOW, "F": MEDIUM, None: MEDIUM}
CREDIBILITY_WEIGHT: dict[int | None, float] = {1: HIGH, 2: HIGH, 3: MEDIUM, 4: LOW, 5: LOW, 6: MEDIUM, None: MEDIUM}
CELL_SCORE = {SUPPORTS: 1, AGAINST: -1, "": 0}
PLACES = 6  # sums of √2 are rounded here, so hypotheses with equal weights against them compare equal


@dataclass(frozen=True)
class Weighing:
    """The ACH figures of a brief: inconsistency per hypothesis (matrix column) and diagnosticity per item (matrix row)."""

    matrix: Matrix
    inconsistency: Mapping[str, float]
    diagnosticity: Mapping[str, float]

    def non_diagnostic(self, evidence_id: str) -> bool:
        """Whether the item stands the same way to every hypothesis, so it tells none apart."""
        return self.diagnosticity[evidence_id] == 0


def weight(item: Evidence, sources: Mapping[str, Source]) -> float:
    """The item's weight: its source's reliability factor times its own credibility factor."""
    source = sources.get(item.source)
    return RELIABILITY_WEIGHT[source.reliability if source else None] * CREDIBILITY_WEIGHT[item.credibility]


def inconsistency(brief: Brief) -> dict[str, float]:
    """Each hypothesis's weighted inconsistency: the weights of the items it lists against it, each item once."""
    sources = {source.id: source for source in brief.sources}
    weights = {item.id: weight(item, sources) for item in brief.evidence}
    hypotheses: list[KeyJudgement | AlternativeView] = [*brief.key_judgements, *brief.alternative_views]
    return {
        hypothesis.id: round(sum(weights[ref] for ref in dict.fromkeys(hypothesis.against) if ref in weights), PLACES)
        for hypothesis in hypotheses
    }


def diagnosticity(matrix: Matrix) -> dict[str, float]:
    """Each item's diagnosticity: the spread of its cells across the hypotheses (0 when they are all alike)."""
    return {row.evidence_id: round(statistics.pstdev(CELL_SCORE[cell] for cell in row.cells), PLACES) for row in matrix.rows}


def weigh(brief: Brief) -> Weighing:
    """The ACH figures of `brief`."""
    matrix = evidence_matrix(brief)
    return Weighing(matrix, inconsistency(brief), diagnosticity(matrix))


def competitors(brief: Brief, view: AlternativeView) -> tuple[KeyJudgement, ...]:
    """The key judgements a view competes with: those it names, else every one sharing an item of evidence with it, either way."""
    if view.competes_with:
        return tuple(judgement for judgement in brief.key_judgements if judgement.id in view.competes_with)
    cited = {*view.evidence, *view.against}
    return tuple(judgement for judgement in brief.key_judgements if cited & {*judgement.evidence, *judgement.against})
