"""Rules on wording (ICD 203 standard 2): estimative terms that agree with the stated
likelihood, come from the declared scale, stay apart from confidence, and replace hedges."""

from __future__ import annotations

from collections.abc import Iterator

from brief.input.positions import FieldPath
from brief.model.rules import rule
from brief.review.finding import Finding
from brief.review.subject import Review
from brief.review.wording import confidence_phrase, hedges, sentences


def term_mismatch(review: Review) -> Iterator[Finding]:
    """T01: a statement or basis uses an estimative term whose band differs from the stated likelihood."""
    rated: list[tuple[FieldPath, str | None, dict[str, str | None]]] = [
        (path, judgement.likelihood, {"statement": judgement.statement, "basis": judgement.basis})
        for path, judgement in review.judgements()
    ]
    rated += [(path, view.likelihood, {"view": view.view, "basis": view.basis}) for path, view in review.alternatives()]
    for path, likelihood, texts in rated:
        if likelihood is None:
            continue
        stated = review.loaded.scale.term(likelihood)
        for name, text in texts.items():
            for match in review.lexicon.find(text or ""):
                if not match.phrase.band.overlaps(review.band(likelihood)):
                    message = (
                        f"{match.written!r} reads as {match.phrase.band.low}–{match.phrase.band.high}%, "
                        f"but the stated likelihood is {stated.label!r} ({stated.band}); make the wording and the likelihood agree"
                    )
                    yield Finding(rule("T01"), (*path, name), message, match.start)


def confidence_with_likelihood(review: Review) -> Iterator[Finding]:
    """T02: a sentence holds both a confidence level and a likelihood term."""
    for path, text in review.prose():
        for start, sentence in sentences(text):
            confidence = confidence_phrase(sentence)
            term = next(review.lexicon.find(sentence), None)
            if confidence and term:
                message = (
                    f"{confidence.group(0)!r} and {term.written!r} stand in one sentence; "
                    "confidence is about the evidence and likelihood about the event, so give each its own sentence"
                )
                yield Finding(rule("T02"), path, message, start + min(confidence.start(), term.start))


def foreign_scale_term(review: Review) -> Iterator[Finding]:
    """T03: the wording uses a term of another scale than the declared one."""
    for path, text in review.prose():
        for match in review.lexicon.find(text):
            if review.lexicon.is_foreign(match.phrase):
                scales = ", ".join(sorted(match.phrase.scales))
                message = f"{match.written!r} is a term of the {scales} scale, but this brief uses {review.loaded.scale.id}; use that scale's terms only"
                yield Finding(rule("T03"), path, message, match.start)


def vague_hedge(review: Review) -> Iterator[Finding]:
    """T04: a key judgement's statement hedges with a word that carries no defined likelihood."""
    terms = ", ".join(term.label for term in review.loaded.scale.terms)
    for path, judgement in review.judgements():
        for match in hedges(judgement.statement):
            message = f"{match.group(0)!r} hedges without saying how likely; state the judgement and rate it with the likelihood ({terms})"
            yield Finding(rule("T04"), (*path, "statement"), message, match.start())
