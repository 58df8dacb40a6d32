"""Confidence levels and NATO/Admiralty grades: the vocabularies that qualify evidence.

Confidence follows the US Intelligence Community convention; source reliability (A–F) and
information credibility (1–6) follow AJP-2.1 / STANAG 2511 and are written together, e.g. B2.
"""

from __future__ import annotations

CONFIDENCE: dict[str, str] = {
    "high": "The judgement rests on high-quality information from multiple sources, or the nature "
    "of the issue makes a solid judgement possible. It is still not a fact or a certainty.",
    "moderate": "The information is credibly sourced and plausible, but not of sufficient quality "
    "or corroborated sufficiently to warrant a higher level.",
    "low": "The information's credibility or plausibility is uncertain, it is too fragmented or poorly "
    "corroborated to make solid inferences, or there are significant concerns about the sources.",
}

RELIABILITY: dict[str, str] = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}

CREDIBILITY: dict[int, str] = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}


def rating(reliability: str | None, credibility: int | None) -> str:
    """The Admiralty rating written together, e.g. B2; a dash stands for a missing half."""
    return f"{reliability or '–'}{credibility or '–'}"
