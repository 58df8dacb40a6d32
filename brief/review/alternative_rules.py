"""Rules on alternatives (ICD 203 standard 4): a brief weighs other explanations, and rates
them honestly against the judgements they compete with."""

from __future__ import annotations

from collections.abc import Iterator

from brief.analysis.ach import competitors
from brief.model.brief import AlternativeView, KeyJudgement
from brief.model.rules import rule
from brief.model.tables import confidence_rank
from brief.review.finding import Finding
from brief.review.subject import Review

EVEN = 50  # per cent: a view whose band's middle is above it is rated more likely than not


def no_alternative_view(review: Review) -> Iterator[Finding]:
    """T09: no alternative view, though not every key judgement is high confidence."""
    if review.brief.alternative_views:
        return
    uncertain = [judgement.id for _, judgement in review.judgements() if judgement.confidence != "high"]
    if uncertain:
        message = f"{', '.join(uncertain)} {'is' if len(uncertain) == 1 else 'are'} not high confidence, yet the brief weighs no alternative view; add alternative_views:"
        yield Finding(rule("T09"), ("key_judgements",), message)


def alternative_outweighs_judgement(review: Review) -> Iterator[Finding]:
    """T12: an alternative view rated more likely or more confident than the judgement it competes with, without a basis."""
    for path, view in review.alternatives():
        if view.basis:
            continue
        for judgement in competitors(review.brief, view):
            higher = _higher(review, view, judgement)
            if higher:
                message = f"{view.id} is rated {' and '.join(higher)} than {judgement.id}, which it competes with, without a basis; explain why under basis:"
                yield Finding(rule("T12"), path, message)


def _higher(review: Review, view: AlternativeView, judgement: KeyJudgement) -> list[str]:
    higher = []
    if view.likelihood and review.band(view.likelihood).middle > review.band(judgement.likelihood).middle:
        higher.append(
            f"more likely ({review.loaded.scale.term(view.likelihood).label} against {review.loaded.scale.term(judgement.likelihood).label})"
        )
    if view.confidence and confidence_rank(view.confidence) > confidence_rank(judgement.confidence):
        higher.append(f"with more confidence ({view.confidence} against {judgement.confidence})")
    return higher


def likely_alternative_unexplained(review: Review) -> Iterator[Finding]:
    """T17: an alternative view rated more likely than not (its band's middle above 50%), without a basis."""
    for path, view in review.alternatives():
        if view.likelihood and not view.basis and review.band(view.likelihood).middle > EVEN:
            term = review.loaded.scale.term(view.likelihood)
            message = f"{view.id} is rated {term.label} ({term.band}), more likely than not, without a basis; explain why under basis:"
            yield Finding(rule("T17"), (*path, "likelihood"), message)
