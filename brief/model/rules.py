"""The tradecraft rules brief checks: one table of codes, names, severities and standards.

Codes and names are stable: inputs silence rules by them, and tools read them from
`brief check --report json`. A new rule gets the next code; a code is never reused.
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
    explanation: str  # what it finds, for docs/checks.md and `brief explain`; paragraphs split by a blank line
    example: str  # YAML that trips it, or "" where a line or two of YAML would not show it
    fix: str


RULES: tuple[Rule, ...] = (
    Rule(
        "T01",
        "term-mismatch",
        "error",
        ICD203_2,
        "the wording uses an estimative term whose band differs from the stated likelihood",
        explanation="The wording of a statement or basis (or of an alternative view) uses an estimative term whose probability band does not overlap the stated likelihood's. Terms are every spelling of the brief's scale and of the other built-in scales, plus everyday estimative words such as *probably* (docs/checks.md lists them).",
        example=(
            "statement: The government will almost certainly fall before the election.\n"
            "likelihood: likely          # T01: 'almost certainly' reads as 95–99%, 'likely' is 55–80%\n"
        ),
        fix="Make them agree. Either `likelihood: almost certain`, or drop the adverb and let the likelihood speak: `statement: The government will fall before the election.`",
    ),
    Rule(
        "T02",
        "confidence-with-likelihood",
        "warning",
        ICD203_2,
        "a confidence level and a likelihood term stand in the same sentence",
        explanation="A confidence level and a likelihood term stand in the same sentence. ICD 203 keeps them apart: confidence is about the evidence, likelihood about the event. Checked in every field of the analyst's prose (summary, scope note, statements, bases, views, sections, implications).",
        example="summary: We assess with high confidence that the coalition is likely to fall.\n",
        fix="Two sentences. `We have high confidence in the reporting. The coalition is likely to fall.` Better still, leave confidence to the judgement's `confidence:` field.",
    ),
    Rule(
        "T03",
        "foreign-scale-term",
        "warning",
        ICD203_2,
        "the wording uses a term of another scale than the one declared",
        explanation="The prose uses a term that belongs to another scale than the declared one: a PHIA term such as *realistic possibility* in an `icd203` brief, or an ICD 203 term such as *roughly even chance* in a `phia` brief. Everyday words (*probably*, *almost certainly*) belong to no scale and are not flagged here.",
        example="scale: icd203\nsummary: A snap election is a realistic possibility.\n",
        fix="Use the declared scale's term (`has a roughly even chance`), or change `scale:`.",
    ),
    Rule(
        "T04",
        "vague-hedge",
        "warning",
        ICD203_2,
        "a key judgement hedges with a word that carries no defined likelihood",
        explanation="A key judgement's statement hedges with *may*, *might*, *could*, *possibly* or *perhaps*, which carry no defined likelihood. *May* followed by a number (*May 2025*) is a month and is ignored.",
        example="statement: The government could fall before the election.\n",
        fix="State the judgement and let its `likelihood:` say how likely: `statement: The government will fall before the election.` with `likelihood: roughly even chance`.",
    ),
    Rule(
        "T05",
        "thin-high-confidence",
        "warning",
        "ICD 203 standard 1: describes the quality and credibility of sources",
        "high confidence rests on thin evidence",
        explanation="A key judgement or alternative view is rated `confidence: high`, but its supporting evidence comes from fewer than two distinct sources, or no source behind it is graded A–C for reliability, or none of its evidence is graded 1–3 for credibility (ungraded counts as not strong). The message lists every reason that applies.",
        example="confidence: high\nevidence: [E1]              # E1 is the only item, from one source\n",
        fix="Lower the confidence, or cite corroborating evidence from another well-graded source.",
    ),
    Rule(
        "T06",
        "unsupported-judgement",
        "warning",
        "ICD 206: a citation wherever a judgement depends on a source",
        "a key judgement cites no supporting evidence",
        explanation="A key judgement cites no supporting evidence (`evidence:` is empty).",
        example="",
        fix="List what it rests on: `evidence: [E1, E2]`. If it truly rests on reasoning alone, silence the rule for that judgement and say so.",
    ),
    Rule(
        "T07",
        "uncited-evidence",
        "warning",
        "ICD 203 standard 6: uses clear and logical argumentation",
        "an item of evidence bears on no judgement or alternative view",
        explanation="An item of evidence bears on no key judgement or alternative view: nothing lists it under `evidence:` or `against:`.",
        example="",
        fix="Cite it where it matters, or drop it.",
    ),
    Rule(
        "T08",
        "uncited-source",
        "warning",
        "ICD 206: a consolidated list of the sources relied on",
        "a source provides no evidence",
        explanation="A source provides no evidence: no evidence item names it under `source:`.",
        example="",
        fix="Cite it from an evidence item, or drop it from `sources:`.",
    ),
    Rule(
        "T09",
        "no-alternative-view",
        "warning",
        "ICD 203 standard 4: incorporates analysis of alternatives",
        "no alternative view, though not every key judgement is high confidence",
        explanation="The brief has no `alternative_views`, though not every key judgement is high confidence (ICD 203 standard 4: analysis of alternatives).",
        example="",
        fix="Add the strongest competing explanation under `alternative_views:`.",
    ),
    Rule(
        "T10",
        "impossible-date",
        "error",
        "ICD 206: source descriptors (date)",
        "a date that cannot be right",
        explanation="A date that cannot be right: evidence, a source's `date` or its `accessed` date after the brief's own `date`; a source accessed before its own date; a previous version dated after this one.",
        example="date: 2025-03-14\nevidence:\n  - {id: E1, text: ..., source: S1, date: 2025-04-01}   # T10: after the brief\n",
        fix="Correct the date that is wrong.",
    ),
    Rule(
        "T11",
        "single-source-dependence",
        "warning",
        "ICD 206: source summary statement (dependence on a single source)",
        "more than half of the evidence behind the key judgements comes from one source",
        explanation="More than half of the evidence behind the key judgements (the items they cite under `evidence:`) comes from one source. The source summary statement reports the same dependence.",
        example="",
        fix="Seek corroboration from other sources. When the dependence is the point of the brief, say so in the scope note and silence the rule on the source, with the reason (as the example does).",
    ),
    Rule(
        "T12",
        "alternative-outweighs-judgement",
        "warning",
        "ICD 203 standard 4: incorporates analysis of alternatives",
        "an alternative view is rated above the judgement it competes with, without a basis",
        explanation="An alternative view is rated more likely (by the middle of its band) or with more confidence than a key judgement it competes with, and gives no `basis:`. A view competes with the judgements it names under `competes_with:`; without that, with every judgement that shares an item of evidence with it, for or against either of them. A view rated more likely than not is also T17.",
        example=(
            "key_judgements:\n"
            "  - {id: KJ1, ..., likelihood: likely, evidence: [E1, E2]}\n"
            "alternative_views:\n"
            "  - {id: AV1, view: The coalition survives., likelihood: very likely, against: [E1]}\n"
        ),
        fix="Explain under `basis:` why the view is rated higher, or revisit the judgement.",
    ),
    Rule(
        "T13",
        "unused-silence",
        "warning",
        "brief: silences are kept honest",
        "a silence matches no finding",
        explanation="A silence in the input matches no finding. Stale silences hide nothing but mislead reviewers.",
        example="",
        fix="Remove it.",
    ),
    Rule(
        "T14",
        "non-diagnostic-support",
        "warning",
        "ICD 203 standard 4: incorporates analysis of alternatives",
        "a key judgement rests only on evidence that supports every hypothesis alike",
        explanation="Every item a key judgement cites in support is non-diagnostic: it stands the same way to every hypothesis (every key judgement and alternative view lists it under `evidence:`), so its diagnosticity is 0 and it tells the judgement from none of its rivals (Heuer, *Psychology of Intelligence Analysis*, ch. 8). Checked when the brief has an alternative view (key judgements answer different questions, so they are not one another's rivals); a judgement with no support is T06.",
        example=(
            "key_judgements:\n"
            "  - {id: KJ1, ..., evidence: [E1]}\n"
            "alternative_views:\n"
            "  - {id: AV1, ..., evidence: [E1]}   # T14: E1 fits both, so it favours neither\n"
        ),
        fix="Cite evidence that cuts against a rival (list it under the view's `against:`), or evidence only this judgement explains.",
    ),
    Rule(
        "T15",
        "less-inconsistent-alternative",
        "warning",
        "ICD 203 standard 4: incorporates analysis of alternatives",
        "an alternative view is less inconsistent with the evidence than the judgement it competes with",
        explanation="An alternative view has a lower weighted inconsistency than a key judgement it competes with (competition as in T12): less of the evidence, weighed by its grades, cuts against the view than against the judgement. In ACH the hypothesis with the least evidence against it is the strongest, so the brief prefers the weaker one. The figures print under the evidence matrix; docs/checks.md says how they are computed.",
        example=(
            "key_judgements:\n"
            "  - {id: KJ1, ..., evidence: [E1], against: [E2]}\n"
            "alternative_views:\n"
            "  - {id: AV1, ..., evidence: [E2]}   # T15: nothing against AV1, E2 against KJ1\n"
        ),
        fix="Weigh the evidence again: list what cuts against the view under its `against:`, or revisit the judgement. If the judgement stands for reasons the evidence does not show, say so in its basis and silence the rule on the view.",
    ),
    Rule(
        "T16",
        "evidence-for-and-against",
        "error",
        "ICD 203 standard 6: uses clear and logical argumentation",
        "the same item of evidence is listed both for and against one hypothesis",
        explanation="A key judgement or alternative view lists the same item of evidence under both `evidence:` and `against:`. An item cannot both support and cut against one hypothesis; the matrix could show only one of the two.",
        example="evidence: [E1, E2]\nagainst: [E1]           # T16: E1 on both sides\n",
        fix="Decide which way the item bears and keep it in that list only. If it is ambiguous, say so in the basis and leave it out of both.",
    ),
    Rule(
        "T17",
        "likely-alternative-unexplained",
        "warning",
        "ICD 203 standard 4: incorporates analysis of alternatives",
        "an alternative view is rated more likely than not, without a basis",
        explanation="An alternative view is rated more likely than not (the middle of its likelihood band is above 50%: *likely* and above in ICD 203 and PHIA; *roughly even chance* is not) and gives no `basis:`. A view the brief finds more likely than not outweighs the judgements it contradicts, and the reader needs to know why.",
        example="alternative_views:\n  - {id: AV1, view: The coalition survives., likelihood: likely}   # T17: no basis\n",
        fix="Explain under `basis:` why the view is rated so high, or revisit its likelihood.",
    ),
)

_BY_KEY = {rule.code.casefold(): rule for rule in RULES} | {rule.name: rule for rule in RULES}


def find_rule(key: str) -> Rule | None:
    """The rule a code (T04) or name (vague-hedge) stands for."""
    return _BY_KEY.get(key.strip().casefold())


def rule(code: str) -> Rule:
    """The rule with this code; the code must exist."""
    return _BY_KEY[code.casefold()]
