"""Rules from the Analysis of Competing Hypotheses (ICD 203 standard 4): evidence is weighed, not counted.

The figures come from brief/analysis/ach.py, as the evidence matrix prints them, so a finding
and the annex never disagree.
"""

from __future__ import annotations

from collections.abc import Iterator

from brief.analysis.ach import competitors, weigh
from brief.input.positions import FieldPath
from brief.model.brief import AlternativeView, KeyJudgement
from brief.model.rules import rule
from brief.review.finding import Finding
from brief.review.subject import Review


def non_diagnostic_support(review: Review) -> Iterator[Finding]:
    """T14: every item a key judgement cites in support stands the same way to every hypothesis."""
    brief = review.brief
    if not brief.alternative_views:
        return  # key judgements answer different questions and do not compete; without a rival T09 speaks
    weighing = weigh(brief)
    for path, judgement in review.judgements():
        if judgement.evidence and all(weighing.non_diagnostic(ref) for ref in judgement.evidence):
            cited = ", ".join(judgement.evidence)
            message = f"all of {judgement.id}'s support ({cited}) fits every hypothesis alike, so it favours {judgement.id} over none of them; cite evidence that tells them apart"
            yield Finding(rule("T14"), (*path, "evidence"), message)


def less_inconsistent_alternative(review: Review) -> Iterator[Finding]:
    """T15: an alternative view has less weighted evidence against it than a judgement it competes with."""
    scores = weigh(review.brief).inconsistency
    for path, view in review.alternatives():
        for judgement in competitors(review.brief, view):
            if scores[view.id] < scores[judgement.id]:
                message = (
                    f"{view.id} is less inconsistent with the evidence than {judgement.id}, which it competes with "
                    f"(weighted inconsistency {scores[view.id]:.2f} against {scores[judgement.id]:.2f}); weigh the evidence against {view.id}, or revisit {judgement.id}"
                )
                yield Finding(rule("T15"), path, message)


def evidence_for_and_against(review: Review) -> Iterator[Finding]:
    """T16: one hypothesis lists the same item of evidence both for and against it."""
    hypotheses: list[tuple[FieldPath, KeyJudgement | AlternativeView]] = [*review.judgements(), *review.alternatives()]
    for path, hypothesis in hypotheses:
        for index, ref in enumerate(hypothesis.against):
            if ref in hypothesis.evidence:
                message = f"{ref} is listed both for and against {hypothesis.id}; keep it under evidence: or against:, not both"
                yield Finding(rule("T16"), (*path, "against", index), message)
