"""Rules on wording (ICD 203 standard 2): estimative terms that agree with the stated
likelihood, come from the declared scale, stay apart from confidence, and replace hedges.

Each rule reads the words of the brief's language and says what it found in that language
(brief/review/lexicons/); a message the language's lexicon lacks is English's.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from brief.input.positions import FieldPath
from brief.model.rules import rule
from brief.review.finding import Finding
from brief.review.subject import Review


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
                    band = match.phrase.band
                    values = {"written": match.written, "low": band.low, "high": band.high, "stated": stated.label, "band": stated.band}
                    yield Finding(rule("T01"), (*path, name), _message("T01", review, values), match.start)


def confidence_with_likelihood(review: Review) -> Iterator[Finding]:
    """T02: a sentence holds both a confidence level and a likelihood term."""
    lexicon = review.lexicon
    for path, text in review.prose():
        for start, sentence in lexicon.sentences(text):
            confidence = lexicon.confidence_phrase(sentence)
            term = next(lexicon.find(sentence), None)
            if confidence and term:
                message = _message("T02", review, {"confidence": confidence.group(0), "term": term.written})
                yield Finding(rule("T02"), path, message, start + min(confidence.start(), term.start))


def foreign_scale_term(review: Review) -> Iterator[Finding]:
    """T03: the wording uses a term of another scale than the declared one."""
    for path, text in review.prose():
        for match in review.lexicon.find(text):
            if review.lexicon.is_foreign(match.phrase):
                values = {"written": match.written, "scales": ", ".join(sorted(match.phrase.scales)), "scale": review.loaded.scale.id}
                yield Finding(rule("T03"), path, _message("T03", review, values), match.start)


def vague_hedge(review: Review) -> Iterator[Finding]:
    """T04: a key judgement's statement hedges with a word that carries no defined likelihood."""
    terms = ", ".join(term.label for term in review.loaded.scale.terms)
    for path, judgement in review.judgements():
        for match in review.lexicon.hedges(judgement.statement):
            message = _message("T04", review, {"written": match.group(0), "terms": terms})
            yield Finding(rule("T04"), (*path, "statement"), message, match.start())


def _message(code: str, review: Review, values: Mapping[str, object]) -> str:
    """The rule's message in the brief's language, filled with `values`."""
    return review.lexicon.words.message(rule(code).name, **values)
