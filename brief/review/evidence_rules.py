"""Rules on evidence and sourcing (ICD 203 standard 1, ICD 206): judgements rest on cited
evidence, high confidence on more than thin evidence, and not too much on one source."""

from __future__ import annotations

from collections.abc import Iterator

from brief.analysis.sourcing import dependence
from brief.model.brief import AlternativeView, KeyJudgement
from brief.model.rules import rule
from brief.review.finding import Finding
from brief.review.subject import Review

STRONG_RELIABILITY = frozenset("ABC")
STRONG_CREDIBILITY = frozenset({1, 2, 3})


def thin_high_confidence(review: Review) -> Iterator[Finding]:
    """T05: high confidence on fewer than two sources, only sources graded D–F, or only information graded 4–6."""
    rated: list[tuple[tuple[str | int, ...], KeyJudgement | AlternativeView]] = [*review.judgements(), *review.alternatives()]
    for path, item in rated:
        if item.confidence == "high":
            reasons = _thinness(review, item.evidence)
            if reasons:
                message = f"{item.id} is rated high confidence, but {'; '.join(reasons)}; lower the confidence or add stronger evidence"
                yield Finding(rule("T05"), (*path, "confidence"), message)


def _thinness(review: Review, evidence_ids: tuple[str, ...]) -> list[str]:
    evidence, sources = review.evidence(), review.sources()
    items = [evidence[ref] for ref in evidence_ids]
    if not items:
        return ["it cites no supporting evidence"]
    used = {item.source for item in items}
    reasons = []
    if len(used) < 2:
        reasons.append(f"its evidence comes from one source ({next(iter(used))})")
    if not any(sources[ref].reliability in STRONG_RELIABILITY for ref in used):
        reasons.append("no source behind it is graded A–C for reliability")
    if not any(item.credibility in STRONG_CREDIBILITY for item in items):
        reasons.append("none of its evidence is graded 1–3 for credibility")
    return reasons


def unsupported_judgement(review: Review) -> Iterator[Finding]:
    """T06: a key judgement cites no supporting evidence."""
    for path, judgement in review.judgements():
        if not judgement.evidence:
            yield Finding(rule("T06"), path, f"{judgement.id} cites no supporting evidence; list what it rests on under evidence:")


def uncited_evidence(review: Review) -> Iterator[Finding]:
    """T07: an item of evidence bears on no key judgement or alternative view."""
    items: list[KeyJudgement | AlternativeView] = [item for _, item in review.judgements()] + [item for _, item in review.alternatives()]
    cited = {ref for item in items for ref in (*item.evidence, *item.against)}
    for index, item in enumerate(review.brief.evidence):
        if item.id not in cited:
            message = f"{item.id} bears on no judgement or alternative view; cite it under evidence: or against:, or drop it"
            yield Finding(rule("T07"), ("evidence", index), message)


def uncited_source(review: Review) -> Iterator[Finding]:
    """T08: a source that no evidence comes from."""
    used = {item.source for item in review.brief.evidence}
    for index, source in enumerate(review.brief.sources):
        if source.id not in used:
            yield Finding(rule("T08"), ("sources", index), f"{source.id} provides no evidence; cite it from an evidence item, or drop it")


def single_source_dependence(review: Review) -> Iterator[Finding]:
    """T11: more than half of the evidence behind the key judgements comes from one source."""
    found = dependence(review.brief)
    if found and found.majority:
        index = review.brief.sources.index(found.source)
        if found.total == 1:
            share = "the one item of evidence behind the key judgements comes"
        else:
            share = f"{'all' if found.count == found.total else f'{found.count} of the'} {found.total} items of evidence behind the key judgements come"
        message = f"{share} from {found.source.id}; seek corroboration from other sources, or say in the scope note how much rests on it"
        yield Finding(rule("T11"), ("sources", index), message)
