"""Reading an analyst's wording: estimative phrases, confidence phrases, hedges, sentences.

The words come from the brief's language's lexicon (brief/review/lexicons/, read by
lexicon_data.py). A Lexicon knows every spelling of every built-in scale's terms (the scale's
own, in any language, and the language's), the declared scale's own (which win), and the
language's everyday estimative words, each with the probability band it stands for.
Phrases are matched whole-word and longest first, so "unlikely" is never read as "likely",
"probably not" never as "probably", and "маловероятно" never as "вероятно".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace

from brief.model.scales import SCALES, Scale, Term, normalise
from brief.review.lexicon_data import ENGLISH, Vocabulary, vocabulary

# English's everyday estimative words and their bands, for tools that keep generated prose clear of them.
COMMON: dict[str, tuple[int, int]] = vocabulary(ENGLISH).common


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
    whether it is an everyday word of the language (which no scale owns)."""

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
    """The estimative phrases of a brief whose declared scale is `scale`, written in `language`."""

    def __init__(self, scale: Scale, language: str = ENGLISH) -> None:
        self.scale = scale
        self.words: Vocabulary = vocabulary(language)
        # Bands come from the declared scale first, then everyday usage, then other scales.
        # Keyed as `find` looks them up: normalised, so "fifty-fifty" and "fifty fifty" are one phrase.
        phrases = {normalise(text): Phrase(text, Band(*band), frozenset(), common=True) for text, band in self.words.common.items()}
        for other in SCALES.values():
            for term, spelling in self._spellings(other):
                known = phrases.get(spelling)
                phrases[spelling] = (
                    replace(known, scales=known.scales | {other.id})
                    if known
                    else Phrase(spelling, Band(term.low, term.high), frozenset({other.id}))
                )
        for term, spelling in self._spellings(scale):
            known = phrases.get(spelling)
            phrases[spelling] = Phrase(spelling, Band(term.low, term.high), frozenset({scale.id}), common=bool(known and known.common))
        self.phrases = phrases
        self._pattern = whole_words(phrases)
        self._hedges = whole_words(self.words.hedges, self.words.hedge_not_before)
        self._confidence = whole_words(self.words.confidence)
        self._sentence_end = re.compile(self.words.sentence_end)

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
        """Whether a phrase is another scale's own term (not an everyday word) that the declared scale does not use."""
        return bool(phrase.scales) and self.scale.id not in phrase.scales and not phrase.common and " " in phrase.text

    def sentences(self, text: str) -> Iterator[tuple[int, str]]:
        """The sentences of a text, each with its offset."""
        start = 0
        for boundary in self._sentence_end.finditer(text):
            yield start, text[start : boundary.start()]
            start = boundary.end()
        yield start, text[start:]

    def hedges(self, text: str) -> Iterator[re.Match[str]]:
        """Vague hedging words that carry no defined likelihood."""
        return self._hedges.finditer(text)

    def confidence_phrase(self, text: str) -> re.Match[str] | None:
        """The first expression of confidence in a text."""
        return self._confidence.search(text)

    def _spellings(self, scale: Scale) -> Iterator[tuple[Term, str]]:
        """Each term's spellings: the scale's own, then this language's for a built-in scale."""
        translated = self.words.scales.get(scale.id, {}) if SCALES.get(scale.id) is scale else {}
        for term in scale.terms:
            for spelling in dict.fromkeys(map(normalise, (*term.spellings(), *translated.get(term.id, ())))):
                yield term, spelling


def whole_words(phrases: Iterable[str], not_before: str = "") -> re.Pattern[str]:
    """A pattern of the phrases as whole words, any case, spaces or hyphens between words, longest first."""
    alternatives = sorted(dict.fromkeys(phrases), key=len, reverse=True)
    if not alternatives:  # a language without hedges, say: an empty alternation would match everywhere
        return re.compile(r"(?!)")
    words = (r"[\s-]+".join(map(re.escape, re.split(r"[\s-]+", text))) for text in alternatives)
    guard = f"(?!{not_before})" if not_before else ""
    return re.compile(r"(?<![\w-])(" + "|".join(words) + r")(?![\w-])" + guard, re.IGNORECASE)
