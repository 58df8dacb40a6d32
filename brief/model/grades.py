"""NATO/Admiralty grades: the vocabularies that qualify sources and information.

Source reliability (A–F) and information credibility (1–6) follow AJP-2.1 / STANAG 2511 and
are written together, e.g. B2. These English meanings serve validation messages; what a brief
prints comes from its language's table (brief/locales), as do the confidence levels.
"""

from __future__ import annotations

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
