"""The tradecraft rules brief checks: one table of codes, names, severities and standards.

Codes and names are stable: inputs silence rules by them, and tools read them from
`brief check --format json`. A new rule gets the next code; a code is never reused.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]

ICD203_2 = "ICD 203 standard 2: expresses and explains uncertainties"


@dataclass(frozen=True)
class Rule:
    """One check a reviewing editor would make."""

    code: str
    name: str
    severity: Severity
    standard: str
    summary: str


RULES: tuple[Rule, ...] = (
    Rule("T01", "term-mismatch", "error", ICD203_2, "the wording uses an estimative term whose band differs from the stated likelihood"),
    Rule("T02", "confidence-with-likelihood", "warning", ICD203_2, "a confidence level and a likelihood term stand in the same sentence"),
    Rule("T03", "foreign-scale-term", "warning", ICD203_2, "the wording uses a term of another scale than the one declared"),
    Rule("T04", "vague-hedge", "warning", ICD203_2, "a key judgement hedges with a word that carries no defined likelihood"),
    Rule(
        "T05",
        "thin-high-confidence",
        "warning",
        "ICD 203 standard 1: describes the quality and credibility of sources",
        "high confidence rests on thin evidence",
    ),
    Rule(
        "T06",
        "unsupported-judgement",
        "warning",
        "ICD 206: a citation wherever a judgement depends on a source",
        "a key judgement cites no supporting evidence",
    ),
    Rule(
        "T07",
        "uncited-evidence",
        "warning",
        "ICD 203 standard 6: uses clear and logical argumentation",
        "an item of evidence bears on no judgement or alternative view",
    ),
    Rule("T08", "uncited-source", "warning", "ICD 206: a consolidated list of the sources relied on", "a source provides no evidence"),
    Rule(
        "T09",
        "no-alternative-view",
        "warning",
        "ICD 203 standard 4: incorporates analysis of alternatives",
        "no alternative view, though not every key judgement is high confidence",
    ),
    Rule("T10", "impossible-date", "error", "ICD 206: source descriptors (date)", "a date that cannot be right"),
    Rule(
        "T11",
        "single-source-dependence",
        "warning",
        "ICD 206: source summary statement (dependence on a single source)",
        "more than half of the evidence behind the key judgements comes from one source",
    ),
    Rule(
        "T12",
        "alternative-outweighs-judgement",
        "warning",
        "ICD 203 standard 4: incorporates analysis of alternatives",
        "an alternative view is rated above the judgement it competes with, without a basis",
    ),
    Rule("T13", "unused-silence", "warning", "brief: silences are kept honest", "a silence matches no finding"),
)

_BY_KEY = {rule.code.casefold(): rule for rule in RULES} | {rule.name: rule for rule in RULES}


def find_rule(key: str) -> Rule | None:
    """The rule a code (T04) or name (vague-hedge) stands for."""
    return _BY_KEY.get(key.strip().casefold())


def rule(code: str) -> Rule:
    """The rule with this code; the code must exist."""
    return _BY_KEY[code.casefold()]
