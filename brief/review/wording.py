"""Reading an analyst's wording: estimative phrases, confidence phrases, hedges, sentences.

The lexicon knows every spelling of every built-in scale's terms, the declared scale's own
(which win), and common estimative words, each with the probability band it stands for.
Phrases are matched whole-word and longest first, so "unlikely" is never read as "likely"
and "probably not" never as "probably".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from brief.model.scales import SCALES, Scale, Term, normalise

# Everyday estimative words and the band a reader hears in them (ICD 203's bands, where it has the word).
COMMON: dict[str, tuple[int, int]] = {
    "almost certainly": (95, 99),
    "virtually certain": (95, 99),
    "very probably": (80, 95),
    "highly likely": (80, 95),
    "probably": (55, 80),
    "even chance": (45, 55),
    "fifty-fifty": (45, 55),
    "probably not": (20, 45),
    "not likely": (20, 45),
    "highly unlikely": (5, 20),
    "almost certainly not": (1, 5),
    "remote": (1, 5),
}
HEDGES = re.compile(r"\b(may|might|could|possibly|perhaps)\b(?!\s+\d)", re.IGNORECASE)  # "May 2025" is a month
CONFIDENCE = re.compile(r"\b(?:high|moderate|medium|low)[\s-]+confidence\b|\bconfiden(?:ce|t|tly)\b", re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*\n|\n(?=\s*(?:[-*+]|\d+[.)])\s)")


@dataclass(frozen=True)
class Band:
    """A probability band, in per cent."""

    low: int
    high: int

    def overlaps(self, other: Band) -> bool:
        """Whether the two bands share more than an edge (or are the same point)."""
        return max(self.low, other.low) < min(self.high, other.high) or self == other

    @property
    def middle(self) -> float:
        """The band's midpoint, for saying which of two bands is higher."""
        return (self.low + self.high) / 2


@dataclass(frozen=True)
class Phrase:
    """A spelling a reader takes as an estimate, its band, the scales that define it, and
    whether it is everyday English (which no scale owns)."""

    text: str
    band: Band
    scales: frozenset[str]
    common: bool = False


@dataclass(frozen=True)
class Match:
    """A phrase found in a text, at [start, end)."""

    start: int
    end: int
    phrase: Phrase
    written: str


class Lexicon:
    """The estimative phrases of a brief whose declared scale is `scale`."""

    def __init__(self, scale: Scale) -> None:
        self.scale = scale
        # Bands come from the declared scale first, then everyday usage, then other scales.
        # Keyed as `find` looks them up: normalised, so "fifty-fifty" and "fifty fifty" are one phrase.
        phrases: dict[str, Phrase] = {normalise(text): Phrase(text, Band(*band), frozenset(), common=True) for text, band in COMMON.items()}
        for other in SCALES.values():
            for term, spelling in _spellings(other):
                known = phrases.get(spelling)
                phrases[spelling] = (
                    replace(known, scales=known.scales | {other.id})
                    if known
                    else Phrase(spelling, Band(term.low, term.high), frozenset({other.id}))
                )
        for term, spelling in _spellings(scale):
            known = phrases.get(spelling)
            phrases[spelling] = Phrase(spelling, Band(term.low, term.high), frozenset({scale.id}), common=bool(known and known.common))
        self.phrases = phrases
        alternatives = sorted(phrases, key=len, reverse=True)
        words = (r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", text))) for text in alternatives)
        self._pattern = re.compile(r"(?<![\w-])(" + "|".join(words) + r")(?![\w-])", re.IGNORECASE)

    def find(self, text: str) -> Iterator[Match]:
        """Every estimative phrase in `text`, longest first at each place."""
        for match in self._pattern.finditer(text):
            phrase = self.phrases[normalise(match.group(1))]
            yield Match(match.start(), match.end(), phrase, match.group(1))

    def band_of(self, term_id: str) -> Band:
        """The band of a term of the declared scale."""
        term = self.scale.term(term_id)
        return Band(term.low, term.high)

    def is_foreign(self, phrase: Phrase) -> bool:
        """Whether a phrase is another scale's own term (not everyday English) that the declared scale does not use."""
        return bool(phrase.scales) and self.scale.id not in phrase.scales and not phrase.common and " " in phrase.text


def _spellings(scale: Scale) -> Iterator[tuple[Term, str]]:
    for term in scale.terms:
        for spelling in dict.fromkeys(map(normalise, term.spellings())):
            yield term, spelling


def sentences(text: str) -> Iterator[tuple[int, str]]:
    """The sentences of a text, each with its offset."""
    start = 0
    for boundary in SENTENCE_END.finditer(text):
        yield start, text[start : boundary.start()]
        start = boundary.end()
    yield start, text[start:]


def hedges(text: str) -> Iterator[re.Match[str]]:
    """Vague hedging words that carry no defined likelihood."""
    return HEDGES.finditer(text)


def confidence_phrase(text: str) -> re.Match[str] | None:
    """The first expression of confidence in a text."""
    return CONFIDENCE.search(text)
