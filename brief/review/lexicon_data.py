"""The words the wording rules read, per language: one TOML file each in brief/review/lexicons/.

A file (en.toml, ru.toml) gives everyday estimative words and their bands, each built-in
scale's terms in the language, hedges, confidence words, where sentences end, and the
rules' messages. A brief in "ru-RU" reads ru-ru.toml over ru.toml (a region's file holds only
what differs); a language with no file is reviewed in English, the one language every rule
can fall back on. A message a file lacks is English's. The files are package data, so they
are trusted, but they are read through the gate like every other file.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from brief import gate
from brief.errors import BriefError
from brief.model.layers import lay_over

FOLDER = Path(__file__).parent / "lexicons"
ENGLISH = "en"
_ALTERNATIVES = re.compile(r"\{([^{}]*)\}")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_]+)\}")


class LexiconError(BriefError):
    """A lexicon file that ships with brief is malformed: a fault of brief, named with its file and key."""


@dataclass(frozen=True)
class Vocabulary:
    """One language's estimative words, as the wording rules read them; every phrase spelled out in full."""

    tag: str
    common: dict[str, tuple[int, int]]
    scales: dict[str, dict[str, tuple[str, ...]]]  # scale id -> term id -> spellings in this language
    hedges: tuple[str, ...]
    hedge_not_before: str
    confidence: tuple[str, ...]
    sentence_end: str
    findings: dict[str, str]

    def message(self, rule_name: str, **values: object) -> str:
        """A rule's message in this language (English where the file has none), its {placeholders} filled."""
        template = self.findings.get(rule_name) or vocabulary(ENGLISH).findings[rule_name]
        return _PLACEHOLDER.sub(lambda match: str(values[match.group(1)]), template)


@cache
def vocabulary(language: str) -> Vocabulary:
    """The vocabulary for a BCP 47 tag: its own file over its language's, else English."""
    tag = language.lower()
    merged: dict[str, Any] = {}
    found = [candidate for candidate in dict.fromkeys((tag.split("-")[0], tag)) if gate.present(FOLDER / f"{candidate}.toml")]
    for candidate in found or [ENGLISH]:
        lay_over(merged, read_lexicon(FOLDER / f"{candidate}.toml"))
    return _vocabulary(found[-1] if found else ENGLISH, merged)


def languages() -> list[str]:
    """The tags of every shipped lexicon, for docs and tests."""
    return sorted(path.stem for path in FOLDER.glob("*.toml"))


def read_lexicon(path: Path) -> dict[str, Any]:
    """One lexicon file, read through the gate; raise LexiconError if it is not valid TOML."""
    try:
        return tomllib.loads(gate.read_text(path, gate.LEXICON, [FOLDER]))
    except tomllib.TOMLDecodeError as error:
        raise LexiconError(f"{path}: this lexicon is not valid TOML: {error}") from error


def expand(phrase: str, endings: dict[str, list[str]]) -> list[str]:
    """Every spelling of a phrase: "sure{,ly}" is "sure" and "surely"; "{adj}" is each ending named adj in [endings]."""
    found = _ALTERNATIVES.search(phrase)
    if found is None:
        return [phrase]
    inner = found.group(1)
    if "," not in inner and inner not in endings:
        raise LexiconError(f"{phrase!r}: {{{inner}}} names no list of [endings]")
    options = endings[inner] if "," not in inner else inner.split(",")
    return [spelling for option in options for spelling in expand(phrase[: found.start()] + option + phrase[found.end() :], endings)]


def _vocabulary(tag: str, data: dict[str, Any]) -> Vocabulary:
    """The vocabulary a merged lexicon file describes, every phrase expanded."""
    endings: dict[str, list[str]] = data.get("endings", {})
    common = {
        spelling: (int(low), int(high)) for phrase, (low, high) in data.get("common", {}).items() for spelling in expand(phrase, endings)
    }
    scales = {
        scale: {term: _words(spellings, endings) for term, spellings in terms.items()} for scale, terms in data.get("scales", {}).items()
    }
    hedges, confidence = data.get("hedges", {}), data.get("confidence", {})
    return Vocabulary(
        tag,
        common,
        scales,
        _words(hedges.get("words", []), endings),
        str(hedges.get("not_before", "")),
        _words(confidence.get("words", []), endings),
        str(data.get("language", {}).get("sentence_end", r"(?<=[.!?])\s+")),
        {str(rule): str(text) for rule, text in data.get("findings", {}).items()},
    )


def _words(phrases: list[str], endings: dict[str, list[str]]) -> tuple[str, ...]:
    """Every spelling of every phrase, in order."""
    return tuple(spelling for phrase in phrases for spelling in expand(phrase, endings))
